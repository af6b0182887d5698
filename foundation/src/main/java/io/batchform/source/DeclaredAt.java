package io.batchform.source;

import java.util.Objects;

/**
 * Where a diagnostic about a resource points when the spec declares that resource: its address, and the place in a
 * source that declares it (the resource's key, or the value the diagnostic is about, such as {@code protect:}).
 * {@link DiagnosticFormatter} prints it at the place, naming the address: {@code NAME:LINE:COL: error: ADDRESS: CODE:
 * message}; its {@code toString()} is the address, as a diagnostic without a place prints it.
 */
public record DeclaredAt(Location address, SourceSpan span) implements Location {
    public DeclaredAt {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(span, "span");
        if (address instanceof SourceSpan || address instanceof DeclaredAt) {
            throw new IllegalArgumentException("not an address: " + address);
        }
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
