package io.batchform.autoscale.ast;

/** Visits the two kinds of {@link Statement}. */
public interface StatementVisitor<R> {
    R visitAssignment(Statement.Assignment assignment);

    R visitExpressionStatement(Statement.ExpressionStatement statement);
}
