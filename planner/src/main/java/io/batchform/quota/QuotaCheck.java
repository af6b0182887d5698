package io.batchform.quota;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.autoscale.check.Bounds;
import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.catalog.VmSizeCatalog;
import io.batchform.provider.Attributes;
import io.batchform.source.Diagnostic;
import io.batchform.source.Region;
import io.batchform.source.Source;
import io.batchform.schedule.Cron;
import io.batchform.schedule.CronCompiler;
import io.batchform.spec.BatchAccountSpec;
import io.batchform.spec.JobScheduleSpec;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.SourceMap;
import io.batchform.spec.Spec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Computes what each account's pools can demand at their largest and checks it against the account's quotas. A
 * pool's largest size is its fixed targets, else what its autoscale formula can reach ({@link Bounds}), else its
 * {@code maxNodes}; times the vCPUs of its VM size, by quota family and priority, from the shipped catalog.
 */
public final class QuotaCheck {
    private QuotaCheck() {
    }

    /** How many accounts a region holds now and allows, as the provider reports it. */
    public record RegionQuota(long accounts, long quota) {
    }

    /**
     * One region's part of a spec: the spec as it is there ({@code Regions.regionalSpec}), the suffix its addresses
     * carry ({@code -northeurope}; empty for the primary or a spec without failover), and its accounts' live
     * attributes by spec key (absent for accounts not created yet).
     */
    public record Part(Spec spec, String suffix, Map<String, Attributes> liveAccounts) {
        public Part {
            liveAccounts = Map.copyOf(liveAccounts);
        }
    }

    /**
     * What a region offers and allows the subscription: the VM sizes Batch offers there ({@code null} when unknown),
     * and for the pools of UserSubscription accounts the Compute usages by name ({@code cores}, {@code lowPriorityCores},
     * a family; compared ignoring case), each with its limit and the vCPUs used by anything but the spec's pools
     * (empty when unknown).
     */
    public record RegionCompute(java.util.Set<String> vmSizes, Map<String, ComputeLimit> compute) {
        public RegionCompute {
            vmSizes = vmSizes == null ? null : java.util.Set.copyOf(vmSizes);
            Map<String, ComputeLimit> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            sorted.putAll(compute);
            compute = java.util.Collections.unmodifiableMap(sorted);
        }

        public static final RegionCompute UNKNOWN = new RegionCompute(null, Map.of());

        boolean offers(String vmSize) {
            return vmSizes == null || vmSizes.stream().anyMatch(v -> v.equalsIgnoreCase(vmSize));
        }
    }

    /** One Compute quota of the subscription in a region: its limit, and the vCPUs in use outside the spec's pools. */
    public record ComputeLimit(long limit, long usedElsewhere) {
    }

    /**
     * Checks a spec without failover.
     *
     * @param liveAccounts an account's live attributes by its spec key; absent for accounts not created yet
     * @param regions      the region quota by lower-case region name; absent when unknown
     */
    public static QuotaReport check(Spec spec, SourceMap sources, Map<String, Attributes> liveAccounts,
                                    Map<String, RegionQuota> regions, VmSizeCatalog catalog) {
        return check(List.of(new Part(spec, "", liveAccounts)), sources, regions, catalog);
    }

    /**
     * Checks every region's part of a spec: each account against its own quotas, and the Batch accounts of each
     * region against the subscription's limit there. Diagnostics point at the shared definition.
     */
    public static QuotaReport check(List<Part> parts, SourceMap sources, Map<String, RegionQuota> regions,
                                    VmSizeCatalog catalog) {
        return check(parts, sources, regions, Map.of(), catalog);
    }

    /**
     * As {@link #check(List, SourceMap, Map, VmSizeCatalog)}, and with what each region offers and allows
     * ({@code compute}, by lower-case region name; a region absent is unknown): a pool whose VM size Batch does not
     * offer in its region is a warning, and the pools of UserSubscription accounts are counted against the
     * subscription's Compute vCPUs in their region (total, Spot, per family) instead of an account's core quotas.
     */
    public static QuotaReport check(List<Part> parts, SourceMap sources, Map<String, RegionQuota> regions,
                                    Map<String, RegionCompute> compute, VmSizeCatalog catalog) {
        List<QuotaReport.NotOffered> notOffered = new ArrayList<>();
        Map<String, Demand> subscriptionDemand = new TreeMap<>();
        Map<String, List<String>> subscriptionAccounts = new TreeMap<>();
        Map<String, Address> subscriptionSource = new TreeMap<>();
        List<QuotaReport.Row> rows = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, Long> created = new TreeMap<>();
        for (Part part : parts) {
            Spec spec = part.spec();
            for (BatchAccountSpec account : spec.batchAccounts().values()) {
                String region = Region.canonical(account.location() != null ? account.location() : spec.resourceGroup().location());
                String name = account.name() != null ? account.name() : account.key();
                Address source = Address.of(ResourceType.BATCH_ACCOUNT, account.key());
                String label = Address.of(ResourceType.BATCH_ACCOUNT, account.key() + part.suffix()).toString();
                boolean userSubscription = !account.batchServiceMode();
                Demand demand = userSubscription ? subscriptionDemand.computeIfAbsent(region, r -> new Demand())
                        : new Demand();
                if (userSubscription) {
                    subscriptionAccounts.computeIfAbsent(region, r -> new ArrayList<>()).add(label);
                    subscriptionSource.putIfAbsent(region, source);
                }
                long poolsBefore = demand.pools;
                RegionCompute offered = compute.getOrDefault(region, RegionCompute.UNKNOWN);
                for (PoolSpec pool : spec.pools().values()) {
                    if (pool.account().equals(account.key())) {
                        demand(pool, part.suffix(), catalog, sources, diagnostics, demand);
                        if (!offered.offers(pool.vmSize())) {
                            notOffered(pool, part.suffix(), region, sources, diagnostics, notOffered);
                        }
                    }
                }
                long accountPools = demand.pools - poolsBefore;
                Attributes live = part.liveAccounts().get(account.key());
                if (live == null) {
                    created.merge(region, 1L, Long::sum);
                }
                BatchAccountSpec.Quotas declared = account.quotas();
                List<QuotaReport.Row> own = new ArrayList<>();
                if (!userSubscription) {
                    own.add(new QuotaReport.Row(label, name, region, "dedicated cores", demand.dedicated,
                            declared == null ? null : declared.dedicatedCores(), number(live, "dedicatedCoreQuota"),
                            demand.unboundedDedicated));
                    demand.byFamily.forEach((family, cores) -> own.add(new QuotaReport.Row(label, name, region,
                            "dedicated cores, " + family, cores, declared == null ? null : family(declared.vmFamilyCores(), family),
                            live == null ? null : familyQuota(live, family),
                            demand.unboundedByFamily.getOrDefault(family, List.of()))));
                    own.add(new QuotaReport.Row(label, name, region, "low-priority cores", demand.lowPriority,
                            declared == null ? null : declared.lowPriorityCores(), number(live, "lowPriorityCoreQuota"),
                            demand.unboundedLowPriority));
                }
                own.add(new QuotaReport.Row(label, name, region, "pools", accountPools,
                        declared == null ? null : declared.pools(), number(live, "poolQuota"), List.of()));
                long schedules = serviceSchedules(spec, account.key());
                if (declared != null && declared.activeJobs() != null || schedules > 0) {
                    // The spec's figure is what its own workload needs, not a quota; each compiled service
                    // schedule counts too. Only the account's live quota limits them.
                    Long workload = declared == null ? null : declared.activeJobs();
                    long needed = (workload == null ? 0 : workload) + schedules;
                    own.add(new QuotaReport.Row(label, name, region, "active jobs and job schedules", needed,
                            schedules == 0 ? workload : null, number(live, "activeJobAndJobScheduleQuota"),
                            List.of()));
                }
                for (QuotaReport.Row row : own) {
                    if (row.isShort()) {
                        diagnostics.add(Diagnostic.error(sources.position(source, "name"), row.account() + " needs "
                                + (row.atLeast() ? "at least " : "") + row.needed() + " " + row.quota() + " in "
                                + row.region() + ", and its " + (row.live() != null ? "quota is " : "declared quota is ")
                                + row.limit() + ": raise it by " + (row.needed() - row.limit()) + " (quota request: Batch "
                                + "account " + row.accountName() + ", region " + row.region() + ", " + row.quota()
                                + ", new limit " + row.needed() + ")"));
                    }
                    if (row.live() != null && row.declared() != null && row.live() < row.declared()) {
                        diagnostics.add(Diagnostic.warning(sources.position(source, "quotas"), row.account()
                                + ": the spec expects " + row.declared() + " " + row.quota() + ", the account has "
                                + row.live() + (row.isShort() ? "" : ": raise it by " + (row.declared() - row.live())
                                + " (quota request: Batch account " + row.accountName() + ", region " + row.region()
                                + ", " + row.quota() + ", new limit " + row.declared() + ")")));
                    }
                }
                rows.addAll(own);
            }
        }
        java.util.Set<String> allRegions = new java.util.TreeSet<>();
        parts.forEach(part -> part.spec().batchAccounts().values().forEach(a -> allRegions.add(Region.canonical(
                a.location() != null ? a.location() : part.spec().resourceGroup().location()))));
        List<QuotaReport.RegionRow> regionRows = new ArrayList<>();
        for (String region : allRegions) {
            RegionQuota quota = regions.get(region);
            QuotaReport.RegionRow row = new QuotaReport.RegionRow(region, quota == null ? 0 : quota.accounts(),
                    created.getOrDefault(region, 0L), quota == null ? null : quota.quota());
            regionRows.add(row);
            if (row.isShort()) {
                diagnostics.add(Diagnostic.error(sources.position(Address.of(ResourceType.RESOURCE_GROUP, "main"),
                        "location"), "the plan creates " + row.created() + " Batch account" + (row.created() == 1 ? "" : "s")
                        + " in " + region + ", which has " + row.existing() + " of its " + row.quota() + " already: raise "
                        + "the subscription's Batch accounts quota for " + region + " by " + (row.needed() - row.quota())
                        + " (quota request: all accounts in this region, region " + region + ", Batch accounts, new limit "
                        + row.needed() + ")"));
            }
        }
        List<QuotaReport.SubscriptionRow> subscriptionRows = new ArrayList<>();
        subscriptionDemand.forEach((region, demand) -> subscriptionRows.addAll(subscription(region, demand,
                subscriptionAccounts.get(region), compute.getOrDefault(region, RegionCompute.UNKNOWN),
                sources.position(subscriptionSource.get(region), "poolAllocationMode"), diagnostics)));
        diagnostics.sort(Diagnostic.ORDER);
        return new QuotaReport(rows, regionRows, subscriptionRows, notOffered, diagnostics);
    }

    /**
     * The rows of one region's Compute quotas for its UserSubscription accounts' pools: the total regional vCPUs of
     * dedicated nodes, each family's, and the Spot vCPUs (Spot draws on its own quota, across families).
     */
    private static List<QuotaReport.SubscriptionRow> subscription(String region, Demand demand, List<String> accounts,
                                                                 RegionCompute offered,
                                                                 io.batchform.source.SourceSpan at,
                                                                 List<Diagnostic> diagnostics) {
        List<QuotaReport.SubscriptionRow> rows = new ArrayList<>();
        rows.add(row(region, "vCPUs", "cores", demand.dedicated, demand.unboundedDedicated, accounts, offered));
        demand.byFamily.forEach((family, cores) -> rows.add(row(region, "vCPUs, " + family, family, cores,
                demand.unboundedByFamily.getOrDefault(family, List.of()), accounts, offered)));
        rows.add(row(region, "Spot vCPUs", "lowPriorityCores", demand.lowPriority, demand.unboundedLowPriority, accounts,
                offered));
        for (QuotaReport.SubscriptionRow row : rows) {
            if (row.isShort()) {
                diagnostics.add(Diagnostic.error(at, "the pools of " + String.join(", ", accounts) + " (UserSubscription: "
                        + "they draw on the subscription's vCPUs) need " + (row.atLeast() ? "at least " : "") + row.needed()
                        + " " + row.quota() + " in " + region + ", and the subscription has " + row.available() + " free "
                        + "there (limit " + row.limit() + ", " + row.usedElsewhere() + " in use elsewhere): raise it by "
                        + (row.needed() - row.available()) + " (quota request: Compute, region " + region + ", "
                        + row.usage() + ", new limit " + row.newLimit() + ")"));
            }
        }
        return rows;
    }

    private static QuotaReport.SubscriptionRow row(String region, String quota, String usage, long needed,
                                                   List<String> unbounded, List<String> accounts, RegionCompute offered) {
        ComputeLimit limit = offered.compute().get(usage);
        return new QuotaReport.SubscriptionRow(region, quota, usage, needed, limit == null ? null : limit.limit(),
                limit == null ? null : limit.usedElsewhere(), accounts, unbounded);
    }

    /** A pool whose size Batch does not offer in its region: a warning at its vmSize, saying where to give another. */
    private static void notOffered(PoolSpec pool, String suffix, String region, SourceMap sources,
                                   List<Diagnostic> diagnostics, List<QuotaReport.NotOffered> notOffered) {
        String label = Address.of(ResourceType.POOL, pool.key() + suffix).toString();
        notOffered.add(new QuotaReport.NotOffered(label, region, pool.vmSize()));
        String way = suffix.isEmpty() ? "choose a size Batch offers there (az batch location list-skus --location "
                + region + ")" : "give the pool a size offered there under failover.regions." + region + ".pools."
                + pool.key() + ".vmSize";
        diagnostics.add(Diagnostic.warning(sources.position(Address.of(ResourceType.POOL, pool.key()), "vmSize"),
                QuotaReport.NOT_OFFERED, label + ": Batch does not offer " + pool.vmSize() + " in " + region
                        + " (it is not among the region's supported VM sizes), so the pool cannot get nodes there: "
                        + way));
    }

    /** Cores a pool's largest size needs, and the pools whose largest size is not known. */
    private static final class Demand {
        long dedicated;
        long lowPriority;
        long pools;
        final Map<String, Long> byFamily = new TreeMap<>();
        final List<String> unboundedDedicated = new ArrayList<>();
        final List<String> unboundedLowPriority = new ArrayList<>();
        final Map<String, List<String>> unboundedByFamily = new TreeMap<>();
    }

    private static void demand(PoolSpec pool, String suffix, VmSizeCatalog catalog, SourceMap sources,
                               List<Diagnostic> diagnostics, Demand demand) {
        demand.pools++;
        Address address = Address.of(ResourceType.POOL, pool.key());
        String label = Address.of(ResourceType.POOL, pool.key() + suffix).toString();
        var size = catalog.find(pool.vmSize());
        if (size.isEmpty()) {
            return; // the validator reports unknown sizes
        }
        long dedicated;
        long lowPriority;
        if (pool.autoScale() != null) {
            CheckedFormula formula = FormulaCompiler.compile(new Source(pool.key(), pool.autoScale().formula()));
            OptionalDouble maxDedicated = Bounds.assigns(formula, SystemVariable.TARGET_DEDICATED_NODES)
                    ? Bounds.maxTarget(formula, SystemVariable.TARGET_DEDICATED_NODES) : OptionalDouble.of(0);
            OptionalDouble maxLow = Bounds.assigns(formula, SystemVariable.TARGET_LOW_PRIORITY_NODES)
                    ? Bounds.maxTarget(formula, SystemVariable.TARGET_LOW_PRIORITY_NODES) : OptionalDouble.of(0);
            if ((maxDedicated.isEmpty() || maxLow.isEmpty()) && pool.maxNodes() == null) {
                String unbounded = maxDedicated.isEmpty() && maxLow.isEmpty()
                        ? "$TargetDedicatedNodes or $TargetLowPriorityNodes"
                        : maxDedicated.isEmpty() ? "$TargetDedicatedNodes" : "$TargetLowPriorityNodes";
                diagnostics.add(Diagnostic.warning(sources.position(address, "autoScale"), label + ": its formula "
                        + "does not bound " + unbounded + " (wrap it in min(N, ...)) and the pool sets no maxNodes, so "
                        + "nobody knows how many cores it can ask for: the quota check counts none for it and its needs "
                        + "show as a lower bound (+); set maxNodes: N to count them"));
                if (maxDedicated.isEmpty()) {
                    demand.unboundedDedicated.add(label);
                    demand.unboundedByFamily.computeIfAbsent(size.get().family(), f -> new ArrayList<>()).add(label);
                }
                if (maxLow.isEmpty()) {
                    demand.unboundedLowPriority.add(label);
                }
            }
            long cap = pool.maxNodes() == null ? 0 : pool.maxNodes();
            dedicated = maxDedicated.isPresent() ? (long) maxDedicated.getAsDouble() : cap;
            lowPriority = maxLow.isPresent() ? (long) maxLow.getAsDouble() : cap;
            if (pool.maxNodes() != null) {
                dedicated = Math.min(dedicated, cap);
                lowPriority = Math.min(lowPriority, cap);
            }
        } else if (pool.fixedScale() != null) {
            dedicated = pool.fixedScale().targetDedicatedNodes() == null ? 0 : pool.fixedScale().targetDedicatedNodes();
            lowPriority = pool.fixedScale().targetLowPriorityNodes() == null ? 0 : pool.fixedScale().targetLowPriorityNodes();
        } else {
            dedicated = pool.maxNodes() == null ? 0 : pool.maxNodes();
            lowPriority = 0;
        }
        long vcpus = size.get().vcpus();
        demand.dedicated += dedicated * vcpus;
        demand.lowPriority += lowPriority * vcpus;
        if (dedicated > 0 || demand.unboundedDedicated.contains(label)) {
            demand.byFamily.merge(size.get().family(), dedicated * vcpus, Long::sum);
        }
    }

    /** The service job schedules the account's {@code jobSchedules:} compile to (a refused cron counts none). */
    static long serviceSchedules(Spec spec, String account) {
        long count = 0;
        for (JobScheduleSpec schedule : spec.jobSchedules().values()) {
            if (!account.equals(schedule.account())) {
                continue;
            }
            if (schedule.cron() == null) {
                count++;
                continue;
            }
            Cron.Parsed cron = Cron.parse(schedule.cron());
            ZoneId zone = schedule.timeZone() == null ? ZoneOffset.UTC
                    : ZoneId.of(schedule.timeZone());
            if (cron.ok()) {
                count += CronCompiler.compile(schedule.serviceName(), cron.cron(), zone, Instant.EPOCH)
                        .schedules().size();
            }
        }
        return count;
    }

    private static Long number(Attributes live, String path) {
        return live != null && live.get(path) instanceof Number n ? n.longValue() : null;
    }

    /**
     * The live per-family quota; families compare case-insensitively. When the account says the family quotas are
     * not enforced, there is none (only the total counts); when it says they are, a family it does not list has 0
     * (docs/quotas-and-failover.md section 1.3). Null when the account does not say.
     */
    @SuppressWarnings("unchecked")
    private static Long familyQuota(Attributes live, String family) {
        Object enforced = live.get("dedicatedCoreQuotaPerVMFamilyEnforced");
        if (Boolean.FALSE.equals(enforced) || !(live.get("dedicatedCoreQuotaPerVMFamily") instanceof Map<?, ?> families)) {
            return null;
        }
        for (Map.Entry<String, Object> entry : ((Map<String, Object>) families).entrySet()) {
            if (entry.getKey().equalsIgnoreCase(family) && entry.getValue() instanceof Number n) {
                return n.longValue();
            }
        }
        return Boolean.TRUE.equals(enforced) ? 0L : null;
    }

    private static Long family(Map<String, Long> declared, String family) {
        return declared.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(family)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

}
