package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests a client should never send: connections that never finish, bodies too large or too deep, names that are
 * no names. Each is refused or dropped, the emulator keeps serving others, and a refused request changes nothing.
 */
class HostileRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hostile";
    private static final String VNET = RG + "/providers/Microsoft.Network/virtualNetworks/net";
    private static final String NETWORK = "?api-version=2025-03-01";

    @TempDir
    Path data;

    private ArmEmulator emulator;
    private HttpClient client;

    @BeforeEach
    void start() {
        emulator = ArmEmulator.builder().dataDirectory(data).resizeDuration(Duration.ZERO).build().start();
        client = HttpClient.newBuilder().sslContext(emulator.sslContext()).connectTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(emulator.endpoint().resolve(path.substring(1)))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer t").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) throws IOException {
        JsonNode body = JSON.readTree(response.body());
        return body.path("error").path("code").asText();
    }

    @Test
    void connectionsThatNeverFinishTheirRequestDoNotBlockOthers() throws Exception {
        URI endpoint = emulator.endpoint();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
                socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // the start of a TLS record, no more
                idle.add(socket);
            }
            long start = System.nanoTime();
            assertThat(send("PUT", RG + "?api-version=2025-04-01", "{\"location\":\"westeurope\"}").statusCode())
                    .isEqualTo(201);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered while they hang")
                    .isLessThan(Duration.ofSeconds(Long.parseLong(ArmEmulator.REQUEST_SECONDS)));
            for (Socket socket : idle) {
                socket.setSoTimeout(15_000);
                // The server may say goodbye with a TLS alert first; then the stream ends (a hang would time out).
                byte[] last = socket.getInputStream().readAllBytes();
                assertThat(last.length).as("at most an alert before the connection is closed").isLessThan(64);
            }
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyTooLargeOrTooDeepIsRefusedAndChangesNothing() throws Exception {
        assertThat(send("PUT", RG + "?api-version=2025-04-01", "{\"location\":\"westeurope\"}").statusCode()).isEqualTo(201);
        String large = "{\"location\":\"westeurope\",\"tags\":{\"t\":\"" + "x".repeat(RequestLimits.MAX_BODY_BYTES) + "\"}}";
        HttpResponse<String> tooLarge = send("PUT", VNET + NETWORK, large);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(code(tooLarge)).isEqualTo("RequestEntityTooLarge");

        String deep = "{\"location\":\"westeurope\",\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]},"
                + "\"x\":" + "[".repeat(998) + "]".repeat(998) + "}}";
        HttpResponse<String> tooDeep = send("PUT", VNET + NETWORK, deep);
        assertThat(tooDeep.statusCode()).isEqualTo(400);
        assertThat(code(tooDeep)).isEqualTo("InvalidRequestContent");
        assertThat(send("GET", VNET + NETWORK, null).statusCode()).as("nothing was stored").isEqualTo(404);

        HttpResponse<String> fine = send("PUT", VNET + NETWORK, "{\"location\":\"westeurope\",\"properties\":"
                + "{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"]}}}");
        assertThat(fine.statusCode()).as("later writes still work: %s", fine.body()).isIn(200, 201);
    }

    @Test
    void aPathSegmentThatIsNoNameIsRefused() throws Exception {
        HttpResponse<String> control = send("PUT", RG.replace("rg-hostile", "rg%00x") + "?api-version=2025-04-01",
                "{\"location\":\"westeurope\"}");
        assertThat(control.statusCode()).isEqualTo(400);
        assertThat(code(control)).isEqualTo("InvalidResourceName");
        assertThat(control.body()).contains("rg?x");
        HttpResponse<String> long_ = send("PUT", RG.replace("rg-hostile", "r".repeat(300)) + "?api-version=2025-04-01",
                "{\"location\":\"westeurope\"}");
        assertThat(code(long_)).isEqualTo("InvalidResourceName");
    }

    @Test
    void theKeyMaterialIsReadableByItsOwnerOnly() throws Exception {
        Set<PosixFilePermission> ownerOnly = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(data.resolve("emulator.p12"))).isEqualTo(ownerOnly);
        assertThat(Files.getPosixFilePermissions(data.resolve("emulator.p12.pass"))).isEqualTo(ownerOnly);
        assertThat(Files.readString(data.resolve("emulator.p12.pass"))).doesNotContain("batchform-emulator").hasSizeGreaterThan(20);
    }

    /** A clock a test moves by hand. */
    @Test
    void aRefusedPoolWriteStoresNothingOfWhatTimeDidToThePool(@TempDir Path other) throws Exception {
        // Found by RequestCoverageFuzzTest: a pool ends its resize and evaluates its formula lazily, when a request
        // looks at it after the time; a PUT with a bad body stored that and then refused the write.
        emulator.close();
        SettableClock clock = new SettableClock(java.time.Instant.parse("2026-12-05T10:00:00Z"));
        emulator = ArmEmulator.builder().dataDirectory(other).resizeDuration(Duration.ZERO).clock(clock).build().start();
        client = HttpClient.newBuilder().sslContext(emulator.sslContext()).connectTimeout(Duration.ofSeconds(30)).build();
        String account = RG + "/providers/Microsoft.Batch/batchAccounts/hostileacct";
        String pool = account + "/pools/p?api-version=2024-07-01";
        String body = "{\"properties\":{\"vmSize\":\"%s\",\"deploymentConfiguration\":{\"virtualMachineConfiguration\":"
                + "{\"imageReference\":{\"publisher\":\"canonical\",\"offer\":\"0001-com-ubuntu-server-jammy\","
                + "\"sku\":\"22_04-lts\"},\"nodeAgentSkuId\":\"batch.node.ubuntu 22.04\"}},\"scaleSettings\":{\"autoScale\":"
                + "{\"formula\":\"$TargetDedicatedNodes = 1;\",\"evaluationInterval\":\"PT5M\"}}}}";
        assertThat(send("PUT", RG + "?api-version=2025-04-01", "{\"location\":\"westeurope\"}").statusCode()).isEqualTo(201);
        assertThat(send("PUT", account + "?api-version=2024-07-01", "{\"location\":\"westeurope\"}").statusCode())
                .isIn(200, 201, 202);
        assertThat(send("PUT", pool, body.formatted("STANDARD_D2S_V3")).statusCode()).isEqualTo(200);
        byte[] before = PersistedStore.bytes(other);
        clock.advance(Duration.ofMinutes(6));
        HttpResponse<String> refused = send("PUT", pool, body.formatted("SAANDARD_D2S_V3"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(PersistedStore.bytes(other)).as("a refused PUT changes nothing").isEqualTo(before);
        assertThat(send("PATCH", pool, "{\"properties\":{\"vmSize\":7}}").statusCode()).isEqualTo(400);
        assertThat(send("POST", account + "/pools/p/noSuchAction?api-version=2024-07-01", null).statusCode())
                .isEqualTo(404);
        assertThat(PersistedStore.bytes(other)).as("nor a refused PATCH or action").isEqualTo(before);
        JsonNode shown = JSON.readTree(send("GET", pool, null).body());
        assertThat(shown.path("properties").path("allocationState").asText())
                .as("what the time did to the pool (its resize done) shows when it is next looked at").isEqualTo("Steady");
        assertThat(PersistedStore.bytes(other)).isNotEqualTo(before);
    }
}
