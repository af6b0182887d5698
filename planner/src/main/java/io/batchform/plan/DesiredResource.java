package io.batchform.plan;

import io.batchform.address.Address;
import io.batchform.provider.Attributes;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A resource as the spec wants it: address, cloud id (computed from subscription, resource group and names, so
 * references never wait for an apply), attributes, dependencies, and lifecycle: {@code protect} (never deleted or
 * replaced), {@code ignoreChanges} (attribute paths left as they are) and, for pools, how changes that need an empty
 * pool are made ({@link UpdateStrategy}).
 */
public record DesiredResource(Address address, String id, Attributes config, Set<Address> dependsOn, boolean protect,
                              Set<String> ignoreChanges, UpdateStrategy updateStrategy) {
    /** How a pool takes a change that the service accepts only while the pool has no nodes. */
    public enum UpdateStrategy {
        /** Delete the pool and create it again (the default: works with every api-version). */
        REPLACE,
        /** Scale to zero honouring the deallocation option, change it, then restore its scale settings. */
        DRAIN
    }

    public DesiredResource(Address address, String id, Attributes config, Set<Address> dependsOn, boolean protect,
                           Set<String> ignoreChanges) {
        this(address, id, config, dependsOn, protect, ignoreChanges, UpdateStrategy.REPLACE);
    }

    public DesiredResource {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        dependsOn = java.util.Collections.unmodifiableSet(new TreeSet<>(dependsOn));
        ignoreChanges = java.util.Collections.unmodifiableSet(new TreeSet<>(ignoreChanges));
        Objects.requireNonNull(updateStrategy, "updateStrategy");
    }
}
