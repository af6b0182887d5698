package io.batchform.spec;

import java.util.List;
import java.util.Map;

/** A virtual network ({@code virtualNetworks.<key>}) and its subnets. */
public record VirtualNetworkSpec(String key, String name, String location, List<String> addressSpace,
                                 Map<String, SubnetSpec> subnets, Map<String, String> tags,
                                 Lifecycle lifecycle) {
    public VirtualNetworkSpec {
        addressSpace = List.copyOf(addressSpace);
        subnets = Spec.sorted(subnets);
        tags = Spec.sorted(tags);
    }

    /** A subnet ({@code virtualNetworks.<vnet>.subnets.<key>}); pools refer to it as {@code vnet.subnet}. */
    public record SubnetSpec(String key, String name, String addressPrefix, List<String> serviceEndpoints,
                             Lifecycle lifecycle) {
        public SubnetSpec {
            serviceEndpoints = List.copyOf(serviceEndpoints);
        }
    }
}
