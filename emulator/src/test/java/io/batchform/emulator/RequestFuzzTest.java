package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random request bodies and paths against a live emulator: it answers every one with a status below 500 (no fault is
 * injected here, so a 5xx would be a bug), and a request it refuses leaves what it stores as it was.
 */
class RequestFuzzTest {
    private static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-fuzz";
    private static final String VNET = RG + "/providers/Microsoft.Network/virtualNetworks/net?api-version=2025-03-01";
    private static final String ACCOUNT = RG + "/providers/Microsoft.Batch/batchAccounts/fuzzacct";
    private static final String POOL = ACCOUNT + "/pools/p?api-version=2024-07-01";
    private static final List<String> PIECES = List.of("{", "}", "[", "]", ",", ":", "\"location\"", "\"westeurope\"",
            "\"properties\"", "\"vmSize\"", "\"STANDARD_D2S_V3\"", "\"scaleSettings\"", "\"fixedScale\"",
            "\"targetDedicatedNodes\"", "-1", "1e309", "0", "true", "null", "\"addressSpace\"", "\"addressPrefixes\"",
            "\"10.0.0.0/16\"", "\"subnets\"", "\"\\u0000\"", "\"tags\"", "\"é\"", " ");

    private static ArmEmulator emulator;
    private static HttpClient client;

    @BeforeContainer
    static void start() throws Exception {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ZERO).build().start();
        client = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
        assertThat(send("PUT", RG + "?api-version=2025-04-01", "{\"location\":\"westeurope\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> account = send("PUT", ACCOUNT + "?api-version=2024-07-01", "{\"location\":\"westeurope\"}");
        assertThat(account.statusCode()).isIn(200, 201, 202);
    }

    @AfterContainer
    static void stop() {
        emulator.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + path.substring(1)))
                .header("Authorization", "Bearer fuzz").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(30)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Provide
    Arbitrary<String> jsonSoup() {
        return Arbitraries.of(PIECES).list().ofMaxSize(80).map(pieces -> String.join("", pieces));
    }

    @Property(tries = 60)
    void aRandomNetworkBodyIsAnsweredAndARefusalChangesNothing(@ForAll("jsonSoup") String body) throws Exception {
        String before = send("GET", VNET, null).body();
        HttpResponse<String> response = send("PUT", VNET, body);
        assertThat(response.statusCode()).as("%s -> %s", body, response.body()).isLessThan(500);
        if (response.statusCode() >= 400) {
            assertThat(send("GET", VNET, null).body()).as("a refused PUT changes nothing").isEqualTo(before);
        }
    }

    @Property(tries = 60)
    void aRandomPoolBodyIsAnsweredAndARefusalChangesNothing(@ForAll("jsonSoup") String body) throws Exception {
        String before = send("GET", POOL, null).body();
        HttpResponse<String> response = send("PUT", POOL, body);
        assertThat(response.statusCode()).as("%s -> %s", body, response.body()).isLessThan(500);
        if (response.statusCode() >= 400) {
            assertThat(send("GET", POOL, null).body()).as("a refused PUT changes nothing").isEqualTo(before);
        }
    }

    @Property(tries = 40)
    void anArbitraryBodyOrPathNeverBreaksTheServer(@ForAll String body, @ForAll("segments") String segment)
            throws Exception {
        assertThat(send("PUT", VNET, body).statusCode()).isLessThan(500);
        String path = RG + "/providers/Microsoft.Network/virtualNetworks/" + segment + "?api-version=2025-03-01";
        assertThat(send("GET", path, null).statusCode()).as(segment).isLessThan(500);
    }

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(300)
                .map(s -> java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
    }
}
