package io.batchform.plan;

import io.batchform.address.Address;
import io.batchform.provider.Attributes;
import java.util.List;
import java.util.Objects;

/**
 * What a plan does to one resource: the action, the attributes before (live) and after (desired), the
 * attribute-level changes (each saying whether it forces the replacement), whether an update drains the pool
 * first (scale to zero, change, restore), and, for a resource replaced only because the resource it lives in is
 * replaced (a pool in a replaced account), that parent.
 */
public record ResourceChange(Address address, String id, Action action, Attributes before, Attributes after,
                             List<AttributeChange> changes, boolean drain, Address replacedWith) {
    public ResourceChange(Address address, String id, Action action, Attributes before, Attributes after,
                          List<AttributeChange> changes) {
        this(address, id, action, before, after, changes, false, null);
    }

    public ResourceChange(Address address, String id, Action action, Attributes before, Attributes after,
                          List<AttributeChange> changes, boolean drain) {
        this(address, id, action, before, after, changes, drain, null);
    }

    public ResourceChange {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(action, "action");
        changes = List.copyOf(changes);
    }
}
