package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.emulator.contract.ContractRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a region offers and allows, as the emulator serves it: Batch's supported VM sizes per region and the
 * subscription's Compute vCPU usages, with the nodes of UserSubscription accounts' pools counted; every answer checked
 * against Microsoft's published documents.
 */
class RegionalComputeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
    private static final String RG = SUB + "/resourceGroups/rg-compute";
    private static final String BATCH = "?api-version=2025-06-01";
    private static final String COMPUTE = "?api-version=2024-07-01";

    private final ContractRecorder contract = ContractRecorder.requestsAndResponses();
    private ArmEmulator emulator;
    private HttpClient client;

    @BeforeEach
    void start() {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ZERO).pageSize(400)
                .vmSizes("northeurope", List.of("Standard_E4s_v3", "Standard_D2s_v3"))
                .computeQuota(new ArmEmulator.ComputeQuota(40, 8, 20, 6))
                .computeQuota("North Europe", new ArmEmulator.ComputeQuota(10, 0, 4, 0))
                .observer(contract).build().start();
        client = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
    }

    @AfterEach
    void stop() {
        emulator.close();
        contract.assertConforms();
    }

    private JsonNode send(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = exchange(method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private HttpResponse<String> exchange(String method, String path, String body) throws Exception {
        URI uri = path.startsWith("https://") ? URI.create(path) : emulator.endpoint().resolve(path.substring(1));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer t")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every item of a list, following nextLink. */
    private List<JsonNode> all(String path) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String next = path;
        while (next != null) {
            JsonNode page = send("GET", next, null, 200);
            page.path("value").forEach(items::add);
            next = page.hasNonNull("nextLink") ? page.get("nextLink").asText() : null;
        }
        return items;
    }

    private List<String> skus(String region) throws Exception {
        return all(SUB + "/providers/Microsoft.Batch/locations/" + region + "/virtualMachineSkus" + BATCH).stream()
                .map(s -> s.path("name").asText()).toList();
    }

    @Test
    void eachRegionListsTheSizesBatchOffersThereAndAPoolOfAnotherIsRefused() throws Exception {
        assertThat(skus("northeurope")).containsExactlyInAnyOrder("Standard_D2s_v3", "Standard_E4s_v3");
        List<String> westeurope = skus("westeurope");
        assertThat(westeurope).as("the catalog's list, without the B-series").contains("Standard_D2s_v3",
                "Standard_D4s_v3", "Standard_E4s_v3").doesNotContain("Standard_B2s").hasSizeGreaterThan(1000);
        JsonNode d2 = all(SUB + "/providers/Microsoft.Batch/locations/northeurope/virtualMachineSkus" + BATCH).stream()
                .filter(s -> s.path("name").asText().equals("Standard_D2s_v3")).findFirst().orElseThrow();
        assertThat(d2.path("familyName").asText()).isEqualTo("standardDSv3Family");
        assertThat(d2.path("capabilities").toString()).contains("{\"name\":\"vCPUs\",\"value\":\"2\"}",
                "{\"name\":\"MemoryGB\",\"value\":\"8\"}");

        send("PUT", RG + "?api-version=2025-04-01", "{\"location\":\"northeurope\"}", 201);
        account("batchne", "northeurope", "BatchService");
        JsonNode refused = send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/batchne/pools/p" + BATCH,
                pool("Standard_D4s_v3", 1, 0), 400);
        assertThat(refused.path("error").path("message").asText()).contains("'Standard_D4s_v3' is not offered by Batch "
                + "in northeurope");
        send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/batchne/pools/p" + BATCH, pool("STANDARD_E4S_V3", 1, 0), 200);
        assertThat(contract.judgedOperations()).contains("Location_ListSupportedVirtualMachineSkus@2025-06-01");
    }

    @Test
    void computeUsagesCountTheNodesOfUserSubscriptionPoolsInTheRegionAgainstItsLimits() throws Exception {
        send("PUT", RG + "?api-version=2025-04-01", "{\"location\":\"westeurope\"}", 201);
        account("byos", "westeurope", "UserSubscription");
        account("managed", "westeurope", "BatchService");
        send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/byos/pools/render" + BATCH,
                pool("Standard_D4s_v3", 3, 1), 200);
        send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/managed/pools/other" + BATCH,
                pool("Standard_D4s_v3", 5, 0), 200);
        List<JsonNode> usages = all(SUB + "/providers/Microsoft.Compute/locations/westeurope/usages" + COMPUTE);
        assertThat(usage(usages, "cores")).as("3 D4s_v3 nodes, and 6 used elsewhere").isEqualTo("18/40");
        assertThat(usage(usages, "lowPriorityCores")).isEqualTo("4/8");
        assertThat(usage(usages, "standardDSv3Family")).as("a BatchService account's nodes are not the subscription's")
                .isEqualTo("12/20");
        assertThat(usage(usages, "standardESv3Family")).isEqualTo("0/20");
        assertThat(usages.get(0).path("name").path("localizedValue").asText()).isEqualTo("Total Regional vCPUs");

        // A second pool of 3 D4s_v3 nodes gets 2 (the family at 20 of 20); its 1 Spot node fits (Spot at 8 of 8).
        send("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/byos/pools/more" + BATCH,
                pool("Standard_D4s_v3", 3, 1), 200);
        JsonNode more = send("GET", RG + "/providers/Microsoft.Batch/batchAccounts/byos/pools/more" + BATCH, null, 200)
                .path("properties");
        assertThat(more.path("currentDedicatedNodes").asInt()).isEqualTo(2);
        assertThat(more.path("currentLowPriorityNodes").asInt()).isEqualTo(1);
        assertThat(more.path("resizeOperationStatus").path("errors").toString()).contains("SubscriptionCoreQuotaReached")
                .doesNotContain("SubscriptionSpotCoreQuotaReached");
        List<JsonNode> after = all(SUB + "/providers/Microsoft.Compute/locations/westeurope/usages" + COMPUTE);
        assertThat(usage(after, "standardDSv3Family")).isEqualTo("20/20");
        assertThat(usage(after, "lowPriorityCores")).isEqualTo("8/8");

        List<JsonNode> north = all(SUB + "/providers/Microsoft.Compute/locations/northeurope/usages" + COMPUTE);
        assertThat(usage(north, "cores")).isEqualTo("0/10");
        assertThat(usage(north, "standardDSv3Family")).isEqualTo("0/4");
        assertThat(contract.judgedOperations()).contains("Usage_List@2024-07-01");
        JsonNode wrongVersion = send("GET", SUB + "/providers/Microsoft.Compute/locations/westeurope/usages"
                + "?api-version=2019-01-01", null, 400);
        assertThat(wrongVersion.path("error").path("code").asText()).isEqualTo("NoRegisteredProviderFound");
    }

    private static String usage(List<JsonNode> usages, String name) {
        JsonNode found = usages.stream().filter(u -> u.path("name").path("value").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no usage " + name));
        assertThat(found.path("unit").asText()).isEqualTo("Count");
        return found.path("currentValue").asLong() + "/" + found.path("limit").asLong();
    }

    private void account(String name, String location, String mode) throws Exception {
        String vault = mode.equals("UserSubscription") ? ",\"keyVaultReference\":{\"id\":\"" + SUB
                + "/resourceGroups/rg-compute/providers/Microsoft.KeyVault/vaults/kv\",\"url\":\"https://kv.vault.azure.net/\"}"
                : "";
        HttpResponse<String> started = exchange("PUT", RG + "/providers/Microsoft.Batch/batchAccounts/" + name + BATCH,
                "{\"location\":\"" + location + "\",\"properties\":{\"poolAllocationMode\":\"" + mode + "\"" + vault + "}}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String operation = started.headers().firstValue("Location").orElseThrow();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> polled = exchange("GET", operation, null);
            if (polled.statusCode() != 202) {
                assertThat(polled.statusCode()).as(polled.body()).isEqualTo(200);
                return;
            }
        }
        throw new AssertionError("account " + name + " was not created");
    }

    private static String pool(String vmSize, int dedicated, int spot) {
        return "{\"properties\":{\"vmSize\":\"" + vmSize + "\",\"deploymentConfiguration\":{\"virtualMachineConfiguration\":"
                + "{\"imageReference\":{\"publisher\":\"canonical\",\"offer\":\"0001-com-ubuntu-server-jammy\","
                + "\"sku\":\"22_04-lts\"},\"nodeAgentSkuId\":\"batch.node.ubuntu 22.04\"}},\"scaleSettings\":{\"fixedScale\":"
                + "{\"targetDedicatedNodes\":" + dedicated + ",\"targetLowPriorityNodes\":" + spot + "}}}}";
    }

}
