package io.batchform.autoscale.ast;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints a tree as canonical formula text with every operation parenthesised, so two trees are equal in structure
 * exactly when their printed forms are equal, whatever their spans. The output parses back to the same tree.
 */
public final class AstPrinter implements ExprVisitor<String>, StatementVisitor<String> {
    private static final AstPrinter INSTANCE = new AstPrinter();

    private AstPrinter() {
    }

    public static String print(Formula formula) {
        return formula.statements().stream().map(s -> s.accept(INSTANCE)).collect(Collectors.joining("; "));
    }

    public static String print(Expr expr) {
        return expr.accept(INSTANCE);
    }

    @Override
    public String visitAssignment(Statement.Assignment assignment) {
        return assignment.target().name() + " = " + assignment.value().accept(this);
    }

    @Override
    public String visitExpressionStatement(Statement.ExpressionStatement statement) {
        return statement.expression().accept(this);
    }

    @Override
    public String visitNumber(Expr.NumberLiteral number) {
        return number.text();
    }

    @Override
    public String visitString(Expr.StringLiteral string) {
        return '"' + string.value() + '"';
    }

    @Override
    public String visitName(Expr.Name name) {
        return name.name();
    }

    @Override
    public String visitUnary(Expr.Unary unary) {
        return "(" + unary.operator().symbol() + unary.operand().accept(this) + ")";
    }

    @Override
    public String visitBinary(Expr.Binary binary) {
        return "(" + binary.left().accept(this) + " " + binary.operator().symbol() + " "
                + binary.right().accept(this) + ")";
    }

    @Override
    public String visitTernary(Expr.Ternary ternary) {
        return "(" + ternary.condition().accept(this) + " ? " + ternary.whenTrue().accept(this) + " : "
                + ternary.whenFalse().accept(this) + ")";
    }

    @Override
    public String visitCall(Expr.Call call) {
        return call.function() + "(" + arguments(call.arguments()) + ")";
    }

    @Override
    public String visitMethodCall(Expr.MethodCall call) {
        return call.target().accept(this) + "." + call.method() + "(" + arguments(call.arguments()) + ")";
    }

    @Override
    public String visitMemberAccess(Expr.MemberAccess access) {
        return access.target().accept(this) + "." + access.member();
    }

    private String arguments(List<Expr> arguments) {
        return arguments.stream().map(a -> a.accept(this)).collect(Collectors.joining(", "));
    }
}
