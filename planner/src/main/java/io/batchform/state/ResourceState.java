package io.batchform.state;

import io.batchform.address.Address;
import io.batchform.provider.Attributes;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One managed resource as the last apply left it: address, cloud id, attributes (secrets hashed), dependencies, and
 * whether the spec protected it then ({@code protect: true}): a destroy run without the spec, and a plan of a spec
 * that no longer declares the resource, refuse to delete it until an apply of a spec that lifts the protection.
 */
public record ResourceState(Address address, String id, Attributes attributes, Set<Address> dependencies,
                            boolean protect) {
    public ResourceState {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(attributes, "attributes");
        dependencies = java.util.Collections.unmodifiableSet(new TreeSet<>(dependencies));
    }

    /** A resource the spec did not protect. */
    public ResourceState(Address address, String id, Attributes attributes, Set<Address> dependencies) {
        this(address, id, attributes, dependencies, false);
    }
}
