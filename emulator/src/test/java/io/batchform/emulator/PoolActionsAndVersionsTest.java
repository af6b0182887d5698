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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pool actions {@code disableAutoScale} and {@code stopResize}, and the api-version rules: a body is checked
 * against its version's properties and enums, an answer shows only its version's properties.
 */
class PoolActionsAndVersionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RG = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-actions";
    private static final String ACCOUNT = RG + "/providers/Microsoft.Batch/batchAccounts/actionsacct";
    private static final String NEW = "?api-version=2025-06-01";
    private static final String OLD = "?api-version=2022-01-01";
    private static final String UBUNTU = "\"vmSize\":\"Standard_D2s_v3\",\"deploymentConfiguration\":{\"virtualMachineConfiguration\":"
            + "{\"imageReference\":{\"publisher\":\"canonical\",\"offer\":\"0001-com-ubuntu-server-jammy\",\"sku\":\"22_04-lts\"},"
            + "\"nodeAgentSkuId\":\"batch.node.ubuntu 22.04\"}}";
    private final ContractRecorder contract = ContractRecorder.responsesOnly();
    private ArmEmulator emulator;
    private HttpClient http;

    record Reply(int status, JsonNode body) {
    }

    @BeforeEach
    void start() throws Exception {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ofHours(1)).observer(contract).build().start();
        http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        send("PUT", RG + "?api-version=2025-04-01", "{\"location\":\"westeurope\"}");
        Reply created = send("PUT", ACCOUNT + NEW, "{\"location\":\"westeurope\"}");
        assertThat(created.status()).isEqualTo(202);
        for (int i = 0; i < 5 && send("GET", ACCOUNT + NEW, null).body().path("properties").path("provisioningState")
                .asText().equals("Creating"); i++) {
            Thread.sleep(10);
        }
    }

    @AfterEach
    void stop() {
        emulator.close();
        contract.assertConforms();
    }

    private Reply send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(emulator.endpoint().resolve(path.substring(1)))
                .header("Authorization", "Bearer test").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body()));
    }

    @Test
    void disableAutoScaleKeepsTheFormulasLastTargetsAsAFixedScale() throws Exception {
        send("PUT", ACCOUNT + "/pools/auto" + NEW, "{\"properties\":{" + UBUNTU
                + ",\"scaleSettings\":{\"autoScale\":{\"formula\":\"$TargetDedicatedNodes=4\"}}}}");
        Reply disabled = send("POST", ACCOUNT + "/pools/auto/disableAutoScale" + NEW, null);
        assertThat(disabled.status()).isEqualTo(200);
        JsonNode properties = disabled.body().path("properties");
        assertThat(properties.path("scaleSettings").has("autoScale")).isFalse();
        assertThat(properties.path("scaleSettings").path("fixedScale").path("targetDedicatedNodes").asInt()).isEqualTo(4);
        assertThat(properties.path("allocationState").asText()).as("the resize under way goes on").isEqualTo("Resizing");
        assertThat(properties.has("autoScaleRun")).isFalse();
        Reply again = send("POST", ACCOUNT + "/pools/auto/disableAutoScale" + NEW, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("etag").asText()).as("nothing changed").isEqualTo(disabled.body().path("etag").asText());
    }

    @Test
    void stopResizeLeavesThePoolSteadyWithTheNodesItHas() throws Exception {
        send("PUT", ACCOUNT + "/pools/fixed" + NEW, "{\"properties\":{" + UBUNTU
                + ",\"scaleSettings\":{\"fixedScale\":{\"targetDedicatedNodes\":3}}}}");
        Reply stopped = send("POST", ACCOUNT + "/pools/fixed/stopResize" + NEW, null);
        assertThat(stopped.status()).isEqualTo(200);
        JsonNode properties = stopped.body().path("properties");
        assertThat(properties.path("allocationState").asText()).isEqualTo("Steady");
        assertThat(properties.path("currentDedicatedNodes").asInt()).isZero();
        assertThat(properties.path("scaleSettings").path("fixedScale").path("targetDedicatedNodes").asInt()).isEqualTo(3);
        assertThat(properties.path("resizeOperationStatus").path("targetDedicatedNodes").asInt()).isEqualTo(3);
        assertThat(send("GET", ACCOUNT + "/pools/fixed" + NEW, null).body().path("properties").path("allocationState")
                .asText()).isEqualTo("Steady");
        assertThat(send("GET", ACCOUNT + "/pools/fixed/stopResize" + NEW, null).status()).isEqualTo(405);
        assertThat(send("POST", ACCOUNT + "/pools/fixed/reboot" + NEW, null).status()).isEqualTo(404);
        assertThat(send("POST", ACCOUNT + "/pools/absent/stopResize" + NEW, null).status()).isEqualTo(404);
    }

    @Test
    void aBodyIsCheckedAgainstItsVersionAndAnAnswerShowsOnlyItsVersion() throws Exception {
        send("PUT", ACCOUNT + "/pools/versions" + NEW, "{\"properties\":{" + UBUNTU + "}}");
        String simplified = "{\"properties\":{\"targetNodeCommunicationMode\":\"Simplified\"}}";
        Reply old = send("PATCH", ACCOUNT + "/pools/versions" + OLD, simplified);
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.body().path("error").path("code").asText()).isEqualTo("InvalidRequestBody");
        assertThat(old.body().path("error").path("target").asText()).isEqualTo("properties.targetNodeCommunicationMode");
        assertThat(send("PATCH", ACCOUNT + "/pools/versions" + NEW, simplified).status()).isEqualTo(200);
        Reply wrongEnum = send("PATCH", ACCOUNT + "/pools/versions" + NEW,
                "{\"properties\":{\"targetNodeCommunicationMode\":\"Fast\"}}");
        assertThat(wrongEnum.status()).isEqualTo(400);
        assertThat(wrongEnum.body().path("error").path("code").asText()).isEqualTo("InvalidPropertyValue");
        assertThat(send("GET", ACCOUNT + "/pools/versions" + OLD, null).body().path("properties")
                .has("targetNodeCommunicationMode")).as("2022-01-01 has no such property").isFalse();
        assertThat(send("GET", ACCOUNT + "/pools/versions" + NEW, null).body().path("properties")
                .path("targetNodeCommunicationMode").asText()).isEqualTo("Simplified");
        assertThat(send("GET", ACCOUNT + OLD, null).body().path("properties").has("nodeManagementEndpoint")).isFalse();
        assertThat(send("GET", ACCOUNT + NEW, null).body().path("properties").has("nodeManagementEndpoint")).isTrue();
        assertThat(contract.judgedOperations()).contains("Pool_Update@2025-06-01",
                "Pool_Get@2022-01-01", "BatchAccount_Get@2022-01-01");
    }
}
