package io.batchform.azure.resource;

import com.azure.resourcemanager.network.fluent.SubnetsClient;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.models.ServiceEndpointPropertiesFormat;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Subnets: read with their network (one list per resource group). A subnet PUT replaces it whole, so an update starts
 * from the live subnet and keeps what batchform does not manage.
 */
final class SubnetHandler implements ResourceHandler {
    private final AzureClients azure;
    private final VirtualNetworkHandler networks;

    SubnetHandler(AzureClients azure, VirtualNetworkHandler networks) {
        this.azure = azure;
        this.networks = networks;
    }

    private SubnetsClient subnets() {
        return azure.network().serviceClient().getSubnets();
    }

    @Override
    public String batchKey(String id) {
        return networks.batchKey(id);
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        networks.read(id, types, found);
    }

    @Override
    public Attributes create(Provider.CreateRequest request) {
        ArmId id = ArmId.parse(request.id());
        return attributes(subnets().createOrUpdate(id.resourceGroup(), id.name(0), id.name(1),
                body(new SubnetInner(), request.desired())));
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        // A subnet PUT replaces it whole: start from the live one, so that what batchform does not manage (a network
        // security group, a route table, delegations) is kept.
        ArmId id = ArmId.parse(request.id());
        SubnetInner live = subnets().get(id.resourceGroup(), id.name(0), id.name(1));
        return attributes(subnets().createOrUpdate(id.resourceGroup(), id.name(0), id.name(1),
                body(live, request.desired())));
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        ArmId id = ArmId.parse(request.id());
        subnets().delete(id.resourceGroup(), id.name(0), id.name(1));
    }

    private static SubnetInner body(SubnetInner body, Attributes desired) {
        body.withAddressPrefix(desired.string("addressPrefix"));
        body.withServiceEndpoints(desired.get("serviceEndpoints") instanceof List<?> services
                ? services.stream().map(service -> new ServiceEndpointPropertiesFormat()
                .withService(String.valueOf(service))).toList() : List.of());
        return body;
    }

    static Attributes attributes(SubnetInner subnet) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", subnet.id());
        a.put("name", subnet.name());
        a.put("addressPrefix", subnet.addressPrefix());
        if (subnet.serviceEndpoints() != null && !subnet.serviceEndpoints().isEmpty()) {
            a.put("serviceEndpoints", subnet.serviceEndpoints().stream().map(ServiceEndpointPropertiesFormat::service).toList());
        }
        return Attributes.of(a);
    }
}
