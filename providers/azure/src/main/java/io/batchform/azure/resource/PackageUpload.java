package io.batchform.azure.resource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Uploads an application package's zip to the SAS URL Azure returned when the version was created. A failed upload
 * (the file unreadable, the storage answering an error, the connection lost) is the version's diagnostic.
 */
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
                throw new ResourceFailure("UploadFailed", "uploading " + zip + " failed: HTTP " + response.statusCode()
                        + " " + response.body());
            }
        } catch (IOException e) {
            throw new ResourceFailure("UploadFailed", "uploading " + zip + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResourceFailure("Interrupted", "interrupted while uploading " + zip);
        }
    }
}
