package io.batchform.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Golden files for the human plan, one per case, rendered without colour. Rewrite them with
 * {@code mvn -pl planner test -Dtest=HumanPlanRendererTest -Dgolden.update=true} and review the diff like code.
 */
class HumanPlanRendererTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/plan");
    private static final Address ACCOUNT = Address.of(ResourceType.BATCH_ACCOUNT, "main");
    private static final Address RENDER = Address.of(ResourceType.POOL, "render");
    private static final Address ETL = Address.of(ResourceType.POOL, "etl");

    private final io.batchform.plan.InMemoryProviderAccess memory = new io.batchform.plan.InMemoryProviderAccess();

    private String render(Plan plan, Provider provider, Style style) {
        return new HumanPlanRenderer(style, a -> provider.schema().get(a.type())).render(plan);
    }

    private void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name + ".txt");
        if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(file));
    }

    /** The human plan in {@code name.txt} and the JSON plan in {@code name.json}. */
    private void assertGoldens(String name, Plan plan, Provider provider) throws IOException {
        assertGolden(name, render(plan, provider, Style.PLAIN));
        String json = new JsonPlanRenderer(a -> provider.schema().get(a.type())).render(plan)
                .replace(plan.lineage(), "LINEAGE");
        Path file = GOLDEN.resolve(name + ".json");
        if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
            Files.writeString(file, json);
        }
        assertThat(json).isEqualTo(Files.readString(file));
    }

    private static DesiredResource pool(Address address, Map<String, Object> config, boolean protect) {
        return new DesiredResource(address, "/a/pools/" + address.name(), Attributes.of(config), Set.of(ACCOUNT),
                protect, Set.of());
    }

    @Test
    void create() throws IOException {
        Provider provider = memory.provider();
        Plan plan = Planner.plan(List.of(new DesiredResource(ACCOUNT, "/a", Attributes.of(Map.of("name", "main",
                        "location", "westeurope", "tags", Map.of("env", "dev"))), Set.of(), false, Set.of()),
                pool(RENDER, Map.of("name", "render", "account", "/a", "vmSize", "Standard_D2s_v3",
                        "autoScale", Map.of("formula", "$TargetDedicatedNodes = 2", "evaluationInterval", "PT5M")), false)),
                State.empty(), provider);
        assertGoldens("create", plan, provider);
    }

    @Test
    void updateReplaceDeleteAndDrift() throws IOException {
        Provider provider = memory.provider(
                Map.of(ACCOUNT, Map.of("name", "main", "location", "northeurope"),
                        RENDER, Map.of("name", "render", "account", "/a", "vmSize", "Standard_D2s_v3",
                                "fixedScale", Map.of("targetDedicatedNodes", 5), "metadata", Map.of("team", "vfx")),
                        ETL, Map.of("name", "etl", "account", "/a", "vmSize", "Standard_D2s_v3")));
        State prior = State.empty()
                .with(new ResourceState(ACCOUNT, "/a", Attributes.of(Map.of("name", "main", "location", "northeurope")), Set.of()))
                .with(new ResourceState(RENDER, "/a/pools/render", Attributes.of(Map.of("name", "render", "account", "/a",
                        "vmSize", "Standard_D2s_v3", "fixedScale", Map.of("targetDedicatedNodes", 2),
                        "metadata", Map.of("team", "vfx"))), Set.of(ACCOUNT)))
                .with(new ResourceState(ETL, "/a/pools/etl", Attributes.of(Map.of("name", "etl")), Set.of(ACCOUNT)));
        Plan plan = Planner.plan(List.of(
                new DesiredResource(ACCOUNT, "/a", Attributes.of(Map.of("name", "main", "location", "westeurope")),
                        Set.of(), false, Set.of()),
                pool(RENDER, Map.of("name", "render", "account", "/a", "vmSize", "Standard_D4s_v3",
                        "fixedScale", Map.of("targetDedicatedNodes", 3)), false)), prior, provider);
        assertGoldens("update-replace-delete-drift", plan, provider);
    }

    @Test
    void multiLineFormulasAreHeredocsChangedLineByLine() throws IOException {
        String before = "pending = $PendingTasks.GetSample(1);\n$TargetDedicatedNodes = min(10, pending);\n"
                + "$NodeDeallocationOption = taskcompletion;\n";
        String after = "pending = $PendingTasks.GetSample(1);\n$TargetDedicatedNodes = min(20, pending);\n"
                + "$NodeDeallocationOption = taskcompletion;\n";
        Address batch = Address.of(ResourceType.POOL, "batch");
        Provider provider = memory.provider(Map.of(RENDER, Map.of("name", "render", "account", "/a",
                "vmSize", "Standard_D2s_v3", "autoScale", Map.of("formula", before, "evaluationInterval", "PT5M")),
                batch, Map.of("name", "batch", "account", "/a", "vmSize", "Standard_D2s_v3",
                        "autoScale", Map.of("formula", before, "evaluationInterval", "PT5M"))));
        Plan plan = Planner.plan(List.of(
                pool(RENDER, Map.of("name", "render", "account", "/a", "vmSize", "Standard_D2s_v3",
                        "autoScale", Map.of("formula", after, "evaluationInterval", "PT5M")), false),
                pool(batch, Map.of("name", "batch", "account", "/a", "vmSize", "Standard_D2s_v3",
                        "fixedScale", Map.of("targetDedicatedNodes", 0)), false),
                pool(ETL, Map.of("name", "etl", "account", "/a", "vmSize", "Standard_D2s_v3",
                        "autoScale", Map.of("formula", before, "evaluationInterval", "PT5M")), false)),
                State.empty(), provider);
        String human = render(plan, provider, Style.PLAIN);
        assertThat(human).contains("~ autoScale.formula = <<-EOT\n",
                "            pending = $PendingTasks.GetSample(1);\n",
                "          - $TargetDedicatedNodes = min(10, pending);\n",
                "          + $TargetDedicatedNodes = min(20, pending);\n", "        EOT\n",
                "      - autoScale.formula               = <<-EOT\n", "        EOT -> null\n");
        assertGoldens("formula-heredoc", plan, provider);
    }

    @Test
    void heredocLinesFollowTheLongestCommonSubsequence() {
        assertThat(HumanPlanRenderer.heredoc("a\nb\nc\n", "a\nx\nc\nd\n")).containsExactly(" a", "-b", "+x", " c", "+d");
        assertThat(HumanPlanRenderer.heredoc("a\nb\n", "b\n")).containsExactly("-a", " b");
        assertThat(HumanPlanRenderer.heredoc(null, "a\nb")).containsExactly(" a", " b");
        assertThat(HumanPlanRenderer.heredoc("one line", "one line\ntwo lines\n")).containsExactly(" one line", "+two lines");
        assertThat(HumanPlanRenderer.heredoc("a\nb\n", "")).containsExactly("-a", "-b");
    }

    @Test
    void noChanges() throws IOException {
        Provider provider = memory.provider(Map.of(ACCOUNT, Map.of("name", "main", "location", "West Europe")));
        Plan plan = Planner.plan(List.of(new DesiredResource(ACCOUNT, "/a", Attributes.of(Map.of("name", "main",
                "location", "westeurope")), Set.of(), false, Set.of())), State.empty(), provider);
        assertGoldens("no-changes", plan, provider);
    }

    @Test
    void sensitiveValuesAreHidden() throws IOException {
        Provider provider = memory.provider(Map.of(RENDER, Map.of("name", "render", "account", "/a",
                "vmSize", "Standard_D2s_v3", "userAccounts", Map.of("password", "old-secret"))));
        Plan plan = Planner.plan(List.of(pool(RENDER, Map.of("name", "render", "account", "/a", "vmSize",
                "Standard_D2s_v3", "userAccounts", Map.of("password", "new-secret")), false),
                pool(ETL, Map.of("name", "etl", "account", "/a", "vmSize", "Standard_D2s_v3",
                        "userAccounts", Map.of("password", "etl-secret")), false)), State.empty(), provider);
        String rendered = render(plan, provider, Style.PLAIN);
        assertThat(rendered).doesNotContain("secret").contains("(sensitive)");
        assertGoldens("sensitive", plan, provider);
    }

    @Test
    void protectedReplacementIsAnError() throws IOException {
        Provider provider = memory.provider(Map.of(RENDER, Map.of("name", "render", "account", "/old",
                "vmSize", "Standard_D2s_v3")));
        Plan plan = Planner.plan(List.of(pool(RENDER, Map.of("name", "render", "account", "/a",
                "vmSize", "Standard_D2s_v3"), true)), State.empty(), provider);
        assertGoldens("protect-error", plan, provider);
    }

    @Test
    void coloursOnlyWhenAsked() {
        Provider provider = memory.provider();
        Plan plan = Planner.plan(List.of(new DesiredResource(ACCOUNT, "/a", Attributes.of(Map.of("name", "main")),
                Set.of(), false, Set.of())), State.empty(), provider);
        assertThat(render(plan, provider, Style.ANSI)).contains("\u001b[32m+\u001b[0m");
        assertThat(render(plan, provider, Style.PLAIN)).doesNotContain("\u001b[");
    }

    @Test
    void drainStrategyUpdatesAPoolThroughZero() throws IOException {
        Provider provider = memory.provider(Map.of(RENDER, Map.of("name", "render", "account", "/a",
                "vmSize", "Standard_D2s_v3")));
        Plan plan = Planner.plan(List.of(new DesiredResource(RENDER, "/a/pools/render", Attributes.of(Map.of(
                "name", "render", "account", "/a", "vmSize", "Standard_D4s_v3")), Set.of(ACCOUNT), false, Set.of(),
                DesiredResource.UpdateStrategy.DRAIN)), State.empty(), provider);
        assertThat(plan.changes().get(0).updateMode()).isEqualTo(io.batchform.plan.ResourceChange.UpdateMode.DRAIN);
        assertGoldens("drain", plan, provider);
    }

    @Test
    void jsonPlanInTerraformsShapeWithoutSecrets() throws IOException {
        Provider provider = memory.provider(Map.of(RENDER, Map.of("name", "render", "account", "/old",
                "vmSize", "Standard_D2s_v3", "userAccounts", Map.of("password", "old-secret"))));
        Plan plan = Planner.plan(List.of(pool(RENDER, Map.of("name", "render", "account", "/a",
                "vmSize", "Standard_D2s_v3", "userAccounts", Map.of("password", "new-secret")), false),
                pool(ETL, Map.of("name", "etl", "account", "/a", "vmSize", "Standard_D2s_v3"), false)),
                State.empty(), provider);
        String json = new JsonPlanRenderer(a -> provider.schema().get(a.type())).render(plan);
        assertThat(json).doesNotContain("secret");
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(root.path("format_version").asText()).isEqualTo("1.2");
        var first = root.path("resource_changes").get(0);
        assertThat(first.path("address").asText()).isEqualTo("pool.etl");
        assertThat(first.path("change").path("actions").get(0).asText()).isEqualTo("create");
        var second = root.path("resource_changes").get(1);
        assertThat(second.path("change").path("actions").toString()).isEqualTo("[\"delete\",\"create\"]");
        assertThat(second.path("change").path("after_sensitive").path("userAccounts").path("password").asBoolean()).isTrue();
        assertThat(second.path("change").path("replace_paths").toString()).contains("account");
        assertGolden("json-replace-create", json.replace("\"" + plan.lineage() + "\"", "\"<lineage>\""));
    }

    @Test
    void secretsInsideListsAreHiddenInBothForms() throws IOException {
        Provider provider = memory.provider(Map.of(RENDER, Map.of("name", "render", "account", "/a",
                "vmSize", "Standard_D2s_v3", "userAccounts", List.of(Map.of("name", "ops", "password", "old-secret")))));
        Plan plan = Planner.plan(List.of(pool(RENDER, Map.of("name", "render", "account", "/a", "vmSize",
                "Standard_D2s_v3", "userAccounts", List.of(Map.of("name", "ops", "password", "new-secret"),
                        Map.of("name", "render", "password", "other-secret"))), false)), State.empty(), provider);
        String human = render(plan, provider, Style.PLAIN);
        assertThat(human).doesNotContain("secret").contains("name = \"ops\", password = (sensitive)");
        assertThat(new JsonPlanRenderer(a -> provider.schema().get(a.type())).render(plan)).doesNotContain("secret");
        assertGoldens("sensitive-in-lists", plan, provider);
    }

    @Test
    void aPoolInAReplacedAccountIsReplacedWithIt() throws IOException {
        Provider provider = memory.provider(Map.of(ACCOUNT, Map.of("name", "main", "location", "northeurope"),
                RENDER, Map.of("name", "render", "account", "/a", "vmSize", "Standard_D2s_v3")));
        Plan plan = Planner.plan(List.of(new DesiredResource(ACCOUNT, "/a", Attributes.of(Map.of("name", "main",
                        "location", "westeurope")), Set.of(), false, Set.of()),
                pool(RENDER, Map.of("name", "render", "account", "/a", "vmSize", "Standard_D2s_v3"), false)),
                State.empty(), provider);
        assertGoldens("replaced-with-account", plan, provider);
    }

    @Test
    void aRefreshOnlyPlanSaysWhatTheStateWillLearnAndNeverThatTheInfrastructureMatches() {
        Provider provider = memory.provider(Map.of(ACCOUNT, Map.of("name", "main", "location", "westeurope",
                "tags", Map.of("owner", "someone"))));
        State prior = new State(State.FORMAT_VERSION, 3, "lineage", null, List.of(
                new ResourceState(ACCOUNT, "/a", Attributes.of(Map.of("name", "main", "location", "westeurope")),
                        Set.of()),
                new ResourceState(RENDER, "/a/pools/render", Attributes.of(Map.of("name", "render")), Set.of(ACCOUNT))));
        Plan plan = Planner.refreshOnly(prior, provider);
        String text = render(plan, provider, Style.PLAIN);
        assertThat(text).startsWith("Objects have changed outside of batchform\n")
                .contains("  # pool.render has been deleted outside of batchform\n\n")
                .endsWith("This is a refresh-only plan: applying it (apply --refresh-only) records these changes in the "
                        + "state and changes nothing in the cloud.\n")
                .doesNotContain("No changes. Your infrastructure matches the configuration.");

        Plan quiet = Planner.refreshOnly(prior.without(RENDER).only(a -> false), provider);
        assertThat(render(quiet, provider, Style.PLAIN)).isEqualTo("No changes. The state matches what lives in the cloud.\n");
    }
}
