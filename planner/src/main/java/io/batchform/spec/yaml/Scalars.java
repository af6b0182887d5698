package io.batchform.spec.yaml;

import io.batchform.spec.yaml.YNode.ScalarKind;
import io.batchform.spec.yaml.YNode.YScalar;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads typed values out of scalars with YAML 1.2's meanings: {@code 010} is ten (YAML 1.1 read it as octal eight;
 * the reader warns), {@code 0o10} is octal, {@code 0x1f} hex, and only {@code true}/{@code false} are booleans. The
 * YAML 1.1 forms {@code 1_000} and {@code 0b101} are still read as numbers.
 */
public final class Scalars {
    private Scalars() {
    }

    /** The integer value, or empty when the scalar is not an integer or does not fit in a long. */
    public static OptionalLong integer(YScalar scalar) {
        if (scalar.kind() != ScalarKind.INTEGER) {
            return OptionalLong.empty();
        }
        String text = scalar.value().replace("_", "");
        boolean negative = text.startsWith("-");
        if (text.startsWith("-") || text.startsWith("+")) {
            text = text.substring(1);
        }
        try {
            long value;
            if (text.startsWith("0x")) {
                value = Long.parseLong(text.substring(2), 16);
            } else if (text.startsWith("0b")) {
                value = Long.parseLong(text.substring(2), 2);
            } else if (text.startsWith("0o")) {
                value = Long.parseLong(text.substring(2), 8);
            } else if (text.contains(":")) {
                return OptionalLong.empty();
            } else {
                value = Long.parseLong(text);
            }
            return OptionalLong.of(negative ? -value : value);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public static boolean bool(YScalar scalar) {
        return switch (scalar.value().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            default -> false;
        };
    }
}
