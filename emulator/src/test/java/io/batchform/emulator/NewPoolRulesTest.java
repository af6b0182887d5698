package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.emulator.contract.ContractRecorder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of the pool properties of Microsoft.Batch 2025-06-01 the emulator checked last (shared and community
 * gallery images, confidential disks, disk encryption sets, ProxyAgent, IP families and tags, Windows user settings, a
 * start task in a container), each refused with 400 at its property as the service documents, the defaults it fills
 * in, and a pool that keeps every rule accepted and answered with every one of them, all checked against the
 * published document.
 */
class NewPoolRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RG = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-rules";
    private static final String ACCOUNT = RG + "/providers/Microsoft.Batch/batchAccounts/rulesacct";
    private static final String BYOS = RG + "/providers/Microsoft.Batch/batchAccounts/rulesbyos";
    private static final String V = "?api-version=2025-06-01";
    private static final String MARKETPLACE = "{\"publisher\":\"canonical\",\"offer\":\"0001-com-ubuntu-server-jammy\","
            + "\"sku\":\"22_04-lts\"}";
    private static final String DES = "{\"id\":\"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/"
            + "rg-rules/providers/Microsoft.Compute/diskEncryptionSets/des\"}";

    /** One emulator for the class: the refused requests leave nothing behind, the accepted pools have own names. */
    private static final ContractRecorder contract = ContractRecorder.responsesOnly();
    private static ArmEmulator emulator;
    private static HttpClient http;

    record Reply(int status, JsonNode body) {
    }

    @BeforeAll
    static void start() throws Exception {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ofHours(1)).observer(contract).build().start();
        http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        send("PUT", RG + "?api-version=2025-04-01", "{\"location\":\"westeurope\"}");
        assertThat(send("PUT", ACCOUNT + V, "{\"location\":\"westeurope\"}").status()).isEqualTo(202);
        assertThat(send("PUT", BYOS + V, "{\"location\":\"westeurope\",\"properties\":{\"poolAllocationMode\":"
                + "\"UserSubscription\",\"keyVaultReference\":{\"id\":\"/subscriptions/11111111-2222-3333-4444-"
                + "555555555555/resourceGroups/rg-rules/providers/Microsoft.KeyVault/vaults/kv\",\"url\":"
                + "\"https://kv.vault.azure.net/\"}}}").status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        emulator.close();
        contract.assertConforms();
    }

    private static Reply send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(emulator.endpoint().resolve(path.substring(1)))
                .header("Authorization", "Bearer test").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body()));
    }

    /** A pool body: {@code vm} inside virtualMachineConfiguration, {@code extra} among the pool's properties. */
    private static String pool(String image, String agent, String vm, String extra) {
        return "{\"properties\":{\"vmSize\":\"Standard_D2s_v3\",\"deploymentConfiguration\":{\"virtualMachineConfiguration\":"
                + "{\"imageReference\":" + image + ",\"nodeAgentSkuId\":\"" + agent + "\"" + vm + "}}" + extra + "}}";
    }

    private static String linux(String vm, String extra) {
        return pool(MARKETPLACE, "batch.node.ubuntu 22.04", vm, extra);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("two image kinds", ACCOUNT, pool("{\"id\":\"/g/i\",\"sharedGalleryImageId\":\"/SharedGalleries/g\"}",
                        "batch.node.ubuntu 22.04", "", ""), "imageReference"),
                Arguments.of("a marketplace image without its sku", ACCOUNT, pool("{\"publisher\":\"canonical\","
                        + "\"offer\":\"ubuntu\"}", "batch.node.ubuntu 22.04", "", ""), "imageReference"),
                Arguments.of("a start task in a container without containers", ACCOUNT, linux("", ",\"startTask\":"
                        + "{\"commandLine\":\"x\",\"containerSettings\":{\"imageName\":\"i\"}}"), "properties.startTask.containerSettings"),
                Arguments.of("Windows user settings on Linux", ACCOUNT, linux("", ",\"userAccounts\":[{\"name\":\"u\","
                        + "\"password\":\"p\",\"windowsUserConfiguration\":{\"loginMode\":\"Batch\"}}]"),
                        "properties.userAccounts[0].windowsUserConfiguration"),
                Arguments.of("IPv6 alone", ACCOUNT, linux("", ",\"networkConfiguration\":{\"publicIPAddressConfiguration\":"
                        + "{\"ipFamilies\":[\"IPv6\"]}}"), "ipFamilies"),
                Arguments.of("IP tags on user-managed IPs", ACCOUNT, linux("", ",\"networkConfiguration\":"
                        + "{\"publicIPAddressConfiguration\":{\"provision\":\"UserManaged\",\"ipAddressIds\":[\"/ip\"],"
                        + "\"ipTags\":[{\"ipTagType\":\"FirstPartyUsage\",\"displayName\":\"SQL\"}]}}"), "ipTags"),
                Arguments.of("a disk security profile without a confidential VM", ACCOUNT, linux(",\"osDisk\":"
                        + "{\"managedDisk\":{\"securityProfile\":{\"securityEncryptionType\":\"VMGuestStateOnly\"}}}", ""),
                        "virtualMachineConfiguration"),
                Arguments.of("a confidential VM without an encryption type", ACCOUNT, linux(",\"securityProfile\":"
                        + "{\"securityType\":\"confidentialVM\"}", ""), "osDisk"),
                Arguments.of("DiskWithVMGuestState on a data disk", ACCOUNT, linux(",\"securityProfile\":{\"securityType\":"
                        + "\"confidentialVM\"},\"osDisk\":{\"managedDisk\":{\"securityProfile\":{\"securityEncryptionType\":"
                        + "\"VMGuestStateOnly\"}}},\"dataDisks\":[{\"lun\":0,\"diskSizeGB\":8,\"managedDisk\":"
                        + "{\"securityProfile\":{\"securityEncryptionType\":\"DiskWithVMGuestState\"}}}]", ""), "dataDisks[0]"),
                Arguments.of("a disk encryption set in a Batch-service account", ACCOUNT, linux(",\"osDisk\":"
                        + "{\"managedDisk\":{\"diskEncryptionSet\":" + DES + "}}", ""), "virtualMachineConfiguration"),
                Arguments.of("Enforce with an access control profile", ACCOUNT, linux(",\"securityProfile\":"
                        + "{\"proxyAgentSettings\":{\"wireServer\":{\"mode\":\"Enforce\","
                        + "\"inVMAccessControlProfileReferenceId\":\"/p\"}}}", ""), "proxyAgentSettings.wireServer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void theServicesRulesAreKept(String name, String account, String body, String target) throws Exception {
        Reply reply = send("PUT", account + "/pools/refused" + V, body);
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
        assertThat(reply.body().path("error").path("code").asText()).isEqualTo("InvalidPropertyValue");
        assertThat(reply.body().path("error").path("target").asText()).contains(target);
        assertThat(send("GET", account + "/pools/refused" + V, null).status()).isEqualTo(404);
    }

    @Test
    void aPoolKeepingEveryRuleIsAnsweredWithEveryPropertyAndTheDefaults() throws Exception {
        String vm = ",\"securityProfile\":{\"securityType\":\"confidentialVM\",\"proxyAgentSettings\":{\"enabled\":true,"
                + "\"imds\":{\"mode\":\"Enforce\"},\"wireServer\":{\"mode\":\"Audit\",\"inVMAccessControlProfileReferenceId\":"
                + "\"/p\"}}},\"osDisk\":{\"managedDisk\":{\"securityProfile\":{\"securityEncryptionType\":"
                + "\"DiskWithVMGuestState\",\"diskEncryptionSet\":" + DES + "},\"diskEncryptionSet\":" + DES + "}},"
                + "\"containerConfiguration\":{\"type\":\"DockerCompatible\"}";
        String extra = ",\"taskSchedulingPolicy\":{\"nodeFillType\":\"Pack\"},\"networkConfiguration\":"
                + "{\"publicIPAddressConfiguration\":{\"ipFamilies\":[\"IPv4\",\"IPv6\"],\"ipTags\":[{\"ipTagType\":"
                + "\"FirstPartyUsage\",\"displayName\":\"SQL\"}]}},\"startTask\":{\"commandLine\":\"x\","
                + "\"containerSettings\":{\"imageName\":\"r.azurecr.io/setup:1\",\"registry\":{\"registryServer\":"
                + "\"r.azurecr.io\",\"username\":\"u\",\"password\":\"secret-1\"}}}";
        Reply created = send("PUT", BYOS + "/pools/conf" + V, pool("{\"sharedGalleryImageId\":\"/SharedGalleries/g/"
                + "Images/i/Versions/1\"}", "batch.node.ubuntu 22.04", vm, extra));
        assertThat(created.status()).as(created.body().toString()).isIn(200, 201);
        JsonNode properties = send("GET", BYOS + "/pools/conf" + V, null).body().path("properties");
        JsonNode machine = properties.path("deploymentConfiguration").path("virtualMachineConfiguration");
        assertThat(machine.path("imageReference").has("version")).as("a gallery image takes no version").isFalse();
        assertThat(machine.path("osDisk").path("managedDisk").path("securityProfile").path("diskEncryptionSet")
                .path("id").asText()).endsWith("/des");
        assertThat(machine.path("securityProfile").path("proxyAgentSettings").path("imds").path("mode").asText())
                .isEqualTo("Enforce");
        assertThat(properties.path("taskSchedulingPolicy").path("jobDefaultOrder").asText()).isEqualTo("None");
        assertThat(properties.path("networkConfiguration").path("publicIPAddressConfiguration").path("ipTags").get(0)
                .path("displayName").asText()).isEqualTo("SQL");
        assertThat(properties.path("startTask").path("containerSettings").path("registry").has("password"))
                .as("x-ms-secret: never returned").isFalse();

        Reply windows = send("PUT", ACCOUNT + "/pools/win" + V, pool("{\"communityGalleryImageId\":\"/CommunityGalleries/"
                + "g/Images/i/Versions/latest\"}", "batch.node.windows amd64", "", ",\"userAccounts\":[{\"name\":\"u\","
                + "\"password\":\"p\",\"windowsUserConfiguration\":{\"loginMode\":\"Batch\"}}]"));
        assertThat(windows.status()).as(windows.body().toString()).isIn(200, 201);
        assertThat(windows.body().path("properties").path("userAccounts").get(0).path("windowsUserConfiguration")
                .path("loginMode").asText()).isEqualTo("Batch");
        assertThat(contract.judgedOperations()).contains("Pool_Create@2025-06-01", "Pool_Get@2025-06-01");
    }
}
