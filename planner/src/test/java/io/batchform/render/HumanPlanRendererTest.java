package io.batchform.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.InMemoryProviderAccess;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import io.batchform.testing.Golden;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden plans: each folder under {@code src/test/resources/golden/plan} is a case holding the planner's inputs beside
 * the human plan ({@code plan.txt}, without colour) and the JSON plan ({@code plan.json}) they must give; the README
 * there describes the files. Rewrite the outputs with
 * {@code mvn -pl planner -am test -Dtest=HumanPlanRendererTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true}
 * and review the diff like code. The other tests check what a golden alone would not make obvious.
 */
class HumanPlanRendererTest {
    static Stream<String> cases() throws IOException {
        return PlanCase.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theHumanAndJsonPlansOfEveryCaseMatchTheirGoldens(String name) {
        PlanCase golden = PlanCase.load(name);
        Golden.assertMatches(golden.directory().resolve("plan.txt"), golden.human(Style.PLAIN));
        Golden.assertMatches(golden.directory().resolve("plan.json"), golden.json());
    }

    @Test
    void theCasesAreThere() throws IOException {
        assertThat(cases()).contains("create", "update-replace-delete-drift", "formula-heredoc", "no-changes",
                "sensitive", "protect-error", "drain", "json-replace-create", "sensitive-in-lists",
                "replaced-with-account");
    }

    @Test
    void multiLineFormulasAreHeredocsChangedLineByLine() {
        String human = PlanCase.load("formula-heredoc").human(Style.PLAIN);
        assertThat(human).contains("~ autoScale.formula = <<-EOT\n",
                "            pending = $PendingTasks.GetSample(1);\n",
                "          - $TargetDedicatedNodes = min(10, pending);\n",
                "          + $TargetDedicatedNodes = min(20, pending);\n", "        EOT\n",
                "      - autoScale.formula               = <<-EOT\n", "        EOT -> null\n");
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
    void sensitiveValuesAreHidden() {
        PlanCase golden = PlanCase.load("sensitive");
        assertThat(golden.human(Style.PLAIN)).doesNotContain("secret").contains("(sensitive)");
        assertThat(golden.json()).doesNotContain("secret");
    }

    @Test
    void coloursOnlyWhenAsked() {
        Provider provider = new InMemoryProviderAccess().provider();
        Address account = Address.of(ResourceType.BATCH_ACCOUNT, "main");
        Plan plan = Planner.plan(List.of(new DesiredResource(account, "/a", Attributes.of(Map.of("name", "main")),
                Set.of(), false, Set.of())), State.empty(), provider);
        String ansi = new HumanPlanRenderer(Style.ANSI, a -> provider.schema().get(a.type())).render(plan);
        String plain = new HumanPlanRenderer(Style.PLAIN, a -> provider.schema().get(a.type())).render(plan);
        assertThat(ansi).contains("\u001b[32m+\u001b[0m");
        assertThat(plain).doesNotContain("\u001b[");
    }

    @Test
    void drainStrategyUpdatesAPoolThroughZero() {
        assertThat(PlanCase.load("drain").plan().changes().get(0).updateMode()).isEqualTo(ResourceChange.UpdateMode.DRAIN);
    }

    @Test
    void jsonPlanInTerraformsShapeWithoutSecrets() throws IOException {
        String json = PlanCase.load("json-replace-create").json();
        assertThat(json).doesNotContain("secret");
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.path("format_version").asText()).isEqualTo("1.2");
        JsonNode first = root.path("resource_changes").get(0);
        assertThat(first.path("address").asText()).isEqualTo("pool.etl");
        assertThat(first.path("change").path("actions").get(0).asText()).isEqualTo("create");
        JsonNode second = root.path("resource_changes").get(1);
        assertThat(second.path("change").path("actions").toString()).isEqualTo("[\"delete\",\"create\"]");
        assertThat(second.path("change").path("after_sensitive").path("userAccounts").path("password").asBoolean()).isTrue();
        assertThat(second.path("change").path("replace_paths").toString()).contains("account");
    }

    @Test
    void aSasTokenChangeIsPlannedWithoutPrintingTheToken() throws IOException {
        PlanCase golden = PlanCase.load("sas-url");
        assertThat(golden.plan().changes()).hasSize(1);
        assertThat(golden.human(Style.PLAIN)).doesNotContain("signature", "2027-0").contains("sig=(sensitive)");
        String json = golden.json();
        assertThat(json).doesNotContain("signature", "2027-0");
        JsonNode change = new ObjectMapper().readTree(json).path("resource_changes").get(0).path("change");
        assertThat(change.path("after_sensitive").path("startTask").path("resourceFiles").get(0).path("httpUrl")
                .asBoolean()).isTrue();
        assertThat(change.path("before_sensitive").path("startTask").path("resourceFiles").get(0).path("httpUrl")
                .asBoolean()).isTrue();
    }

    @Test
    void secretsInsideListsAreHiddenInBothForms() {
        PlanCase golden = PlanCase.load("sensitive-in-lists");
        assertThat(golden.human(Style.PLAIN)).doesNotContain("secret").contains("name = \"ops\", password = (sensitive)");
        assertThat(golden.json()).doesNotContain("secret");
    }

    @Test
    void aRefreshOnlyPlanSaysWhatTheStateWillLearnAndNeverThatTheInfrastructureMatches() {
        Address account = Address.of(ResourceType.BATCH_ACCOUNT, "main");
        Address render = Address.of(ResourceType.POOL, "render");
        Provider provider = new InMemoryProviderAccess().provider(Map.of(account, Map.of("name", "main", "location",
                "westeurope", "tags", Map.of("owner", "someone"))));
        State prior = new State(State.FORMAT_VERSION, 3, "lineage", null, List.of(
                new ResourceState(account, "/a", Attributes.of(Map.of("name", "main", "location", "westeurope")),
                        Set.of()),
                new ResourceState(render, "/a/pools/render", Attributes.of(Map.of("name", "render")), Set.of(account))));
        Plan plan = Planner.refreshOnly(prior, provider);
        String text = new HumanPlanRenderer(Style.PLAIN, a -> provider.schema().get(a.type())).render(plan);
        assertThat(text).startsWith("Objects have changed outside of batchform\n")
                .contains("  # pool.render has been deleted outside of batchform\n\n")
                .endsWith("This is a refresh-only plan: applying it (apply --refresh-only) records these changes in the "
                        + "state and changes nothing in the cloud.\n")
                .doesNotContain("No changes. Your infrastructure matches the configuration.");

        Plan quiet = Planner.refreshOnly(prior.without(render).only(a -> false), provider);
        assertThat(new HumanPlanRenderer(Style.PLAIN, a -> provider.schema().get(a.type())).render(quiet))
                .isEqualTo("No changes. The state matches what lives in the cloud.\n");
    }
}
