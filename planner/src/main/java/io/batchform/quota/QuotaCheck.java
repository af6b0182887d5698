package io.batchform.quota;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.autoscale.check.Bounds;
import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.autoscale.source.Source;
import io.batchform.catalog.VmSizeCatalog;
import io.batchform.provider.Attributes;
import io.batchform.spec.BatchAccountSpec;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.SourceMap;
import io.batchform.spec.Spec;
import io.batchform.spec.SpecDiagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
     * Checks the spec.
     *
     * @param liveAccounts an account's live attributes by its spec key; absent for accounts not created yet
     * @param regions      the region quota by lower-case region name; absent when unknown
     */
    public static QuotaReport check(Spec spec, SourceMap sources, Map<String, Attributes> liveAccounts,
                                    Map<String, RegionQuota> regions, VmSizeCatalog catalog) {
        List<QuotaReport.Row> rows = new ArrayList<>();
        List<SpecDiagnostic> diagnostics = new ArrayList<>();
        for (BatchAccountSpec account : spec.batchAccounts().values()) {
            String region = region(account.location() != null ? account.location() : spec.resourceGroup().location());
            String name = account.name() != null ? account.name() : account.key();
            Address address = Address.of(ResourceType.BATCH_ACCOUNT, account.key());
            Demand demand = new Demand();
            for (PoolSpec pool : spec.pools().values()) {
                if (pool.account().equals(account.key())) {
                    demand(pool, catalog, sources, diagnostics, demand);
                }
            }
            Attributes live = liveAccounts.get(account.key());
            BatchAccountSpec.Quotas declared = account.quotas();
            String label = address.toString();
            rows.add(new QuotaReport.Row(label, name, region, "dedicated cores", demand.dedicated,
                    declared == null ? null : declared.dedicatedCores(), number(live, "dedicatedCoreQuota")));
            demand.byFamily.forEach((family, cores) -> rows.add(new QuotaReport.Row(label, name, region,
                    "dedicated cores, " + family, cores, declared == null ? null : family(declared.vmFamilyCores(), family),
                    live == null ? null : familyQuota(live, family))));
            rows.add(new QuotaReport.Row(label, name, region, "low-priority cores", demand.lowPriority,
                    declared == null ? null : declared.lowPriorityCores(), number(live, "lowPriorityCoreQuota")));
            rows.add(new QuotaReport.Row(label, name, region, "pools", demand.pools,
                    declared == null ? null : declared.pools(), number(live, "poolQuota")));
        }
        for (QuotaReport.Row row : rows) {
            Address address = Address.parse(row.account());
            if (row.isShort()) {
                diagnostics.add(SpecDiagnostic.error(sources.position(address, "name"), row.account() + " needs "
                        + row.needed() + " " + row.quota() + " in " + row.region() + ", and its " + (row.live() != null
                        ? "quota is " : "declared quota is ") + row.limit() + ": raise it by " + (row.needed() - row.limit())
                        + " (quota request: Batch account " + row.accountName() + ", region " + row.region() + ", "
                        + row.quota() + ", new limit " + row.needed() + ")"));
            }
            if (row.live() != null && row.declared() != null && row.live() < row.declared()) {
                diagnostics.add(SpecDiagnostic.warning(sources.position(address, "quotas"), row.account() + ": the spec "
                        + "expects " + row.declared() + " " + row.quota() + ", the account has " + row.live()));
            }
        }
        List<QuotaReport.RegionRow> regionRows = new ArrayList<>();
        Map<String, Long> created = new TreeMap<>();
        for (BatchAccountSpec account : spec.batchAccounts().values()) {
            if (!liveAccounts.containsKey(account.key())) {
                created.merge(region(account.location() != null ? account.location() : spec.resourceGroup().location()),
                        1L, Long::sum);
            }
        }
        java.util.Set<String> allRegions = new java.util.TreeSet<>(created.keySet());
        spec.batchAccounts().values().forEach(a -> allRegions.add(region(a.location() != null ? a.location()
                : spec.resourceGroup().location())));
        for (String region : allRegions) {
            RegionQuota quota = regions.get(region);
            QuotaReport.RegionRow row = new QuotaReport.RegionRow(region, quota == null ? 0 : quota.accounts(),
                    created.getOrDefault(region, 0L), quota == null ? null : quota.quota());
            regionRows.add(row);
            if (row.isShort()) {
                diagnostics.add(SpecDiagnostic.error(sources.position(Address.of(ResourceType.RESOURCE_GROUP, "main"),
                        "location"), "the plan creates " + row.created() + " Batch account" + (row.created() == 1 ? "" : "s")
                        + " in " + region + ", which has " + row.existing() + " of its " + row.quota() + " already: raise "
                        + "the subscription's Batch accounts quota for " + region + " by " + (row.needed() - row.quota())
                        + " (new limit " + row.needed() + ")"));
            }
        }
        diagnostics.sort(SpecDiagnostic.ORDER);
        return new QuotaReport(rows, regionRows, diagnostics);
    }

    /** Cores a pool's largest size needs. */
    private static final class Demand {
        long dedicated;
        long lowPriority;
        long pools;
        final Map<String, Long> byFamily = new TreeMap<>();
    }

    private static void demand(PoolSpec pool, VmSizeCatalog catalog, SourceMap sources, List<SpecDiagnostic> diagnostics,
                               Demand demand) {
        demand.pools++;
        Address address = Address.of(ResourceType.POOL, pool.key());
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
                diagnostics.add(SpecDiagnostic.warning(sources.position(address, "autoScale"), "pool." + pool.key()
                        + ": its formula does not bound " + (maxDedicated.isEmpty() ? "$TargetDedicatedNodes"
                        : "$TargetLowPriorityNodes") + " (wrap it in min(N, ...)), so its cores are left out of the quota "
                        + "check; set maxNodes: N to count them"));
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
        if (dedicated > 0) {
            demand.byFamily.merge(size.get().family(), dedicated * vcpus, Long::sum);
        }
    }

    private static Long number(Attributes live, String path) {
        return live != null && live.get(path) instanceof Number n ? n.longValue() : null;
    }

    /** The live per-family quota; families compare case-insensitively (quotas-dr.md). */
    @SuppressWarnings("unchecked")
    private static Long familyQuota(Attributes live, String family) {
        if (!(live.get("dedicatedCoreQuotaPerVMFamily") instanceof Map<?, ?> families)) {
            return null;
        }
        for (Map.Entry<String, Object> entry : ((Map<String, Object>) families).entrySet()) {
            if (entry.getKey().equalsIgnoreCase(family) && entry.getValue() instanceof Number n) {
                return n.longValue();
            }
        }
        return null;
    }

    private static Long family(Map<String, Long> declared, String family) {
        return declared.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(family)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    static String region(String location) {
        return location.replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
