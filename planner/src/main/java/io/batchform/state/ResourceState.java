package io.batchform.state;

import io.batchform.address.Address;
import io.batchform.provider.Attributes;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** One managed resource as the last apply left it: address, cloud id, attributes (secrets hashed), dependencies. */
public record ResourceState(Address address, String id, Attributes attributes, Set<Address> dependencies) {
    public ResourceState {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attributes, "attributes");
        dependencies = java.util.Collections.unmodifiableSet(new TreeSet<>(dependencies));
    }
}
