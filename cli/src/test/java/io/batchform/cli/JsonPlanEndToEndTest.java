package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.render.ExamplePolicy;
import io.batchform.render.PlanConsumers;
import io.batchform.render.TerraformPlanFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON plan of the quickstart, through the real SDK to the emulator, as Terraform plan tooling reads it (checkov's
 * loader, terraform-json, the example Rego policy's rules), and {@code show} of a saved plan and of the state.
 */
class JsonPlanEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void terraformPlanToolingReadsEveryResourceOfTheQuickstartPlan() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun plan = dir.run("plan", "--json");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode root = JSON.readTree(plan.out());
        assertThat(TerraformPlanFormat.check(root)).isEmpty();
        assertThat(PlanConsumers.terraformJson(root)).isEmpty();
        List<PlanConsumers.CheckovResource> scanned = PlanConsumers.checkov(root);
        assertThat(scanned).extracting(PlanConsumers.CheckovResource::address).containsExactly("resourceGroup.main",
                "storageAccount.data", "virtualNetwork.main", "subnet.main[\"pools\"]", "batchAccount.main",
                "pool.batch", "pool.render");
        assertThat(scanned).allSatisfy(r -> assertThat(r.actions()).containsExactly("create"));
        assertThat(root.path("variables").path("env").path("value").asText()).isEqualTo("dev");
        assertThat(root.path("terraform_version").asText()).isNotEmpty();

        // A policy on a value the spec leaves out sees the service's default; the account's public access warns.
        JsonNode storage = root.path("resource_changes").get(1).path("change");
        assertThat(storage.path("after").path("minimumTlsVersion").asText()).isEqualTo("TLS1_2");
        assertThat(storage.path("after_unknown").path("id").asBoolean()).isTrue();
        assertThat(ExamplePolicy.deny(root)).isEmpty();
        assertThat(ExamplePolicy.warn(root)).containsExactly("batchAccount.main is reachable from the public network");

        // The same plan saved and shown: the same JSON, the variables kept.
        Path saved = tmp.resolve("tfplan");
        assertThat(dir.run("plan", "--out", saved.toString()).exitCode()).isZero();
        CliRun shown = dir.run("show", saved.toString(), "--json");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        JsonNode again = JSON.readTree(shown.out());
        assertThat(TerraformPlanFormat.check(again)).isEmpty();
        assertThat(again.path("resource_changes")).isEqualTo(root.path("resource_changes"));
        assertThat(again.path("planned_values")).isEqualTo(root.path("planned_values"));
        assertThat(again.path("variables")).isEqualTo(root.path("variables"));
        assertThat(dir.run("show", saved.toString()).out()).contains("+ pool.render {",
                "Plan: 7 to add, 0 to change, 0 to destroy.");
        assertThat(dir.run("show", tmp.resolve("batchform.yaml").toString()).err()).contains("not a saved plan");
        Path targeted = tmp.resolve("targeted.tfplan");
        assertThat(dir.run("plan", "--target", "pool.render", "--out", targeted.toString()).exitCode()).isZero();
        JsonNode narrowed = JSON.readTree(dir.run("show", targeted.toString(), "--json").out());
        assertThat(narrowed.path("complete").asBoolean(true)).isFalse();
        assertThat(narrowed.path("resource_changes").findValuesAsText("address")).contains("pool.render")
                .doesNotContain("pool.batch");
        assertThat(dir.run("show").out()).contains("The state is empty");
        assertThat(JSON.readTree(dir.run("show", "--json").out()).path("values").path("root_module")
                .path("resources")).isEmpty();
    }

    @Test
    void aReplacedPoolAndAForbiddenSizeAreDeniedAndTheStateShows() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();

        dir.edit("vmSize: Standard_D2s_v3", "vmSize: Standard_E4s_v3");
        dir.edit("sku: Standard_LRS", "sku: Standard_LRS\n    minimumTlsVersion: TLS1_0");
        JsonNode root = JSON.readTree(dir.run("plan", "--json").out());
        assertThat(TerraformPlanFormat.check(root)).isEmpty();
        assertThat(ExamplePolicy.deny(root)).containsExactly(
                "storageAccount.data accepts TLS1_0",
                "pool.render: VM size Standard_E4s_v3 is not allowed",
                "pool.render would be replaced (replace_because_cannot_update)");

        CliRun state = dir.run("show", "--json");
        assertThat(state.exitCode()).as(state.err()).isZero();
        JsonNode values = JSON.readTree(state.out());
        assertThat(values.path("format_version").asText()).isEqualTo("1.0");
        assertThat(values.path("values").path("root_module").path("resources")).hasSize(7);
        assertThat(dir.run("show").out()).contains("# pool.render", "# subnet.main.pools");

        String account = dir.run("state", "show", "batchAccount.main").out();
        assertThat(account).contains("dedicatedCoreQuotaPerVMFamily = {", " entries, ",
                "--full lists them").doesNotContain("dedicatedCoreQuotaPerVMFamily.standard");
        assertThat(account.lines().count()).isLessThan(40);
        assertThat(dir.run("state", "show", "batchAccount.main", "--full").out())
                .contains("dedicatedCoreQuotaPerVMFamily.standard");
        JsonNode subnet = JSON.readTree(dir.run("state", "show", "subnet.main[\"pools\"]", "--json").out());
        assertThat(subnet.path("address").asText()).isEqualTo("subnet.main[\"pools\"]");
        assertThat(subnet.path("index").asText()).isEqualTo("pools");
        assertThat(subnet.path("values").path("addressPrefix").asText()).isEqualTo("10.20.1.0/24");
    }
}
