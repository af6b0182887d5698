package io.batchform.spec;

import io.batchform.spec.yaml.SourceText;
import java.util.List;
import java.util.Map;

/**
 * Prints spec diagnostics one way: the header {@code FILE:LINE:COL: error: message}, then, when the file was read,
 * its line and a caret under the column.
 */
public final class SpecDiagnosticFormatter {
    private SpecDiagnosticFormatter() {
    }

    public static String format(SpecDiagnostic diagnostic, Map<String, SourceText> texts) {
        StringBuilder out = new StringBuilder(diagnostic.toString()).append('\n');
        Position at = diagnostic.position();
        SourceText text = texts.get(at.file());
        if (text == null || at.line() == 0) {
            return out.toString();
        }
        String line = text.line(at.line());
        if (line.isEmpty()) {
            return out.toString();
        }
        out.append("  ").append(line).append('\n').append("  ");
        int column = 1;
        for (int i = 0; i < line.length() && column < at.column(); i += Character.charCount(line.codePointAt(i))) {
            out.append(line.charAt(i) == '\t' ? '\t' : ' ');
            column++;
        }
        return out.append("^\n").toString();
    }

    public static String formatAll(List<SpecDiagnostic> diagnostics, Map<String, SourceText> texts) {
        StringBuilder out = new StringBuilder();
        diagnostics.forEach(d -> out.append(format(d, texts)));
        return out.toString();
    }
}
