package io.batchform.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Prints every diagnostic of the house, one way. A diagnostic in a source prints
 * {@code NAME:LINE:COL: error[CODE]: message} ({@code error: message} without a code; {@code NAME: error: ...} without
 * a line), then, when the source's text is at hand and the line is not empty, that line and a caret under the span
 * ({@code ^~~~} over the span's first line; columns count code points, tabs are kept so the caret lines up). A
 * diagnostic about a resource prints as the cloud words it: {@code ADDRESS: CODE: message}, and, when it is placed
 * where the spec declares the resource ({@link DeclaredAt}), at that place as a spec's diagnostic does:
 * {@code NAME:LINE:COL: error: ADDRESS: CODE: message}, the line and the caret.
 *
 * <p>Output stays bounded whatever the input: a source line longer than {@value #LONG_LINE} code points is shown as
 * an excerpt around the span, between {@code ...}, and a list prints at most {@value #PER_SOURCE} diagnostics of one
 * source, then says how many more there are.
 */
public final class DiagnosticFormatter {
    /** Lines longer than this (in code points) are shown as an excerpt. */
    static final int LONG_LINE = 200;
    /** How much of a long line an excerpt shows on each side of the span's start. */
    static final int CONTEXT = 60;
    /** Diagnostics of one source printed by a list; the rest are counted. */
    static final int PER_SOURCE = 50;

    private DiagnosticFormatter() {
    }

    /** The header line alone, without a line break. */
    public static String header(Diagnostic diagnostic) {
        return header(diagnostic, UnaryOperator.identity());
    }

    /**
     * The header line alone, its severity word ({@code error}, {@code warning}) passed through {@code label} (a
     * terminal's colour; nothing else of the line changes).
     */
    public static String header(Diagnostic diagnostic, UnaryOperator<String> label) {
        if (diagnostic.location() instanceof SourceSpan span) {
            String code = diagnostic.code() == null ? "" : "[" + diagnostic.code() + "]";
            return span.where() + ": " + label.apply(diagnostic.severity().label()) + code + ": " + diagnostic.message();
        }
        if (diagnostic.location() instanceof DeclaredAt declared) {
            return declared.span().where() + ": " + label.apply(diagnostic.severity().label()) + ": "
                    + declared.address() + ": " + (diagnostic.code() == null ? "" : diagnostic.code() + ": ")
                    + diagnostic.message();
        }
        return (diagnostic.location() == null ? "" : diagnostic.location() + ": ") + diagnostic.code() + ": "
                + diagnostic.message();
    }

    /** The header, then the source line and the caret line when there are some, ending with a line break. */
    public static String format(Diagnostic diagnostic, Function<String, Source> sources) {
        return format(diagnostic, sources, UnaryOperator.identity());
    }

    /** As {@link #format(Diagnostic, Function)}, the severity word passed through {@code label} (a colour). */
    public static String format(Diagnostic diagnostic, Function<String, Source> sources, UnaryOperator<String> label) {
        StringBuilder out = new StringBuilder(header(diagnostic, label)).append('\n');
        SourceSpan span = diagnostic.place();
        if (span == null || !span.hasLine()) {
            return out.toString();
        }
        Source source = sources.apply(span.source());
        String line = source == null ? "" : source.line(span.line());
        if (line.isEmpty()) {
            return out.toString();
        }
        int lineColumns = line.codePointCount(0, line.length());
        int caretColumn = Math.min(span.column(), lineColumns + 1);
        int lastColumn = span.endLine() == span.line() ? span.endColumn() - 1 : lineColumns;
        String prefix = "";
        String suffix = "";
        if (lineColumns > LONG_LINE) {
            int from = Math.max(1, caretColumn - CONTEXT);
            int to = Math.min(lineColumns, caretColumn + CONTEXT);
            prefix = from > 1 ? "..." : "";
            suffix = to < lineColumns ? "..." : "";
            line = line.substring(line.offsetByCodePoints(0, from - 1), line.offsetByCodePoints(0, to));
            lineColumns = to - from + 1;
            caretColumn = caretColumn - from + 1 + prefix.length();
            lastColumn = Math.min(lastColumn, to) - from + 1 + prefix.length();
            line = prefix + line;
            lineColumns += prefix.length();
        }
        out.append("  ").append(line).append(suffix).append('\n').append("  ");
        int column = 1;
        for (int i = 0; column < caretColumn; i += Character.charCount(line.codePointAt(i)), column++) {
            out.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        out.append('^');
        for (int c = caretColumn + 1; c <= Math.min(lastColumn, lineColumns); c++) {
            out.append('~');
        }
        return out.append('\n').toString();
    }

    /** One diagnostic, with the texts of the sources that were read, by name. */
    public static String format(Diagnostic diagnostic, Map<String, Source> sources) {
        return format(diagnostic, sources::get);
    }

    /** One diagnostic in a single source (a formula, a workload). */
    public static String format(Source source, Diagnostic diagnostic) {
        return format(diagnostic, name -> source);
    }

    /** Every diagnostic, formatted, in the order given, with the texts of the sources that were read by name. */
    public static String formatAll(List<Diagnostic> diagnostics, Map<String, Source> sources) {
        return formatAll(diagnostics, (Function<String, Source>) sources::get);
    }

    /** Every diagnostic of a single source, formatted, in the order given. */
    public static String formatAll(Source source, List<Diagnostic> diagnostics) {
        return formatAll(diagnostics, name -> source);
    }

    /** At most {@value #PER_SOURCE} diagnostics of each source, in the order given, then what was left out. */
    private static String formatAll(List<Diagnostic> diagnostics, Function<String, Source> sources) {
        StringBuilder out = new StringBuilder();
        Map<String, Integer> shown = new LinkedHashMap<>();
        Map<String, Integer> hidden = new LinkedHashMap<>();
        for (Diagnostic d : diagnostics) {
            SourceSpan span = d.place();
            String name = span == null ? null : span.source();
            if (name != null && shown.merge(name, 1, Integer::sum) > PER_SOURCE) {
                hidden.merge(name, 1, Integer::sum);
                continue;
            }
            out.append(format(d, sources));
        }
        hidden.forEach((name, count) -> out.append(name).append(": ").append(count).append(" more problem")
                .append(count == 1 ? "" : "s").append(" not shown; fix the first ones, the rest often follow from them\n"));
        return out.toString();
    }

}
