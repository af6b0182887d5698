package io.batchform.azure.resource;

import io.batchform.provider.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a region offers and allows a subscription, read for the quota and readiness checks: the VM sizes Batch
 * supports there ({@code Microsoft.Batch/locations/{location}/virtualMachineSkus} at the provider's Batch
 * api-version) and the Compute vCPU usages ({@code Microsoft.Compute/locations/{location}/usages} at
 * {@value #COMPUTE_API_VERSION}), through the Batch manager's pipeline with JSON: batchform does not ship the Compute
 * SDK (it is not in this build's Maven mirror, and one GET does not need it). Azure's failures propagate as the
 * typed clients' {@code ManagementException}.
 */
public final class RegionOffers {
    /** The Microsoft.Compute api-version usages are read at (its document: computeRPCommon.json, 2024-07-01). */
    public static final String COMPUTE_API_VERSION = "2024-07-01";

    private final AzureClients clients;

    public RegionOffers(AzureClients clients) {
        this.clients = clients;
    }

    /** The region's Compute usages, every page. */
    public Provider.ComputeUsages computeUsages(String region) {
        List<Provider.Usage> usages = new ArrayList<>();
        for (Map<String, Object> item : clients.armJson(COMPUTE_API_VERSION).list(subscription()
                + "/providers/Microsoft.Compute/locations/" + region + "/usages")) {
            Object name = item.get("name") instanceof Map<?, ?> n ? n.get("value") : null;
            if (name instanceof String text && item.get("limit") instanceof Number limit) {
                long current = item.get("currentValue") instanceof Number c ? c.longValue() : 0;
                usages.add(new Provider.Usage(text, current, limit.longValue()));
            }
        }
        return new Provider.ComputeUsages(region, usages);
    }

    /** The names of the VM sizes Batch supports in the region, every page. */
    public Set<String> vmSizes(String region) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Map<String, Object> sku : clients.batchJson().list(subscription() + "/providers/Microsoft.Batch/locations/"
                + region + "/virtualMachineSkus")) {
            if (sku.get("name") instanceof String name) {
                names.add(name);
            }
        }
        return names;
    }

    private String subscription() {
        return "/subscriptions/" + clients.batch().serviceClient().getSubscriptionId();
    }
}
