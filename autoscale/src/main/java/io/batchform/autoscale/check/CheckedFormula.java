package io.batchform.autoscale.check;

import io.batchform.autoscale.ast.Expr;
import io.batchform.autoscale.ast.Formula;
import io.batchform.autoscale.lang.BuiltinFunction;
import io.batchform.autoscale.lang.SampleMethod;
import io.batchform.autoscale.lang.TimestampMember;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A formula after checking: its tree, its diagnostics, and side tables giving every expression's type and what every
 * name, call and member refers to. Only a CheckedFormula can be evaluated.
 */
public final class CheckedFormula {
    private final Source source;
    private final Formula formula;
    private final List<Diagnostic> diagnostics;
    private final Map<Expr, Type> types;
    private final Map<Expr.Name, Symbol> symbols;
    private final Map<Expr.Call, BuiltinFunction> functions;
    private final Map<Expr.MethodCall, SampleMethod> methods;
    private final Map<Expr.MemberAccess, TimestampMember> members;

    CheckedFormula(Source source, Formula formula, List<Diagnostic> diagnostics, Map<Expr, Type> types,
                   Map<Expr.Name, Symbol> symbols, Map<Expr.Call, BuiltinFunction> functions,
                   Map<Expr.MethodCall, SampleMethod> methods, Map<Expr.MemberAccess, TimestampMember> members) {
        this.source = source;
        this.formula = formula;
        this.diagnostics = diagnostics.stream()
                .sorted(Comparator.comparingInt((Diagnostic d) -> d.span().startOffset())
                        .thenComparing(Diagnostic::severity).thenComparing(Diagnostic::code))
                .toList();
        this.types = types;
        this.symbols = symbols;
        this.functions = functions;
        this.methods = methods;
        this.members = members;
    }

    /** The same formula with further diagnostics (the review's warnings), sorted in with the others. */
    CheckedFormula with(List<Diagnostic> more) {
        List<Diagnostic> all = new ArrayList<>(diagnostics);
        all.addAll(more);
        return new CheckedFormula(source, formula, all, types, symbols, functions, methods, members);
    }

    public Source source() {
        return source;
    }

    /** The tree; empty when the text had syntax errors (then only syntax diagnostics exist). */
    public Optional<Formula> formula() {
        return Optional.ofNullable(formula);
    }

    /** Every diagnostic of every phase that ran, sorted by position. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /**
     * Whether the formula can be evaluated: it parsed, and its only errors are reads of undefined variables, which
     * the service accepts when the formula is set and reports as a failed evaluation.
     */
    public boolean isEvaluable() {
        return formula != null && diagnostics.stream().filter(Diagnostic::isError)
                .allMatch(d -> DiagnosticCodes.EVALUATION_FAILURES.contains(d.code()));
    }

    public Type typeOf(Expr expr) {
        Type type = types.get(expr);
        if (type == null) {
            throw new IllegalArgumentException("expression is not part of this formula: " + expr);
        }
        return type;
    }

    public Symbol symbolOf(Expr.Name name) {
        Symbol symbol = symbols.get(name);
        if (symbol == null) {
            throw new IllegalArgumentException("name is not part of this formula: " + name);
        }
        return symbol;
    }

    public BuiltinFunction functionOf(Expr.Call call) {
        return require(functions.get(call), call);
    }

    public SampleMethod methodOf(Expr.MethodCall call) {
        return require(methods.get(call), call);
    }

    public TimestampMember memberOf(Expr.MemberAccess access) {
        return require(members.get(access), access);
    }

    private static <T> T require(T value, Expr expr) {
        if (value == null) {
            throw new IllegalArgumentException("not resolved by the checker: " + expr);
        }
        return value;
    }
}
