package io.batchform.autoscale.ast;

import io.batchform.source.SourceSpan;
import java.util.List;

/**
 * An expression. Spans are the last component of every record; {@link AstPrinter} gives a span-free canonical form
 * for tests that compare trees.
 */
public sealed interface Expr
        permits Expr.NumberLiteral, Expr.StringLiteral, Expr.Name, Expr.Unary, Expr.Binary, Expr.Ternary,
                Expr.Call, Expr.MethodCall, Expr.MemberAccess {
    SourceSpan span();

    <R> R accept(ExprVisitor<R> visitor);

    /** A number as written ({@code 0.7}, {@code 16777216}); {@code text} keeps the spelling. */
    record NumberLiteral(double value, String text, SourceSpan span) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> visitor) {
            return visitor.visitNumber(this);
        }
    }

    /** A double-quoted string; {@code value} is without the quotes. */
    record StringLiteral(String value, SourceSpan span) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> visitor) {
            return visitor.visitString(this);
        }
    }

    /**
     * An identifier: a service variable ({@code $PendingTasks}), a user variable with or without {@code $}, a
     * {@code TimeInterval_*} constant or a deallocation keyword ({@code taskcompletion}). The checker decides which.
     */
    record Name(String name, SourceSpan span) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> visitor) {
            return visitor.visitName(this);
        }
    }

    record Unary(UnaryOperator operator, Expr operand, SourceSpan span) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> visitor) {
            return visitor.visitUnary(this);
        }
    }

    record Binary(BinaryOperator operator, Expr left, Expr right, SourceSpan span) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> visitor) {
            return visitor.visitBinary(this);
        }
    }

    /** {@code condition ? whenTrue : whenFalse}; non-zero is true. */
    record Ternary(Expr condition, Expr whenTrue, Expr whenFalse, SourceSpan span) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> visitor) {
            return visitor.visitTernary(this);
        }
    }

    /**
     * A function call {@code max(a, b)}. {@code openParen} is the span of the {@code (}: the service reports
     * evaluation errors at that column.
     */
    record Call(String function, List<Expr> arguments, SourceSpan nameSpan, SourceSpan openParen, SourceSpan span)
            implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }

        @Override
        public <R> R accept(ExprVisitor<R> visitor) {
            return visitor.visitCall(this);
        }
    }

    /** A method call on a value, {@code $PendingTasks.GetSample(1)}; {@code openParen} as in {@link Call}. */
    record MethodCall(Expr target, String method, List<Expr> arguments, SourceSpan nameSpan, SourceSpan openParen,
                      SourceSpan span) implements Expr {
        public MethodCall {
            arguments = List.copyOf(arguments);
        }

        @Override
        public <R> R accept(ExprVisitor<R> visitor) {
            return visitor.visitMethodCall(this);
        }
    }

    /** A member read without a call, {@code time().weekday}. */
    record MemberAccess(Expr target, String member, SourceSpan memberSpan, SourceSpan span) implements Expr {
        @Override
        public <R> R accept(ExprVisitor<R> visitor) {
            return visitor.visitMemberAccess(this);
        }
    }
}
