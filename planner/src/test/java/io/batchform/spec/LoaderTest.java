package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Variables, environment lookups, several files, directories, the default file, and many errors in one run. */
class LoaderTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static final String POOL = """
            pools:
              p:
                account: main
                vmSize: Standard_D2s_v3
                image: {publisher: canonical, offer: ubuntu, sku: "22_04"}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                fixedScale:
                  targetDedicatedNodes: ${var.nodes}
            """;

    static Stream<Arguments> interpolation() {
        return Stream.of(
                Arguments.of("default value", "variables: {nodes: 2, env: dev}\n", Map.of(), Map.of(), "2", List.of()),
                Arguments.of("--var overrides the default", "variables: {nodes: 2}\n", Map.of("nodes", "7"), Map.of(),
                        "7", List.of()),
                Arguments.of("no default and no --var", "variables: {nodes: }\n", Map.of(), Map.of(), null,
                        List.of("spec.yaml:14:29: error: variable 'nodes' has no value: set it with --var nodes=VALUE "
                                + "or give it a default in variables:")),
                Arguments.of("undeclared variable, with a suggestion", "variables: {node: 2}\n", Map.of(), Map.of(), null,
                        List.of("spec.yaml:14:29: error: variable 'nodes' is not declared in a variables: block "
                                + "(did you mean 'node'?)")),
                Arguments.of("--var for an undeclared variable", "variables: {nodes: 2}\n", Map.of("nods", "3"), Map.of(),
                        "2", List.of("--var nods: error: variable 'nods' is not declared in a variables: block "
                                + "(did you mean 'nodes'?)")),
                Arguments.of("default from the environment", "variables: {nodes: '${env.NODES:-4}'}\n", Map.of(),
                        Map.of("NODES", "5"), "5", List.of()),
                Arguments.of("environment default used", "variables: {nodes: '${env.NODES:-4}'}\n", Map.of(), Map.of(),
                        "4", List.of()),
                Arguments.of("unset environment variable", "variables: {nodes: '${env.NODES}'}\n", Map.of(), Map.of(),
                        null, List.of("spec.yaml:6:21: error: environment variable NODES is not set (write "
                                + "${env.NODES:-default} to give a default)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("interpolation")
    void resolvesVariablesAndEnvironment(String name, String variables, Map<String, String> vars,
                                         Map<String, String> env, String nodes, List<String> expected) {
        Path file = Specs.write(dir, "spec.yaml", Specs.HEADER + variables + POOL);
        LoadResult result = SpecLoader.load(List.of(file), vars, env);
        assertThat(Specs.printed(dir, result)).containsExactlyElementsOf(expected);
        if (nodes != null) {
            assertThat(result.spec().pools().get("p").fixedScale().targetDedicatedNodes()).isEqualTo(Long.parseLong(nodes));
        }
    }

    @Test
    void interpolatesInsideStringsAndKeepsEscapes() {
        Path file = Specs.write(dir, "spec.yaml", """
                variables: {env: prod}
                resourceGroup: rg-${var.env}
                location: ${env.REGION}
                storageAccounts:
                  data:
                    tags: {owner: '${env.USER_NAME:-nobody}', literal: '$${var.env}'}
                """);
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of("REGION", "northeurope"));
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.spec().resourceGroup().name()).isEqualTo("rg-prod");
        assertThat(result.spec().resourceGroup().location()).isEqualTo("northeurope");
        assertThat(result.spec().storageAccounts().get("data").tags())
                .containsEntry("owner", "nobody").containsEntry("literal", "${var.env}");
    }

    @Test
    void theWorkspaceNameIsAvailableAsWorkspaceAlsoInVariableDefaults() {
        Path file = Specs.write(dir, "spec.yaml", """
                variables: {env: '${workspace}'}
                resourceGroup: rg-${var.env}
                location: westeurope
                storageAccounts:
                  data:
                    tags: {workspace: '${workspace}', literal: '$${workspace}'}
                """);
        LoadResult prod = SpecLoader.load(List.of(file), Map.of(), Map.of(), "prod");
        assertThat(prod.diagnostics()).isEmpty();
        assertThat(prod.spec().resourceGroup().name()).isEqualTo("rg-prod");
        assertThat(prod.spec().storageAccounts().get("data").tags())
                .containsEntry("workspace", "prod").containsEntry("literal", "${workspace}");
        assertThat(SpecLoader.load(List.of(file), Map.of(), Map.of()).spec().resourceGroup().name())
                .as("without a workspace: default").isEqualTo("rg-default");
    }

    @Test
    void aSecretFromTheEnvironmentIsNotWrittenInClear() {
        Path file = Specs.write(dir, "spec.yaml", Specs.HEADER + POOL.replace("${var.nodes}", "1")
                + "    userAccounts:\n      - {name: u, password: '${env.POOL_PASSWORD}'}\n");
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of("POOL_PASSWORD", "s3cret"));
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.spec().pools().get("p").userAccounts().get(0).password().value()).isEqualTo("s3cret");
        assertThat(result.spec().pools().get("p").toString()).doesNotContain("s3cret").contains("(sensitive)");
    }

    @Test
    void mergesSeveralFilesAndReportsResourcesDeclaredTwice() {
        Path a = Specs.write(dir, "a.yaml", Specs.HEADER + "variables: {nodes: 3}\n");
        Path b = Specs.write(dir, "b.yaml", POOL);
        LoadResult ok = SpecLoader.load(List.of(a, b), Map.of(), Map.of());
        assertThat(ok.diagnostics()).isEmpty();
        assertThat(ok.spec().pools().get("p").fixedScale().targetDedicatedNodes()).isEqualTo(3L);
        assertThat(ok.spec().batchAccounts()).containsKey("main");

        Path c = Specs.write(dir, "c.yaml", "location: northeurope\n" + POOL.replace("${var.nodes}", "1"));
        LoadResult twice = SpecLoader.load(List.of(a, b, c), Map.of(), Map.of());
        assertThat(Specs.printed(dir, twice)).containsExactly(
                "c.yaml:1:1: error: location is declared twice (first at a.yaml:2:1)",
                "c.yaml:3:3: error: pool 'p' is declared twice (first at b.yaml:2:3)");
    }

    @Test
    void loadsEveryYamlFileOfADirectoryInNameOrder() {
        Specs.write(dir, "spec/10-base.yaml", Specs.HEADER + "variables: {nodes: 2}\n");
        Specs.write(dir, "spec/20-pools.yml", POOL);
        Specs.write(dir, "spec/README.md", "not a spec");
        LoadResult result = SpecLoader.load(List.of(dir.resolve("spec")), Map.of(), Map.of());
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.texts().keySet()).containsExactlyInAnyOrder(dir.resolve("spec/10-base.yaml").toString(),
                dir.resolve("spec/20-pools.yml").toString());
        assertThat(result.spec().pools()).containsKey("p");
    }

    @Test
    void withoutPathsReadsBatchformYamlInTheCurrentDirectory() {
        // Tests run in planner/, which has no batchform.yaml.
        LoadResult result = SpecLoader.load(List.of(), Map.of(), Map.of());
        assertThat(Specs.printed(dir, result)).containsExactly(
                "batchform.yaml: error: no batchform.yaml in the current directory: pass -f FILE or -f DIRECTORY");
    }

    @Test
    void missingFilesAndEmptyDirectoriesAreReported() {
        LoadResult result = SpecLoader.load(List.of(dir.resolve("nope.yaml"), dir), Map.of(), Map.of());
        assertThat(Specs.printed(dir, result)).containsExactly(
                dir + ": error: the directory has no *.yaml or *.yml files",
                "nope.yaml: error: no such file or directory");
    }

    @Test
    void reportsEveryProblemOfTheInvalidExampleInOneRun() {
        Path example = REPOSITORY.resolve("examples/invalid/batchform.yaml");
        LoadResult result = SpecLoader.load(List.of(example), Map.of(), Map.of());
        String prefix = REPOSITORY + "/";
        assertThat(result.diagnostics().stream().map(d -> d.toString().replace(prefix, "")).toList()).containsExactly(
                "examples/invalid/batchform.yaml:17:11: error: storage account name 'Invalid_Storage' must be 3-24 "
                        + "lowercase letters and digits",
                "examples/invalid/batchform.yaml:18:5: error: unknown key 'skuu' in storageAccounts.data (did you mean 'sku'?)",
                "examples/invalid/batchform.yaml:25:24: error: subnet 'pools' (10.1.0.0/24) is outside the address "
                        + "space of virtual network 'main' (10.0.0.0/16)",
                "examples/invalid/batchform.yaml:35:13: error: unknown VM size 'Standard_D2s_v9' (did you mean "
                        + "'Standard_D2s_v3'?)",
                "examples/invalid/batchform.yaml:41:13: error: subnet 'main.pool' is not declared in this spec (did "
                        + "you mean 'main.pools'?)",
                "examples/invalid/batchform.yaml:44:31: warning: low-priority nodes were retired on 2025-09-30: a pool "
                        + "in a Batch-service account can no longer get them; use Spot nodes (targetLowPriorityNodes in "
                        + "an account with poolAllocationMode: UserSubscription) or dedicated nodes",
                "examples/invalid/batchform.yaml:46:14: error: batch account 'mian' is not declared in this spec (did "
                        + "you mean 'main'?)",
                "examples/invalid/batchform.yaml:54:27: error: evaluationInterval 1m is outside the service's range of "
                        + "5m to 168h",
                "examples/invalid/batchform.yaml:57:56: error[F001]: mismatched input ';'. Expecting: <expression>");
    }

    @Test
    void theQuickstartIsValid() {
        LoadResult result = SpecLoader.load(List.of(REPOSITORY.resolve("examples/quickstart/batchform.yaml")),
                Map.of(), Map.of());
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.spec().pools().keySet()).containsExactly("batch", "render");
        assertThat(result.spec().pools().get("batch").autoScale().formula()).contains("$TargetDedicatedNodes");
    }

    @Test
    void theBenchmarkSpecOfAThousandPoolsIsValid() {
        Path file = Specs.write(dir, "bench.yaml", io.batchform.spec.bench.SpecLoadBenchmark.spec());
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of());
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.spec().pools()).hasSize(1000);
        assertThat(result.spec().batchAccounts()).hasSize(20);
    }
}
