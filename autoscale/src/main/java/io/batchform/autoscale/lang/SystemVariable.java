package io.batchform.autoscale.lang;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service-defined variables (names always start with {@code $}). Source: docs/autoscale-language.md section 6,
 * from the Microsoft documentation of automatic scaling.
 */
public enum SystemVariable {
    // Read-write: the formula sets these; reading one before assigning it gives the pool's current value.
    TARGET_DEDICATED_NODES("$TargetDedicatedNodes", Kind.READ_WRITE, List.of("$TargetDedicated"), false),
    TARGET_LOW_PRIORITY_NODES("$TargetLowPriorityNodes", Kind.READ_WRITE, List.of("$TargetLowPriority"), false),
    NODE_DEALLOCATION_OPTION("$NodeDeallocationOption", Kind.READ_WRITE, List.of(), false),

    // Read-only, sampled: read through GetSample and the other sample methods.
    CPU_PERCENT("$CPUPercent", Kind.SAMPLED, List.of(), false),
    WALL_CLOCK_SECONDS("$WallClockSeconds", Kind.SAMPLED, List.of(), true),
    MEMORY_BYTES("$MemoryBytes", Kind.SAMPLED, List.of(), true),
    DISK_BYTES("$DiskBytes", Kind.SAMPLED, List.of(), true),
    DISK_READ_BYTES("$DiskReadBytes", Kind.SAMPLED, List.of(), true),
    DISK_WRITE_BYTES("$DiskWriteBytes", Kind.SAMPLED, List.of(), true),
    DISK_READ_OPS("$DiskReadOps", Kind.SAMPLED, List.of(), true),
    DISK_WRITE_OPS("$DiskWriteOps", Kind.SAMPLED, List.of(), true),
    NETWORK_IN_BYTES("$NetworkInBytes", Kind.SAMPLED, List.of(), true),
    NETWORK_OUT_BYTES("$NetworkOutBytes", Kind.SAMPLED, List.of(), true),
    SAMPLE_NODE_COUNT("$SampleNodeCount", Kind.SAMPLED, List.of(), true),
    ACTIVE_TASKS("$ActiveTasks", Kind.SAMPLED, List.of(), false),
    RUNNING_TASKS("$RunningTasks", Kind.SAMPLED, List.of(), false),
    PENDING_TASKS("$PendingTasks", Kind.SAMPLED, List.of(), false),
    SUCCEEDED_TASKS("$SucceededTasks", Kind.SAMPLED, List.of(), false),
    FAILED_TASKS("$FailedTasks", Kind.SAMPLED, List.of(), false),
    PREEMPTED_NODE_COUNT("$PreemptedNodeCount", Kind.SAMPLED, List.of(), false),
    USABLE_NODE_COUNT("$UsableNodeCount", Kind.SAMPLED, List.of(), false),

    // Read-only scalars: used as plain numbers in the documentation.
    TASK_SLOTS_PER_NODE("$TaskSlotsPerNode", Kind.SCALAR, List.of(), false),
    CURRENT_DEDICATED_NODES("$CurrentDedicatedNodes", Kind.SCALAR, List.of("$CurrentDedicated"), false),
    CURRENT_LOW_PRIORITY_NODES("$CurrentLowPriorityNodes", Kind.SCALAR, List.of(), false);

    /** How a formula may use a variable. */
    public enum Kind {
        /** Assigned by the formula, readable as the pool's current value. */
        READ_WRITE,
        /** A metric history, read through sample methods ({@code GetSample}, {@code Count}, ...). */
        SAMPLED,
        /** A single read-only number. */
        SCALAR
    }

    private static final Map<String, SystemVariable> BY_NAME;

    static {
        Map<String, SystemVariable> byName = new HashMap<>();
        for (SystemVariable v : values()) {
            byName.put(v.name, v);
            for (String alias : v.aliases) {
                byName.put(alias, v);
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private final String name;
    private final Kind kind;
    private final List<String> aliases;
    private final boolean retired;

    SystemVariable(String name, Kind kind, List<String> aliases, boolean retired) {
        this.name = name;
        this.kind = kind;
        this.aliases = aliases;
        this.retired = retired;
    }

    /** The canonical spelling, with {@code $}, as the service prints it in results. */
    public String variableName() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Other spellings of the same variable ({@code $TargetDedicated}); case-sensitive like every name. */
    public List<String> aliases() {
        return aliases;
    }

    /** A resource metric the service no longer collects (after 31 March 2024): accepted, with a warning. */
    public boolean retired() {
        return retired;
    }

    /** Finds a variable by its canonical name or an alias; names are case-sensitive. */
    public static Optional<SystemVariable> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
