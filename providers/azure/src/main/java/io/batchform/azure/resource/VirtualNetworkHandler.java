package io.batchform.azure.resource;

import com.azure.resourcemanager.network.fluent.VirtualNetworksClient;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.network.models.AddressSpace;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.source.Region;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Virtual networks: listed per resource group, with their subnets inline (so one list reads both types). A network
 * PUT replaces it whole, so an update starts from the live network.
 */
final class VirtualNetworkHandler implements ResourceHandler {
    private final AzureClients azure;

    VirtualNetworkHandler(AzureClients azure) {
        this.azure = azure;
    }

    private VirtualNetworksClient networks() {
        return azure.network().serviceClient().getVirtualNetworks();
    }

    @Override
    public String batchKey(String id) {
        return ArmId.parse(id).groupKey("vnets");
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        for (VirtualNetworkInner vnet : networks().listByResourceGroup(ArmId.parse(id).resourceGroup())) {
            found.put(vnet.id(), attributes(vnet));
            if (vnet.subnets() != null) {
                vnet.subnets().forEach(s -> found.put(s.id(), SubnetHandler.attributes(s)));
            }
        }
    }

    @Override
    public Attributes create(Provider.CreateRequest request) {
        ArmId id = ArmId.parse(request.id());
        return attributes(networks().createOrUpdate(id.resourceGroup(), id.name(0),
                body(new VirtualNetworkInner(), request.desired())));
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        // A PUT replaces the VNet whole, and one without its subnets deletes them: start from the live one, so its
        // subnets, DNS servers and peerings stay.
        ArmId id = ArmId.parse(request.id());
        VirtualNetworkInner live = networks().getByResourceGroup(id.resourceGroup(), id.name(0));
        return attributes(networks().createOrUpdate(id.resourceGroup(), id.name(0), body(live, request.desired())));
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        ArmId id = ArmId.parse(request.id());
        networks().delete(id.resourceGroup(), id.name(0));
    }

    @SuppressWarnings("unchecked")
    private static VirtualNetworkInner body(VirtualNetworkInner body, Attributes desired) {
        List<String> prefixes = new ArrayList<>((Collection<String>) desired.get("addressSpace"));
        body.withAddressSpace(new AddressSpace().withAddressPrefixes(prefixes));
        if (body.subnets() == null) {
            body.withSubnets(new ArrayList<>());
        }
        body.withLocation(desired.string("location"));
        body.withTags(Values.tags(desired));
        return body;
    }

    private static Attributes attributes(VirtualNetworkInner vnet) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", vnet.id());
        a.put("name", vnet.name());
        a.put("location", Region.canonical(vnet.location()));
        a.put("addressSpace", vnet.addressSpace() == null ? List.of() : vnet.addressSpace().addressPrefixes());
        a.put("tags", Values.tags(vnet.tags()));
        return Attributes.of(a);
    }
}
