import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

/**
 * bench/scale.sh's helper for remote state (STATE=blob), run from source against batchform.jar's Storage SDK, signed in
 * with AZURE_STORAGE_CONNECTION_STRING: {@code container NAME} makes the container; {@code delete NAME BLOB} deletes a
 * state blob with its backup and journal, so that the next apply starts from no state.
 */
public class StateBlobs {
    public static void main(String[] args) {
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(System.getenv("AZURE_STORAGE_CONNECTION_STRING"))
                .httpClient(new JdkHttpClientBuilder().build()).buildClient().getBlobContainerClient(args[1]);
        switch (args[0]) {
            case "container" -> container.createIfNotExists();
            case "delete" -> {
                for (String suffix : new String[] {"", ".backup", ".journal"}) {
                    container.getBlobClient(args[2] + suffix).deleteIfExists();
                }
            }
            default -> throw new IllegalArgumentException("container NAME | delete NAME BLOB");
        }
    }
}
