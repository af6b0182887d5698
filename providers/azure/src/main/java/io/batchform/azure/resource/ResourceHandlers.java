package io.batchform.azure.resource;

import io.batchform.address.ResourceType;
import io.batchform.provider.ResourceSchema;
import java.util.EnumMap;
import java.util.Map;

/** The handler of every resource type the Azure provider manages. */
public final class ResourceHandlers {
    private ResourceHandlers() {
    }

    /** One handler per type; {@code schema} tells the pool handler which changes need an empty pool. */
    public static Map<ResourceType, ResourceHandler> all(AzureClients clients, Map<ResourceType, ResourceSchema> schema) {
        Map<ResourceType, ResourceHandler> handlers = new EnumMap<>(ResourceType.class);
        VirtualNetworkHandler networks = new VirtualNetworkHandler(clients);
        ApplicationHandler applications = new ApplicationHandler(clients);
        handlers.put(ResourceType.RESOURCE_GROUP, new ResourceGroupHandler(clients));
        handlers.put(ResourceType.STORAGE_ACCOUNT, new StorageAccountHandler(clients));
        handlers.put(ResourceType.VIRTUAL_NETWORK, networks);
        handlers.put(ResourceType.SUBNET, new SubnetHandler(clients, networks));
        handlers.put(ResourceType.USER_ASSIGNED_IDENTITY, new UserAssignedIdentityHandler(clients));
        handlers.put(ResourceType.BATCH_ACCOUNT, new BatchAccountHandler(clients));
        handlers.put(ResourceType.APPLICATION, applications);
        handlers.put(ResourceType.APPLICATION_PACKAGE, new ApplicationPackageHandler(clients, applications));
        handlers.put(ResourceType.CERTIFICATE, new CertificateHandler(clients));
        handlers.put(ResourceType.POOL, new PoolHandler(clients, schema.get(ResourceType.POOL)));
        handlers.put(ResourceType.JOB_SCHEDULE, new JobScheduleHandler(clients, schema.get(ResourceType.JOB_SCHEDULE)));
        return Map.copyOf(handlers);
    }
}
