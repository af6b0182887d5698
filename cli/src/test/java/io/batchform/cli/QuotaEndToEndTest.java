package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.emulator.ArmEmulator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Quotas checked at plan time against the emulator's accounts, before anything is applied. */
class QuotaEndToEndTest {
    @TempDir
    Path tmp;

    private ArmEmulator emulator;

    /** The emulator each test starts, checked against Microsoft's published API and closed after the test. */
    @RegisterExtension
    final CheckedEmulators emulators = new CheckedEmulators();

    private Workdir against(ArmEmulator.Builder builder) {
        emulator = emulators.start(builder.inMemory());
        return Workdir.quickstart(tmp).against(emulator);
    }

    @Test
    void aSpecOverItsAccountsCoreQuotaIsRefusedAtPlanTimeWithTheNumbers() throws Exception {
        // The quickstart needs 2 x Standard_D2s_v3 + at most 10 x Standard_D4s_v3 = 4 + 40 = 44 dedicated cores.
        Workdir dir = against(ArmEmulator.builder().coreQuotas(20, 0, 20));
        CliRun account = dir.run("apply", "--target", "batchAccount.main", "--auto-approve");
        assertThat(account.exitCode()).as(account.out() + account.err()).isZero();

        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.out()).contains("batchAccount.main  bfquickstartdev  westeurope",
                "dedicated cores                          44       20       -24  short by 24");
        assertThat(plan.err()).contains("batchform.yaml:", "error: batchAccount.main needs 44 dedicated cores in "
                + "westeurope, and its quota is 20: raise it by 24 (quota request: Batch account bfquickstartdev, region "
                + "westeurope, dedicated cores, new limit 44)", "Nothing was saved or applied.");

        // The JSON plan says so too: a shortfall is an error, and the plan is not applyable.
        CliRun json = dir.run("plan", "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode planned = new ObjectMapper().readTree(json.out());
        assertThat(planned.path("errored").asBoolean()).isTrue();
        assertThat(planned.path("applyable").asBoolean()).isFalse();
        assertThat(planned.path("diagnostics").findValuesAsText("summary"))
                .anySatisfy(s -> assertThat(s).contains("needs 44 dedicated cores"));

        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.out()).doesNotContain("Creating...");
        assertThat(dir.run("state", "list").out()).doesNotContain("pool.");

        CliRun quota = dir.run("quota", "--json");
        assertThat(quota.exitCode()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(quota.out());
        assertThat(report.path("fits").asBoolean()).isFalse();
        JsonNode dedicated = report.path("accounts").get(0);
        assertThat(dedicated.path("needed").asLong()).isEqualTo(44);
        assertThat(dedicated.path("live").asLong()).isEqualTo(20);
        assertThat(dedicated.path("raiseBy").asLong()).isEqualTo(24);
    }

    @Test
    void theQuickstartFitsAndTheQuotaCommandSaysSo() {
        Workdir dir = against(ArmEmulator.builder());
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        CliRun quota = dir.run("quota");
        assertThat(quota.exitCode()).as(quota.err()).isZero();
        assertThat(quota.out()).contains("dedicated cores                          44      500       456",
                "pools                                     2      100        98",
                "Batch accounts in westeurope: 1 of 3");
    }

    @Test
    void tooManyAccountsInARegionAreRefusedBeforeAnyIsCreated() {
        Workdir dir = against(ArmEmulator.builder().accountsPerRegion(0));
        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).contains("the plan creates 1 Batch account in westeurope, which has 0 of its 0 already: "
                + "raise the subscription's Batch accounts quota for westeurope by 1 (quota request: all accounts in this region, "
                + "region westeurope, Batch accounts, new limit 1)");
    }
}
