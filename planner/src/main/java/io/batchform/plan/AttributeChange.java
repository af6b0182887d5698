package io.batchform.plan;

import io.batchform.provider.Mutability;
import java.util.Objects;

/**
 * One attribute that differs: its path, the value now (null when absent) and the value wanted (null when removed),
 * how the provider lets it change, and whether it is sensitive (renderers then print {@code (sensitive)}).
 */
public record AttributeChange(String path, Object before, Object after, Mutability mutability, boolean sensitive) {
    public AttributeChange {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mutability, "mutability");
    }

    /** Whether this change alone forces the resource to be replaced. */
    public boolean forcesReplacement() {
        return mutability == Mutability.REPLACE;
    }

    /** Whether this change needs a pool with no nodes (replace or drain). */
    public boolean needsEmptyPool() {
        return mutability == Mutability.EMPTY_POOL;
    }
}
