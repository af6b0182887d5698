package io.batchform.spec;

import java.util.Objects;

/** A sensitive value (a password or key): it never prints, so a record holding it can be logged safely. */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "(sensitive)";
    }
}
