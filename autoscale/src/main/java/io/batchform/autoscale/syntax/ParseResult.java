package io.batchform.autoscale.syntax;

import io.batchform.autoscale.ast.Formula;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.util.List;
import java.util.Optional;

/** The outcome of parsing: a tree when the text is syntactically valid, and the syntax diagnostics. */
public record ParseResult(Source source, Optional<Formula> formula, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
