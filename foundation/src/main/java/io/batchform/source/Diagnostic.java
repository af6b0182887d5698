package io.batchform.source;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found by any phase: reading a file, checking a spec or a formula, planning, or a provider's call to
 * the cloud. The code is stable where there is one (a formula's {@code F012}, the cloud's
 * {@code PropertyCannotBeUpdated}; a spec's own problems have none, {@code null}); the message is for people and
 * never holds a secret. The location is a {@link SourceSpan} in a named source, a resource address, a resource address
 * with the place the spec declares it ({@link DeclaredAt}), or {@code null} when a provider cannot say which resource. Equality includes the location on purpose: tests that do not care
 * about positions compare {@link #code()} and {@link #message()}. {@link DiagnosticFormatter} prints it.
 */
public record Diagnostic(Severity severity, String code, String message, Location location) {
    /** The order diagnostics are reported in: by source, line and column, errors before warnings at one place. */
    public static final Comparator<Diagnostic> ORDER = Comparator.comparing(Diagnostic::location, Diagnostic::compare)
            .thenComparing(Diagnostic::severity).thenComparing(Diagnostic::message);

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** A formula's error: a stable code and a span. */
    public static Diagnostic error(String code, String message, SourceSpan span) {
        return new Diagnostic(Severity.ERROR, Objects.requireNonNull(code, "code"), message,
                Objects.requireNonNull(span, "span"));
    }

    /** A formula's warning: a stable code and a span. */
    public static Diagnostic warning(String code, String message, SourceSpan span) {
        return new Diagnostic(Severity.WARNING, Objects.requireNonNull(code, "code"), message,
                Objects.requireNonNull(span, "span"));
    }

    /** An error with a code at a location, as a provider reports it about a resource ({@code null}: none known). */
    public static Diagnostic error(Location location, String code, String message) {
        return new Diagnostic(Severity.ERROR, Objects.requireNonNull(code, "code"), message, location);
    }

    /** A warning with a code at a location, as a provider reports it about a resource. */
    public static Diagnostic warning(Location location, String code, String message) {
        return new Diagnostic(Severity.WARNING, Objects.requireNonNull(code, "code"), message, location);
    }

    /** An error without a code, as a spec's own checks report it. */
    public static Diagnostic error(SourceSpan span, String message) {
        return new Diagnostic(Severity.ERROR, null, message, Objects.requireNonNull(span, "span"));
    }

    /** A warning without a code, as a spec's own checks report it. */
    public static Diagnostic warning(SourceSpan span, String message) {
        return new Diagnostic(Severity.WARNING, null, message, Objects.requireNonNull(span, "span"));
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** This diagnostic with another severity and message, at the same place with the same code. */
    public Diagnostic with(Severity severity, String message) {
        return new Diagnostic(severity, code, message, location);
    }

    /**
     * The location when it is a span in a source, or the place the spec declares the resource a diagnostic is about; a
     * diagnostic about a resource without a place has none.
     */
    public SourceSpan span() {
        SourceSpan span = place();
        if (span != null) {
            return span;
        }
        throw new IllegalStateException("not a diagnostic in a source: " + this);
    }

    /** Where it is written: its span, or the place the spec declares its resource; null for neither. */
    public SourceSpan place() {
        return spanOf(location);
    }

    /**
     * The location, under the name a provider's diagnostic gave it: the resource address (or {@code null}), also when
     * the diagnostic is placed where the spec declares it. Kept so code written against the provider's former
     * diagnostic converts by renaming the type.
     */
    public Location address() {
        return location instanceof DeclaredAt declared ? declared.address() : location;
    }

    /**
     * This diagnostic about a resource, placed at {@code span}, where the spec declares it ({@link DeclaredAt}); itself
     * when it is not about a resource (a span already, or no location).
     */
    public Diagnostic declaredAt(SourceSpan span) {
        Location address = address();
        if (address == null || address instanceof SourceSpan) {
            return this;
        }
        return new Diagnostic(severity, code, message, new DeclaredAt(address, Objects.requireNonNull(span, "span")));
    }

    /** The header line, as {@link DiagnosticFormatter#header} prints it. */
    @Override
    public String toString() {
        return DiagnosticFormatter.header(this);
    }

    /** A place in a source first (by it), then addresses (by name), then none. */
    private static int compare(Location a, Location b) {
        SourceSpan x = spanOf(a);
        SourceSpan y = spanOf(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        if (x != null || b == null) {
            return a == b ? 0 : -1;
        }
        if (y != null || a == null) {
            return 1;
        }
        return a.toString().compareTo(b.toString());
    }

    private static SourceSpan spanOf(Location location) {
        return location instanceof SourceSpan span ? span
                : location instanceof DeclaredAt declared ? declared.span() : null;
    }
}
