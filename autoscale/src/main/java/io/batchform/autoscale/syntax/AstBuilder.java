package io.batchform.autoscale.syntax;

import io.batchform.autoscale.ast.BinaryOperator;
import io.batchform.autoscale.ast.Expr;
import io.batchform.autoscale.ast.Statement;
import io.batchform.autoscale.ast.UnaryOperator;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** The only reader of ANTLR parse trees: builds the immutable AST from a syntactically valid tree. */
final class AstBuilder extends AutoscaleBaseVisitor<Object> {
    private final Source source;

    AstBuilder(Source source) {
        this.source = source;
    }

    Statement build(AutoscaleParser.StatementContext tree) {
        return (Statement) visit(tree);
    }

    @Override
    public Statement visitAssignment(AutoscaleParser.AssignmentContext ctx) {
        Expr.Name target = new Expr.Name(ctx.target.getText(), span(ctx.target));
        return new Statement.Assignment(target, expr(ctx.value), span(ctx));
    }

    @Override
    public Statement visitExpressionStatement(AutoscaleParser.ExpressionStatementContext ctx) {
        return new Statement.ExpressionStatement(expr(ctx.expression()), span(ctx));
    }

    @Override
    public Expr visitPrimaryExpression(AutoscaleParser.PrimaryExpressionContext ctx) {
        return (Expr) visit(ctx.primary());
    }

    @Override
    public Expr visitMethodCall(AutoscaleParser.MethodCallContext ctx) {
        return new Expr.MethodCall(expr(ctx.target), ctx.name.getText(), arguments(ctx.arguments()),
                span(ctx.name), span(ctx.LPAREN().getSymbol()), span(ctx));
    }

    @Override
    public Expr visitMemberAccess(AutoscaleParser.MemberAccessContext ctx) {
        return new Expr.MemberAccess(expr(ctx.target), ctx.name.getText(), span(ctx.name), span(ctx));
    }

    @Override
    public Expr visitUnary(AutoscaleParser.UnaryContext ctx) {
        UnaryOperator operator = ctx.operator.getType() == AutoscaleLexer.MINUS ? UnaryOperator.NEGATE : UnaryOperator.NOT;
        return new Expr.Unary(operator, expr(ctx.operand), span(ctx));
    }

    @Override
    public Expr visitBinary(AutoscaleParser.BinaryContext ctx) {
        return new Expr.Binary(binaryOperator(ctx.operator), expr(ctx.left), expr(ctx.right), span(ctx));
    }

    @Override
    public Expr visitTernary(AutoscaleParser.TernaryContext ctx) {
        return new Expr.Ternary(expr(ctx.condition), expr(ctx.whenTrue), expr(ctx.whenFalse), span(ctx));
    }

    @Override
    public Expr visitNumber(AutoscaleParser.NumberContext ctx) {
        String text = ctx.getText();
        return new Expr.NumberLiteral(Double.parseDouble(text), text, span(ctx));
    }

    @Override
    public Expr visitString(AutoscaleParser.StringContext ctx) {
        String text = ctx.getText();
        return new Expr.StringLiteral(text.substring(1, text.length() - 1), span(ctx));
    }

    @Override
    public Expr visitCall(AutoscaleParser.CallContext ctx) {
        return new Expr.Call(ctx.name.getText(), arguments(ctx.arguments()), span(ctx.name),
                span(ctx.LPAREN().getSymbol()), span(ctx));
    }

    @Override
    public Expr visitName(AutoscaleParser.NameContext ctx) {
        return new Expr.Name(ctx.name.getText(), span(ctx));
    }

    @Override
    public Expr visitParenthesized(AutoscaleParser.ParenthesizedContext ctx) {
        return expr(ctx.expression());
    }

    private Expr expr(AutoscaleParser.ExpressionContext ctx) {
        return (Expr) visit(ctx);
    }

    private List<Expr> arguments(AutoscaleParser.ArgumentsContext ctx) {
        return ctx == null ? List.of() : ctx.expression().stream().map(this::expr).toList();
    }

    private static BinaryOperator binaryOperator(Token token) {
        return switch (token.getType()) {
            case AutoscaleLexer.STAR -> BinaryOperator.MULTIPLY;
            case AutoscaleLexer.SLASH -> BinaryOperator.DIVIDE;
            case AutoscaleLexer.PLUS -> BinaryOperator.ADD;
            case AutoscaleLexer.MINUS -> BinaryOperator.SUBTRACT;
            case AutoscaleLexer.LT -> BinaryOperator.LESS;
            case AutoscaleLexer.LE -> BinaryOperator.LESS_EQUAL;
            case AutoscaleLexer.GT -> BinaryOperator.GREATER;
            case AutoscaleLexer.GE -> BinaryOperator.GREATER_EQUAL;
            case AutoscaleLexer.EQ -> BinaryOperator.EQUAL;
            case AutoscaleLexer.NE -> BinaryOperator.NOT_EQUAL;
            case AutoscaleLexer.AND -> BinaryOperator.AND;
            case AutoscaleLexer.OR -> BinaryOperator.OR;
            default -> throw new IllegalStateException("not a binary operator: " + token.getText());
        };
    }

    private SourceSpan span(ParserRuleContext ctx) {
        int start = ctx.getStart().getStartIndex();
        int stop = ctx.getStop() == null ? start - 1 : ctx.getStop().getStopIndex();
        return source.span(start, Math.max(start, stop + 1));
    }

    private SourceSpan span(Token token) {
        return FormulaParser.spanOf(source, token);
    }
}
