package io.batchform.spec.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.graph.Graph;
import io.batchform.plan.Action;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.InMemoryProviderAccess;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import io.batchform.state.State;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec becomes the planner's desired resources: attributes as in RESOURCES.md, ARM ids, dependency edges. */
class SpecToDesiredTest {
    private static final Path QUICKSTART = Path.of("..").toAbsolutePath().normalize()
            .resolve("examples/quickstart/batchform.yaml");
    private static final String ZERO = "00000000-0000-0000-0000-000000000000";
    private static final String GROUP = "/subscriptions/" + ZERO + "/resourceGroups/rg-batchform-dev";
    private static final String ACCOUNT = GROUP + "/providers/Microsoft.Batch/batchAccounts/bfquickstartdev";

    @TempDir
    Path dir;

    private static DesiredState quickstart(Map<String, String> env) {
        LoadResult loaded = SpecLoader.load(List.of(QUICKSTART), Map.of(), env);
        assertThat(loaded.diagnostics()).isEmpty();
        return SpecToDesired.convert(loaded.spec(), loaded.sources(), env);
    }

    @Test
    void convertsEveryResourceOfTheQuickstartInAddressOrder() {
        DesiredState desired = quickstart(Map.of());
        assertThat(desired.diagnostics()).isEmpty();
        assertThat(desired.resources()).extracting(r -> r.address().toString()).containsExactly(
                "resourceGroup.main", "storageAccount.data", "virtualNetwork.main", "subnet.main.pools",
                "batchAccount.main", "pool.batch", "pool.render");
        assertThat(desired.resources()).extracting(DesiredResource::id).containsExactly(
                GROUP,
                GROUP + "/providers/Microsoft.Storage/storageAccounts/bfquickstartdev",
                GROUP + "/providers/Microsoft.Network/virtualNetworks/main",
                GROUP + "/providers/Microsoft.Network/virtualNetworks/main/subnets/pools",
                ACCOUNT,
                ACCOUNT + "/pools/batch",
                ACCOUNT + "/pools/render");
    }

    @Test
    void namesAttributesAsTheSharedVocabularyAndResolvesReferencesToIds() {
        DesiredState desired = quickstart(Map.of());
        DesiredResource render = desired.get(Address.parse("pool.render")).orElseThrow();
        assertThat(render.config().values()).containsOnlyKeys("name", "account", "vmSize", "image", "nodeAgentSkuId",
                "subnet", "fixedScale", "startTask", "metadata");
        assertThat(render.config().get("account")).isEqualTo(ACCOUNT);
        assertThat(render.config().get("subnet"))
                .isEqualTo(GROUP + "/providers/Microsoft.Network/virtualNetworks/main/subnets/pools");
        assertThat(render.config().get("fixedScale")).isEqualTo(Map.of("targetDedicatedNodes", 2L, "resizeTimeout", "PT15M"));
        assertThat(render.config().get("image")).isEqualTo(Map.of("publisher", "canonical",
                "offer", "0001-com-ubuntu-server-jammy", "sku", "22_04-lts"));
        assertThat(render.config().get("startTask")).isEqualTo(Map.of("commandLine", "/bin/bash -c \"echo ready\"",
                "waitForSuccess", true));
        assertThat(render.config().get("metadata")).isEqualTo(Map.of("purpose", "render"));

        DesiredResource batch = desired.get(Address.parse("pool.batch")).orElseThrow();
        assertThat(batch.config().get("autoScale.evaluationInterval")).isEqualTo("PT5M");
        assertThat(batch.config().string("autoScale.formula")).startsWith("// Grow with the pending tasks")
                .contains("$TargetDedicatedNodes = min(maxNumberOfVMs, pendingTaskSamples);");
        assertThat(batch.config().get("taskSlotsPerNode")).isEqualTo(4L);
        assertThat(batch.config().get("taskSchedulingPolicy")).isEqualTo(Map.of("nodeFillType", "Pack"));

        DesiredResource account = desired.get(Address.parse("batchAccount.main")).orElseThrow();
        assertThat(account.config().values()).containsEntry("name", "bfquickstartdev")
                .containsEntry("location", "westeurope").containsEntry("publicNetworkAccess", "Enabled");
        assertThat(account.config().get("autoStorage.storageAccount"))
                .isEqualTo(GROUP + "/providers/Microsoft.Storage/storageAccounts/bfquickstartdev");
        DesiredResource storage = desired.get(Address.parse("storageAccount.data")).orElseThrow();
        assertThat(storage.config().values()).containsEntry("location", "westeurope").containsEntry("sku", "Standard_LRS")
                .containsEntry("tags", Map.of("environment", "dev"));
        assertThat(desired.get(Address.parse("virtualNetwork.main")).orElseThrow().config().get("addressSpace"))
                .isEqualTo(List.of("10.20.0.0/16"));
    }

    @Test
    void recordsDependencyEdgesWithoutCycles() {
        DesiredState desired = quickstart(Map.of());
        assertThat(desired.get(Address.parse("pool.render")).orElseThrow().dependsOn()).extracting(Address::toString)
                .containsExactly("subnet.main.pools", "batchAccount.main");
        assertThat(desired.get(Address.parse("batchAccount.main")).orElseThrow().dependsOn()).extracting(Address::toString)
                .containsExactly("resourceGroup.main", "storageAccount.data");
        assertThat(desired.get(Address.parse("subnet.main.pools")).orElseThrow().dependsOn()).extracting(Address::toString)
                .containsExactly("virtualNetwork.main");
        Graph<Address> graph = new Graph<>();
        desired.resources().forEach(r -> {
            graph.add(r.address());
            r.dependsOn().forEach(d -> graph.dependsOn(r.address(), d));
        });
        assertThat(graph.findCycle()).isEmpty();
        assertThat(desired.locations().get(Address.parse("pool.render")).line()).isEqualTo(46);
    }

    @Test
    void takesTheSubscriptionFromTheSpecOrTheEnvironment() {
        DesiredState fromEnv = quickstart(Map.of("AZURE_SUBSCRIPTION_ID", "abc"));
        assertThat(fromEnv.subscription()).isEqualTo("abc");
        assertThat(fromEnv.resources().get(0).id()).isEqualTo("/subscriptions/abc/resourceGroups/rg-batchform-dev");
    }

    @Test
    void thePlannerPlansTheQuickstartAsCreations() {
        DesiredState desired = quickstart(Map.of());
        Plan plan = Planner.plan(desired.resources(), State.empty(), new InMemoryProviderAccess().provider());
        assertThat(plan.hasErrors()).isFalse();
        assertThat(plan.count(Action.CREATE)).isEqualTo(7);
    }

    @Test
    void convertsCertificatesPackagesLifecycleAndExternalIds() throws IOException {
        copy("test.pfx");
        Files.write(dir.resolve("tool.zip"), new byte[] {'P', 'K', 3, 4});
        String spec = """
                subscription: 11111111-1111-1111-1111-111111111111
                resourceGroup: rg
                location: westeurope
                storageAccounts:
                  data: {}
                batchAccounts:
                  main:
                    name: mainacct
                    autoStorage: {storageAccount: data}
                certificates:
                  signing: {account: main, file: test.pfx, password: '${env.CERT_PASSWORD}'}
                applications:
                  tool:
                    account: main
                    defaultVersion: "1.0"
                    packages:
                      "1.0": {file: tool.zip}
                pools:
                  p:
                    account: main
                    vmSize: Standard_D2s_v3
                    image: {id: /subscriptions/x/resourceGroups/img/providers/Microsoft.Compute/galleries/g/images/i}
                    nodeAgentSkuId: batch.node.ubuntu 22.04
                    subnet: /subscriptions/x/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/s
                    fixedScale: {targetDedicatedNodes: 0}
                    applicationPackages: [{application: tool}]
                    certificates: [{certificate: signing, storeLocation: LocalMachine, storeName: My}]
                    updateStrategy: drain
                    protect: true
                    ignoreChanges: [metadata]
                    dependsOn: [storageAccount.data]
                """;
        Path file = Files.writeString(dir.resolve("spec.yaml"), spec);
        Map<String, String> env = Map.of("CERT_PASSWORD", "testpass");
        LoadResult loaded = SpecLoader.load(List.of(file), Map.of(), env);
        // Certificates are refused at validate and plan (retired); their conversion is still what a state that holds
        // one is compared with.
        assertThat(loaded.errors()).extracting(io.batchform.source.Diagnostic::message)
                .allSatisfy(message -> assertThat(message).contains("certificates were retired")).hasSize(2);
        DesiredState desired = SpecToDesired.convert(loaded.spec(), loaded.sources(), env);
        assertThat(desired.diagnostics()).isEmpty();
        String account = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/"
                + "Microsoft.Batch/batchAccounts/mainacct";

        DesiredResource certificate = desired.get(Address.parse("certificate.signing")).orElseThrow();
        assertThat(certificate.id()).isEqualTo(account + "/certificates/sha1-7ce0a30bd8483193c8b4c5c1f6916646ec9886c2");
        assertThat(certificate.config().values()).containsEntry("thumbprint", "7CE0A30BD8483193C8B4C5C1F6916646EC9886C2")
                .containsEntry("thumbprintAlgorithm", "SHA1").containsEntry("format", "Pfx")
                .containsEntry("password", "testpass").containsEntry("account", account);
        assertThat(certificate.config().string("data")).isEqualTo(
                java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("test.pfx"))));

        DesiredResource pkg = desired.get(Address.parse("applicationPackage.tool[\"1.0\"]")).orElseThrow();
        assertThat(pkg.id()).isEqualTo(account + "/applications/tool/versions/1.0");
        assertThat(pkg.config().values()).containsEntry("contentHash", sha256(dir.resolve("tool.zip")))
                .containsEntry("version", "1.0").containsEntry("format", "zip")
                .containsEntry("file", dir.resolve("tool.zip").toString());
        assertThat(pkg.dependsOn()).extracting(Address::toString).containsExactly("application.tool");

        DesiredResource pool = desired.get(Address.parse("pool.p")).orElseThrow();
        assertThat(pool.config().string("subnet")).startsWith("/subscriptions/x/");
        assertThat(pool.config().get("image")).isEqualTo(Map.of("id",
                "/subscriptions/x/resourceGroups/img/providers/Microsoft.Compute/galleries/g/images/i"));
        assertThat(pool.config().get("applicationPackages")).isEqualTo(List.of(Map.of("application", account
                + "/applications/tool")));
        assertThat(pool.config().get("certificates")).isEqualTo(List.of(Map.of("certificate", certificate.id(),
                "storeLocation", "LocalMachine", "storeName", "My")));
        assertThat(pool.dependsOn()).extracting(Address::toString).containsExactly("storageAccount.data",
                "batchAccount.main", "application.tool", "applicationPackage.tool[\"1.0\"]", "certificate.signing");
        assertThat(pool.updateStrategy()).isEqualTo(DesiredResource.UpdateStrategy.DRAIN);
        assertThat(pool.protect()).isTrue();
        assertThat(pool.ignoreChanges()).containsExactly("metadata");
        assertThat(pool.config().values()).doesNotContainKeys("updateStrategy", "protect", "maxNodes", "dependsOn");
    }

    private void copy(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/io/batchform/spec/" + resource)) {
            Files.copy(in, dir.resolve(resource));
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
