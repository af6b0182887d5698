package io.batchform.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelay;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.batch.BatchManager;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import com.azure.resourcemanager.storage.StorageManager;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import reactor.core.publisher.Mono;

/**
 * The SDK managers for one subscription: Batch (azure-resourcemanager-batch 1.0.0, api-version 2022-01-01), Storage,
 * Network and Resources, all on the JDK HTTP client (netty is excluded from the build). Retries honour
 * {@code Retry-After}; long-running operations are polled at the configured interval unless the server asks for a
 * longer one.
 */
public final class AzureConnection {
    /** The emulator accepts any bearer token; this is the subscription batchform uses there by default. */
    public static final String EMULATOR_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    private static final String EMULATOR_TENANT = "00000000-0000-0000-0000-000000000000";

    private final String subscriptionId;
    private final Memo<BatchManager> batch;
    private final Memo<StorageManager> storage;
    private final Memo<NetworkManager> network;
    private final Memo<ResourceManager> resources;
    private final URI endpoint;
    private final Duration pollInterval;
    private final HttpClient http;
    private final TokenCredential credential;
    private final RetryPolicy retryPolicy;

    private AzureConnection(URI endpoint, String subscriptionId, String tenantId, TokenCredential credential,
                            SSLContext trust, Duration pollInterval, RetrySettings retry) {
        this.endpoint = endpoint;
        this.pollInterval = pollInterval;
        this.subscriptionId = Objects.requireNonNull(subscriptionId, "subscriptionId");
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        if (trust != null) {
            jdk.sslContext(trust);
        }
        HttpClient http = new JdkHttpClientBuilder(jdk).build();
        AzureEnvironment environment = endpoint == null ? AzureEnvironment.AZURE : environment(endpoint);
        AzureProfile profile = new AzureProfile(tenantId, subscriptionId, environment);
        RetryPolicy retryPolicy = new RetryPolicy(new FixedDelay(retry.maxRetries(), retry.delay()), "Retry-After",
                ChronoUnit.SECONDS);
        this.http = http;
        this.credential = credential;
        this.retryPolicy = retryPolicy;
        // Each manager is built on first use: a plan that touches no network pays nothing for the network manager's
        // ~150 service clients, and a command that talks to no cloud builds none.
        this.batch = new Memo<>(() -> BatchManager.configure().withHttpClient(http).withRetryPolicy(retryPolicy)
                .withDefaultPollInterval(pollInterval).authenticate(credential, profile));
        this.storage = new Memo<>(() -> StorageManager.configure().withHttpClient(http).withRetryPolicy(retryPolicy)
                .authenticate(credential, profile));
        this.network = new Memo<>(() -> NetworkManager.configure().withHttpClient(http).withRetryPolicy(retryPolicy)
                .authenticate(credential, profile));
        this.resources = new Memo<>(() -> ResourceManager.configure().withHttpClient(http).withRetryPolicy(retryPolicy)
                .authenticate(credential, profile).withSubscription(subscriptionId));
    }

    /** A value made once, on first use, by any of the threads that ask (a parallel refresh asks from several). */
    private static final class Memo<T> implements Supplier<T> {
        private final Supplier<T> make;
        private volatile T value;

        Memo(Supplier<T> make) {
            this.make = make;
        }

        @Override
        public T get() {
            T made = value;
            if (made == null) {
                synchronized (this) {
                    made = value;
                    if (made == null) {
                        made = make.get();
                        value = made;
                    }
                }
            }
            return made;
        }
    }

    /** How failed requests are retried: up to {@code maxRetries} times, {@code delay} apart (or Retry-After). */
    public record RetrySettings(int maxRetries, Duration delay) {
        public static final RetrySettings DEFAULT = new RetrySettings(4, Duration.ofSeconds(2));
    }

    /**
     * Real Azure, with {@code DefaultAzureCredential} (environment, managed identity, Azure CLI, ...), the SDK's own
     * poll interval unless the service sends Retry-After. The subscription is the spec's, else
     * {@code AZURE_SUBSCRIPTION_ID}; the tenant, when not given, is {@code AZURE_TENANT_ID} or the credential's own.
     */
    public static AzureConnection forAzure(String subscriptionId, String tenantId, Map<String, String> environment) {
        String subscription = subscriptionId != null ? subscriptionId : environment.get("AZURE_SUBSCRIPTION_ID");
        if (subscription == null || subscription.isBlank()) {
            throw new IllegalArgumentException("no Azure subscription: set subscription in the spec or AZURE_SUBSCRIPTION_ID");
        }
        String tenant = tenantId != null ? tenantId : environment.get("AZURE_TENANT_ID");
        return new AzureConnection(null, subscription, tenant, new DefaultAzureCredentialBuilder().build(), null,
                Duration.ofSeconds(10), RetrySettings.DEFAULT);
    }

    /** The subscription batchform would use without one in the spec: {@code AZURE_SUBSCRIPTION_ID}, if set. */
    public static java.util.Optional<String> configuredSubscription(Map<String, String> environment) {
        return java.util.Optional.ofNullable(environment.get("AZURE_SUBSCRIPTION_ID")).filter(s -> !s.isBlank());
    }

    /**
     * batchform's emulator (or any ARM endpoint speaking HTTPS with a certificate in {@code trust}). The storage and
     * network libraries have no per-client poll interval, so their process-wide delay is set to {@code pollInterval}.
     */
    public static AzureConnection forEmulator(URI endpoint, SSLContext trust, String subscriptionId,
                                              Duration pollInterval, RetrySettings retry) {
        ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(requested -> pollInterval);
        TokenCredential token = request -> Mono.just(new AccessToken(emulatorToken(request.getScopes()),
                OffsetDateTime.now().plusHours(1)));
        return new AzureConnection(endpoint, subscriptionId, EMULATOR_TENANT, token, trust, pollInterval, retry);
    }

    /**
     * A token shaped as a JWT (unsigned) whose audience is the resource of the scope asked for, as Entra ID issues
     * them: the emulator's data plane refuses a token for another audience (Resource Manager's, say).
     */
    private static String emulatorToken(java.util.List<String> scopes) {
        String scope = scopes == null || scopes.isEmpty() ? "" : scopes.get(0);
        String audience = scope.endsWith("/.default") ? scope.substring(0, scope.length() - "/.default".length()) : scope;
        java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"aud\":\"" + audience.replace("\"", "") + "\",\"iss\":\"batchform-emulator\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    /**
     * A pipeline for the Batch data plane (job schedules): this connection's HTTP client (and so its trusted
     * certificate), request ids in the Batch service's {@code client-request-id} header, this connection's retries,
     * then {@code authentication} (signing each try), then logging.
     */
    com.azure.core.http.HttpPipeline dataPlanePipeline(com.azure.core.http.policy.HttpPipelinePolicy authentication) {
        return new com.azure.core.http.HttpPipelineBuilder().httpClient(http).policies(
                new com.azure.core.http.policy.RequestIdPolicy("client-request-id"), retryPolicy, authentication,
                new com.azure.core.http.policy.HttpLoggingPolicy(new com.azure.core.http.policy.HttpLogOptions()))
                .build();
    }

    /** The credential Resource Manager calls use: Entra ID tokens for the data plane come from it too. */
    TokenCredential credential() {
        return credential;
    }

    private static AzureEnvironment environment(URI endpoint) {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        String url = endpoint.toString().endsWith("/") ? endpoint.toString() : endpoint + "/";
        endpoints.put("resourceManagerEndpointUrl", url);
        return new AzureEnvironment(endpoints);
    }

    /** How often long-running work (an operation, a pool being drained) is polled. */
    public Duration pollInterval() {
        return pollInterval;
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    /** Whether this connection talks to batchform's emulator (which has no blob service for package uploads). */
    public boolean isEmulator() {
        return endpoint != null;
    }

    /** The endpoint, or null for the public cloud. */
    public URI endpoint() {
        return endpoint;
    }

    BatchManager batch() {
        return batch.get();
    }

    StorageManager storage() {
        return storage.get();
    }

    NetworkManager network() {
        return network.get();
    }

    ResourceManager resources() {
        return resources.get();
    }
}
