package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.catalog.VmSizeCatalog;
import io.batchform.plan.Action;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.provider.ProviderDiagnostic;
import io.batchform.quota.QuotaCheck;
import io.batchform.quota.QuotaReport;
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
 * that does not answer are left out (and reported); the target region scales up before the old one scales down;
 * the target region's quotas are checked; the time to capacity is estimated from allocation times.
 */
record Switchover(String from, String to, Plan plan, Map<Address, Set<Address>> dependencies, List<String> unreachable,
                  QuotaReport quotas, List<String> estimates, Workspace.Loaded target) {
    /** Median node allocation time and the bad-day tail, from the field reports in quotas-dr.md section 3. */
    static final String ALLOCATION = "about 5 min to allocate nodes (typically 3 to 8; 15 to 30 on a bad day)";

    static Switchover make(Workspace.Loaded spec, State prior, Provider provider, String requested) {
        FailoverSpec failover = spec.result().spec().failover();
        if (failover == null) {
            throw new UserException("the spec has no failover: block; declare the regions first (see examples/failover)");
        }
        List<String> regions = failover.allRegions().stream().map(Regions::normalise).toList();
        String to = Regions.normalise(requested);
        if (!regions.contains(to)) {
            throw new UserException("--to " + requested + ": not a failover region of the spec " + regions
                    + io.batchform.spec.DidYouMean.suffix(requested, regions));
        }
        String from = prior.activeRegion() != null ? prior.activeRegion() : Regions.normalise(failover.primary());
        if (from.equals(to)) {
            throw new UserException(to + " is already the active region");
        }
        Workspace.Loaded target = spec.forRegion(to);
        Map<Address, String> regionOf = target.expanded().regionOf();
        List<DesiredResource> desired = target.desired().resources();
        Plan plan = Planner.plan(desired, prior, provider);
        Set<String> unreachable = new TreeSet<>();
        for (ProviderDiagnostic d : plan.diagnostics()) {
            String region = d.address() == null ? null : regionOf.get(d.address());
            if (d.isError() && region != null && !region.equals(to)) {
                unreachable.add(region);
            }
        }
        if (!unreachable.isEmpty()) {
            // Leave the regions that do not answer as they are: plan without them.
            List<DesiredResource> reachable = desired.stream()
                    .filter(r -> !unreachable.contains(regionOf.get(r.address()))).toList();
            State without = new State(prior.version(), prior.serial(), prior.lineage(), prior.activeRegion(),
                    prior.resources().stream().filter(r -> !unreachable.contains(regionOf.getOrDefault(r.address(), "")))
                            .toList(), prior.unreachableRegions());
            plan = Planner.plan(reachable, without, provider);
            plan = new Plan(plan.changes(), plan.drift(), plan.diagnostics(), prior.serial(), prior.lineage());
        }
        Map<Address, Set<Address>> dependencies = new TreeMap<>();
        prior.resources().forEach(r -> dependencies.put(r.address(), new TreeSet<>(r.dependencies())));
        desired.forEach(d -> dependencies.put(d.address(), new TreeSet<>(d.dependsOn())));
        List<Address> scaleUp = plan.changes().stream().filter(c -> c.action() != Action.NO_OP)
                .map(ResourceChange::address).filter(a -> to.equals(regionOf.get(a))).toList();
        for (ResourceChange change : plan.changes()) {
            if (change.action() != Action.NO_OP && from.equals(regionOf.get(change.address()))) {
                dependencies.get(change.address()).addAll(scaleUp); // the new region first, then the old one down
            }
        }
        return new Switchover(from, to, plan, dependencies, List.copyOf(unreachable),
                quotas(target, plan, provider, to), estimates(plan, regionOf, to), target);
    }

    /** The target region's accounts against what its pools need once active. */
    private static QuotaReport quotas(Workspace.Loaded target, Plan plan, Provider provider, String to) {
        var spec = target.result().spec();
        boolean primary = Regions.normalise(spec.failover().primary()).equals(to);
        String suffix = primary ? "" : "-" + to;
        Map<String, Attributes> live = new TreeMap<>();
        for (ResourceChange change : plan.changes()) {
            String name = change.address().name();
            if (change.address().type() == ResourceType.BATCH_ACCOUNT && change.before() != null && name.endsWith(suffix)) {
                live.put(name.substring(0, name.length() - suffix.length()), change.before());
            }
        }
        Map<String, QuotaCheck.RegionQuota> regions = new TreeMap<>();
        provider.regionAccounts(to).ifPresent(r -> regions.put(to, new QuotaCheck.RegionQuota(r.accounts(), r.quota())));
        return QuotaCheck.check(Regions.regionalSpec(spec, to, to), target.result().sources(), live, regions,
                VmSizeCatalog.shipped());
    }

    /** One line per pool that grows in the target region. */
    private static List<String> estimates(Plan plan, Map<Address, String> regionOf, String to) {
        List<String> lines = new ArrayList<>();
        for (ResourceChange change : plan.changes()) {
            if (change.address().type() != ResourceType.POOL || !to.equals(regionOf.get(change.address()))
                    || change.action() == Action.NO_OP || change.after() == null) {
                continue;
            }
            Object before = change.before() == null ? 0L : change.before().get("currentDedicatedNodes");
            Object fixed = change.after().get("fixedScale.targetDedicatedNodes");
            String interval = change.after().string("autoScale.evaluationInterval");
            if (change.after().get("autoScale") != null) {
                lines.add(change.address() + ": its formula takes over from " + before + " node(s): up to one evaluation "
                        + "interval (" + (interval == null ? "PT15M" : interval) + ") before it asks, then " + ALLOCATION);
            } else {
                lines.add(change.address() + ": " + before + " -> " + fixed + " dedicated nodes: " + ALLOCATION);
            }
        }
        return lines;
    }

    /** The state after a successful switchover: the new active region, and the regions to clean up later. */
    State recorded(State after) {
        Set<String> cleanup = new TreeSet<>(after.unreachableRegions());
        cleanup.addAll(unreachable);
        return after.withActiveRegion(to).withUnreachableRegions(List.copyOf(cleanup));
    }
}
