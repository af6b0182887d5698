package io.batchform.azure.resource;

import com.azure.resourcemanager.batch.BatchManager;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.storage.StorageManager;
import java.time.Duration;

/**
 * The SDK managers the handlers call, for one subscription, and what they need to know of the connection: whether it
 * is batchform's emulator (which has no blob service for package uploads) and how often to poll long-running work.
 */
public record AzureClients(BatchManager batch, StorageManager storage, NetworkManager network,
                           ResourceManager resources, boolean emulator, Duration pollInterval) {
}
