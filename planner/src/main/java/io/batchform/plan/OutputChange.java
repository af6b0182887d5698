package io.batchform.plan;

import java.util.Objects;

/**
 * What applying a plan does to an output: its value in the state now ({@code before}, null when it has none), and
 * after ({@code after}; unknown until apply when it reads an attribute of a resource the apply creates or changes,
 * null when the output goes). Sensitive outputs are masked when shown.
 */
public record OutputChange(String name, Object before, boolean hadBefore, Object after, boolean afterKnown,
                           boolean removed, boolean sensitive) {
    public OutputChange {
        Objects.requireNonNull(name, "name");
    }

    /** Whether applying changes what the state records for it. */
    public boolean changed() {
        return removed || !hadBefore || !afterKnown || !Objects.equals(before, after);
    }
}
