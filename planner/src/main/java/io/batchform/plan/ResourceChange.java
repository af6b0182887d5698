package io.batchform.plan;

import io.batchform.address.Address;
import io.batchform.provider.Attributes;
import java.util.List;
import java.util.Objects;

/**
 * What a plan does to one resource: the action, the attributes before (live) and after (desired), the
 * attribute-level changes (each saying whether it forces the replacement), and whether an update drains the pool
 * first (scale to zero, change, restore).
 */
public record ResourceChange(Address address, String id, Action action, Attributes before, Attributes after,
                             List<AttributeChange> changes, boolean drain) {
    public ResourceChange(Address address, String id, Action action, Attributes before, Attributes after,
                          List<AttributeChange> changes) {
        this(address, id, action, before, after, changes, false);
    }

    public ResourceChange {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(action, "action");
        changes = List.copyOf(changes);
    }
}
