package io.batchform.engine;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.plan.Action;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A drill's time to capacity: after a switchover is applied, how long until the pools it scaled up in the target
 * region have their nodes. A pool has reached capacity when its allocation is steady with at least the nodes it asks
 * for: its fixed targets, or the targets its formula's last evaluation set. A steady pool short of them with resize
 * errors has failed; one still short at the timeout has too. Node states and start-task results are read from the
 * Batch data plane, which batchform does not reach yet: capacity here is the nodes the service reports allocated.
 */
public final class Capacity {
    private static final Pattern TARGET = Pattern.compile("\\$TargetDedicatedNodes\\s*=\\s*(\\d+)");
    private static final Pattern TARGET_LOW = Pattern.compile("\\$TargetLowPriorityNodes\\s*=\\s*(\\d+)");

    private Capacity() {
    }

    /** One pool: the nodes it reached, when (from the end of the switchover's apply), or why it did not. */
    public record Pool(Address address, long nodes, Duration took, String failure) {
        public boolean reached() {
            return failure == null;
        }
    }

    /** Every pool waited for, and the time until the last one reached capacity (or the wait ended). */
    public record Report(String region, List<Pool> pools, Duration took) {
        public Report {
            pools = List.copyOf(pools);
        }

        public boolean reached() {
            return pools.stream().allMatch(Pool::reached);
        }
    }

    /** Waits up to {@code timeout} for the pools {@code switchover} scales up in its target region. */
    static Report await(Switchover switchover, Provider provider, Duration timeout, Clock clock) {
        Map<Address, String> regionOf = switchover.target().expanded().regionOf();
        Map<Address, ResourceChange> waiting = new LinkedHashMap<>();
        for (ResourceChange change : switchover.plan().changes()) {
            if (change.address().type() == ResourceType.POOL && switchover.to().equals(regionOf.get(change.address()))
                    && change.action() != Action.NO_OP && change.action() != Action.DELETE) {
                waiting.put(change.address(), change);
            }
        }
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        List<Pool> done = new ArrayList<>();
        while (!waiting.isEmpty()) {
            Provider.RefreshResponse read = provider.refresh(new Provider.RefreshRequest(waiting.values().stream()
                    .map(c -> new Provider.ResourceRef(c.address(), c.id())).toList()));
            Instant now = clock.instant();
            for (ResourceChange change : List.copyOf(waiting.values())) {
                Attributes live = read.live().get(change.address());
                Optional<Pool> outcome = live == null ? Optional.empty()
                        : check(change, live, Duration.between(start, now));
                outcome.ifPresent(pool -> {
                    done.add(pool);
                    waiting.remove(change.address());
                });
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (!now.isBefore(deadline)) {
                for (ResourceChange change : waiting.values()) {
                    Attributes live = read.live().get(change.address());
                    long nodes = live == null ? 0 : number(live.get("currentDedicatedNodes"))
                            + number(live.get("currentLowPriorityNodes"));
                    done.add(new Pool(change.address(), nodes, Duration.between(start, now), "has " + nodes
                            + " node(s) and is still short of its target after " + timeout.toMinutes()
                            + " min (--timeout)"));
                }
                break;
            }
            if (!sleep(provider.pollInterval())) {
                waiting.values().forEach(c -> done.add(new Pool(c.address(), 0, Duration.between(start,
                        clock.instant()), "not waited for: interrupted")));
                break;
            }
        }
        Duration took = done.stream().map(Pool::took).max(Duration::compareTo).orElse(Duration.ZERO);
        return new Report(switchover.to(), done, took);
    }

    /** The pool's outcome when it is settled (reached or failed), empty while it is still resizing. */
    private static Optional<Pool> check(ResourceChange change, Attributes live, Duration elapsed) {
        if (!"steady".equalsIgnoreCase(String.valueOf(live.get("allocationState")))) {
            return Optional.empty();
        }
        long dedicated = number(live.get("currentDedicatedNodes"));
        long lowPriority = number(live.get("currentLowPriorityNodes"));
        long wantDedicated;
        long wantLow;
        if (change.after() != null && change.after().get("autoScale") != null) {
            String results = live.string("autoScaleRun.results");
            if (results == null) {
                return Optional.empty(); // the formula has not been evaluated yet
            }
            wantDedicated = target(TARGET, results);
            wantLow = target(TARGET_LOW, results);
        } else {
            wantDedicated = change.after() == null ? 0 : number(change.after().get("fixedScale.targetDedicatedNodes"));
            wantLow = change.after() == null ? 0 : number(change.after().get("fixedScale.targetLowPriorityNodes"));
        }
        long nodes = dedicated + lowPriority;
        if (dedicated >= wantDedicated && lowPriority >= wantLow) {
            return Optional.of(new Pool(change.address(), nodes, elapsed, null));
        }
        Object errors = live.get("resizeErrors");
        if (errors instanceof List<?> list && !list.isEmpty()) {
            return Optional.of(new Pool(change.address(), nodes, elapsed, "stopped resizing with " + nodes + " of "
                    + (wantDedicated + wantLow) + " node(s): " + list));
        }
        return Optional.empty();
    }

    private static long target(Pattern pattern, String results) {
        Matcher m = pattern.matcher(results);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** Sleeps; false when interrupted (the interrupt is kept for the caller). */
    private static boolean sleep(Duration interval) {
        try {
            Thread.sleep(Math.max(1, interval.toMillis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
