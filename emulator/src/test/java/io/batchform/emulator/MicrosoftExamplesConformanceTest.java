package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The emulator against Microsoft's REST API examples (Azure/azure-rest-api-specs:
 * specification/batch/resource-manager/Microsoft.Batch/stable/2024-07-01/examples, and the Microsoft.Storage and
 * Microsoft.Network examples folders). Each test is named after the
 * example it follows and sends a request of the same shape, written here with our own names and values (the
 * examples' files are not copied), then checks the response has the example's status code and shape.
 */
class MicrosoftExamplesConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V = "?api-version=2024-07-01";
    private static final String RG = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-examples";
    private static final String ACCOUNT = RG + "/providers/Microsoft.Batch/batchAccounts/exampleacct";
    private static ArmEmulator emulator;
    private static HttpClient client;

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ofHours(1)).build().start();
        client = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        send("PUT", RG + "?api-version=2025-04-01", "{\"location\":\"japaneast\"}");
        complete(send("PUT", RG + "/providers/Microsoft.Storage/storageAccounts/examplestore?api-version=2025-06-01",
                "{\"location\":\"japaneast\",\"sku\":{\"name\":\"Standard_LRS\"},\"kind\":\"StorageV2\"}"));
        Reply created = send("PUT", ACCOUNT + V, "{\"location\":\"japaneast\",\"properties\":{\"autoStorage\":"
                + "{\"storageAccountId\":\"" + RG + "/providers/Microsoft.Storage/storageAccounts/examplestore\"}}}");
        assertThat(created.status()).isEqualTo(202);
        complete(created);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static Reply send(String method, String path, String body) throws Exception {
        URI uri = path.startsWith("https://") ? URI.create(path) : emulator.endpoint().resolve(path.substring(1));
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer example")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isEmpty() ? JSON.createObjectNode()
                : JSON.readTree(response.body()), response);
    }

    private static Reply complete(Reply reply) throws Exception {
        Reply current = reply;
        for (int i = 0; i < 10 && current.status() == 202 && current.header("Location") != null; i++) {
            current = send("GET", current.header("Location"), null);
        }
        return current;
    }

    @Test
    @DisplayName("BatchAccountCreate_Default, BatchAccountGet")
    void batchAccountCreateDefault() throws Exception {
        JsonNode account = send("GET", ACCOUNT + V, null).body();
        assertThat(account.path("type").asText()).isEqualTo("Microsoft.Batch/batchAccounts");
        assertThat(account.path("identity").path("type").asText()).isEqualTo("None");
        JsonNode properties = account.path("properties");
        // Microsoft's example shows the host name exampleacct.japaneast.batch.azure.com; the emulator shows where it
        // serves the account's data plane, in the same order: the account's name, then its region.
        assertThat(properties.path("accountEndpoint").asText()).isEqualTo(emulator.endpoint().getAuthority()
                + "/batchaccounts/exampleacct.japaneast");
        assertThat(properties.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(properties.path("poolAllocationMode").asText()).isEqualTo("BatchService");
        assertThat(properties.path("publicNetworkAccess").asText()).isEqualTo("Enabled");
        for (String quota : new String[] {"dedicatedCoreQuota", "lowPriorityCoreQuota", "poolQuota", "activeJobAndJobScheduleQuota"}) {
            assertThat(properties.path(quota).isInt()).as(quota).isTrue();
        }
        assertThat(properties.path("autoStorage").path("lastKeySync").asText()).isNotEmpty();
    }

    @Test
    @DisplayName("BatchAccountGetKeys, LocationGetQuotas, BatchAccountListByResourceGroup")
    void keysQuotasAndLists() throws Exception {
        JsonNode keys = send("POST", ACCOUNT + "/listKeys" + V, null).body();
        assertThat(keys.path("accountName").asText()).isEqualTo("exampleacct");
        assertThat(keys.path("primary").asText()).isNotEmpty();
        assertThat(keys.path("secondary").asText()).isNotEmpty();
        JsonNode quotas = send("GET", "/subscriptions/11111111-2222-3333-4444-555555555555/providers/Microsoft.Batch"
                + "/locations/japaneast/quotas" + V, null).body();
        assertThat(quotas.path("accountQuota").isInt()).isTrue();
        JsonNode list = send("GET", RG + "/providers/Microsoft.Batch/batchAccounts" + V, null).body();
        assertThat(list.path("value").get(0).path("name").asText()).isEqualTo("exampleacct");
    }

    @Test
    @DisplayName("BatchAccountUpdate")
    void batchAccountUpdate() throws Exception {
        Reply updated = send("PATCH", ACCOUNT + V, "{\"tags\":{\"owner\":\"examples\"},\"properties\":{\"autoStorage\":"
                + "{\"storageAccountId\":\"" + RG + "/providers/Microsoft.Storage/storageAccounts/examplestore\"}}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("tags").path("owner").asText()).isEqualTo("examples");
    }

    @Test
    @DisplayName("PoolCreate_VirtualMachineConfiguration")
    void poolCreateVirtualMachineConfiguration() throws Exception {
        Reply created = send("PUT", ACCOUNT + "/pools/vmconfig" + V, """
                {"properties": {"vmSize": "STANDARD_D4",
                  "deploymentConfiguration": {"virtualMachineConfiguration": {
                    "imageReference": {"publisher": "MicrosoftWindowsServer", "offer": "WindowsServer",
                                       "sku": "2022-datacenter-smalldisk", "version": "latest"},
                    "nodeAgentSkuId": "batch.node.windows amd64",
                    "windowsConfiguration": {"enableAutomaticUpdates": true},
                    "dataDisks": [{"lun": 0, "caching": "ReadOnly", "diskSizeGB": 64, "storageAccountType": "StandardSSD_LRS"}],
                    "diskEncryptionConfiguration": {"targets": ["OsDisk"]},
                    "nodePlacementConfiguration": {"policy": "Regional"}}},
                  "networkConfiguration": {"endpointConfiguration": {"inboundNatPools": [{"name": "ssh",
                    "protocol": "TCP", "backendPort": 22, "frontendPortRangeStart": 40000, "frontendPortRangeEnd": 40100}]}},
                  "scaleSettings": {"autoScale": {"formula": "$TargetDedicatedNodes=2", "evaluationInterval": "PT10M"}}}}
                """);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.header("ETag")).isEqualTo(created.body().path("etag").asText());
        JsonNode properties = created.body().path("properties");
        assertThat(created.body().path("type").asText()).isEqualTo("Microsoft.Batch/batchAccounts/pools");
        assertThat(properties.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(properties.path("allocationState").asText()).isEqualTo("Resizing");
        assertThat(properties.path("interNodeCommunication").asText()).isEqualTo("Disabled");
        assertThat(properties.path("taskSlotsPerNode").asInt()).isEqualTo(1);
        assertThat(properties.path("taskSchedulingPolicy").path("nodeFillType").asText()).isEqualTo("Spread");
        assertThat(properties.path("currentDedicatedNodes").asInt()).isZero();
        assertThat(properties.path("currentLowPriorityNodes").asInt()).isZero();
        assertThat(properties.path("deploymentConfiguration").path("virtualMachineConfiguration").path("dataDisks").get(0)
                .path("diskSizeGB").asInt()).isEqualTo(64);
        for (String time : new String[] {"creationTime", "lastModified", "provisioningStateTransitionTime",
                "allocationStateTransitionTime"}) {
            assertThat(properties.path(time).asText()).as(time).isNotEmpty();
        }
    }

    @Test
    @DisplayName("PoolCreate_MinimalVirtualMachineConfiguration, PoolGet, PoolList")
    void poolCreateMinimal() throws Exception {
        Reply created = send("PUT", ACCOUNT + "/pools/minimal" + V, """
                {"properties": {"vmSize": "Standard_D2s_v3", "deploymentConfiguration": {"virtualMachineConfiguration": {
                  "imageReference": {"publisher": "canonical", "offer": "0001-com-ubuntu-server-jammy", "sku": "22_04-lts"},
                  "nodeAgentSkuId": "batch.node.ubuntu 22.04"}},
                  "scaleSettings": {"fixedScale": {"targetDedicatedNodes": 1}}}}
                """);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().path("properties").path("scaleSettings").path("fixedScale").path("resizeTimeout").asText())
                .isEqualTo("PT15M");
        assertThat(send("GET", ACCOUNT + "/pools/minimal" + V, null).body().path("name").asText()).isEqualTo("minimal");
        assertThat(send("GET", ACCOUNT + "/pools" + V, null).body().path("value").size()).isPositive();
    }

    @Test
    @DisplayName("PoolUpdate_EnableAutoScale, PoolUpdate_ResizePool, PoolUpdate_RemoveStartTask, PoolUpdate_OtherProperties")
    void poolUpdates() throws Exception {
        send("PUT", ACCOUNT + "/pools/updates" + V, """
                {"properties": {"vmSize": "Standard_D2s_v3", "deploymentConfiguration": {"virtualMachineConfiguration": {
                  "imageReference": {"publisher": "canonical", "offer": "0001-com-ubuntu-server-jammy", "sku": "22_04-lts"},
                  "nodeAgentSkuId": "batch.node.ubuntu 22.04"}},
                  "startTask": {"commandLine": "/bin/true"}}}
                """);
        JsonNode auto = send("PATCH", ACCOUNT + "/pools/updates" + V,
                "{\"properties\":{\"scaleSettings\":{\"autoScale\":{\"formula\":\"$TargetDedicatedNodes=3\"}}}}").body();
        assertThat(auto.path("properties").path("scaleSettings").path("autoScale").path("evaluationInterval").asText())
                .isEqualTo("PT15M");
        assertThat(auto.path("properties").path("autoScaleRun").path("results").asText()).startsWith("$TargetDedicatedNodes=3;");
        assertThat(auto.path("properties").path("resizeOperationStatus").path("targetDedicatedNodes").asInt()).isEqualTo(3);
        JsonNode resized = send("PATCH", ACCOUNT + "/pools/updates" + V, "{\"properties\":{\"scaleSettings\":"
                + "{\"fixedScale\":{\"targetDedicatedNodes\":5,\"resizeTimeout\":\"PT8M\",\"nodeDeallocationOption\":"
                + "\"TaskCompletion\"}}}}").body();
        assertThat(resized.path("properties").path("scaleSettings").path("fixedScale").path("resizeTimeout").asText())
                .isEqualTo("PT8M");
        assertThat(resized.path("properties").path("scaleSettings").path("fixedScale").has("nodeDeallocationOption"))
                .as("write-only: never returned").isFalse();
        JsonNode removed = send("PATCH", ACCOUNT + "/pools/updates" + V, "{\"properties\":{\"startTask\":{}}}").body();
        assertThat(removed.path("properties").has("startTask")).isFalse();
        JsonNode other = send("PATCH", ACCOUNT + "/pools/updates" + V, "{\"properties\":{\"metadata\":"
                + "[{\"name\":\"key\",\"value\":\"value\"}],\"targetNodeCommunicationMode\":\"Simplified\"}}").body();
        assertThat(other.path("properties").path("metadata").get(0).path("name").asText()).isEqualTo("key");
        assertThat(other.path("properties").path("targetNodeCommunicationMode").asText()).isEqualTo("Simplified");
    }

    @Test
    @DisplayName("PoolDelete")
    void poolDelete() throws Exception {
        send("PUT", ACCOUNT + "/pools/todelete" + V, """
                {"properties": {"vmSize": "Standard_D2s_v3", "deploymentConfiguration": {"virtualMachineConfiguration": {
                  "imageReference": {"publisher": "canonical", "offer": "0001-com-ubuntu-server-jammy", "sku": "22_04-lts"},
                  "nodeAgentSkuId": "batch.node.ubuntu 22.04"}}}}
                """);
        Reply deleted = send("DELETE", ACCOUNT + "/pools/todelete" + V, null);
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(deleted.header("Location")).contains("/poolOperationResults/delete-todelete-");
        assertThat(send("GET", ACCOUNT + "/pools/todelete" + V, null).body().path("properties")
                .path("provisioningState").asText()).isEqualTo("Deleting");
    }

    @Test
    @DisplayName("PoolCreate_CloudServiceConfiguration (retired: rejected as the service now does)")
    void cloudServicePoolsAreRetired() throws Exception {
        Reply rejected = send("PUT", ACCOUNT + "/pools/cloudservice" + V, "{\"properties\":{\"vmSize\":\"STANDARD_D4\","
                + "\"deploymentConfiguration\":{\"cloudServiceConfiguration\":{\"osFamily\":\"5\"}}}}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body().path("error").path("code").asText()).isEqualTo("CloudServiceConfigurationRetired");
    }

    @Test
    @DisplayName("ApplicationCreate, ApplicationPackageCreate, ApplicationPackageActivate, ApplicationUpdate, ApplicationList")
    void applications() throws Exception {
        Reply app = send("PUT", ACCOUNT + "/applications/renderer" + V,
                "{\"properties\":{\"allowUpdates\":false,\"displayName\":\"Renderer\"}}");
        assertThat(app.status()).isEqualTo(200);
        assertThat(app.body().path("properties").path("allowUpdates").asBoolean()).isFalse();
        JsonNode pkg = send("PUT", ACCOUNT + "/applications/renderer/versions/2.0" + V, null).body();
        assertThat(pkg.path("properties").path("state").asText()).isEqualTo("Pending");
        assertThat(pkg.path("properties").path("storageUrl").asText()).startsWith("https://");
        assertThat(pkg.path("properties").path("storageUrlExpiry").asText()).isNotEmpty();
        JsonNode active = send("POST", ACCOUNT + "/applications/renderer/versions/2.0/activate" + V,
                "{\"format\":\"zip\"}").body();
        assertThat(active.path("properties").path("state").asText()).isEqualTo("Active");
        assertThat(active.path("properties").path("format").asText()).isEqualTo("zip");
        JsonNode updated = send("PATCH", ACCOUNT + "/applications/renderer" + V,
                "{\"properties\":{\"defaultVersion\":\"2.0\",\"displayName\":\"Renderer 2\"}}").body();
        assertThat(updated.path("properties").path("defaultVersion").asText()).isEqualTo("2.0");
        assertThat(send("GET", ACCOUNT + "/applications" + V, null).body().path("value").size()).isEqualTo(1);
        assertThat(send("GET", ACCOUNT + "/applications/renderer/versions" + V, null).body().path("value").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("CertificateCreate_Minimal (retired: rejected as the service now does)")
    void certificatesAreRetired() throws Exception {
        Reply rejected = send("PUT", ACCOUNT + "/certificates/sha1-0123456789abcdef" + V,
                "{\"properties\":{\"format\":\"Pfx\",\"data\":\"MIIJsgIBAzCCCW4=\",\"password\":\"secret\"}}");
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body().path("error").path("code").asText()).isEqualTo("CertificateRetired");
    }

    @Test
    @DisplayName("StorageAccountCreate, StorageAccountListKeys, StorageAccountGetProperties, StorageAccountDelete")
    void storageAccounts() throws Exception {
        String account = RG + "/providers/Microsoft.Storage/storageAccounts/examplesto2?api-version=2023-05-01";
        Reply created = send("PUT", account, """
                {"sku": {"name": "Standard_GRS"}, "kind": "StorageV2", "location": "japaneast",
                 "properties": {"isHnsEnabled": true, "allowBlobPublicAccess": false, "minimumTlsVersion": "TLS1_2",
                   "allowSharedKeyAccess": true, "encryption": {"keySource": "Microsoft.Storage",
                   "services": {"blob": {"keyType": "Account", "enabled": true}}}},
                 "tags": {"team": "examples"}}
                """);
        assertThat(created.status()).isEqualTo(202);
        JsonNode body = complete(created).body();
        assertThat(body.path("type").asText()).isEqualTo("Microsoft.Storage/storageAccounts");
        assertThat(body.path("sku").path("tier").asText()).isEqualTo("Standard");
        JsonNode properties = body.path("properties");
        assertThat(properties.path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(properties.path("primaryEndpoints").path("dfs").asText()).isEqualTo("https://examplesto2.dfs.core.windows.net/");
        assertThat(properties.path("isHnsEnabled").asBoolean()).isTrue();
        assertThat(properties.path("encryption").path("keySource").asText()).isEqualTo("Microsoft.Storage");
        assertThat(properties.path("statusOfPrimary").asText()).isEqualTo("available");
        assertThat(properties.path("supportsHttpsTrafficOnly").asBoolean()).isTrue();
        assertThat(properties.path("creationTime").asText()).isNotEmpty();
        JsonNode keys = send("POST", account.replace("?", "/listKeys?"), null).body().path("keys");
        assertThat(keys.get(0).path("keyName").asText()).isEqualTo("key1");
        assertThat(keys.get(0).path("permissions").asText()).isEqualTo("Full");
        assertThat(send("DELETE", account, null).status()).isEqualTo(200);
        assertThat(send("DELETE", account, null).status()).isEqualTo(204);
    }

    @Test
    @DisplayName("VirtualNetworkCreate, VirtualNetworkCreateSubnet, SubnetCreate, SubnetGet, VirtualNetworkGet, VirtualNetworkDelete")
    void virtualNetworks() throws Exception {
        String vnet = RG + "/providers/Microsoft.Network/virtualNetworks/example-vnet";
        Reply created = send("PUT", vnet + "?api-version=2024-05-01", """
                {"location": "japaneast", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
                 "flowTimeoutInMinutes": 10, "subnets": [{"name": "first", "properties": {"addressPrefix": "10.0.0.0/24"}}]}}
                """);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Azure-AsyncOperation")).contains("/providers/Microsoft.Network/locations/japaneast/operations/");
        assertThat(created.body().path("properties").path("resourceGuid").asText()).isNotEmpty();
        assertThat(created.body().path("properties").path("flowTimeoutInMinutes").asInt()).isEqualTo(10);
        assertThat(created.body().path("etag").asText()).startsWith("W/");
        Reply subnet = send("PUT", vnet + "/subnets/second?api-version=2024-05-01",
                "{\"properties\":{\"addressPrefix\":\"10.0.1.0/24\"}}");
        assertThat(subnet.status()).isEqualTo(201);
        assertThat(subnet.body().path("type").asText()).isEqualTo("Microsoft.Network/virtualNetworks/subnets");
        assertThat(send("GET", vnet + "/subnets/first?api-version=2024-05-01", null).body().path("properties")
                .path("addressPrefix").asText()).isEqualTo("10.0.0.0/24");
        JsonNode full = send("GET", vnet + "?api-version=2024-05-01", null).body();
        assertThat(full.path("properties").path("subnets").size()).isEqualTo(2);
        Reply deleted = send("DELETE", vnet + "?api-version=2024-05-01", null);
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(complete(deleted).status()).isEqualTo(200);
    }
}
