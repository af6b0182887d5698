package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.emulator.contract.ContractRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compute nodes of emulated pools on the data plane ({@code GET /pools/{poolId}/nodes}), on an injected clock:
 * ids kept while a node stays, states that move from starting through the start task to idle, injected start-task
 * failures and unusable nodes, paging and {@code $select}. Every answer is checked against Microsoft's published
 * data-plane document.
 */
class ComputeNodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RG = "/subscriptions/s1/resourceGroups/rg1";
    private static final String ACCOUNT = RG + "/providers/Microsoft.Batch/batchAccounts/nodeacct";
    private static final String ARM = "?api-version=2025-06-01";
    private static final String V = "?api-version=2025-06-01";
    private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    /** A resize takes a minute, a node starts in a minute, a start task runs two. */
    private static final Duration RESIZE = Duration.ofMinutes(1);
    private static final Duration START = Duration.ofMinutes(1);
    private static final Duration TASK = Duration.ofMinutes(2);

    private final SettableClock clock = new SettableClock(T0);
    private final ContractRecorder contract = ContractRecorder.responsesOnly();
    private ArmEmulator emulator;
    private HttpClient client;
    private String base;

    @BeforeEach
    void start() throws Exception {
        emulator = ArmEmulator.builder().inMemory().clock(clock).observer(contract).resizeDuration(RESIZE)
                .nodeTimes(START, TASK).pageSize(2).build().start();
        client = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        Map<String, String> bearer = Map.of("Authorization", "Bearer arm");
        assertThat(send("PUT", RG + "?api-version=2024-11-01", "{\"location\":\"westeurope\"}", bearer).status())
                .isEqualTo(201);
        Reply created = send("PUT", ACCOUNT + ARM, "{\"location\":\"westeurope\",\"properties\":{}}", bearer);
        for (int i = 0; i < 5 && created.status() == 202; i++) {
            created = send("GET", created.raw().headers().firstValue("Location").orElseThrow(), null, bearer);
        }
        base = "https://" + send("GET", ACCOUNT + ARM, null, bearer).body().path("properties").path("accountEndpoint")
                .asText();
    }

    @AfterEach
    void stop() {
        emulator.close();
        contract.assertConforms();
        assertThat(contract.judgedOperations()).contains("Nodes_ListNodes@2025-06-01");
    }

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private Reply send(String method, String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.startsWith("https:") ? url
                : emulator.endpoint().toString().replaceAll("/$", "") + url));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isEmpty() ? JSON.createObjectNode()
                : JSON.readTree(response.body()), response);
    }

    private static String token() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"aud\":\"https://batch.core.windows.net/\"}".getBytes(StandardCharsets.UTF_8))
                + ".";
    }

    private Reply data(String pathAndQuery) throws Exception {
        return send("GET", pathAndQuery.startsWith("https:") ? pathAndQuery : base + pathAndQuery, null,
                Map.of("Authorization", "Bearer " + token()));
    }

    /** Every node of a pool, following odata.nextLink; the pages' sizes go to {@code pages}. */
    private List<JsonNode> nodes(String pool, String query, List<Integer> pages) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String next = "/pools/" + pool + "/nodes" + V + query;
        while (next != null) {
            Reply page = data(next);
            assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
            page.body().path("value").forEach(all::add);
            pages.add(page.body().path("value").size());
            next = page.body().hasNonNull("odata.nextLink") ? page.body().get("odata.nextLink").asText() : null;
        }
        return all;
    }

    private List<JsonNode> nodes(String pool) throws Exception {
        return nodes(pool, "", new ArrayList<>());
    }

    private static List<String> states(List<JsonNode> nodes) {
        return nodes.stream().map(n -> n.path("state").asText()).toList();
    }

    private void pool(String name, int dedicated, int spot, String startTask) throws Exception {
        String body = "{\"properties\":{\"vmSize\":\"STANDARD_D2S_V3\",\"deploymentConfiguration\":"
                + "{\"virtualMachineConfiguration\":{\"imageReference\":{\"publisher\":\"canonical\",\"offer\":"
                + "\"0001-com-ubuntu-server-jammy\",\"sku\":\"22_04-lts\",\"version\":\"latest\"},\"nodeAgentSkuId\":"
                + "\"batch.node.ubuntu 22.04\"}},\"scaleSettings\":{\"fixedScale\":{\"targetDedicatedNodes\":"
                + dedicated + ",\"targetLowPriorityNodes\":" + spot + "}}" + (startTask == null ? ""
                : ",\"startTask\":" + startTask) + "}}";
        Reply made = send("PUT", ACCOUNT + "/pools/" + name + ARM, body, Map.of("Authorization", "Bearer arm"));
        assertThat(made.status()).as(made.body().toString()).isIn(200, 201);
    }

    private void advance(Duration by) {
        clock.advance(by);
    }

    @Test
    void nodesStartRunTheirStartTaskAndGoIdleWithTheirIdsKept() throws Exception {
        pool("render", 2, 1, "{\"commandLine\":\"/bin/sh -c ./setup.sh\",\"waitForSuccess\":true}");
        assertThat(nodes("render")).as("resizing: no node yet").isEmpty();

        advance(RESIZE);
        List<Integer> pages = new ArrayList<>();
        List<JsonNode> starting = nodes("render", "", pages);
        assertThat(pages).as("two a page, then the rest").containsExactly(2, 1);
        assertThat(states(starting)).containsExactly("starting", "starting", "starting");
        assertThat(starting).extracting(n -> n.path("isDedicated").asBoolean()).containsExactly(true, true, false);
        assertThat(starting.get(0).path("id").asText()).matches("tvmps_[0-9a-f]{64}_d");
        assertThat(starting.get(2).path("id").asText()).endsWith("_p");
        assertThat(starting.get(0).path("allocationTime").asText()).isEqualTo(T0.plus(RESIZE).toString());
        assertThat(starting.get(0).has("startTaskInfo")).isFalse();

        advance(START);
        List<JsonNode> waiting = nodes("render");
        assertThat(states(waiting)).containsOnly("waitingforstarttask");
        assertThat(waiting.get(0).path("startTaskInfo").path("state").asText()).isEqualTo("running");
        assertThat(waiting).extracting(n -> n.path("id").asText())
                .containsExactlyElementsOf(starting.stream().map(n -> n.path("id").asText()).toList());

        advance(TASK);
        List<JsonNode> idle = nodes("render");
        assertThat(states(idle)).containsOnly("idle");
        JsonNode info = idle.get(1).path("startTaskInfo");
        assertThat(info.path("state").asText()).isEqualTo("completed");
        assertThat(info.path("result").asText()).isEqualTo("success");
        assertThat(info.path("exitCode").asInt(-1)).isZero();
        assertThat(info.path("retryCount").asInt(-1)).isZero();
        assertThat(idle.get(1).path("stateTransitionTime").asText()).isEqualTo(T0.plus(RESIZE).plus(START).plus(TASK)
                .toString());

        List<JsonNode> selected = nodes("render", "&$select=id,state,startTaskInfo", new ArrayList<>());
        assertThat(selected.get(0).properties()).extracting(Map.Entry::getKey)
                .containsExactly("id", "state", "startTaskInfo");
        List<JsonNode> onlyIdle = nodes("render", "&$filter=" + java.net.URLEncoder.encode("state eq 'idle'",
                StandardCharsets.UTF_8).replace("+", "%20"), new ArrayList<>());
        assertThat(onlyIdle).hasSize(3);
    }

    @Test
    void aPoolWithoutAStartTaskIsIdleOnceStartedAndLosesItsNewestNodesWhenItShrinks() throws Exception {
        pool("plain", 3, 0, null);
        advance(RESIZE.plus(START));
        List<JsonNode> idle = nodes("plain");
        assertThat(states(idle)).containsExactly("idle", "idle", "idle");
        assertThat(idle.get(0).has("startTaskInfo")).isFalse();

        pool("plain", 1, 0, null);
        advance(RESIZE);
        List<JsonNode> left = nodes("plain");
        assertThat(left).extracting(n -> n.path("id").asText()).containsExactly(idle.get(0).path("id").asText());
        assertThat(data("/pools/nosuchpool/nodes" + V).body().path("code").asText()).isEqualTo("PoolNotFound");
    }

    @Test
    void injectedStartTaskFailuresAfterTheirRetriesAndUnusableNodes() throws Exception {
        emulator.faults(FaultConfig.NONE.withNodeFaults(List.of(
                FaultConfig.NodeFault.startTaskFailsIn("West Europe", 3),
                FaultConfig.NodeFault.unusable("bare"))));
        pool("agents", 2, 0, "{\"commandLine\":\"/bin/sh -c 'mount -t nfs 10.1.0.4:/share /mnt'\","
                + "\"waitForSuccess\":true,\"maxTaskRetryCount\":1}");
        pool("lenient", 1, 0, "{\"commandLine\":\"/bin/sh -c false\",\"waitForSuccess\":false}");
        pool("bare", 1, 0, null);
        advance(RESIZE.plus(START).plus(TASK));
        JsonNode retrying = nodes("agents").get(0);
        assertThat(retrying.path("state").asText()).isEqualTo("waitingforstarttask");
        assertThat(retrying.path("startTaskInfo").path("retryCount").asInt()).isEqualTo(1);
        assertThat(nodes("lenient").get(0).path("state").asText()).as("a task that does not wait: idle meanwhile")
                .isEqualTo("idle");

        advance(TASK);
        List<JsonNode> failed = nodes("agents");
        assertThat(states(failed)).containsExactly("starttaskfailed", "starttaskfailed");
        JsonNode info = failed.get(0).path("startTaskInfo");
        assertThat(info.path("state").asText()).isEqualTo("completed");
        assertThat(info.path("result").asText()).isEqualTo("failure");
        assertThat(info.path("exitCode").asInt()).isEqualTo(3);
        assertThat(info.path("retryCount").asInt()).isEqualTo(1);
        assertThat(info.path("failureInfo").path("category").asText()).isEqualTo("usererror");
        assertThat(info.path("failureInfo").path("code").asText()).isEqualTo("FailureExitCode");
        assertThat(info.path("failureInfo").path("message").asText())
                .isEqualTo("The task exited with an exit code representing a failure");
        JsonNode lenient = nodes("lenient").get(0);
        assertThat(lenient.path("state").asText()).isEqualTo("idle");
        assertThat(lenient.path("startTaskInfo").path("result").asText()).isEqualTo("failure");
        assertThat(nodes("bare").get(0).path("state").asText()).isEqualTo("unusable");

        emulator.faults(FaultConfig.NONE);
        assertThat(states(nodes("agents"))).as("without the fault the same nodes read as succeeded")
                .containsOnly("idle");
    }
}
