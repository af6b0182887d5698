package io.batchform.engine;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.plan.Action;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.ComputeNode;
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
 * region can take the work. A pool has reached capacity when its allocation is steady with at least the nodes it
 * asks for (its fixed targets, or the targets its formula's last evaluation set) and, read from the Batch data plane
 * ({@link Provider#nodes}), at least that many of its nodes are idle or running and, when the pool has a start task,
 * their start tasks completed with success. A node whose start task failed (the node is {@code starttaskfailed}
 * when the task waits for success) or that is {@code unusable} fails the pool at once, named with its exit code and
 * failure message: it will not mend by waiting. A steady pool short of its targets with resize errors has failed
 * too, and so has one still short at the timeout (the nodes not yet usable are then counted by state). With a
 * provider that cannot read nodes, capacity is the nodes the service reports allocated.
 */
public final class Capacity {
    private static final Pattern TARGET = Pattern.compile("\\$TargetDedicatedNodes\\s*=\\s*(\\d+)");
    private static final Pattern TARGET_LOW = Pattern.compile("\\$TargetLowPriorityNodes\\s*=\\s*(\\d+)");
    /** The failed nodes a report names one by one; more are counted. */
    static final int NAMED_FAILURES = 5;

    private Capacity() {
    }

    /**
     * One pool: the nodes that can take work (or, with a provider that does not read nodes, the nodes allocated),
     * when (from the end of the switchover's apply), or why it did not reach capacity; the nodes that failed (their
     * start task, or unusable); and what {@code failover plan} estimated for it (null when it made no estimate).
     */
    public record Pool(Address address, long nodes, Duration took, String failure, List<ComputeNode> failedNodes,
                       Switchover.Estimate estimate) {
        public Pool {
            failedNodes = List.copyOf(failedNodes);
        }

        /** A pool without failed nodes or estimate. */
        public Pool(Address address, long nodes, Duration took, String failure) {
            this(address, nodes, took, failure, List.of(), null);
        }

        public boolean reached() {
            return failure == null;
        }

        Pool estimated(Switchover.Estimate value) {
            return new Pool(address, nodes, took, failure, failedNodes, value);
        }
    }

    /**
     * Every pool waited for, the time until the last one reached capacity (or the wait ended), whether the nodes'
     * states were read (else capacity is the nodes allocated), and the region's estimate from {@code failover plan}
     * (null when it made none).
     */
    public record Report(String region, List<Pool> pools, Duration took, boolean nodesRead,
                         Switchover.Estimate estimate) {
        public Report {
            pools = List.copyOf(pools);
        }

        /** A report of allocated nodes, without an estimate. */
        public Report(String region, List<Pool> pools, Duration took) {
            this(region, pools, took, false, null);
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
        Map<Address, String> shortBy = new LinkedHashMap<>();
        boolean[] nodesRead = {false};
        while (!waiting.isEmpty()) {
            Provider.RefreshResponse read = provider.refresh(new Provider.RefreshRequest(waiting.values().stream()
                    .map(c -> new Provider.ResourceRef(c.address(), c.id())).toList()));
            Instant now = clock.instant();
            for (ResourceChange change : List.copyOf(waiting.values())) {
                Attributes live = read.live().get(change.address());
                Optional<Pool> outcome = live == null ? Optional.empty()
                        : check(change, live, provider, Duration.between(start, now), shortBy, nodesRead);
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
                    String why = shortBy.getOrDefault(change.address(), "has " + nodes + " node(s)");
                    done.add(new Pool(change.address(), nodes, Duration.between(start, now), why + " and is still "
                            + "short of its target after " + io.batchform.source.Durations.format(timeout.getSeconds())
                            + " (--timeout)"));
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
        List<Pool> estimated = done.stream().map(p -> p.estimated(switchover.estimate(p.address()).orElse(null)))
                .toList();
        return new Report(switchover.to(), estimated, took, nodesRead[0], switchover.regionEstimate().orElse(null));
    }

    /**
     * The pool's outcome when it is settled (reached or failed), empty while it is still resizing or its nodes are
     * not yet usable; {@code shortBy} keeps, per pool, what it lacks (for the timeout's message).
     */
    private static Optional<Pool> check(ResourceChange change, Attributes live, Provider provider, Duration elapsed,
                                        Map<Address, String> shortBy, boolean[] nodesRead) {
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
        if (dedicated < wantDedicated || lowPriority < wantLow) {
            Object errors = live.get("resizeErrors");
            if (errors instanceof List<?> list && !list.isEmpty()) {
                return Optional.of(new Pool(change.address(), nodes, elapsed, "stopped resizing with " + nodes + " of "
                        + (wantDedicated + wantLow) + " node(s): " + list));
            }
            return Optional.empty();
        }
        Provider.NodesResponse read = provider.nodes(new Provider.ResourceRef(change.address(), change.id()));
        if (!read.supported()) {
            return Optional.of(new Pool(change.address(), nodes, elapsed, null));
        }
        nodesRead[0] = true;
        if (read.nodes().isEmpty()) {
            // The data plane did not answer this time: keep waiting, and say why if the wait ends.
            shortBy.put(change.address(), "has " + nodes + " node(s) allocated, whose states could not be read ("
                    + read.diagnostics().stream().map(d -> d.message()).findFirst().orElse("no answer") + ")");
            return Optional.empty();
        }
        return judge(change, read.nodes().get(), wantDedicated + wantLow, elapsed, shortBy);
    }

    /** A pool's nodes judged: failed (a node that will not mend), reached, or empty while nodes are on their way. */
    private static Optional<Pool> judge(ResourceChange change, List<ComputeNode> nodes, long want, Duration elapsed,
                                        Map<Address, String> shortBy) {
        boolean startTask = change.after() != null && change.after().get("startTask.commandLine") != null;
        List<ComputeNode> failed = nodes.stream().filter(ComputeNode::failed).toList();
        long ready = nodes.stream().filter(n -> n.usable() && !n.failed()
                && (!startTask || n.startTask().map(ComputeNode.StartTask::succeeded).orElse(false))).count();
        if (!failed.isEmpty()) {
            StringBuilder why = new StringBuilder().append(failed.size()).append(" of ").append(nodes.size())
                    .append(" node(s) failed: ");
            failed.stream().limit(NAMED_FAILURES).map(ComputeNode::failureSummary)
                    .reduce((a, b) -> a + "; " + b).ifPresent(why::append);
            if (failed.size() > NAMED_FAILURES) {
                why.append("; and ").append(failed.size() - NAMED_FAILURES).append(" more");
            }
            return Optional.of(new Pool(change.address(), ready, elapsed, why.toString(), failed, null));
        }
        if (ready >= want) {
            return Optional.of(new Pool(change.address(), ready, elapsed, null));
        }
        Map<String, Long> byState = new java.util.TreeMap<>();
        nodes.forEach(n -> byState.merge(n.state(), 1L, Long::sum));
        shortBy.put(change.address(), "has " + ready + " of " + want + " node(s) usable" + (byState.isEmpty() ? ""
                : " (" + byState.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .reduce((a, b) -> a + ", " + b).orElse("") + ")"));
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
