package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import io.batchform.spec.schema.Shape;
import io.batchform.spec.schema.SpecSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The JSON Schema says what the loader accepts: every example spec (and every valid spec of the loader tests)
 * validates against it, and specs the loader refuses for their shape fail it too. The committed
 * {@code batchform.schema.json} is the generated schema.
 */
class SchemaTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadSchema() {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(
                io.batchform.spec.schema.JsonSchema.text());
    }

    private static Set<ValidationMessage> validate(String yaml) {
        Object value = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        JsonNode node = JSON.valueToTree(value == null ? Map.of() : value);
        return schema.validate(node);
    }

    @Test
    void theCommittedSchemaFileIsTheGeneratedSchema() throws IOException {
        assertThat(Files.readString(REPOSITORY.resolve("batchform.schema.json")))
                .isEqualTo(io.batchform.spec.schema.JsonSchema.text());
    }

    @Test
    void theSchemaIsADraft07SchemaThatForbidsUnknownKeys() throws IOException {
        JsonNode root = JSON.readTree(io.batchform.spec.schema.JsonSchema.text());
        assertThat(root.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
        assertThat(root.path("additionalProperties").asBoolean(true)).isFalse();
        JsonNode pool = root.path("properties").path("pools").path("additionalProperties");
        assertThat(pool.path("required").toString()).isEqualTo("[\"account\",\"vmSize\",\"image\",\"nodeAgentSkuId\"]");
        assertThat(pool.path("properties").path("poolAllocationMode").isMissingNode()).isTrue();
        assertThat(root.path("properties").path("batchAccounts").path("additionalProperties").path("properties")
                .path("poolAllocationMode").path("anyOf").path(0).path("enum").toString())
                .isEqualTo("[\"BatchService\",\"UserSubscription\"]");
    }

    @Test
    void everyExampleSpecValidatesAgainstTheSchema() throws IOException {
        try (Stream<Path> files = Files.walk(REPOSITORY.resolve("examples"))) {
            List<Path> specs = files.filter(p -> p.toString().endsWith(".yaml")).filter(SchemaTest::declaresTheSchema)
                    .filter(p -> !p.toString().contains("invalid")).toList();
            assertThat(specs).isNotEmpty();
            // The spec files of one directory make one spec, as `-f DIR` reads them (the quickstart and its
            // nightly.yaml): their sections together must be valid, and load together.
            Map<Path, List<Path>> byDirectory = new java.util.TreeMap<>(specs.stream().collect(
                    java.util.stream.Collectors.groupingBy(Path::getParent)));
            for (List<Path> together : byDirectory.values()) {
                Map<String, Object> merged = new java.util.LinkedHashMap<>();
                for (Path spec : together) {
                    Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(spec));
                    if (tree instanceof Map<?, ?> sections) {
                        sections.forEach((key, value) -> merged.put(String.valueOf(key), value));
                    }
                }
                assertThat(schema.validate(JSON.valueToTree(merged))).as(together.toString()).isEmpty();
                assertThat(SpecLoader.load(together, Map.of(), Map.of()).hasErrors()).as(together.toString()).isFalse();
            }
        }
    }

    /** Spec examples name the schema on their first line (other YAML under examples/ is formula context). */
    private static boolean declaresTheSchema(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("")
                    .equals("# yaml-language-server: $schema=../../batchform.schema.json");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theInvalidExampleIsStructurallyInvalidForTheSchemaToo() throws IOException {
        Set<ValidationMessage> messages = validate(Files.readString(REPOSITORY.resolve("examples/invalid/batchform.yaml")));
        assertThat(messages).extracting(ValidationMessage::getMessage).anyMatch(m -> m.contains("skuu"));
    }

    @Test
    void aSpecUsingEveryKeyLoadsAndValidates() {
        String spec = Specs.HEADER.replace("    name: mainacct\n", """
                    name: mainacct
                    poolAllocationMode: BatchService
                    autoStorage: {storageAccount: data, authenticationMode: StorageKeys}
                    publicNetworkAccess: Enabled
                    identity: {type: SystemAssigned}
                    allowedAuthenticationModes: [SharedKey, AAD]
                    tags: {team: render}
                    quotas: {dedicatedCores: 100, lowPriorityCores: 0, vmFamilyCores: {standardDSv3Family: 64}, pools: 10, activeJobs: 50}
                    protect: true
                """) + """
                subscription: 11111111-2222-3333-4444-555555555555
                variables: {env: dev, size: }
                storageAccounts:
                  data: {name: dataacct, location: westeurope, sku: Standard_GRS, kind: StorageV2, accessTier: Cool,
                         allowBlobPublicAccess: false, minimumTlsVersion: TLS1_2, tags: {a: 1}, ignoreChanges: [tags]}
                virtualNetworks:
                  net:
                    addressSpace: [10.0.0.0/16]
                    subnets:
                      pools: {addressPrefix: 10.0.1.0/24, serviceEndpoints: [Microsoft.Storage]}
                pools:
                  p:
                    account: main
                    displayName: Render pool
                    vmSize: standard_d2s_v3
                    image: {publisher: canonical, offer: ubuntu, sku: "22_04", version: latest}
                    nodeAgentSkuId: batch.node.ubuntu 22.04
                    autoScale: {formula: "$TargetDedicatedNodes = 1;", evaluationInterval: PT15M}
                    taskSlotsPerNode: 2
                    taskSchedulingPolicy: {nodeFillType: Pack}
                    subnet: net.pools
                    publicIPAddressConfiguration: {provision: BatchManaged}
                    interNodeCommunication: Disabled
                    startTask:
                      commandLine: /bin/true
                      resourceFiles: [{httpUrl: "https://example.com/a.sh", filePath: a.sh, fileMode: "0755"},
                                      {autoStorageContainerName: inputs}]
                      environment: {MODE: fast, THREADS: 4}
                      userIdentity: {autoUser: {scope: Pool, elevationLevel: Admin}}
                      maxTaskRetryCount: 2
                      waitForSuccess: true
                    containerConfiguration:
                      type: DockerCompatible
                      containerImageNames: [ubuntu:22.04]
                      containerRegistries: [{registryServer: r.azurecr.io, username: u, password: "${env.REGISTRY_PASSWORD}"}]
                    applicationPackages: [{application: tool, version: "1.0"}]
                    userAccounts: [{name: worker, password: "${env.WORKER_PASSWORD}", elevationLevel: NonAdmin,
                                    linuxUserConfiguration: {uid: 1001, gid: 1001}}]
                    mountConfiguration:
                      - nfs: {source: "10.0.0.4:/data", relativeMountPath: data}
                      - azureFileShare: {accountName: dataacct, azureFileUrl: "https://dataacct.file.core.windows.net/s",
                                         accountKey: "${env.SHARE_KEY}", relativeMountPath: share}
                    metadata: {purpose: render}
                    maxNodes: 10
                    updateStrategy: drain
                    dependsOn: [storageAccount.data]
                applications:
                  tool:
                    account: main
                    displayName: Tool
                    allowUpdates: true
                    defaultVersion: "1.0"
                    packages:
                      "1.0": {file: tool-1.0.zip}
                """;
        Specs.write(dir, "tool-1.0.zip", "PK");
        Map<String, String> env = Map.of("REGISTRY_PASSWORD", "r", "WORKER_PASSWORD", "w", "SHARE_KEY", "k");
        LoadResult result = SpecLoader.load(List.of(Specs.write(dir, "spec.yaml", spec)), Map.of(), env);
        assertThat(Specs.printed(dir, result)).isEmpty();
        assertThat(validate(spec)).isEmpty();
    }

    static Stream<Arguments> structurallyInvalid() {
        return Stream.of(
                Arguments.of("unknown key", "pools: {p: {vmSzie: x}}\n"),
                Arguments.of("wrong type", "location: {a: 1}\n"),
                Arguments.of("value outside a fixed set", "batchAccounts: {main: {poolAllocationMode: batchservice}}\n"),
                Arguments.of("missing required key", "virtualNetworks: {net: {subnets: {}}}\n"),
                Arguments.of("number out of range", "pools: {p: {taskSlotsPerNode: 0}}\n"),
                Arguments.of("duration that does not parse", "pools: {p: {autoScale: {evaluationInterval: 15 minutes}}}\n"),
                Arguments.of("retired key", "pools: {p: {cloudServiceConfiguration: {osFamily: 6}}}\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structurallyInvalid")
    void invalidShapesFailBothTheSchemaAndTheLoader(String name, String yaml) {
        assertThat(validate(yaml)).as("schema").isNotEmpty();
        LoadResult result = Specs.load(dir, "resourceGroup: rg\nlocation: westeurope\n" + yaml);
        assertThat(result.hasErrors()).as("loader").isTrue();
    }

    @Test
    void everyResourceSectionOfTheRootIsInTheSchema() {
        assertThat(SpecSchema.ROOT.fields()).extracting(Shape.Field::name).containsExactly("subscription", "variables",
                "resourceGroup", "location", "storageAccounts", "virtualNetworks", "userAssignedIdentities",
                "batchAccounts", "pools", "certificates", "applications", "jobSchedules", "failover", "outputs", "moved");
    }
}
