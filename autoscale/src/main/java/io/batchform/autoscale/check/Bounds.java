package io.batchform.autoscale.check;

import io.batchform.autoscale.ast.Expr;
import io.batchform.autoscale.ast.ExprVisitor;
import io.batchform.autoscale.ast.Statement;
import io.batchform.autoscale.lang.BuiltinFunction;
import io.batchform.autoscale.lang.SystemVariable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How large a formula can make a node target, where interval arithmetic can tell: {@code min(10, x)} is at most 10
 * whatever {@code x} is, {@code c ? 4 : 8} at most 8, {@code $PendingTasks.GetSample(1)} unbounded. Used to check
 * quotas before a pool exists. The bound is sound, not tight: sampled metrics, the pool's own targets and anything
 * else the service supplies are taken as unbounded.
 */
public final class Bounds {
    private Bounds() {
    }

    /** An interval of values; either end may be infinite. */
    record Interval(double lo, double hi) {
        static final Interval ANY = new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        static final Interval BOOLEAN = new Interval(0, 1);

        static Interval of(double value) {
            return new Interval(value, value);
        }

        Interval union(Interval other) {
            return new Interval(Math.min(lo, other.lo), Math.max(hi, other.hi));
        }

        boolean bounded() {
            return !Double.isInfinite(hi) && !Double.isNaN(hi);
        }
    }

    /**
     * The largest value {@code target} ({@code $TargetDedicatedNodes} or {@code $TargetLowPriorityNodes}) can take as
     * the service applies it (truncated, at least 0), or empty when the formula does not bound it (or never sets it).
     */
    public static OptionalDouble maxTarget(CheckedFormula checked, SystemVariable target) {
        Optional<io.batchform.autoscale.ast.Formula> formula = checked.formula();
        if (formula.isEmpty()) {
            return OptionalDouble.empty();
        }
        Map<String, Interval> variables = new HashMap<>();
        Interval assigned = null;
        boolean stops = false;
        for (Statement statement : formula.get().statements()) {
            if (statement instanceof Statement.Assignment assignment) {
                Interval value = assignment.value().accept(new Evaluate(variables));
                String name = assignment.target().name();
                Optional<SystemVariable> system = SystemVariable.byName(name);
                if (system.isPresent() && system.get() == target) {
                    // With stop() in the formula, an earlier assignment may be the last one made.
                    assigned = stops && assigned != null ? assigned.union(value) : value;
                }
                variables.put(system.map(SystemVariable::name).orElse(name), value);
            } else if (statement instanceof Statement.ExpressionStatement expression
                    && expression.expression() instanceof Expr.Call call && call.function().equals("stop")) {
                stops = true;
            }
        }
        if (assigned == null || !assigned.bounded()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(0, Math.floor(assigned.hi())));
    }

    /** Whether the formula assigns {@code target} at all (a target never assigned keeps the pool's value). */
    public static boolean assigns(CheckedFormula checked, SystemVariable target) {
        return checked.formula().map(f -> f.statements().stream().anyMatch(s -> s instanceof Statement.Assignment a
                && SystemVariable.byName(a.target().name()).filter(v -> v == target).isPresent())).orElse(false);
    }

    /** The interval of an expression, given the intervals of the variables assigned so far. */
    private record Evaluate(Map<String, Interval> variables) implements ExprVisitor<Interval> {
        @Override
        public Interval visitNumber(Expr.NumberLiteral number) {
            return Interval.of(number.value());
        }

        @Override
        public Interval visitString(Expr.StringLiteral string) {
            return Interval.ANY;
        }

        @Override
        public Interval visitName(Expr.Name name) {
            Optional<SystemVariable> system = SystemVariable.byName(name.name());
            return variables.getOrDefault(system.map(SystemVariable::name).orElse(name.name()), Interval.ANY);
        }

        @Override
        public Interval visitUnary(Expr.Unary unary) {
            Interval operand = unary.operand().accept(this);
            return switch (unary.operator()) {
                case NEGATE -> new Interval(-operand.hi(), -operand.lo());
                case NOT -> Interval.BOOLEAN;
            };
        }

        @Override
        public Interval visitBinary(Expr.Binary binary) {
            Interval a = binary.left().accept(this);
            Interval b = binary.right().accept(this);
            return switch (binary.operator()) {
                case ADD -> new Interval(a.lo() + b.lo(), a.hi() + b.hi());
                case SUBTRACT -> new Interval(a.lo() - b.hi(), a.hi() - b.lo());
                case MULTIPLY -> corners(a.lo() * b.lo(), a.lo() * b.hi(), a.hi() * b.lo(), a.hi() * b.hi());
                case DIVIDE -> b.lo() > 0 || b.hi() < 0
                        ? corners(a.lo() / b.lo(), a.lo() / b.hi(), a.hi() / b.lo(), a.hi() / b.hi()) : Interval.ANY;
                default -> Interval.BOOLEAN;
            };
        }

        private static Interval corners(double... values) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                if (Double.isNaN(v)) {
                    return Interval.ANY; // 0 x infinity: no bound
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            return new Interval(lo, hi);
        }

        @Override
        public Interval visitTernary(Expr.Ternary ternary) {
            return ternary.whenTrue().accept(this).union(ternary.whenFalse().accept(this));
        }

        @Override
        public Interval visitCall(Expr.Call call) {
            Optional<BuiltinFunction> function = BuiltinFunction.byName(call.function());
            if (function.isEmpty() || call.arguments().isEmpty()) {
                return function.filter(f -> f == BuiltinFunction.RAND).map(f -> new Interval(0, 1)).orElse(Interval.ANY);
            }
            Interval union = null;
            double minOfHi = Double.POSITIVE_INFINITY;
            double maxOfLo = Double.NEGATIVE_INFINITY;
            for (Expr argument : call.arguments()) {
                Interval value = argument.accept(this);
                union = union == null ? value : union.union(value);
                minOfHi = Math.min(minOfHi, value.hi());
                maxOfLo = Math.max(maxOfLo, value.lo());
            }
            return switch (function.get()) {
                // Over all the elements of all the arguments: the smallest is at most the smallest upper bound.
                case MIN -> new Interval(union.lo(), minOfHi);
                case MAX -> new Interval(maxOfLo, union.hi());
                case AVG, PERCENTILE, VAL -> union;
                case FLOOR -> new Interval(Math.floor(union.lo()), Math.floor(union.hi()));
                case CEIL -> new Interval(Math.ceil(union.lo()), Math.ceil(union.hi()));
                case ROUND -> new Interval(Math.rint(union.lo()), Math.rint(union.hi()));
                default -> Interval.ANY;
            };
        }

        @Override
        public Interval visitMethodCall(Expr.MethodCall call) {
            return Interval.ANY;
        }

        @Override
        public Interval visitMemberAccess(Expr.MemberAccess access) {
            return Interval.ANY;
        }
    }
}
