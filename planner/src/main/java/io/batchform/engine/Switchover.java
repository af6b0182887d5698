package io.batchform.engine;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.plan.Action;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.quota.QuotaReport;
import io.batchform.source.Diagnostic;
import io.batchform.source.Suggestions;
import io.batchform.spec.FailoverSpec;
import io.batchform.spec.convert.Regions;
import io.batchform.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A region switchover as a plan: the spec with the target region active, against what lives. Resources of a region
 * that does not answer are left out (and reported); the target region scales up before the old one scales down
 * ({@link #order()}, edges that only order this apply); the target region's quotas are checked, and a pool whose VM
 * size Batch does not offer there is an error; the time to capacity is estimated from allocation times.
 */
public record Switchover(String from, String to, Plan plan, Map<Address, Set<Address>> order, List<String> unreachable,
                         QuotaReport quotas, List<Estimate> estimates, LoadedSpec target) {
    /**
     * Node allocation times. No official per-node figure exists; these are the field reports collected in section 3
     * of docs/quotas-and-failover.md: "between 3 and 8 minutes before a node starts to get created" (Azure/Batch#145),
     * 6-7 minutes to a steady pool (Azure/azure-sdk-for-java#2968), 20-30 minutes on a bad day
     * (microsoft/CromwellOnAzure#107).
     */
    static final int TYPICAL_MINUTES = 8;
    static final int BAD_DAY_MINUTES = 30;
    public static final String ALLOCATION = "3 to 8 min to allocate nodes, 15 to 30 on a bad day";
    static final String SOURCE = "allocation times are field reports, not a service figure (3-8 min: Azure/Batch#145; "
            + "6-7 min: Azure/azure-sdk-for-java#2968; 20-30 min: microsoft/CromwellOnAzure#107)";

    /** A switchover, or why there is none (no failover block, not a region of the spec, already active). */
    public record Planned(Switchover switchover, List<Diagnostic> refusals) {
        static Planned refused(String message) {
            return new Planned(null, List.of(Diagnostic.error(null, "Switchover", message)));
        }
    }

    /** Plans the switchover of {@code spec} to {@code requested} from {@code prior}. */
    static Planned make(LoadedSpec spec, State prior, Provider provider, String requested) {
        FailoverSpec failover = spec.spec().failover();
        if (failover == null) {
            return Planned.refused("the spec has no failover: block; declare the regions first (see examples/failover)");
        }
        List<String> regions = failover.allRegions().stream().map(io.batchform.source.Region::canonical).toList();
        String to = io.batchform.source.Region.canonical(requested);
        if (!regions.contains(to)) {
            return Planned.refused("--to " + requested + ": not a failover region of the spec " + regions
                    + Suggestions.suffix(requested, regions));
        }
        String from = prior.activeRegion() != null ? prior.activeRegion() : io.batchform.source.Region.canonical(failover.primary());
        if (from.equals(to)) {
            return Planned.refused(to + " is already the active region");
        }
        LoadedSpec target = spec.forRegion(to);
        Map<Address, String> regionOf = target.expanded().regionOf();
        List<DesiredResource> desired = target.desired().resources();
        Plan plan = Planner.plan(desired, prior, provider);
        Set<String> unreachable = new TreeSet<>();
        for (Diagnostic d : plan.diagnostics()) {
            String region = d.address() == null ? null : regionOf.get(d.address());
            if (d.isError() && region != null && !region.equals(to)) {
                unreachable.add(region);
            }
        }
        if (!unreachable.isEmpty()) {
            // Leave the regions that do not answer as they are: plan without them.
            List<DesiredResource> reachable = desired.stream()
                    .filter(r -> !unreachable.contains(regionOf.get(r.address()))).toList();
            State without = prior.only(a -> !unreachable.contains(regionOf.getOrDefault(a, "")));
            plan = Planner.plan(reachable, without, provider).madeFrom(prior.serial(), prior.lineage());
        }
        plan = plan.withDependencies(Planner.graph(desired, prior));
        Set<Address> scaleUp = new TreeSet<>(plan.changes().stream().filter(c -> c.action() != Action.NO_OP)
                .map(ResourceChange::address).filter(a -> to.equals(regionOf.get(a))).toList());
        Map<Address, Set<Address>> order = new TreeMap<>();
        for (ResourceChange change : plan.changes()) {
            if (change.action() != Action.NO_OP && !to.equals(regionOf.get(change.address()))) {
                order.put(change.address(), scaleUp); // the new region first, then the others down
            }
        }
        plan = SpecPositions.place(plan, target); // its errors point where the spec declares their resources
        return new Planned(new Switchover(from, to, plan, order, List.copyOf(unreachable),
                QuotaPlanning.fromPlan(target, plan, provider, to).notOfferedAsErrors(), estimated(plan, regionOf, to),
                target), List.of());
    }

    /**
     * A plain plan of a failover spec with a region that does not answer: the Unknown errors of every resource of a
     * region none of whose resources could be read become one {@code RegionUnreachable} error naming the region, its
     * resources, the cause and the way out; the changes planned for the regions that answered stay. The plan is
     * then {@link Plan#partial()}.
     */
    static Plan unreachableRegions(Plan plan, LoadedSpec spec) {
        Map<Address, String> regionOf = spec.expanded().regionOf();
        Map<String, List<Diagnostic>> unknownByRegion = new TreeMap<>();
        for (Diagnostic d : plan.diagnostics()) {
            String region = d.address() instanceof Address a ? regionOf.get(a) : null;
            if (region != null && Planner.UNKNOWN.equals(d.code())) {
                unknownByRegion.computeIfAbsent(region, r -> new ArrayList<>()).add(d);
            }
        }
        Set<Address> read = new TreeSet<>(plan.changes().stream().map(ResourceChange::address).toList());
        List<Diagnostic> kept = new ArrayList<>(plan.diagnostics());
        String active = spec.expanded().activeRegion();
        for (Map.Entry<String, List<Diagnostic>> entry : unknownByRegion.entrySet()) {
            String region = entry.getKey();
            boolean noneRead = read.stream().noneMatch(a -> region.equals(regionOf.get(a)));
            if (!noneRead) {
                continue; // some of the region answered: each unknown resource says so itself
            }
            kept.removeAll(entry.getValue());
            List<String> addresses = entry.getValue().stream().map(d -> d.address().toString()).toList();
            String why = Planner.unknownCause(entry.getValue().get(0)).map(c -> ", the first: " + c).orElse("");
            String way = region.equals(active) ? "; to move the work: batchform failover apply --to "
                    + spec.spec().failover().allRegions().stream().map(io.batchform.source.Region::canonical)
                    .filter(r -> !r.equals(region)).findFirst().orElse("REGION") : "";
            kept.add(Diagnostic.error(null, "RegionUnreachable", region + " does not answer (" + addresses.size()
                    + " resources could not be read" + why + "): " + String.join(", ", addresses) + " are unknown, "
                    + "neither created nor changed by this plan, which shows the other regions and cannot be "
                    + "applied. Plan again when " + region + " answers" + way));
        }
        return kept.size() == plan.diagnostics().size() && unknownByRegion.isEmpty() ? plan : plan.withDiagnostics(kept);
    }

    /**
     * What {@code failover plan} estimates for one pool that grows in the target region (or, with a null pool, for the
     * whole region): the typical time to capacity and the time on a bad day, from the end of the switchover's apply,
     * and the line it prints.
     */
    public record Estimate(Address pool, java.time.Duration typical, java.time.Duration badDay, String line) {
    }

    /** The estimate for a pool the switchover grows, if it grows it. */
    public java.util.Optional<Estimate> estimate(Address pool) {
        return estimates.stream().filter(e -> pool.equals(e.pool())).findFirst();
    }

    /** The estimate for the whole target region, if any pool grows there. */
    public java.util.Optional<Estimate> regionEstimate() {
        return estimates.stream().filter(e -> e.pool() == null).findFirst();
    }

    /**
     * One estimate per pool that grows in the target region, then the time to capacity of the whole region: the
     * slowest pool's wait (up to one evaluation interval for a formula) plus the allocation time.
     */
    private static List<Estimate> estimated(Plan plan, Map<Address, String> regionOf, String to) {
        List<Estimate> lines = new ArrayList<>();
        long waitMinutes = -1;
        for (ResourceChange change : plan.changes()) {
            if (change.address().type() != ResourceType.POOL || !to.equals(regionOf.get(change.address()))
                    || change.action() == Action.NO_OP || change.after() == null) {
                continue;
            }
            long before = nodes(change.before());
            long wait;
            String line;
            if (change.after().get("autoScale") != null) {
                String interval = change.after().string("autoScale.evaluationInterval");
                java.time.Duration every = interval == null ? java.time.Duration.ofMinutes(15)
                        : io.batchform.source.Durations.parse(interval).orElse(java.time.Duration.ofMinutes(15));
                wait = every.toMinutes();
                line = change.address() + ": its formula takes over from " + before + " node(s): up to one "
                        + "evaluation interval (" + every.toMinutes() + " min) before it asks for nodes, then " + ALLOCATION;
            } else {
                Object target = change.after().get("fixedScale.targetDedicatedNodes");
                long after = target instanceof Number n ? n.longValue() : 0;
                if (after <= before) {
                    continue;
                }
                wait = 0;
                String timeout = change.after().string("fixedScale.resizeTimeout");
                line = change.address() + ": " + before + " -> " + after + " dedicated nodes: " + ALLOCATION
                        + "; nodes not allocated within the resize timeout (" + (timeout == null ? "PT15M" : timeout)
                        + ") end the resize with an error";
            }
            waitMinutes = Math.max(waitMinutes, wait);
            lines.add(new Estimate(change.address(), java.time.Duration.ofMinutes(wait + TYPICAL_MINUTES),
                    java.time.Duration.ofMinutes(wait + BAD_DAY_MINUTES), line));
        }
        if (waitMinutes >= 0) {
            lines.add(new Estimate(null, java.time.Duration.ofMinutes(waitMinutes + TYPICAL_MINUTES),
                    java.time.Duration.ofMinutes(waitMinutes + BAD_DAY_MINUTES), "the region: about "
                    + (waitMinutes + TYPICAL_MINUTES) + " min to capacity, up to " + (waitMinutes + BAD_DAY_MINUTES)
                    + " min on a bad day; " + SOURCE));
        }
        return lines;
    }

    /** The dedicated nodes a pool has (or, when the service has not said, targets). */
    private static long nodes(Attributes before) {
        if (before == null) {
            return 0;
        }
        Object current = before.get("currentDedicatedNodes");
        Object target = before.get("fixedScale.targetDedicatedNodes");
        return current instanceof Number n ? n.longValue() : target instanceof Number t ? t.longValue() : 0;
    }

    /**
     * How the work moves between regions for active-active pools ({@code westeurope 50% -> 0%}), in region order;
     * empty when no pool is active-active.
     */
    public List<String> weightShift() {
        FailoverSpec failover = target.spec().failover();
        if (!target.hasActiveActive()) {
            return List.of();
        }
        Map<String, Long> before = failover.weightsWith(from);
        Map<String, Long> after = failover.weightsWith(to);
        return before.keySet().stream().map(r -> r + " " + before.get(r) + "% -> " + after.get(r) + "%").toList();
    }

    /** The state after a successful switchover: the new active region, and the regions to clean up later. */
    State recorded(State after) {
        Set<String> cleanup = new TreeSet<>(after.unreachableRegions());
        cleanup.addAll(unreachable);
        return after.withActiveRegion(to).withUnreachableRegions(List.copyOf(cleanup));
    }
}
