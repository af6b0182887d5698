package io.batchform.autoscale.check;

import static io.batchform.autoscale.check.DiagnosticCodes.ACTIVE_TASKS_ONLY;
import static io.batchform.autoscale.check.DiagnosticCodes.LAST_SAMPLE_ONLY;
import static io.batchform.autoscale.check.DiagnosticCodes.NO_TARGET;
import static io.batchform.autoscale.check.DiagnosticCodes.TRUNCATED_TO_ZERO;
import static io.batchform.autoscale.check.DiagnosticCodes.WINDOW_IN_DELAY;
import static io.batchform.autoscale.check.DiagnosticCodes.WRONG_CASE;

import io.batchform.autoscale.ast.BinaryOperator;
import io.batchform.autoscale.ast.Expr;
import io.batchform.autoscale.ast.ExprVisitor;
import io.batchform.autoscale.ast.Statement;
import io.batchform.autoscale.ast.UnaryOperator;
import io.batchform.autoscale.lang.BuiltinFunction;
import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.autoscale.lang.Numbers;
import io.batchform.autoscale.lang.SampleMethod;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The warnings a careful reviewer adds once a formula checks (W007 to W012, DIAGNOSTICS.md). A formula is
 * straight-line code, so what each value depends on (metrics, a fraction of a task count, a constant) is followed
 * through its variables statement by statement, and each warning is decided once the whole formula has been read.
 */
final class Review {
    /** Samples of the newest minute may not be readable yet (documented: about a minute to propagate). */
    static final double DELAY_SECONDS = 60;
    /** One sample per 30 seconds. */
    static final double PERIOD_SECONDS = 30;
    /** What GetSample over a window requires when given no percentage (observed; see EVALUATION.md). */
    static final double IMPLICIT_PERCENT = 70;
    private static final Set<SystemVariable> TASK_COUNTS = EnumSet.of(SystemVariable.ACTIVE_TASKS,
            SystemVariable.RUNNING_TASKS, SystemVariable.PENDING_TASKS);
    private static final Set<SystemVariable> RUNNING_WORK = EnumSet.of(SystemVariable.RUNNING_TASKS,
            SystemVariable.PENDING_TASKS, SystemVariable.CPU_PERCENT);

    /**
     * What a value depends on: the metrics it reads, where it becomes a fraction of a task count (null if it does
     * not), whether it tests such a fraction (a guard), and its value when it is a constant number or interval.
     */
    private record Facts(Set<SystemVariable> metrics, SourceSpan fraction, boolean testsFraction, Double number,
                         Double seconds) {
        static final Facts NONE = new Facts(Set.of(), null, false, null, null);

        boolean countsTasks() {
            return metrics.stream().anyMatch(TASK_COUNTS::contains);
        }

        Facts withFraction(SourceSpan span) {
            return new Facts(metrics, span, testsFraction, null, null);
        }
    }

    private final CheckedFormula checked;
    private final Source source;
    private final List<Diagnostic> warnings = new ArrayList<>();
    private final Map<String, Facts> variables = new HashMap<>();
    private final Map<SystemVariable, Facts> assignedTargets = new EnumMap<>(SystemVariable.class);
    private final List<Expr.MethodCall> newestOnly = new ArrayList<>();
    private int windowReads;
    /** Inside a ?: branch or the right of && / ||: evaluated only when a condition allows (W001's guard). */
    private int guarded;
    private boolean targetAssigned;
    private boolean finishesTasks;
    private Statement.Assignment truncated;
    private SourceSpan truncatedAt;
    private Statement.Assignment activeTasksOnly;
    private String wrongCaseTarget;

    private Review(CheckedFormula checked) {
        this.checked = checked;
        this.source = checked.source();
    }

    /** The review's warnings for a formula that checked without errors (other than undefined reads). */
    static List<Diagnostic> of(CheckedFormula checked) {
        Review review = new Review(checked);
        review.run();
        return review.warnings;
    }

    private void run() {
        List<Statement> statements = checked.formula().orElseThrow().statements();
        FactsOf facts = new FactsOf();
        for (Statement statement : statements) {
            if (statement instanceof Statement.Assignment assignment) {
                assign(assignment, assignment.value().accept(facts));
            } else if (statement instanceof Statement.ExpressionStatement expression) {
                expression.expression().accept(facts);
            }
        }
        if (!targetAssigned && !statements.isEmpty()) {
            int end = statements.get(statements.size() - 1).span().endOffset();
            warn(NO_TARGET, "no statement assigns $TargetDedicatedNodes or $TargetLowPriorityNodes"
                    + (wrongCaseTarget == null ? "" : " ('" + wrongCaseTarget + "' is a variable of its own)")
                    + ": every evaluation keeps the pool's current targets", source.span(end, end));
        }
        if (truncated != null) {
            String target = truncated.target().name();
            warn(TRUNCATED_TO_ZERO, target + " can be a fraction of a node here (a task count divided at "
                    + truncatedAt.line() + ":" + truncatedAt.column() + "): the service truncates the target, so a "
                    + "queue smaller than the divisor gets 0 nodes and waits until it grows; round up with ceil(...)",
                    truncated.value().span());
        }
        if (!newestOnly.isEmpty() && windowReads == 0) {
            Expr.MethodCall first = newestOnly.get(0);
            String metric = ((Expr.Name) first.target()).name();
            warn(LAST_SAMPLE_ONLY, "every decision reads only the newest sample (" + metric + ".GetSample(1)): the "
                    + "documentation advises against relying on it alone, as one sample follows every blip and may be "
                    + "old; combine it with a window, e.g. max(" + metric + ".GetSample(1), avg(" + metric
                    + ".GetSample(TimeInterval_Minute * 5, 70)))", first.span());
        }
        if (activeTasksOnly != null && !finishesTasks) {
            warn(ACTIVE_TASKS_ONLY, activeTasksOnly.target().name() + " follows $ActiveTasks alone: when the queue "
                    + "empties it drops while tasks still run, and with requeue (the default) the removed nodes' "
                    + "running tasks are stopped and queued again; count running tasks too ($PendingTasks is active "
                    + "+ running) or set $NodeDeallocationOption = taskcompletion", activeTasksOnly.target().span());
        }
    }

    private void assign(Statement.Assignment assignment, Facts value) {
        Symbol symbol = checked.symbolOf(assignment.target());
        if (symbol instanceof Symbol.User user) {
            variables.put(user.name(), value);
            caseMismatch(user.name()).ifPresent(meant -> {
                if (meant.kind() == SystemVariable.Kind.READ_WRITE && wrongCaseTarget == null) {
                    wrongCaseTarget = user.name();
                }
                warn(WRONG_CASE, "'" + user.name() + "' is not " + meant.variableName() + ": names are case-sensitive, "
                        + "so this assigns a variable of its own and "
                        + (meant.kind() == SystemVariable.Kind.READ_WRITE ? "sets nothing on the pool"
                        : "does not read the service's metric"), assignment.target().span());
            });
            return;
        }
        if (!(symbol instanceof Symbol.System system)) {
            return;
        }
        SystemVariable variable = system.variable();
        if (variable == SystemVariable.NODE_DEALLOCATION_OPTION) {
            finishesTasks |= mentionsFinishingOption(assignment.value());
            return;
        }
        if (variable != SystemVariable.TARGET_DEDICATED_NODES && variable != SystemVariable.TARGET_LOW_PRIORITY_NODES) {
            return;
        }
        targetAssigned = true;
        assignedTargets.put(variable, value);
        if (value.fraction() != null && truncated == null) {
            truncated = assignment;
            truncatedAt = value.fraction();
        }
        if (activeTasksOnly == null && value.metrics().contains(SystemVariable.ACTIVE_TASKS)
                && value.metrics().stream().noneMatch(RUNNING_WORK::contains)) {
            activeTasksOnly = assignment;
        }
    }

    /** The service variable a {@code $}-name spells in another case ({@code $targetDedicatedNodes}). */
    private static Optional<SystemVariable> caseMismatch(String name) {
        if (!name.startsWith("$")) {
            return Optional.empty();
        }
        for (SystemVariable variable : SystemVariable.values()) {
            if (Stream.concat(Stream.of(variable.variableName()), variable.aliases().stream())
                    .anyMatch(spelling -> spelling.equalsIgnoreCase(name))) {
                return Optional.of(variable);
            }
        }
        return Optional.empty();
    }

    private boolean mentionsFinishingOption(Expr value) {
        if (value instanceof Expr.Name name && checked.symbolOf(name) instanceof Symbol.Deallocation option) {
            return option.option() == DeallocationOption.TASK_COMPLETION
                    || option.option() == DeallocationOption.RETAINED_DATA;
        }
        if (value instanceof Expr.Ternary ternary) {
            return mentionsFinishingOption(ternary.whenTrue()) || mentionsFinishingOption(ternary.whenFalse());
        }
        return false;
    }

    /** W011: a window inside the sample delay, or a percentage the delay alone can deny. */
    private void reviewWindow(Expr.MethodCall call, SampleMethod method, List<Facts> arguments) {
        boolean hasEnd = arguments.size() >= 2 && checked.typeOf(call.arguments().get(1)) != Type.DOUBLE;
        Double a = arguments.get(0).seconds();
        Double b = hasEnd ? arguments.get(1).seconds() : Double.valueOf(0);
        if (a == null || b == null) {
            return;
        }
        double near = Math.max(0, Math.min(a, b));
        double far = Math.max(a, b);
        String metric = ((Expr.Name) call.target()).name();
        if (far <= DELAY_SECONDS) {
            warn(WINDOW_IN_DELAY, metric + "." + method.methodName() + " looks back only " + Numbers.format(far)
                    + " s: samples take about a minute to become readable, so this window may hold none; look back "
                    + "further, e.g. TimeInterval_Minute * 5", call.arguments().get(0).span());
            return;
        }
        if (method != SampleMethod.GET_SAMPLE || guarded > 0) {
            return; // a guarded call runs only when a condition (usually GetSamplePercent) allows
        }
        int percentAt = hasEnd ? 2 : 1;
        Double required = arguments.size() > percentAt ? arguments.get(percentAt).number()
                : Double.valueOf(IMPLICIT_PERCENT);
        int first = (int) Math.ceil(near / PERIOD_SECONDS);
        int possible = (int) Math.floor(far / PERIOD_SECONDS) - first;
        int unsure = Math.max(0, Math.min((int) (DELAY_SECONDS / PERIOD_SECONDS), first + possible) - first);
        if (required == null || possible <= 0 || 100.0 * (possible - unsure) / possible >= required) {
            return;
        }
        warn(WINDOW_IN_DELAY, "requires " + Numbers.format(required) + "% of the window's " + possible
                + " samples, but those of the newest minute may not be readable yet: only " + (possible - unsure)
                + " (" + Numbers.format(100.0 * (possible - unsure) / possible) + "%) are sure, so evaluations can "
                + "fail with InsufficientSampleData; ask for less or look back further", call.openParen());
    }

    private void warn(String code, String message, SourceSpan span) {
        warnings.add(Diagnostic.warning(code, message, span));
    }

    /** The facts of an expression, recording sample reads on the way. */
    private final class FactsOf implements ExprVisitor<Facts> {
        @Override
        public Facts visitNumber(Expr.NumberLiteral number) {
            return new Facts(Set.of(), null, false, number.value(), null);
        }

        @Override
        public Facts visitString(Expr.StringLiteral string) {
            return Facts.NONE;
        }

        @Override
        public Facts visitName(Expr.Name name) {
            Symbol symbol = checked.symbolOf(name);
            if (symbol instanceof Symbol.User user) {
                return variables.getOrDefault(user.name(), Facts.NONE);
            }
            if (symbol instanceof Symbol.TimeInterval interval) {
                return new Facts(Set.of(), null, false, null, interval.constant().duration().toNanos() / 1e9);
            }
            if (symbol instanceof Symbol.System system) {
                Facts assigned = assignedTargets.get(system.variable());
                return assigned != null ? assigned : new Facts(Set.of(system.variable()), null, false, null, null);
            }
            return Facts.NONE;
        }

        @Override
        public Facts visitUnary(Expr.Unary unary) {
            Facts operand = unary.operand().accept(this);
            if (unary.operator() == UnaryOperator.NOT) {
                return new Facts(operand.metrics(), null, operand.fraction() != null, null, null);
            }
            return new Facts(operand.metrics(), operand.fraction(), operand.testsFraction(),
                    operand.number() == null ? null : -operand.number(),
                    operand.seconds() == null ? null : -operand.seconds());
        }

        @Override
        public Facts visitBinary(Expr.Binary binary) {
            BinaryOperator op = binary.operator();
            boolean lazy = op == BinaryOperator.AND || op == BinaryOperator.OR;
            Facts left = binary.left().accept(this);
            guarded += lazy ? 1 : 0;
            Facts right = binary.right().accept(this);
            guarded -= lazy ? 1 : 0;
            Set<SystemVariable> metrics = union(left.metrics(), right.metrics());
            boolean arithmetic = op == BinaryOperator.ADD || op == BinaryOperator.SUBTRACT
                    || op == BinaryOperator.MULTIPLY || op == BinaryOperator.DIVIDE;
            if (!arithmetic) {
                boolean tests = left.fraction() != null || right.fraction() != null || left.testsFraction()
                        || right.testsFraction();
                return new Facts(metrics, null, tests, null, null);
            }
            Double number = left.number() != null && right.number() != null
                    ? fold(op, left.number(), right.number()) : null;
            Double seconds = seconds(op, left, right);
            SourceSpan fraction = left.fraction() != null ? left.fraction() : right.fraction();
            if (op == BinaryOperator.DIVIDE && left.countsTasks()
                    && !(right.number() != null && right.number() <= 1)) {
                fraction = left.fraction() != null ? left.fraction() : binary.span();
            } else if (op == BinaryOperator.MULTIPLY && fraction == null
                    && (left.countsTasks() && isFractionConstant(right)
                    || right.countsTasks() && isFractionConstant(left))) {
                fraction = binary.span();
            } else if (op == BinaryOperator.ADD && (atLeastOne(left) || atLeastOne(right))) {
                fraction = null;
            }
            return new Facts(metrics, fraction, left.testsFraction() || right.testsFraction(), number, seconds);
        }

        @Override
        public Facts visitTernary(Expr.Ternary ternary) {
            Facts condition = ternary.condition().accept(this);
            guarded++;
            Facts whenTrue = ternary.whenTrue().accept(this);
            Facts whenFalse = ternary.whenFalse().accept(this);
            guarded--;
            Set<SystemVariable> metrics = union(condition.metrics(), union(whenTrue.metrics(), whenFalse.metrics()));
            // A condition that tests the fraction (shipyard's "x > 0 && x < 1 ? 1 : x") is taken as its guard.
            SourceSpan fraction = condition.testsFraction() ? null
                    : whenTrue.fraction() != null ? whenTrue.fraction() : whenFalse.fraction();
            Double number = whenTrue.number() != null && whenTrue.number().equals(whenFalse.number())
                    ? whenTrue.number() : null;
            Double seconds = whenTrue.seconds() != null && whenTrue.seconds().equals(whenFalse.seconds())
                    ? whenTrue.seconds() : null;
            return new Facts(metrics, fraction, false, number, seconds);
        }

        @Override
        public Facts visitCall(Expr.Call call) {
            List<Facts> arguments = call.arguments().stream().map(a -> a.accept(this)).toList();
            Set<SystemVariable> metrics = Set.of();
            SourceSpan fraction = null;
            for (Facts argument : arguments) {
                metrics = union(metrics, argument.metrics());
                fraction = fraction != null ? fraction : argument.fraction();
            }
            BuiltinFunction function = checked.functionOf(call);
            switch (function) {
                case CEIL, FLOOR, ROUND, LEN -> fraction = null; // rounded on purpose, or a count
                case MAX -> fraction = arguments.stream().anyMatch(Review::atLeastOne) ? null : fraction;
                default -> {
                }
            }
            return new Facts(metrics, fraction, false, null, null);
        }

        @Override
        public Facts visitMethodCall(Expr.MethodCall call) {
            List<Facts> arguments = call.arguments().stream().map(a -> a.accept(this)).toList();
            if (!(call.target() instanceof Expr.Name target)
                    || !(checked.symbolOf(target) instanceof Symbol.System symbol)) {
                return Facts.NONE; // an undefined name (F010), or a target that already has an error: nothing to review
            }
            SampleMethod method = checked.methodOf(call);
            // Only samples are the metric's values; Count(), GetSamplePercent() and the like describe its history.
            Set<SystemVariable> metrics = method == SampleMethod.GET_SAMPLE ? Set.of(symbol.variable()) : Set.of();
            if (method == SampleMethod.GET_SAMPLE && checked.typeOf(call.arguments().get(0)) == Type.DOUBLE) {
                Double count = arguments.get(0).number();
                if (count != null && count <= 1) {
                    newestOnly.add(call);
                } else {
                    windowReads++;
                }
            } else if (method == SampleMethod.GET_SAMPLE || method == SampleMethod.GET_SAMPLE_PERCENT) {
                if (method == SampleMethod.GET_SAMPLE) {
                    windowReads++;
                }
                reviewWindow(call, method, arguments);
            }
            return new Facts(metrics, null, false, null, null);
        }

        @Override
        public Facts visitMemberAccess(Expr.MemberAccess access) {
            access.target().accept(this);
            return Facts.NONE;
        }
    }

    private static Set<SystemVariable> union(Set<SystemVariable> a, Set<SystemVariable> b) {
        if (b.isEmpty() || a.containsAll(b)) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        Set<SystemVariable> both = EnumSet.copyOf(a);
        both.addAll(b);
        return both;
    }

    private static Double fold(BinaryOperator op, double a, double b) {
        return switch (op) {
            case ADD -> Double.valueOf(a + b);
            case SUBTRACT -> Double.valueOf(a - b);
            case MULTIPLY -> Double.valueOf(a * b);
            case DIVIDE -> Double.valueOf(a / b);
            default -> null;
        };
    }

    /** A constant interval, in seconds, when both operands are constants of the right kinds. */
    private static Double seconds(BinaryOperator op, Facts left, Facts right) {
        Double ls = left.seconds();
        Double rs = right.seconds();
        Double ln = left.number();
        Double rn = right.number();
        if (op == BinaryOperator.MULTIPLY && ls != null && rn != null) {
            return ls * rn;
        }
        if (op == BinaryOperator.MULTIPLY && ln != null && rs != null) {
            return ln * rs;
        }
        if (op == BinaryOperator.DIVIDE && ls != null && rn != null) {
            return ls / rn;
        }
        if (op == BinaryOperator.ADD && ls != null && rs != null) {
            return ls + rs;
        }
        if (op == BinaryOperator.SUBTRACT && ls != null && rs != null) {
            return ls - rs;
        }
        return null;
    }

    private static boolean isFractionConstant(Facts facts) {
        return facts.number() != null && facts.number() > 0 && facts.number() < 1;
    }

    private static boolean atLeastOne(Facts facts) {
        return facts.number() != null && facts.number() >= 1;
    }
}
