package io.batchform.autoscale.ast;

import io.batchform.source.SourceSpan;
import java.util.List;

/** A whole formula: statements in the order they run. */
public record Formula(List<Statement> statements, SourceSpan span) {
    public Formula {
        statements = List.copyOf(statements);
    }
}
