package io.batchform.autoscale.check;

import io.batchform.autoscale.syntax.FormulaParser;
import io.batchform.autoscale.syntax.ParseResult;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.util.ArrayList;
import java.util.List;

/** The one entry point from text to a checked formula: parse, then check only when the syntax was clean. */
public final class FormulaCompiler {
    /** The service's documented size limit, "8 KB", read as 8,192 bytes of UTF-8. */
    static final int MAX_BYTES = 8 * 1024;

    private FormulaCompiler() {
    }

    public static CheckedFormula compile(Source source) {
        long bytes = utf8Length(source.text());
        if (bytes > MAX_BYTES) {
            // The service refuses it whole; parsing megabytes of text to list what else is wrong helps no one.
            return Checker.unparsed(source, List.of(Diagnostic.error(DiagnosticCodes.TOO_LARGE, "formula is " + bytes
                    + " bytes; the service accepts at most 8 KB (" + MAX_BYTES + " bytes)", source.span(0, 0))));
        }
        ParseResult parsed = FormulaParser.parse(source);
        if (parsed.formula().isEmpty()) {
            return Checker.unparsed(source, parsed.diagnostics());
        }
        try {
            CheckedFormula checked = new Checker(source).check(parsed.formula().get(), parsed.diagnostics());
            return checked.isEvaluable() ? checked.with(Review.of(checked)) : checked;
        } catch (StackOverflowError tooDeep) {
            // The parser's limits keep trees shallow; this is the last line of defence, never a crash.
            List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
            diagnostics.add(Diagnostic.error("F004", "formula is nested too deeply to check", source.span(0, 0)));
            return Checker.unparsed(source, diagnostics);
        }
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
