package io.batchform.azure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Azurite's blob service, the Azure Storage emulator from npm (installed into this module's node_modules by the
 * build), on a free loopback port, in memory: {@link #start()} one for a test class, or {@link #shared()} the one of
 * this JVM (tests that each keep to their own blobs need no fresh one, and a start costs a Node.js process).
 */
public final class Azurite implements AutoCloseable {
    /** The development account every Azurite has (its documented, public key). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static Azurite shared;

    private final Process process;
    private final int port;
    private final boolean owned;

    private Azurite(Process process, int port, boolean owned) {
        this.process = process;
        this.port = port;
        this.owned = owned;
    }

    /**
     * The Azurite of this JVM, started on first use and stopped when the JVM exits; {@link #close()} leaves it
     * running. Tests that use it may run at the same time, so each keeps to its own blobs.
     */
    public static synchronized Azurite shared() {
        if (shared == null) {
            Azurite started = start();
            shared = new Azurite(started.process, started.port, false);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "azurite stop"));
        }
        return shared;
    }

    public static Azurite start() {
        // From this module, or from a module beside it (the command line's tests).
        Path binary = Path.of("node_modules", ".bin", "azurite-blob");
        if (!Files.isExecutable(binary)) {
            binary = Path.of("..", "providers", "azure", "node_modules", ".bin", "azurite-blob");
        }
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary.toAbsolutePath() + " is missing: the build installs it (npm ci in "
                    + "providers/azure) unless tests are skipped");
        }
        int port = freePort();
        try {
            Process process = new ProcessBuilder(List.of(binary.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                    Integer.toString(port), "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck"))
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            java.util.concurrent.CountDownLatch listening = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (listening.getCount() > 0) {
                            seen.append(line).append('\n');
                        }
                        if (line.contains("successfully listens")) {
                            listening.countDown();
                        }
                    }
                } catch (IOException closed) {
                    // Azurite was stopped
                }
            }, "azurite output");
            reader.setDaemon(true);
            reader.start();
            if (listening.await(60, TimeUnit.SECONDS)) {
                return new Azurite(process, port, true);
            }
            process.destroyForcibly();
            throw new IllegalStateException("Azurite did not start within 60 s:\n" + seen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Azurite", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + endpoint() + ";";
    }

    /** The account's blob endpoint: {@code http://127.0.0.1:PORT/devstoreaccount1}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /**
     * A URL of {@code blob} in {@code container} (created when missing) that signs in by itself: its SAS token lets
     * it be read, written and leased, and its container listed (workspaces), for an hour.
     */
    public String signedBlobUrl(String container, String blob) {
        var client = container(container);
        client.createIfNotExists();
        String sas = client.generateSas(new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(
                java.time.OffsetDateTime.now().plusHours(1), new com.azure.storage.blob.sas.BlobContainerSasPermission()
                .setReadPermission(true).setWritePermission(true).setCreatePermission(true).setAddPermission(true)
                .setListPermission(true).setDeletePermission(true)));
        return endpoint() + "/" + container + "/" + blob + "?" + sas;
    }

    /** A client of {@code name}, a container of the development account, signed in with its key. */
    public com.azure.storage.blob.BlobContainerClient container(String name) {
        return new com.azure.storage.blob.BlobServiceClientBuilder().connectionString(connectionString())
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build()).buildClient()
                .getBlobContainerClient(name);
    }

    /** Whether a run holds the lease of {@code blob} in {@code container}. */
    public boolean leased(String container, String blob) {
        var properties = container(container).getBlobClient(blob);
        return properties.exists() && properties.getProperties().getLeaseState()
                == com.azure.storage.blob.models.LeaseStateType.LEASED;
    }

    /** Stops this Azurite, unless it is the {@link #shared()} one. */
    @Override
    public void close() {
        if (!owned) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
