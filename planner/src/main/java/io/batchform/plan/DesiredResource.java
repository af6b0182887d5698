package io.batchform.plan;

import io.batchform.address.Address;
import io.batchform.provider.Attributes;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A resource as the spec wants it: address, cloud id (computed from subscription, resource group and names, so
 * references never wait for an apply), attributes, dependencies, and lifecycle: {@code protect} (never deleted or
 * replaced) and {@code ignoreChanges} (attribute paths left as they are).
 */
public record DesiredResource(Address address, String id, Attributes config, Set<Address> dependsOn, boolean protect,
                              Set<String> ignoreChanges) {
    public DesiredResource {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        dependsOn = java.util.Collections.unmodifiableSet(new TreeSet<>(dependsOn));
        ignoreChanges = java.util.Collections.unmodifiableSet(new TreeSet<>(ignoreChanges));
    }
}
