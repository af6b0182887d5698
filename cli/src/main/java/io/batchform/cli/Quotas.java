package io.batchform.cli;

import io.batchform.address.ResourceType;
import io.batchform.catalog.VmSizeCatalog;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.quota.QuotaCheck;
import io.batchform.quota.QuotaReport;
import io.batchform.spec.SpecDiagnosticFormatter;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The quota check as plan, apply and quota run it: live quotas from the refresh, region limits from the provider. */
final class Quotas {
    private Quotas() {
    }

    /** Checks the spec with the accounts' live attributes as a plan refreshed them. */
    static QuotaReport fromPlan(Workspace.Loaded loaded, Plan plan, Provider provider) {
        Map<String, Attributes> live = new TreeMap<>();
        for (ResourceChange change : plan.changes()) {
            if (change.address().type() == ResourceType.BATCH_ACCOUNT && change.before() != null
                    && !change.action().isReplace()) {
                live.put(change.address().name(), change.before());
            }
        }
        return check(loaded, live, provider);
    }

    /** Checks the spec, refreshing its accounts first. */
    static QuotaReport refreshed(Workspace.Loaded loaded, Provider provider) {
        var refs = loaded.desired().resources().stream().filter(r -> r.address().type() == ResourceType.BATCH_ACCOUNT)
                .map(r -> new Provider.ResourceRef(r.address(), r.id())).toList();
        Provider.RefreshResponse response = provider.refresh(new Provider.RefreshRequest(refs));
        if (response.diagnostics().stream().anyMatch(d -> d.isError())) {
            throw new UserException("cannot read the accounts' quotas: " + response.diagnostics().get(0));
        }
        Map<String, Attributes> live = new TreeMap<>();
        response.live().forEach((address, attributes) -> live.put(address.name(), attributes));
        return check(loaded, live, provider);
    }

    private static QuotaReport check(Workspace.Loaded loaded, Map<String, Attributes> live, Provider provider) {
        Map<String, QuotaCheck.RegionQuota> regions = new TreeMap<>();
        var spec = loaded.result().spec();
        spec.batchAccounts().values().stream()
                .map(a -> (a.location() != null ? a.location() : spec.resourceGroup().location()).replace(" ", "")
                        .toLowerCase(Locale.ROOT))
                .distinct()
                .forEach(region -> provider.regionAccounts(region).ifPresent(r ->
                        regions.put(region, new QuotaCheck.RegionQuota(r.accounts(), r.quota()))));
        return QuotaCheck.check(spec, loaded.result().sources(), live, regions, VmSizeCatalog.shipped());
    }

    /** Prints the report's problems at their positions; true when one is an error (a shortfall). */
    static boolean printProblems(QuotaReport report, Workspace.Loaded loaded, PrintWriter err) {
        err.print(SpecDiagnosticFormatter.formatAll(report.diagnostics(), loaded.result().texts()));
        err.flush();
        return report.hasShortfall();
    }

    static boolean hasPools(Workspace.Loaded loaded) {
        return !loaded.result().spec().pools().isEmpty();
    }
}
