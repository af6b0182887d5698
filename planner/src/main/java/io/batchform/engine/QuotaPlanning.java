package io.batchform.engine;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.catalog.VmSizeCatalog;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.quota.QuotaCheck;
import io.batchform.quota.QuotaReport;
import io.batchform.source.Diagnostic;
import io.batchform.spec.Spec;
import io.batchform.spec.convert.Regions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The quota check as plan, apply, quota and failover run it: every region of the spec as it is there (the active
 * region as defined, the others in standby), live quotas from the refresh, region limits from the provider.
 */
public final class QuotaPlanning {
    private QuotaPlanning() {
    }

    /**
     * What {@code batchform quota} reports: the spec (with the state's active region), its check now, and each
     * standby region's as it would be once active.
     */
    public record QuotaOutcome(LoadedSpec spec, QuotaReport report, List<QuotaReport> ifActive,
                               List<Diagnostic> refusals) {
    }

    /** Checks the spec with the accounts' live attributes as a plan refreshed them. */
    static QuotaReport fromPlan(LoadedSpec loaded, Plan plan, Provider provider) {
        return check(loaded, live(plan), provider, null);
    }

    /** Checks one region of a failover spec, with its accounts' live attributes as a plan refreshed them. */
    static QuotaReport fromPlan(LoadedSpec loaded, Plan plan, Provider provider, String region) {
        return check(loaded, live(plan), provider, io.batchform.source.Region.canonical(region));
    }

    /** Each standby region's accounts as they would be once that region is active (see {@link #ifActive(LoadedSpec, Map, Provider)}). */
    static List<QuotaReport> ifActive(LoadedSpec loaded, Plan plan, Provider provider) {
        return ifActive(loaded, live(plan), provider);
    }

    /**
     * The quota operation: reads the accounts' live attributes from the cloud, then checks the spec (with the state's
     * active region) and each standby region as if active.
     */
    static QuotaOutcome check(LoadedSpec spec, Provider provider) {
        java.util.Set<Address> userSubscriptionPools = userSubscriptionPools(spec);
        var refs = spec.desired().resources().stream().filter(r -> r.address().type() == ResourceType.BATCH_ACCOUNT
                        || userSubscriptionPools.contains(r.address()))
                .map(r -> new Provider.ResourceRef(r.address(), r.id())).toList();
        Provider.RefreshResponse response = provider.refresh(new Provider.RefreshRequest(refs));
        Optional<Diagnostic> failed = response.diagnostics().stream().filter(Diagnostic::isError)
                .findFirst();
        if (failed.isPresent()) {
            return new QuotaOutcome(spec, null, List.of(), List.of(Diagnostic.error(null, "Quota",
                    "cannot read the accounts' quotas: " + response.diagnostics().get(0))));
        }
        Map<Address, Attributes> live = new TreeMap<>(response.live());
        return new QuotaOutcome(spec, check(spec, live, provider, null), ifActive(spec, live, provider), List.of());
    }

    /** The live accounts and pools as the plan read them (a pool's nodes count against the subscription's quota). */
    private static Map<Address, Attributes> live(Plan plan) {
        Map<Address, Attributes> live = new TreeMap<>();
        for (ResourceChange change : plan.changes()) {
            if ((change.address().type() == ResourceType.BATCH_ACCOUNT || change.address().type() == ResourceType.POOL)
                    && change.before() != null && !change.action().isReplace()) {
                live.put(change.address(), change.before());
            }
        }
        return live;
    }

    /** Every region (or only {@code only}), each as it is with the loaded spec's active region. */
    private static QuotaReport check(LoadedSpec loaded, Map<Address, Attributes> live, Provider provider, String only) {
        Spec spec = loaded.spec();
        List<QuotaCheck.Part> parts = new ArrayList<>();
        if (spec.failover() == null) {
            parts.add(new QuotaCheck.Part(spec, "", byKey(live, "")));
        } else {
            String active = loaded.expanded().activeRegion();
            for (String region : spec.failover().allRegions().stream().map(io.batchform.source.Region::canonical).toList()) {
                if (only != null && !only.equals(region)) {
                    continue;
                }
                String suffix = Regions.suffix(spec.failover(), region);
                Map<Address, Attributes> there = new TreeMap<>();
                live.forEach((address, attributes) -> {
                    if (region.equals(loaded.expanded().regionOf().get(address))) {
                        there.put(address, attributes);
                    }
                });
                parts.add(new QuotaCheck.Part(Regions.regionalSpec(spec, region, active), suffix, byKey(there, suffix)));
            }
        }
        Map<String, QuotaCheck.RegionQuota> regions = new TreeMap<>();
        parts.stream().flatMap(p -> p.spec().batchAccounts().values().stream()
                        .map(a -> io.batchform.source.Region.canonical(a.location() != null ? a.location() : p.spec().resourceGroup().location())))
                .distinct()
                .forEach(region -> provider.regionAccounts(region).ifPresent(r ->
                        regions.put(region, new QuotaCheck.RegionQuota(r.accounts(), r.quota()))));
        return QuotaCheck.check(parts, loaded.sources(), regions, compute(parts, live, provider), VmSizeCatalog.shipped());
    }

    /**
     * What each region of the parts offers and allows: Batch's VM sizes there, and where a UserSubscription account
     * lives, the subscription's Compute usages, each less what the spec's own pools there use now (their live node
     * counts), which the check counts at their largest instead.
     */
    private static Map<String, QuotaCheck.RegionCompute> compute(List<QuotaCheck.Part> parts,
                                                                 Map<Address, Attributes> live, Provider provider) {
        Map<String, Map<String, Long>> own = new TreeMap<>();
        java.util.Set<String> all = new java.util.TreeSet<>();
        VmSizeCatalog catalog = VmSizeCatalog.shipped();
        for (QuotaCheck.Part part : parts) {
            Spec spec = part.spec();
            for (var account : spec.batchAccounts().values()) {
                String region = io.batchform.source.Region.canonical(account.location() != null ? account.location()
                        : spec.resourceGroup().location());
                all.add(region);
                if (account.batchServiceMode()) {
                    continue;
                }
                Map<String, Long> used = own.computeIfAbsent(region, r -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
                for (var pool : spec.pools().values()) {
                    Attributes now = live.get(Address.of(ResourceType.POOL, pool.key() + part.suffix()));
                    var size = now == null ? java.util.Optional.<VmSizeCatalog.VmSize>empty()
                            : catalog.find(String.valueOf(now.get("vmSize")));
                    if (!pool.account().equals(account.key()) || size.isEmpty()) {
                        continue;
                    }
                    long dedicated = count(now.get("currentDedicatedNodes")) * size.get().vcpus();
                    used.merge(Provider.ComputeUsages.TOTAL, dedicated, Long::sum);
                    used.merge(size.get().family(), dedicated, Long::sum);
                    used.merge(Provider.ComputeUsages.SPOT, count(now.get("currentLowPriorityNodes")) * size.get().vcpus(),
                            Long::sum);
                }
            }
        }
        Map<String, QuotaCheck.RegionCompute> out = new TreeMap<>();
        for (String region : all) {
            java.util.Set<String> sizes = provider.vmSizesOffered(region).orElse(null);
            Map<String, QuotaCheck.ComputeLimit> limits = new TreeMap<>();
            if (own.containsKey(region)) {
                Map<String, Long> used = own.get(region);
                provider.computeUsages(region).ifPresent(usages -> usages.usages().forEach(u -> limits.put(u.name(),
                        new QuotaCheck.ComputeLimit(u.limit(), Math.max(0, u.current() - used.getOrDefault(u.name(), 0L))))));
            }
            out.put(region, new QuotaCheck.RegionCompute(sizes, limits));
        }
        return out;
    }

    private static long count(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** The addresses of the pools of UserSubscription accounts, in every region of a spec. */
    private static java.util.Set<Address> userSubscriptionPools(LoadedSpec loaded) {
        java.util.Set<Address> out = new java.util.TreeSet<>();
        Spec spec = loaded.spec();
        List<String> suffixes = spec.failover() == null ? List.of("") : spec.failover().allRegions().stream()
                .map(r -> Regions.suffix(spec.failover(), io.batchform.source.Region.canonical(r))).toList();
        for (var pool : spec.pools().values()) {
            var account = spec.batchAccounts().get(pool.account());
            if (account != null && !account.batchServiceMode()) {
                suffixes.forEach(suffix -> out.add(Address.of(ResourceType.POOL, pool.key() + suffix)));
            }
        }
        return out;
    }

    /** Live accounts by spec key: {@code batchAccount.main-northeurope} is {@code main} in northeurope. */
    private static Map<String, Attributes> byKey(Map<Address, Attributes> live, String suffix) {
        Map<String, Attributes> out = new TreeMap<>();
        live.forEach((address, attributes) -> {
            String name = address.name();
            if (address.type() == ResourceType.BATCH_ACCOUNT && name.endsWith(suffix)) {
                out.put(name.substring(0, name.length() - suffix.length()), attributes);
            }
        });
        return out;
    }

    /**
     * Each standby region's accounts as they would be once that region is active: a quota increase takes minutes to
     * two business days (docs/quotas-and-failover.md section 1.5), so a region that could not take the load is said at
     * every plan, as a warning, not when the switchover is needed. Empty without failover.
     */
    private static List<QuotaReport> ifActive(LoadedSpec loaded, Map<Address, Attributes> live, Provider provider) {
        if (!loaded.hasFailover()) {
            return List.of();
        }
        List<QuotaReport> reports = new ArrayList<>();
        String active = loaded.expanded().activeRegion();
        for (String region : loaded.spec().failover().allRegions().stream().map(io.batchform.source.Region::canonical).toList()) {
            if (!region.equals(active)) {
                reports.add(check(loaded.forRegion(region), live, provider, region));
            }
        }
        return reports;
    }
}
