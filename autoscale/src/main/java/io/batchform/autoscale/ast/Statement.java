package io.batchform.autoscale.ast;

import io.batchform.source.SourceSpan;

/** One statement of a formula: an assignment or a bare expression. */
public sealed interface Statement permits Statement.Assignment, Statement.ExpressionStatement {
    SourceSpan span();

    <R> R accept(StatementVisitor<R> visitor);

    /** {@code target = value}; the target keeps the spelling written, with or without {@code $}. */
    record Assignment(Expr.Name target, Expr value, SourceSpan span) implements Statement {
        @Override
        public <R> R accept(StatementVisitor<R> visitor) {
            return visitor.visitAssignment(this);
        }
    }

    /** An expression evaluated for its effect, such as {@code stop()}. */
    record ExpressionStatement(Expr expression, SourceSpan span) implements Statement {
        @Override
        public <R> R accept(StatementVisitor<R> visitor) {
            return visitor.visitExpressionStatement(this);
        }
    }
}
