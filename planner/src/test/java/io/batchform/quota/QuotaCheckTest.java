package io.batchform.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.catalog.VmSizeCatalog;
import io.batchform.provider.Attributes;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quota needs computed by hand: nodes at their largest times vCPUs, by family and priority. */
class QuotaCheckTest {
    @TempDir
    Path dir;

    private static final String SPEC = """
            resourceGroup: rg
            location: westeurope
            batchAccounts:
              main:
                name: mainacct
                quotas: {dedicatedCores: 100, pools: 5}
            pools:
              fixed:
                account: main
                vmSize: Standard_D4s_v3
                image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                fixedScale: {targetDedicatedNodes: 10}
              auto:
                account: main
                vmSize: Standard_D2s_v3
                image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                autoScale:
                  formula: $TargetDedicatedNodes = min(20, $PendingTasks.GetSample(1));
              open:
                account: main
                vmSize: Standard_E2s_v3
                image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                autoScale:
                  formula: $TargetDedicatedNodes = max($PendingTasks.GetSample(1));
            """;

    private LoadResult load(String text) throws IOException {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, text);
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of());
        assertThat(result.errors()).isEmpty();
        return result;
    }

    private static long needed(QuotaReport report, String quota) {
        return report.rows().stream().filter(r -> r.quota().equals(quota)).findFirst().orElseThrow().needed();
    }

    @Test
    void fixedTargetsAndFormulaBoundsTimesVcpusByFamily() throws IOException {
        LoadResult spec = load(SPEC);
        QuotaReport report = QuotaCheck.check(spec.spec(), spec.sources(), Map.of(), Map.of(), VmSizeCatalog.shipped());
        // 10 x D4s_v3 (4 vCPUs) + 20 x D2s_v3 (2 vCPUs) = 80 cores, both in the DSv3 family; the unbounded pool is
        // left out with a warning.
        assertThat(needed(report, "dedicated cores")).isEqualTo(80);
        assertThat(needed(report, "dedicated cores, standardDSv3Family")).isEqualTo(80);
        assertThat(needed(report, "pools")).isEqualTo(3);
        assertThat(report.hasShortfall()).as("80 of 100 declared").isFalse();
        assertThat(report.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.isError()).isFalse();
            assertThat(d.message()).contains("pool.open: its formula does not bound $TargetDedicatedNodes", "maxNodes");
        });
        // Not a silent 0: the rows that leave the pool out say their need is only a lower bound, and which pool.
        QuotaReport.Row dedicated = report.rows().stream().filter(r -> r.quota().equals("dedicated cores")).findFirst()
                .orElseThrow();
        assertThat(dedicated.atLeast()).isTrue();
        assertThat(dedicated.unbounded()).containsExactly("pool.open");
        assertThat(report.rows()).filteredOn(r -> r.quota().equals("dedicated cores, standardESv3Family")).singleElement()
                .satisfies(r -> assertThat(r.needed()).isZero()).satisfies(r -> assertThat(r.atLeast()).isTrue());
        assertThat(report.unboundedPools()).containsExactly("pool.open");
        String table = io.batchform.render.QuotaRenderer.human(report, io.batchform.render.Style.PLAIN);
        assertThat(table).contains("dedicated cores                         80+      100        20",
                "dedicated cores, standardDSv3Family      80        ?         ?",
                "+ = at least: pool.open has a formula with no bound and no maxNodes");
        assertThat(io.batchform.render.QuotaRenderer.json(report)).contains("\"complete\" : false",
                "\"unboundedPools\" : [ \"pool.open\" ]", "\"atLeast\" : true");
    }

    @Test
    void maxNodesCountsAnUnboundedPoolAndTheLiveQuotaWins() throws IOException {
        LoadResult spec = load(SPEC.replace("formula: $TargetDedicatedNodes = max($PendingTasks.GetSample(1));",
                "formula: $TargetDedicatedNodes = max($PendingTasks.GetSample(1));\n    maxNodes: 8"));
        Attributes live = Attributes.of(Map.of("dedicatedCoreQuota", 90, "lowPriorityCoreQuota", 0, "poolQuota", 100,
                "dedicatedCoreQuotaPerVMFamily", Map.of("standardDSv3Family", 60, "standardESv3Family", 100)));
        QuotaReport report = QuotaCheck.check(spec.spec(), spec.sources(), Map.of("main", live),
                Map.of("westeurope", new QuotaCheck.RegionQuota(1, 3)), VmSizeCatalog.shipped());
        // 80 + 8 x E2s_v3 (2 vCPUs) = 96 dedicated cores against 90: short by 6; DSv3 80 against 60: short by 20.
        assertThat(needed(report, "dedicated cores")).isEqualTo(96);
        assertThat(report.hasShortfall()).isTrue();
        assertThat(report.diagnostics()).filteredOn(d -> d.isError()).extracting(d -> d.message()).containsExactlyInAnyOrder(
                "batchAccount.main needs 96 dedicated cores in westeurope, and its quota is 90: raise it by 6 (quota "
                        + "request: Batch account mainacct, region westeurope, dedicated cores, new limit 96)",
                "batchAccount.main needs 80 dedicated cores, standardDSv3Family in westeurope, and its quota is 60: "
                        + "raise it by 20 (quota request: Batch account mainacct, region westeurope, dedicated cores, "
                        + "standardDSv3Family, new limit 80)");
        assertThat(report.diagnostics()).filteredOn(d -> !d.isError()).extracting(d -> d.message())
                .anyMatch(m -> m.contains("the spec expects 100 dedicated cores, the account has 90"));
        assertThat(report.diagnostics().get(0).span().line()).as("at the account's name").isEqualTo(5);
    }

    @Test
    void familyQuotasCountOnlyWhenTheAccountEnforcesThemAndAnUnlistedFamilyThenHasNone() throws IOException {
        LoadResult spec = load(SPEC);
        Attributes enforced = Attributes.of(Map.of("dedicatedCoreQuota", 500, "dedicatedCoreQuotaPerVMFamilyEnforced", true,
                "dedicatedCoreQuotaPerVMFamily", Map.of("standardESv3Family", 100)));
        QuotaReport report = QuotaCheck.check(spec.spec(), spec.sources(), Map.of("main", enforced), Map.of(),
                VmSizeCatalog.shipped());
        assertThat(report.diagnostics()).filteredOn(d -> d.isError()).extracting(d -> d.message()).singleElement()
                .satisfies(m -> assertThat(m).startsWith("batchAccount.main needs 80 dedicated cores, standardDSv3Family "
                        + "in westeurope, and its quota is 0: raise it by 80"));
        Attributes notEnforced = enforced.with("dedicatedCoreQuotaPerVMFamilyEnforced", false);
        assertThat(QuotaCheck.check(spec.spec(), spec.sources(), Map.of("main", notEnforced), Map.of(),
                VmSizeCatalog.shipped()).hasShortfall()).as("only the total counts").isFalse();
    }

    @Test
    void aStatedActiveJobsQuotaIsCheckedAgainstTheAccount() throws IOException {
        LoadResult spec = load(SPEC.replace("quotas: {dedicatedCores: 100, pools: 5}",
                "quotas: {dedicatedCores: 100, pools: 5, activeJobs: 400}"));
        Attributes live = Attributes.of(Map.of("dedicatedCoreQuota", 500, "activeJobAndJobScheduleQuota", 300));
        QuotaReport report = QuotaCheck.check(spec.spec(), spec.sources(), Map.of("main", live), Map.of(),
                VmSizeCatalog.shipped());
        assertThat(report.rows()).filteredOn(r -> r.quota().equals("active jobs and job schedules")).singleElement()
                .satisfies(r -> {
                    assertThat(r.needed()).isEqualTo(400);
                    assertThat(r.live()).isEqualTo(300);
                });
        assertThat(report.diagnostics()).filteredOn(d -> d.isError()).extracting(d -> d.message()).singleElement()
                .satisfies(m -> assertThat(m).contains("needs 400 active jobs and job schedules in westeurope, and its "
                        + "quota is 300: raise it by 100"));
    }

    @Test
    void accountsPerRegionCountWhatExistsAndWhatThePlanCreates() throws IOException {
        LoadResult spec = load("""
                resourceGroup: rg
                location: westeurope
                batchAccounts:
                  one: {name: acctone}
                  two: {name: accttwo}
                """);
        QuotaReport report = QuotaCheck.check(spec.spec(), spec.sources(), Map.of(),
                Map.of("westeurope", new QuotaCheck.RegionQuota(2, 3)), VmSizeCatalog.shipped());
        assertThat(report.regions()).singleElement().satisfies(r -> {
            assertThat(r.needed()).isEqualTo(4);
            assertThat(r.isShort()).isTrue();
        });
        assertThat(report.diagnostics()).filteredOn(d -> d.isError()).singleElement().satisfies(d -> assertThat(d.message())
                .isEqualTo("the plan creates 2 Batch accounts in westeurope, which has 2 of its 3 already: raise the "
                        + "subscription's Batch accounts quota for westeurope by 1 (quota request: all accounts in this region, "
                        + "region westeurope, Batch accounts, new limit 4)"));
    }

    @Test
    void activeJobsCountTheCompiledServiceSchedules() throws IOException {
        LoadResult spec = load(SPEC + """
                jobSchedules:
                  nightly: {account: main, pool: fixed, cron: "0 2 * * 1-5", timeZone: Europe/Paris}
                  twice: {account: main, pool: fixed, cron: "30 9,17 * * *"}
                  hourly: {account: main, pool: fixed, schedule: {recurrenceInterval: 1h}}
                """);
        // Five weekly schedules, two daily ones and one in the service's own form: 8 job schedules.
        Attributes live = Attributes.of(Map.of("activeJobAndJobScheduleQuota", 7));
        QuotaReport report = QuotaCheck.check(spec.spec(), spec.sources(), Map.of("main", live), Map.of(),
                VmSizeCatalog.shipped());
        assertThat(needed(report, "active jobs and job schedules")).isEqualTo(8);
        assertThat(report.hasShortfall()).isTrue();
        assertThat(report.diagnostics()).filteredOn(d -> d.isError()).singleElement().satisfies(d -> assertThat(
                d.message()).contains("needs 8 active jobs and job schedules", "quota is 7", "raise it by 1"));
    }

    @Test
    void theWorkloadsActiveJobsAreNotTheLimitOfAnAccountStillToBeMade() throws IOException {
        LoadResult spec = load(SPEC.replace("quotas: {dedicatedCores: 100, pools: 5}",
                "quotas: {dedicatedCores: 100, pools: 5, activeJobs: 10}") + """
                jobSchedules:
                  twice: {account: main, pool: fixed, cron: "30 9,17 * * *"}
                """);
        QuotaReport report = QuotaCheck.check(spec.spec(), spec.sources(), Map.of(), Map.of(),
                VmSizeCatalog.shipped());
        assertThat(needed(report, "active jobs and job schedules")).isEqualTo(12);
        assertThat(report.hasShortfall()).as("10 is what the workload needs, not a quota").isFalse();
    }

    private static final String USER_SUBSCRIPTION = """
            resourceGroup: rg
            location: westeurope
            batchAccounts:
              byos:
                name: byosacct
                poolAllocationMode: UserSubscription
                keyVaultReference: {id: /subscriptions/s/resourceGroups/kv/providers/Microsoft.KeyVault/vaults/kv, url: "https://kv.vault.azure.net/"}
            pools:
              spot:
                account: byos
                vmSize: Standard_D4s_v3
                image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                fixedScale: {targetDedicatedNodes: 2, targetLowPriorityNodes: 10}
              memory:
                account: byos
                vmSize: Standard_E2s_v3
                image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                fixedScale: {targetDedicatedNodes: 3}
            """;

    private static QuotaReport.SubscriptionRow subscriptionRow(QuotaReport report, String usage) {
        return report.subscription().stream().filter(r -> r.usage().equals(usage)).findFirst().orElseThrow();
    }

    @Test
    void userSubscriptionPoolsDrawOnTheSubscriptionsComputeVcpusByFamilyAndSpotNotOnTheAccount() throws IOException {
        LoadResult spec = load(USER_SUBSCRIPTION);
        Map<String, QuotaCheck.ComputeLimit> limits = Map.of("cores", new QuotaCheck.ComputeLimit(40, 20),
                "STANDARDDSV3FAMILY", new QuotaCheck.ComputeLimit(10, 0),
                "standardESv3Family", new QuotaCheck.ComputeLimit(10, 0),
                "lowPriorityCores", new QuotaCheck.ComputeLimit(100, 0));
        QuotaReport report = QuotaCheck.check(List.of(new QuotaCheck.Part(spec.spec(), "",
                        Map.of("byos", Attributes.of(Map.of("poolQuota", 100L))))), spec.sources(), Map.of(),
                Map.of("westeurope", new QuotaCheck.RegionCompute(null, limits)), VmSizeCatalog.shipped());
        assertThat(report.rows()).as("the account has no core quota of its own to check").extracting(
                QuotaReport.Row::quota).containsExactly("pools");
        // 2 x D4s_v3 (4 vCPUs) + 3 x E2s_v3 (2 vCPUs) dedicated; 10 x D4s_v3 Spot.
        QuotaReport.SubscriptionRow total = subscriptionRow(report, "cores");
        assertThat(total.needed()).isEqualTo(14);
        assertThat(total.available()).as("40, less 20 used elsewhere").isEqualTo(20);
        assertThat(total.isShort()).isFalse();
        assertThat(total.accounts()).containsExactly("batchAccount.byos");
        QuotaReport.SubscriptionRow family = subscriptionRow(report, "standardDSv3Family");
        assertThat(family.needed()).isEqualTo(8);
        assertThat(family.limit()).as("families compare ignoring case").isEqualTo(10);
        assertThat(subscriptionRow(report, "standardESv3Family").needed()).isEqualTo(6);
        QuotaReport.SubscriptionRow spot = subscriptionRow(report, "lowPriorityCores");
        assertThat(spot.quota()).isEqualTo("Spot vCPUs");
        assertThat(spot.needed()).isEqualTo(40);
        assertThat(report.hasShortfall()).isFalse();

        QuotaReport tight = QuotaCheck.check(List.of(new QuotaCheck.Part(spec.spec(), "", Map.of())), spec.sources(),
                Map.of(), Map.of("westeurope", new QuotaCheck.RegionCompute(null,
                        Map.of("lowPriorityCores", new QuotaCheck.ComputeLimit(32, 4)))), VmSizeCatalog.shipped());
        assertThat(tight.hasShortfall()).isTrue();
        assertThat(subscriptionRow(tight, "cores").limit()).as("not read: unknown, not short").isNull();
        assertThat(tight.diagnostics()).filteredOn(d -> d.isError()).singleElement().satisfies(d -> assertThat(
                d.message()).isEqualTo("the pools of batchAccount.byos (UserSubscription: they draw on the "
                + "subscription's vCPUs) need 40 Spot vCPUs in westeurope, and the subscription has 28 free there "
                + "(limit 32, 4 in use elsewhere): raise it by 12 (quota request: Compute, region westeurope, "
                + "lowPriorityCores, new limit 44)"));
        assertThat(tight.diagnostics().stream().filter(d -> d.isError()).findFirst().orElseThrow().span().line())
                .as("at the account's poolAllocationMode").isEqualTo(6);
    }

    @Test
    void aPoolOfASizeItsRegionDoesNotOfferIsAWarningAtItsVmSizeThatCanBeMadeAnError() throws IOException {
        LoadResult spec = load(SPEC);
        QuotaReport report = QuotaCheck.check(List.of(new QuotaCheck.Part(spec.spec(), "", Map.of())), spec.sources(),
                Map.of(), Map.of("westeurope", new QuotaCheck.RegionCompute(java.util.Set.of("standard_d4s_v3",
                        "Standard_E2s_v3"), Map.of())), VmSizeCatalog.shipped());
        assertThat(report.notOffered()).containsExactly(new QuotaReport.NotOffered("pool.auto", "westeurope",
                "Standard_D2s_v3"));
        assertThat(report.hasShortfall()).as("a warning, not a shortfall").isFalse();
        var warning = report.diagnostics().stream().filter(d -> QuotaReport.NOT_OFFERED.equals(d.code())).findFirst()
                .orElseThrow();
        assertThat(warning.isError()).isFalse();
        assertThat(warning.span().line()).isEqualTo(16);
        assertThat(warning.message()).isEqualTo("pool.auto: Batch does not offer Standard_D2s_v3 in westeurope (it is "
                + "not among the region's supported VM sizes), so the pool cannot get nodes there: choose a size Batch "
                + "offers there (az batch location list-skus --location westeurope)");
        assertThat(report.notOfferedAsErrors().diagnostics()).filteredOn(d -> QuotaReport.NOT_OFFERED.equals(d.code()))
                .singleElement().satisfies(d -> assertThat(d.isError()).isTrue());
        assertThat(QuotaCheck.check(List.of(new QuotaCheck.Part(spec.spec(), "", Map.of())), spec.sources(), Map.of(),
                Map.of("westeurope", QuotaCheck.RegionCompute.UNKNOWN), VmSizeCatalog.shipped()).notOffered())
                .as("unknown: not checked").isEmpty();
    }
}
