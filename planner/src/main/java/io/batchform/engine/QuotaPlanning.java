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
        var refs = spec.desired().resources().stream().filter(r -> r.address().type() == ResourceType.BATCH_ACCOUNT)
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

    private static Map<Address, Attributes> live(Plan plan) {
        Map<Address, Attributes> live = new TreeMap<>();
        for (ResourceChange change : plan.changes()) {
            if (change.address().type() == ResourceType.BATCH_ACCOUNT && change.before() != null
                    && !change.action().isReplace()) {
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
        return QuotaCheck.check(parts, loaded.sources(), regions, VmSizeCatalog.shipped());
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
