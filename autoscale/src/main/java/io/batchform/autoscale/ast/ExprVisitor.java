package io.batchform.autoscale.ast;

/** Visits every kind of {@link Expr}; adding a kind breaks every visitor at compile time, as it should. */
public interface ExprVisitor<R> {
    R visitNumber(Expr.NumberLiteral number);

    R visitString(Expr.StringLiteral string);

    R visitName(Expr.Name name);

    R visitUnary(Expr.Unary unary);

    R visitBinary(Expr.Binary binary);

    R visitTernary(Expr.Ternary ternary);

    R visitCall(Expr.Call call);

    R visitMethodCall(Expr.MethodCall call);

    R visitMemberAccess(Expr.MemberAccess access);
}
