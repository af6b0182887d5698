package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.catalog.VmSizeCatalog;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.quota.QuotaCheck;
import io.batchform.quota.QuotaReport;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Region;
import io.batchform.spec.Spec;
import io.batchform.spec.convert.Regions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quota check as plan, apply, quota and failover run it: every region of the spec as it is there (the active
 * region as defined, the others in standby), live quotas from the refresh, region limits from the provider.
 */
final class Quotas {
    private Quotas() {
    }

    /** Checks the spec with the accounts' live attributes as a plan refreshed them. */
    static QuotaReport fromPlan(Workspace.Loaded loaded, Plan plan, Provider provider) {
        return check(loaded, live(plan), provider, null);
    }

    /** Checks one region of a failover spec, with its accounts' live attributes as a plan refreshed them. */
    static QuotaReport fromPlan(Workspace.Loaded loaded, Plan plan, Provider provider, String region) {
        return check(loaded, live(plan), provider, Region.canonical(region));
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

    /** The accounts' live attributes, read from the cloud. */
    static Map<Address, Attributes> refresh(Workspace.Loaded loaded, Provider provider) {
        var refs = loaded.desired().resources().stream().filter(r -> r.address().type() == ResourceType.BATCH_ACCOUNT)
                .map(r -> new Provider.ResourceRef(r.address(), r.id())).toList();
        Provider.RefreshResponse response = provider.refresh(new Provider.RefreshRequest(refs));
        if (response.diagnostics().stream().anyMatch(d -> d.isError())) {
            throw new UserException("cannot read the accounts' quotas: " + response.diagnostics().get(0));
        }
        return new TreeMap<>(response.live());
    }

    /** Checks the spec against refreshed accounts ({@link #refresh}). */
    static QuotaReport refreshed(Workspace.Loaded loaded, Map<Address, Attributes> live, Provider provider) {
        return check(loaded, live, provider, null);
    }

    /** Every region (or only {@code only}), each as it is with the loaded spec's active region. */
    private static QuotaReport check(Workspace.Loaded loaded, Map<Address, Attributes> live, Provider provider,
                                     String only) {
        Spec spec = loaded.result().spec();
        List<QuotaCheck.Part> parts = new ArrayList<>();
        if (spec.failover() == null) {
            parts.add(new QuotaCheck.Part(spec, "", byKey(live, "")));
        } else {
            String active = loaded.expanded().activeRegion();
            for (String region : spec.failover().allRegions().stream().map(Region::canonical).toList()) {
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
                        .map(a -> Region.canonical(a.location() != null ? a.location() : p.spec().resourceGroup().location())))
                .distinct()
                .forEach(region -> provider.regionAccounts(region).ifPresent(r ->
                        regions.put(region, new QuotaCheck.RegionQuota(r.accounts(), r.quota()))));
        return QuotaCheck.check(parts, loaded.result().sources(), regions, VmSizeCatalog.shipped());
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
     * two business days (quotas-dr.md section 1.5), so a region that could not take the load is said at every plan,
     * as a warning, not when the switchover is needed. Empty without failover.
     */
    static List<QuotaReport> ifActive(Workspace.Loaded loaded, Plan plan, Provider provider) {
        return ifActive(loaded, live(plan), provider);
    }

    /** {@link #ifActive(Workspace.Loaded, Plan, Provider)} against refreshed accounts. */
    static List<QuotaReport> ifActive(Workspace.Loaded loaded, Map<Address, Attributes> live, Provider provider) {
        if (!loaded.hasFailover()) {
            return List.of();
        }
        List<QuotaReport> reports = new ArrayList<>();
        String active = loaded.expanded().activeRegion();
        for (String region : loaded.result().spec().failover().allRegions().stream().map(Region::canonical).toList()) {
            if (!region.equals(active)) {
                reports.add(check(loaded.forRegion(region), live, provider, region));
            }
        }
        return reports;
    }

    /** Prints {@link #ifActive} reports: their tables and, for a shortfall, a warning with the increase to request. */
    static void printIfActive(List<QuotaReport> reports, Workspace.Loaded loaded, io.batchform.render.Style style,
                              PrintWriter out, PrintWriter err) {
        for (QuotaReport report : reports) {
            String region = report.regions().isEmpty() ? "?" : report.regions().get(0).region();
            out.println("If " + region + " became active (batchform failover plan --to " + region + "):");
            out.print(io.batchform.render.QuotaRenderer.rows(report, style));
            out.println();
            List<io.batchform.source.Diagnostic> warnings = report.diagnostics().stream()
                    .filter(io.batchform.source.Diagnostic::isError)
                    .map(d -> io.batchform.source.Diagnostic.warning(d.span(), "once " + region + " is active, "
                            + d.message() + "; raise it now, a switchover there would be refused"))
                    .toList();
            err.print(DiagnosticFormatter.formatAll(warnings, loaded.result().texts()));
        }
        out.flush();
        err.flush();
    }

    /** Prints the report's problems at their positions; true when one is an error (a shortfall). */
    static boolean printProblems(QuotaReport report, Workspace.Loaded loaded, PrintWriter err) {
        err.print(DiagnosticFormatter.formatAll(report.diagnostics(), loaded.result().texts()));
        err.flush();
        return report.hasShortfall();
    }

    static boolean hasPools(Workspace.Loaded loaded) {
        return !loaded.result().spec().pools().isEmpty();
    }
}
