package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided (Jazzer): any bytes as one request to a live emulator over TLS. The input's first line is the
 * request line's method and target, sent as they are (no encoding: malformed escapes, control characters, spaces,
 * any length), and the rest is the body; the headers are a client's (a bearer token, the body's length). What must
 * hold is {@link RequestFuzzTest}'s: every answer is below 500 (no fault is injected), and a request that is refused,
 * or not answered, leaves the store as it was (the emulator's persisted state, byte for byte). Requests that succeed
 * may change it, so inputs run against what earlier ones made. In the build it replays its inputs
 * ({@code RequestCoverageFuzzTestInputs/}: requests for every resource type as seeds, and every input that once
 * failed); {@code JAZZER_FUZZ=1} fuzzes it (README, "Fuzzing"). Isolated: Jazzer's bug detectors and its
 * permission to open connections belong to the whole JVM.
 */
@org.junit.jupiter.api.parallel.Isolated
class RequestCoverageFuzzTest {
    static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-fuzz";

    private static Path dir;
    private static ArmEmulator emulator;
    private static SSLSocketFactory sockets;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("batchform-request-jazzer");
        emulator = ArmEmulator.builder().dataDirectory(dir).resizeDuration(Duration.ZERO).build().start();
        sockets = emulator.sslContext().getSocketFactory();
        assertThat(send("PUT " + RG + "?api-version=2025-04-01", "{\"location\":\"westeurope\"}").status())
                .isEqualTo(201);
        assertThat(send("PUT " + RG + "/providers/Microsoft.Batch/batchAccounts/fuzzacct?api-version=2024-07-01",
                "{\"location\":\"westeurope\"}").status()).isIn(200, 201, 202);
    }

    @AfterAll
    static void stop() throws IOException {
        emulator.close();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    @SuppressWarnings("try") // the resource is a scope: the permission lasts while it is open
    void anyRequestIsAnsweredBelow500AndARefusalChangesNothing(byte[] bytes) throws IOException {
        int newline = indexOf(bytes, (byte) '\n');
        String line = new String(bytes, 0, newline < 0 ? bytes.length : newline, StandardCharsets.ISO_8859_1)
                .replace("\r", "");
        String body = newline < 0 ? "" : new String(bytes, newline + 1, bytes.length - newline - 1,
                StandardCharsets.ISO_8859_1);
        byte[] before = stored();
        Answer answer;
        // Jazzer's request-forgery detector refuses every connection in a fuzz test unless told which are meant.
        int emulatorPort = emulator.endpoint().getPort();
        try (SilentCloseable loopbackOnly = BugDetectors.allowNetworkConnections((host, port) -> port == emulatorPort
                && (host.equals("127.0.0.1") || host.equals("localhost")))) {
            answer = send(line, body);
        }
        assertThat(answer.status()).as("%s -> %s", line, answer.text()).isLessThan(500);
        if (answer.status() < 200 || answer.status() >= 400) {
            assertThat(stored()).as("a refused request changes nothing: %s -> %s", line, answer.text())
                    .isEqualTo(before);
        }
    }

    /** The status (-1 when the connection closed without one) and the whole answer, as text. */
    record Answer(int status, String text) {
    }

    /** Sends {@code METHOD TARGET} (the line as given) with a client's headers and {@code body}; reads to the end. */
    static Answer send(String line, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.ISO_8859_1);
        String head = line + " HTTP/1.1\r\nHost: 127.0.0.1:" + emulator.endpoint().getPort()
                + "\r\nAuthorization: Bearer fuzz\r\nContent-Type: application/json\r\nContent-Length: "
                + content.length + "\r\nConnection: close\r\n\r\n";
        try (SSLSocket socket = (SSLSocket) sockets.createSocket("127.0.0.1", emulator.endpoint().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return new Answer(status(text), text);
        } catch (java.net.SocketException | javax.net.ssl.SSLException dropped) {
            return new Answer(-1, dropped.toString());
        }
    }

    private static int status(String text) {
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            return -1;
        }
        try {
            return Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] stored() throws IOException {
        return PersistedStore.bytes(dir);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
