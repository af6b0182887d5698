package io.batchform.autoscale.check;

import io.batchform.autoscale.syntax.FormulaParser;
import io.batchform.autoscale.syntax.ParseResult;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.util.ArrayList;
import java.util.List;

/** The one entry point from text to a checked formula: parse, then check only when the syntax was clean. */
public final class FormulaCompiler {
    private FormulaCompiler() {
    }

    public static CheckedFormula compile(Source source) {
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
}
