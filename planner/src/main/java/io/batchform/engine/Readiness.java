package io.batchform.engine;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.plan.Action;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Provider;
import io.batchform.quota.QuotaReport;
import io.batchform.source.Diagnostic;
import io.batchform.source.Location;
import io.batchform.source.Region;
import io.batchform.source.SourceSpan;
import io.batchform.spec.convert.RegionalReferences;
import io.batchform.spec.convert.Regions;
import io.batchform.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether each standby region of a failover spec could take the work on its own, for {@code batchform failover
 * check} in CI. A finding is an error when the region would not work after a switchover, a warning when batchform
 * cannot tell (a container registry's geo-replication). Checked, per standby region:
 * <ul>
 *   <li>references its pools make that are not region-local (a storage account the spec does not declare, or one of
 *       another region; an NFS or CIFS server; a container registry), at their YAML position;</li>
 *   <li>the region is not in the shape the spec wants (a pool, an application package version or an account not
 *       created there yet, or changed): the pending changes of a plan;</li>
 *   <li>the VM sizes of its pools that Batch does not offer there;</li>
 *   <li>its quotas once active (cores by family, pools, accounts; for UserSubscription accounts the subscription's
 *       Compute vCPUs by family and Spot);</li>
 *   <li>the last successful drill to it, when {@code failover.maxDrillAge} asks: missing or older;</li>
 *   <li>it does not answer.</li>
 * </ul>
 */
public final class Readiness {
    private Readiness() {
    }

    /** The checks, in the order they are reported. */
    public static final String ANSWERS = "answers";
    public static final String REGION_LOCAL = "region-local";
    public static final String IN_SHAPE = "in shape";
    public static final String VM_SIZES = "VM sizes offered";
    public static final String QUOTA = "quota once active";
    /** Only when the spec sets {@code failover.maxDrillAge}. */
    public static final String LAST_DRILL = "last drill";

    /** One finding: the standby region it is about, and the diagnostic (with its position when it has one). */
    public record Finding(String region, String check, Diagnostic diagnostic) {
    }

    /**
     * The checks that ran, every finding, and per standby region what must be replicated to it by other means than
     * batchform (data and images: batchform makes the resources, not their content); ready when no finding is an
     * error.
     */
    public record Report(List<String> checks, List<String> regions, List<Finding> findings,
                         Map<String, List<String>> replicate) {
        public Report {
            checks = List.copyOf(checks);
            regions = List.copyOf(regions);
            findings = List.copyOf(findings);
            replicate = Map.copyOf(replicate);
        }

        public boolean ready() {
            return findings.stream().noneMatch(f -> f.diagnostic().isError());
        }
    }

    /** Checks every standby region of {@code spec} (its failover regions other than the active one), now. */
    public static Report check(LoadedSpec spec, State prior, Provider provider) {
        return check(spec, prior, provider, java.time.Instant.now());
    }

    /** As {@link #check(LoadedSpec, State, Provider)}, with drills' ages counted at {@code now}. */
    public static Report check(LoadedSpec spec, State prior, Provider provider, java.time.Instant now) {
        if (!spec.hasFailover()) {
            throw new IllegalArgumentException("the spec has no failover: block");
        }
        LoadedSpec current = spec.forRegion(prior.activeRegion());
        String active = current.expanded().activeRegion();
        List<String> standby = current.spec().failover().allRegions().stream().map(Region::canonical)
                .filter(r -> !r.equals(active)).toList();
        List<Finding> findings = new ArrayList<>();
        for (String region : standby) {
            references(current, region, findings);
        }
        Plan plan = Planner.plan(current.desired().resources(), prior, provider);
        Map<Address, String> regionOf = current.expanded().regionOf();
        for (Diagnostic d : plan.diagnostics()) {
            String region = d.address() instanceof Address a ? regionOf.get(a) : null;
            if (region != null && standby.contains(region) && d.isError()) {
                findings.add(new Finding(region, ANSWERS, d));
            }
        }
        for (ResourceChange change : plan.changes()) {
            String region = regionOf.get(change.address());
            if (region != null && standby.contains(region) && change.action().changesCloud()) {
                findings.add(new Finding(region, IN_SHAPE, Diagnostic.error(change.address(), "NotInShape",
                        change.address() + " " + pending(change.action()) + " in " + region + ": run batchform apply "
                                + "so the standby region is as the spec wants before it is needed")));
            }
        }
        if (!plan.hasErrors()) {
            List<QuotaReport> once = QuotaPlanning.ifActive(current, plan, provider);
            for (int i = 0; i < once.size() && i < standby.size(); i++) {
                String region = standby.get(i); // one report per standby region, in the same order
                once.get(i).notOfferedAsErrors().diagnostics().forEach(d -> findings.add(new Finding(region,
                        QuotaReport.NOT_OFFERED.equals(d.code()) ? VM_SIZES : QUOTA, d)));
            }
        }
        java.time.Duration maxAge = current.spec().failover().maxDrillAge();
        if (maxAge != null) {
            for (String region : standby) {
                drillAge(current, prior.drills().get(region), region, maxAge, now).ifPresent(d ->
                        findings.add(new Finding(region, LAST_DRILL, d)));
            }
        }
        Map<String, List<String>> replicate = new java.util.TreeMap<>();
        for (String region : standby) {
            Set<String> items = new TreeSet<>();
            current.desired().resources().stream().filter(r -> r.address().type() == ResourceType.POOL
                    && region.equals(regionOf.get(r.address())))
                    .forEach(r -> items.addAll(RegionalReferences.toReplicate(r.config())));
            replicate.put(region, List.copyOf(items));
        }
        List<String> checks = new ArrayList<>(List.of(ANSWERS, REGION_LOCAL, IN_SHAPE, VM_SIZES, QUOTA));
        if (maxAge != null) {
            checks.add(LAST_DRILL);
        }
        // Each finding about a resource the spec declares points where it is declared (its primary's declaration).
        List<Finding> placed = findings.stream().map(f -> new Finding(f.region(), f.check(),
                SpecPositions.place(f.diagnostic(), current))).toList();
        return new Report(checks, standby, placed, replicate);
    }

    /**
     * Why the last successful drill to {@code region} is not recent enough ({@code failover.maxDrillAge}): there is
     * none in the state, or it is older; empty when it is recent enough.
     */
    private static java.util.Optional<Diagnostic> drillAge(LoadedSpec spec, State.Drill last, String region,
                                                           java.time.Duration maxAge, java.time.Instant now) {
        String limit = io.batchform.source.Durations.format(maxAge.getSeconds());
        Location at = maxDrillAgePosition(spec);
        String way = "rehearse the switchover: batchform failover apply --to " + region + " --drill";
        if (last == null) {
            return java.util.Optional.of(Diagnostic.error(at, "DrillMissing", "no successful drill to " + region
                    + " is recorded in the state, and failover.maxDrillAge asks for one in the last " + limit + ": "
                    + way));
        }
        java.time.Duration age = java.time.Duration.between(last.at(), now);
        if (age.compareTo(maxAge) <= 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Diagnostic.error(at, "DrillTooOld", "the last successful drill to " + region
                + " was on " + java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.format(last.at().atOffset(
                java.time.ZoneOffset.UTC)) + " (" + last.at() + ", from " + last.from() + ": capacity in "
                + io.batchform.source.Durations.format(last.toCapacity().getSeconds()) + ", " + last.nodes()
                + " node(s)), " + (age.toDays() >= 1 ? age.toDays() + " days"
                : io.batchform.source.Durations.format(age.getSeconds())) + " ago, older than "
                + "failover.maxDrillAge (" + limit + "): " + way));
    }

    /** Where {@code failover.maxDrillAge} is written. */
    private static Location maxDrillAgePosition(LoadedSpec spec) {
        return spec.sources().section("failover").filter(n -> n instanceof io.batchform.spec.yaml.YNode.YMap)
                .flatMap(n -> ((io.batchform.spec.yaml.YNode.YMap) n).entries().stream()
                        .filter(e -> e.key().value().equals("maxDrillAge")).findFirst())
                .map(e -> (Location) e.value().position()).orElse(null);
    }

    private static String pending(Action action) {
        return switch (action) {
            case CREATE -> "does not exist yet";
            case DELETE -> "exists and is no longer wanted";
            case UPDATE -> "differs from the spec";
            default -> "must be replaced";
        };
    }

    /** The references of the region's pools that do not stay inside the region. */
    private static void references(LoadedSpec spec, String region, List<Finding> findings) {
        Set<String> local = Regions.storageAccountNames(spec.spec(), region);
        Set<String> everyRegion = new TreeSet<>();
        spec.spec().failover().allRegions().forEach(r -> everyRegion.addAll(Regions.storageAccountNames(spec.spec(), r)));
        for (DesiredResource pool : spec.desired().resources()) {
            if (pool.address().type() != ResourceType.POOL || !region.equals(spec.expanded().regionOf().get(pool.address()))) {
                continue;
            }
            Address written = SpecPositions.written(spec, pool.address());
            for (RegionalReferences.Reference ref : RegionalReferences.references(pool.config())) {
                SourceSpan at = spec.sources().position(written, ref.path());
                Location where = at.source().equals("<unknown>") ? pool.address() : at;
                switch (ref.kind()) {
                    case STORAGE -> {
                        if (local.contains(ref.target())) {
                            continue;
                        }
                        String whose = everyRegion.contains(ref.target()) ? "another region's storage account "
                                : "the storage account ";
                        findings.add(new Finding(region, REGION_LOCAL, Diagnostic.error(where, "CrossRegionReference",
                                pool.address() + " reads " + whose + "'" + ref.target() + "' (" + ref.path() + "), "
                                        + "which an outage may take away with its region: declare it under "
                                        + "storageAccounts: so each region gets its own, or replicate it to " + region
                                        + " and refer to the copy there")));
                    }
                    case FILE_SERVER -> findings.add(new Finding(region, REGION_LOCAL, Diagnostic.error(where,
                            "CrossRegionReference", pool.address() + " mounts the file server " + ref.target() + " ("
                                    + ref.path() + "), which batchform cannot make region-local: serve the files from an "
                                    + "Azure Files share (azureFileShare) of a storage account under storageAccounts:, "
                                    + "which each region gets its own of")));
                    case REGISTRY -> findings.add(new Finding(region, REGION_LOCAL, Diagnostic.warning(where,
                            "RegistryReplication", pool.address() + " pulls from " + ref.target() + " (" + ref.path()
                                    + "): make sure the registry is geo-replicated to " + region + " (Azure Container "
                                    + "Registry Premium), or its nodes cannot pull when the primary region is down")));
                }
            }
        }
    }
}
