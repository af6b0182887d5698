package io.batchform.autoscale.source;

import java.util.Objects;

/**
 * One problem found in a formula, by any phase (syntax, checking, evaluation limits). The code is stable and
 * documented (for example {@code F001}); the message is for people. Equality includes the span on purpose:
 * tests that do not care about positions compare {@link #code()} and {@link #message()}.
 */
public record Diagnostic(Severity severity, String code, String message, SourceSpan span) {
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(span, "span");
    }

    public static Diagnostic error(String code, String message, SourceSpan span) {
        return new Diagnostic(Severity.ERROR, code, message, span);
    }

    public static Diagnostic warning(String code, String message, SourceSpan span) {
        return new Diagnostic(Severity.WARNING, code, message, span);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
