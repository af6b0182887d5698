package io.batchform.azure.resource;

import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import java.util.Map;
import java.util.Set;

/**
 * The calls to Azure for one resource type. Internal to the Azure provider, which dispatches to a handler by type
 * and reports what it throws: Azure's errors and {@link ResourceFailure}s as the resource's diagnostics, anything
 * else as the bug it is.
 */
public interface ResourceHandler {
    /**
     * Resources with the same key are read by one list call (every pool of an account, every network and subnet of
     * a resource group), so a refresh costs one request per key, not one per resource.
     */
    String batchKey(String id);

    /**
     * Reads the batch that the resource {@code id} belongs to into {@code found}, by resource id. {@code types} are
     * the types the batch was asked for, so that children are listed only when wanted.
     */
    void read(String id, Set<ResourceType> types, Map<String, Attributes> found);

    Attributes create(Provider.CreateRequest request);

    /** Changes the resource in place, sending only what changed where the service allows it. */
    Attributes update(Provider.UpdateRequest request);

    /** Deletes the resource; Azure's 404 (already gone) reaches the provider, which counts it as done. */
    void delete(Provider.DeleteRequest request);

    /**
     * Deletes the resource and says what else the deletion did, as warnings (a job schedule: the active jobs it
     * terminated); by default, nothing else.
     */
    default java.util.List<io.batchform.source.Diagnostic> deleteReporting(Provider.DeleteRequest request) {
        delete(request);
        return java.util.List.of();
    }

    /**
     * Waits until a resource just made can do its work (a pool: its first resize is over), and answers it as it is
     * then; the others are ready when made.
     */
    default Attributes awaitReady(Provider.CreateRequest request, Attributes made) {
        return made;
    }

    /** An update that needs an empty pool: only pools have one; any other type is updated as usual. */
    default Attributes drainAndUpdate(Provider.UpdateRequest request) {
        return update(request);
    }
}
