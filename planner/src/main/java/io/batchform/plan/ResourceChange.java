package io.batchform.plan;

import io.batchform.address.Address;
import io.batchform.provider.Attributes;
import java.util.List;
import java.util.Objects;

/**
 * What a plan does to one resource: the action, the attributes before (live) and after (desired), the
 * attribute-level changes (each saying whether it forces the replacement), and how an update is carried out
 * ({@link UpdateMode}: in place, or draining the pool first). Those are decisions the apply reads.
 * {@code replacedWith} is display only, never read by the apply: for a resource replaced only because the resource
 * it lives in is replaced (a pool in a replaced account), that parent, so the plan can say why.
 * {@code id} is the id the resource will have; {@code recordedId}, the one the state records, which the refresh read
 * and a delete removes (the same unless a name changed, which replaces the resource).
 */
public record ResourceChange(Address address, String id, Action action, Attributes before, Attributes after,
                             List<AttributeChange> changes, UpdateMode updateMode, Address replacedWith,
                             String recordedId) {
    /** How an {@link Action#UPDATE} is carried out. */
    public enum UpdateMode {
        /** The service changes the resource as it is. */
        IN_PLACE,
        /** The pool is scaled to zero, changed, and scaled back (its update strategy asks for it). */
        DRAIN
    }

    /** A change updated in place, for no reason worth showing. */
    public ResourceChange(Address address, String id, Action action, Attributes before, Attributes after,
                          List<AttributeChange> changes) {
        this(address, id, action, before, after, changes, UpdateMode.IN_PLACE, null);
    }

    /** A change of a resource whose id stays as it is. */
    public ResourceChange(Address address, String id, Action action, Attributes before, Attributes after,
                          List<AttributeChange> changes, UpdateMode updateMode, Address replacedWith) {
        this(address, id, action, before, after, changes, updateMode, replacedWith, id);
    }

    public ResourceChange {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(action, "action");
        changes = List.copyOf(changes);
        Objects.requireNonNull(updateMode, "updateMode");
        if (recordedId == null) {
            recordedId = id;
        }
    }

    /** Whether the resource gets another id (a changed name): it is replaced, the old one deleted by its own id. */
    public boolean changesId() {
        return id != null && recordedId != null && !id.equalsIgnoreCase(recordedId);
    }

    /** Whether the update drains the pool first. */
    public boolean drains() {
        return updateMode == UpdateMode.DRAIN;
    }
}
