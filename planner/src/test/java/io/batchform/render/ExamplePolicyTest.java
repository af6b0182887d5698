package io.batchform.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example Rego policy and its Java reading stay one ({@link ExamplePolicy}), and the consumer loaders accept the
 * golden plans: checkov sees each planned resource, terraform-json loads them.
 */
class ExamplePolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theJavaReadingHasTheRulesOfTheRegoFile() {
        String rego = ExamplePolicy.read();
        assertThat(ExamplePolicy.rulesOf(rego)).containsExactly("changes", "deny", "deny", "deny", "deny", "warn",
                "deny");
        assertThat(rego).contains("package main", "import rego.v1", "rc.change.after.vmSize",
                "rc.action_reason != \"replace_by_request\"", "rc.change.after.minimumTlsVersion", "input.errored");
        assertThat(ExamplePolicy.allowedVmSizes()).contains("Standard_D2s_v3", "Standard_D4s_v3");
    }

    @Test
    void aReplacedPoolAndADeletedAccountAreDeniedAndAnErroredPlanToo() throws IOException {
        JsonNode replaced = JSON.readTree(PlanCase.load("update-replace-delete-drift").json());
        assertThat(ExamplePolicy.deny(replaced)).containsExactly(
                "batchAccount.main would be deleted with every pool in it",
                "pool.render would be replaced (replace_because_cannot_update)");
        JsonNode drained = JSON.readTree(PlanCase.load("drain").json());
        assertThat(ExamplePolicy.deny(drained)).isEmpty();
        JsonNode errored = JSON.readTree(PlanCase.load("protect-error").json());
        assertThat(ExamplePolicy.deny(errored)).contains("the plan has errors: batchform would not apply it");
    }

    @Test
    void checkovAndTerraformJsonLoadEveryGoldenPlan() throws IOException {
        for (String name : List.of("create", "update-replace-delete-drift", "drain", "json-replace-create",
                "protect-error", "replaced-with-account", "sas-url", "no-changes")) {
            JsonNode plan = JSON.readTree(PlanCase.load(name).json());
            assertThat(PlanConsumers.terraformJson(plan)).as(name).isEmpty();
            assertThat(PlanConsumers.checkov(plan)).as(name)
                    .hasSize(plan.path("planned_values").path("root_module").path("resources").size())
                    .allSatisfy(r -> assertThat(r.actions()).isNotEmpty());
        }
    }

    @Test
    void checkovSkipsAPlanWithoutTerraformVersionAndTerraformJsonRejectsOneWithoutFormat() throws IOException {
        JsonNode bare = JSON.readTree("{\"format_version\": \"1.2\", \"resource_changes\": []}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlanConsumers.checkov(bare))
                .hasMessageContaining("terraform_version and planned_values are required");
        assertThat(PlanConsumers.terraformJson(JSON.readTree("{}"))).contains(
                "unexpected plan input, format version is missing");
    }
}
