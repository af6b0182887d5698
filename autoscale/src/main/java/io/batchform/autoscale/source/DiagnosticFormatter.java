package io.batchform.autoscale.source;

import java.util.List;

/**
 * Prints diagnostics one way everywhere: {@code NAME:LINE:COL: error[CODE]: message}, then the source line and a
 * caret under the span ({@code ^~~~} over the span's first line).
 */
public final class DiagnosticFormatter {
    private DiagnosticFormatter() {
    }

    /** The header line alone: {@code NAME:LINE:COL: severity[CODE]: message}. */
    public static String header(String name, Diagnostic diagnostic) {
        SourceSpan span = diagnostic.span();
        return name + ":" + span.line() + ":" + span.column() + ": " + diagnostic.severity().label()
                + "[" + diagnostic.code() + "]: " + diagnostic.message();
    }

    /** The header, the source line and the caret line, ending with a newline. */
    public static String format(Source source, Diagnostic diagnostic) {
        StringBuilder out = new StringBuilder(header(source.name(), diagnostic)).append('\n');
        SourceSpan span = diagnostic.span();
        String line = source.line(span.line());
        if (line.isEmpty() && span.length() == 0 && span.line() > source.lineCount()) {
            return out.toString();
        }
        out.append("  ").append(line).append('\n').append("  ");
        int caretColumn = Math.min(span.column(), line.length() + 1);
        for (int i = 1; i < caretColumn; i++) {
            out.append(line.charAt(i - 1) == '\t' ? '\t' : ' ');
        }
        out.append('^');
        int lastColumn = span.endLine() == span.line() ? span.endColumn() - 1 : line.length();
        for (int i = caretColumn + 1; i <= Math.min(lastColumn, line.length()); i++) {
            out.append('~');
        }
        return out.append('\n').toString();
    }

    /** Every diagnostic, formatted, in the order given. */
    public static String formatAll(Source source, List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic diagnostic : diagnostics) {
            out.append(format(source, diagnostic));
        }
        return out.toString();
    }
}
