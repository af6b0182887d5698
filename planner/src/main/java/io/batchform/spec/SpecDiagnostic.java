package io.batchform.spec;

import io.batchform.source.Severity;
import java.util.Comparator;
import java.util.Objects;

/**
 * One problem in a spec, printed {@code FILE:LINE:COL: error: message}. Problems found in an autoscale formula keep
 * the formula checker's code ({@code error[F012]: ...}); the spec's own problems have none. Messages never contain
 * the value of a secret.
 */
public record SpecDiagnostic(Severity severity, String code, String message, Position position) {
    /** The order diagnostics are reported in: by file, line and column, errors before warnings at one place. */
    public static final Comparator<SpecDiagnostic> ORDER = Comparator.comparing(SpecDiagnostic::position)
            .thenComparing(SpecDiagnostic::severity).thenComparing(SpecDiagnostic::message);

    public SpecDiagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(position, "position");
    }

    public static SpecDiagnostic error(Position position, String message) {
        return new SpecDiagnostic(Severity.ERROR, null, message, position);
    }

    public static SpecDiagnostic warning(Position position, String message) {
        return new SpecDiagnostic(Severity.WARNING, null, message, position);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:LINE:COL: error: message}, or {@code error[F012]} for a formula's diagnostic. */
    @Override
    public String toString() {
        return position + ": " + severity.label() + (code == null ? "" : "[" + code + "]") + ": " + message;
    }
}
