package io.batchform.source;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints every diagnostic of the house, one way. A diagnostic in a source prints
 * {@code NAME:LINE:COL: error[CODE]: message} ({@code error: message} without a code; {@code NAME: error: ...} without
 * a line), then, when the source's text is at hand and the line is not empty, that line and a caret under the span
 * ({@code ^~~~} over the span's first line; columns count code points, tabs are kept so the caret lines up). A
 * diagnostic about a resource prints as the cloud words it: {@code ADDRESS: CODE: message}.
 */
public final class DiagnosticFormatter {
    private DiagnosticFormatter() {
    }

    /** The header line alone, without a line break. */
    public static String header(Diagnostic diagnostic) {
        if (diagnostic.location() instanceof SourceSpan span) {
            String code = diagnostic.code() == null ? "" : "[" + diagnostic.code() + "]";
            return span.where() + ": " + diagnostic.severity().label() + code + ": " + diagnostic.message();
        }
        return (diagnostic.location() == null ? "" : diagnostic.location() + ": ") + diagnostic.code() + ": "
                + diagnostic.message();
    }

    /** The header, then the source line and the caret line when there are some, ending with a line break. */
    public static String format(Diagnostic diagnostic, Function<String, Source> sources) {
        StringBuilder out = new StringBuilder(header(diagnostic)).append('\n');
        if (!(diagnostic.location() instanceof SourceSpan span) || !span.hasLine()) {
            return out.toString();
        }
        Source source = sources.apply(span.source());
        String line = source == null ? "" : source.line(span.line());
        if (line.isEmpty()) {
            return out.toString();
        }
        out.append("  ").append(line).append('\n').append("  ");
        int lineColumns = line.codePointCount(0, line.length());
        int caretColumn = Math.min(span.column(), lineColumns + 1);
        int column = 1;
        for (int i = 0; column < caretColumn; i += Character.charCount(line.codePointAt(i)), column++) {
            out.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        out.append('^');
        int lastColumn = span.endLine() == span.line() ? span.endColumn() - 1 : lineColumns;
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
        StringBuilder out = new StringBuilder();
        diagnostics.forEach(d -> out.append(format(d, sources)));
        return out.toString();
    }

    /** Every diagnostic of a single source, formatted, in the order given. */
    public static String formatAll(Source source, List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        diagnostics.forEach(d -> out.append(format(source, d)));
        return out.toString();
    }
}
