package io.batchform.azure.resource;

import com.azure.resourcemanager.batch.BatchManager;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.storage.StorageManager;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The SDK managers the handlers call, for one subscription, and what they need to know of the connection: whether it
 * is batchform's emulator (which has no blob service for package uploads) and how often to poll long-running work.
 * The managers are asked for when a handler first needs one, so a run builds only those it uses.
 */
public final class AzureClients {
    /** The Microsoft.Batch api-version pools and Batch accounts are read and written at. */
    public static final String BATCH_API_VERSION = "2025-06-01";
    private final Supplier<BatchManager> batch;
    private final Supplier<StorageManager> storage;
    private final Supplier<NetworkManager> network;
    private final Supplier<ResourceManager> resources;
    private final boolean emulator;
    private final Duration pollInterval;

    private final Supplier<io.batchform.provider.Progress> progress;
    private final java.util.function.Function<com.azure.core.http.policy.HttpPipelinePolicy,
            com.azure.core.http.HttpPipeline> dataPlane;
    private final Supplier<com.azure.core.credential.TokenCredential> credential;

    public AzureClients(Supplier<BatchManager> batch, Supplier<StorageManager> storage, Supplier<NetworkManager> network,
                        Supplier<ResourceManager> resources, boolean emulator, Duration pollInterval) {
        this(batch, storage, network, resources, emulator, pollInterval, () -> io.batchform.provider.Progress.NONE);
    }

    /** As above, with {@code progress} saying where long calls report what they are doing. */
    public AzureClients(Supplier<BatchManager> batch, Supplier<StorageManager> storage, Supplier<NetworkManager> network,
                        Supplier<ResourceManager> resources, boolean emulator, Duration pollInterval,
                        Supplier<io.batchform.provider.Progress> progress) {
        this(batch, storage, network, resources, emulator, pollInterval, progress, authentication -> {
            throw new IllegalStateException("no Batch data-plane pipeline was configured");
        }, () -> null);
    }

    /**
     * As above, with {@code dataPlane} making a pipeline for the Batch data plane around an authentication policy,
     * and {@code credential} the Entra ID credential whose tokens that policy asks for.
     */
    public AzureClients(Supplier<BatchManager> batch, Supplier<StorageManager> storage, Supplier<NetworkManager> network,
                        Supplier<ResourceManager> resources, boolean emulator, Duration pollInterval,
                        Supplier<io.batchform.provider.Progress> progress,
                        java.util.function.Function<com.azure.core.http.policy.HttpPipelinePolicy,
                                com.azure.core.http.HttpPipeline> dataPlane,
                        Supplier<com.azure.core.credential.TokenCredential> credential) {
        this.dataPlane = dataPlane;
        this.credential = credential;
        this.progress = progress;
        this.batch = batch;
        this.storage = storage;
        this.network = network;
        this.resources = resources;
        this.emulator = emulator;
        this.pollInterval = pollInterval;
    }

    /** A Batch data-plane pipeline around {@code authentication} (see {@code AzureConnection#dataPlanePipeline}). */
    com.azure.core.http.HttpPipeline dataPlane(com.azure.core.http.policy.HttpPipelinePolicy authentication) {
        return dataPlane.apply(authentication);
    }

    com.azure.core.credential.TokenCredential credential() {
        return credential.get();
    }

    public BatchManager batch() {
        return batch.get();
    }

    /**
     * Microsoft.Batch at {@value #BATCH_API_VERSION} with JSON bodies, through the Batch manager's own pipeline
     * (the typed SDK speaks 2022-01-01; see the package documentation of {@code io.batchform.azure}).
     */
    ArmJson batchJson() {
        return armJson(BATCH_API_VERSION);
    }

    /**
     * Any ARM namespace at {@code apiVersion} with JSON bodies: the Batch manager's pipeline authenticates for the
     * whole of Resource Manager (scope {@code https://management.core.windows.net//.default}).
     */
    ArmJson armJson(String apiVersion) {
        var client = batch().serviceClient();
        return new ArmJson(client.getHttpPipeline(), client.getEndpoint(), apiVersion, client.getDefaultPollInterval());
    }

    public StorageManager storage() {
        return storage.get();
    }

    public NetworkManager network() {
        return network.get();
    }

    public ResourceManager resources() {
        return resources.get();
    }

    public boolean emulator() {
        return emulator;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** Where a long call (a drain, a resize) reports its progress now. */
    public io.batchform.provider.Progress progress() {
        return progress.get();
    }
}
