package io.batchform.azure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Uploads an application package's zip to the SAS URL Azure returned when the version was created. */
final class PackageUpload {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private PackageUpload() {
    }

    static void put(Path zip, String sasUrl) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(sasUrl)).header("x-ms-blob-type", "BlockBlob")
                    .PUT(HttpRequest.BodyPublishers.ofFile(zip)).build();
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("uploading " + zip + " failed: HTTP " + response.statusCode() + " "
                        + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("uploading " + zip + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading " + zip, e);
        }
    }
}
