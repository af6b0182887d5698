package io.batchform.autoscale.check;

import io.batchform.autoscale.source.Source;
import io.batchform.autoscale.syntax.FormulaParser;
import io.batchform.autoscale.syntax.ParseResult;

/** The one entry point from text to a checked formula: parse, then check only when the syntax was clean. */
public final class FormulaCompiler {
    private FormulaCompiler() {
    }

    public static CheckedFormula compile(Source source) {
        ParseResult parsed = FormulaParser.parse(source);
        if (parsed.formula().isEmpty()) {
            return Checker.unparsed(source, parsed.diagnostics());
        }
        return new Checker(source).check(parsed.formula().get(), parsed.diagnostics());
    }
}
