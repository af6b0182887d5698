package io.batchform.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.InMemoryProviderAccess;
import io.batchform.plan.Move;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.source.Diagnostic;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The JSON plan against Terraform's JSON plan format ({@link TerraformPlanFormat}: every key and shape), for each kind
 * of change: create, update, replace (forced, asked for, caused by the parent), drain, delete, drift, forget, moved,
 * refresh-only, and plans with errors (a protected resource, a quota shortfall).
 */
class JsonPlanFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Address ACCOUNT = Address.of(ResourceType.BATCH_ACCOUNT, "main");
    private static final Address RENDER = Address.of(ResourceType.POOL, "render");
    private static final Address ETL = Address.of(ResourceType.POOL, "etl");

    @ParameterizedTest
    @ValueSource(strings = {"create", "update-replace-delete-drift", "drain", "json-replace-create", "protect-error",
            "replaced-with-account", "sensitive", "sensitive-in-lists", "sas-url", "formula-heredoc", "no-changes"})
    void everyGoldenCaseConformsToTheFormat(String name) throws IOException {
        assertThat(TerraformPlanFormat.check(JSON.readTree(PlanCase.load(name).json()))).isEmpty();
    }

    @Test
    void aCreateHoldsTheWholePlannedObjectWithDefaultsAndItsComputedAttributesUnknown() throws IOException {
        Address storage = Address.of(ResourceType.STORAGE_ACCOUNT, "data");
        Provider provider = new InMemoryProviderAccess().provider();
        Plan plan = Planner.plan(List.of(new DesiredResource(RENDER, "/a/pools/render", Attributes.of(Map.of("name",
                "render", "account", "/a", "vmSize", "Standard_D2s_v3")), Set.of(), false, Set.of())),
                State.empty(), provider);
        JsonNode root = render(plan, provider, null);
        JsonNode change = root.path("resource_changes").get(0);
        assertThat(change.path("change").path("actions").toString()).isEqualTo("[\"create\"]");
        assertThat(change.path("change").path("before").isNull()).isTrue();
        assertThat(change.path("change").path("before_sensitive").asBoolean(true)).isFalse();
        assertThat(change.path("change").path("after_unknown").path("id").asBoolean()).isTrue();
        assertThat(change.path("change").path("after_unknown").path("currentDedicatedNodes").asBoolean()).isTrue();
        assertThat(change.has("action_reason")).isFalse();
        JsonNode planned = root.path("planned_values").path("root_module").path("resources").get(0);
        assertThat(planned.path("values").path("vmSize").asText()).isEqualTo("Standard_D2s_v3");
        assertThat(planned.has("index")).isFalse();
        assertThat(root.has("prior_state")).isTrue();
        assertThat(root.path("errored").asBoolean()).isFalse();
        assertThat(root.path("applyable").asBoolean()).isTrue();
        assertThat(root.path("complete").asBoolean()).isTrue();
        assertThat(storage.toString()).isEqualTo("storageAccount.data");
    }

    @Test
    void serviceDefaultsFillTheBlocksASpecDeclaresAndNeverInventOne() {
        var schema = new io.batchform.provider.ResourceSchema(ResourceType.POOL, List.of(
                io.batchform.provider.AttributeSchema.updatable("startTask.maxTaskRetryCount").defaultsTo(0L),
                io.batchform.provider.AttributeSchema.updatable("autoScale.evaluationInterval").defaultsTo("PT15M"),
                io.batchform.provider.AttributeSchema.updatable("taskSlotsPerNode").defaultsTo(1L),
                io.batchform.provider.AttributeSchema.updatable("userAccounts.elevationLevel").defaultsTo("NonAdmin"),
                io.batchform.provider.AttributeSchema.computed("id")));
        PlannedObject planned = PlannedObject.created(Attributes.of(Map.of("startTask", Map.of("commandLine", "x"),
                "userAccounts", List.of(Map.of("name", "ops")))), schema);
        assertThat(planned.values()).containsEntry("taskSlotsPerNode", 1L).doesNotContainKey("autoScale");
        assertThat(planned.values().get("startTask")).isEqualTo(Map.of("commandLine", "x", "maxTaskRetryCount", 0L));
        assertThat(planned.values().get("userAccounts")).isEqualTo(List.of(Map.of("name", "ops",
                "elevationLevel", "NonAdmin")));
        assertThat(planned.unknown()).isEqualTo(Map.of("id", true));
    }

    @Test
    void anUpdateKeepsWhatLivesAndOnlyChangesWhatThePlanChanges() throws IOException {
        JsonNode root = JSON.readTree(PlanCase.load("drain").json());
        JsonNode change = root.path("resource_changes").get(0);
        assertThat(change.path("change").path("actions").toString()).isEqualTo("[\"update\"]");
        assertThat(change.path("action_reason").asText()).isEqualTo("update_by_drain");
        assertThat(change.path("change").path("after").path("vmSize").asText()).isEqualTo("Standard_D4s_v3");
        assertThat(change.path("change").path("after").path("account").asText()).isEqualTo("/a");
        assertThat(change.path("change").has("replace_paths")).isFalse();
    }

    @Test
    void replacementsAndDeletesSayWhy() throws IOException {
        JsonNode root = JSON.readTree(PlanCase.load("update-replace-delete-drift").json());
        JsonNode account = change(root, "batchAccount.main");
        assertThat(account.path("change").path("actions").toString()).isEqualTo("[\"delete\",\"create\"]");
        assertThat(account.path("action_reason").asText()).isEqualTo("replace_because_cannot_update");
        assertThat(account.path("change").path("replace_paths").toString()).isEqualTo("[[\"location\"]]");
        JsonNode etl = change(root, "pool.etl");
        assertThat(etl.path("action_reason").asText()).isEqualTo("delete_because_no_resource_config");
        assertThat(etl.path("change").path("after").isNull()).isTrue();
        assertThat(etl.path("change").path("after_sensitive").asBoolean(true)).isFalse();
        JsonNode replaced = JSON.readTree(PlanCase.load("replaced-with-account").json());
        assertThat(replaced.path("resource_changes").findValuesAsText("action_reason")).contains("replace_by_triggers");
    }

    @Test
    void driftIsAFullChangeFromWhatWasRecordedToWhatLives() throws IOException {
        JsonNode root = JSON.readTree(PlanCase.load("update-replace-delete-drift").json());
        JsonNode drift = root.path("resource_drift").get(0);
        assertThat(drift.path("address").asText()).isEqualTo("pool.render");
        assertThat(drift.path("change").path("actions").toString()).isEqualTo("[\"update\"]");
        assertThat(drift.path("change").path("before").path("fixedScale").path("targetDedicatedNodes").asInt()).isEqualTo(2);
        assertThat(drift.path("change").path("after").path("fixedScale").path("targetDedicatedNodes").asInt()).isEqualTo(5);
        assertThat(drift.path("change").path("after").path("vmSize").asText()).isEqualTo("Standard_D2s_v3");
        assertThat(root.path("relevant_attributes").toString())
                .isEqualTo("[{\"resource\":\"pool.render\",\"attribute\":[\"fixedScale\",\"targetDedicatedNodes\"]}]");
    }

    @Test
    void aResourceGoneFromTheCloudAndTheSpecIsForgottenAndReportedAsDeletedOutside() throws IOException {
        Provider provider = new InMemoryProviderAccess().provider();
        State prior = new State(State.FORMAT_VERSION, 4, "lineage", null, List.of(new ResourceState(ETL, "/a/pools/etl",
                Attributes.of(Map.of("name", "etl", "vmSize", "Standard_D2s_v3")), Set.of())));
        Plan plan = Planner.plan(List.of(), prior, provider);
        JsonNode root = render(plan, provider, prior);
        assertThat(TerraformPlanFormat.check(root)).isEmpty();
        JsonNode forget = root.path("resource_changes").get(0);
        assertThat(forget.path("change").path("actions").toString()).isEqualTo("[\"forget\"]");
        assertThat(forget.path("change").path("before").path("vmSize").asText()).isEqualTo("Standard_D2s_v3");
        assertThat(forget.path("change").path("after").isNull()).isTrue();
        JsonNode drift = root.path("resource_drift").get(0);
        assertThat(drift.path("change").path("actions").toString()).isEqualTo("[\"delete\"]");
        assertThat(root.path("planned_values").path("root_module").path("resources")).isEmpty();
        assertThat(root.path("prior_state").path("values").path("root_module").path("resources")).isEmpty();
    }

    @Test
    void aReplacementAskedForAndAMoveAreShown() throws IOException {
        Provider provider = new InMemoryProviderAccess().provider(Map.of(RENDER, Map.of("name", "render", "account",
                "/a", "vmSize", "Standard_D2s_v3")));
        Address old = Address.of(ResourceType.POOL, "old");
        State prior = new State(State.FORMAT_VERSION, 2, "lineage", null, List.of(new ResourceState(old,
                "/a/pools/render", Attributes.of(Map.of("name", "render", "account", "/a", "vmSize",
                "Standard_D2s_v3")), Set.of())));
        Plan plan = Planner.plan(List.of(new DesiredResource(RENDER, "/a/pools/render", Attributes.of(Map.of("name",
                "render", "account", "/a", "vmSize", "Standard_D2s_v3")), Set.of(), false, Set.of())), prior, provider,
                Set.of(RENDER), List.of(new Move(old, RENDER)));
        JsonNode root = render(plan, provider, prior);
        assertThat(TerraformPlanFormat.check(root)).isEmpty();
        JsonNode change = root.path("resource_changes").get(0);
        assertThat(change.path("previous_address").asText()).isEqualTo("pool.old");
        assertThat(change.path("action_reason").asText()).isEqualTo("replace_by_request");
        assertThat(change.path("change").has("replace_paths")).isFalse();
    }

    @Test
    void twoNameAddressesMapToNameAndIndexAndNeverCollide() throws IOException {
        Provider provider = new InMemoryProviderAccess().provider();
        List<DesiredResource> desired = new ArrayList<>();
        for (String[] names : new String[][] {{"main", "pools"}, {"other", "pools"}, {"main", "nodes"}}) {
            Address subnet = Address.of(ResourceType.SUBNET, names);
            desired.add(new DesiredResource(subnet, "/v/" + names[0] + "/subnets/" + names[1],
                    Attributes.of(Map.of("name", names[1], "addressPrefix", "10.0.0.0/24")), Set.of(), false, Set.of()));
        }
        JsonNode root = render(Planner.plan(desired, State.empty(), provider), provider, null);
        assertThat(TerraformPlanFormat.check(root)).isEmpty();
        assertThat(root.path("resource_changes").findValuesAsText("address"))
                .containsExactly("subnet.main[\"nodes\"]", "subnet.main[\"pools\"]", "subnet.other[\"pools\"]");
        JsonNode first = root.path("resource_changes").get(0);
        assertThat(first.path("name").asText()).isEqualTo("main");
        assertThat(first.path("index").asText()).isEqualTo("nodes");
        assertThat(Address.parse(first.path("address").asText())).isEqualTo(Address.of(ResourceType.SUBNET, "main", "nodes"));
        JsonNode blocks = root.path("configuration").path("root_module").path("resources");
        assertThat(blocks.findValuesAsText("address")).containsExactly("subnet.main", "subnet.other");
        assertThat(blocks.get(0).path("for_each_expression").path("constant_value").fieldNames())
                .toIterable().containsExactly("nodes", "pools");
    }

    @Test
    void everyErrorMakesThePlanErroredAndNotApplyable() throws IOException {
        JsonNode protectedPlan = JSON.readTree(PlanCase.load("protect-error").json());
        assertThat(protectedPlan.path("errored").asBoolean()).isTrue();
        assertThat(protectedPlan.path("applyable").asBoolean()).isFalse();
        assertThat(protectedPlan.path("complete").asBoolean()).isFalse();

        PlanCase create = PlanCase.load("create");
        Plan short_ = create.plan().withDiagnostics(List.of(Diagnostic.error(ACCOUNT, "QuotaShort",
                "needs 64 dedicated cores, the quota is 20")));
        JsonNode quota = JSON.readTree(new JsonPlanRenderer(a -> create.provider().schema().get(a.type()))
                .render(short_));
        assertThat(TerraformPlanFormat.check(quota)).isEmpty();
        assertThat(quota.path("errored").asBoolean()).isTrue();
        assertThat(quota.path("applyable").asBoolean()).isFalse();
        assertThat(quota.path("diagnostics").get(0).path("code").asText()).isEqualTo("QuotaShort");
    }

    @Test
    void aRefreshOnlyPlanWithDriftIsApplyableAndATargetedPlanIsIncomplete() throws IOException {
        Provider provider = new InMemoryProviderAccess().provider(Map.of(ACCOUNT, Map.of("name", "main", "location",
                "westeurope", "tags", Map.of("owner", "someone"))));
        State prior = new State(State.FORMAT_VERSION, 3, "lineage", null, List.of(new ResourceState(ACCOUNT, "/a",
                Attributes.of(Map.of("name", "main", "location", "westeurope")), Set.of())));
        Plan plan = Planner.refreshOnly(prior, provider);
        JsonNode root = JSON.readTree(new JsonPlanRenderer(a -> provider.schema().get(a.type())).render(plan,
                new JsonPlanRenderer.Context("1.2.3", Map.of(), prior, true)));
        assertThat(TerraformPlanFormat.check(root)).isEmpty();
        assertThat(root.path("applyable").asBoolean()).isTrue();
        assertThat(root.path("complete").asBoolean()).isFalse();
        assertThat(root.path("terraform_version").asText()).isEqualTo("1.2.3");
        assertThat(root.path("resource_drift").get(0).path("change").path("after").path("tags").path("owner").asText())
                .isEqualTo("someone");
        assertThat(root.path("resource_changes").get(0).path("change").path("actions").toString())
                .isEqualTo("[\"no-op\"]");
    }

    @Test
    void aVariableThatCarriesASecretIsWrittenWithoutItsValue() throws IOException {
        Provider provider = new InMemoryProviderAccess().provider();
        Plan plan = Planner.plan(List.of(new DesiredResource(RENDER, "/a/pools/render", Attributes.of(Map.of("name",
                "render", "account", "/a", "userAccounts", Map.of("password", "hunter2-secret"))), Set.of(), false,
                Set.of())), State.empty(), provider);
        JsonPlanRenderer renderer = new JsonPlanRenderer(a -> provider.schema().get(a.type()));
        String json = renderer.render(plan, new JsonPlanRenderer.Context("1.0.0", Map.of("env", "dev", "password",
                "hunter2-secret", "prefix", "hunter", "nodes", "ret"), null, false));
        assertThat(json).doesNotContain("hunter");
        JsonNode variables = JSON.readTree(json).path("variables");
        assertThat(variables.path("env").path("value").asText()).isEqualTo("dev");
        assertThat(variables.path("nodes").path("value").asText()).isEqualTo("ret"); // in the password, too short to count
        assertThat(variables.path("prefix").path("sensitive").asBoolean()).isTrue(); // a part of the password
        assertThat(variables.path("password").has("value")).isFalse();
        assertThat(variables.path("password").path("sensitive").asBoolean()).isTrue();
        assertThat(renderer.shownVariables(plan, Map.of("env", "dev", "password", "hunter2-secret")))
                .isEqualTo(Map.of("env", "dev"));
    }

    private static JsonNode render(Plan plan, Provider provider, State prior) throws IOException {
        return JSON.readTree(new JsonPlanRenderer(a -> provider.schema().get(a.type())).render(plan,
                new JsonPlanRenderer.Context("0.1.0", Map.of(), prior, false)));
    }

    private static JsonNode change(JsonNode root, String address) {
        for (JsonNode change : root.path("resource_changes")) {
            if (change.path("address").asText().equals(address)) {
                return change;
            }
        }
        throw new AssertionError("no change for " + address);
    }
}
