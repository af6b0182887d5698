package io.batchform.autoscale.eval;

import io.batchform.autoscale.ast.BinaryOperator;
import io.batchform.autoscale.ast.Expr;
import io.batchform.autoscale.ast.ExprVisitor;
import io.batchform.autoscale.ast.Statement;
import io.batchform.autoscale.ast.UnaryOperator;
import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.Symbol;
import io.batchform.autoscale.check.Type;
import io.batchform.autoscale.lang.BuiltinFunction;
import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.autoscale.lang.SampleMethod;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.autoscale.lang.TimeFormats;
import io.batchform.autoscale.lang.TimestampMember;
import io.batchform.source.SourceSpan;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a checked tree into closures. The checker's types pick each closure, so no type test happens at
 * evaluation time, and doubles stay unboxed wherever an operation is known to produce one.
 * <p>Over 500 lines: one visitor with a case per expression form (each now also handles an operand the checker
 * left undefined, F010), which reads best in one place.
 */
final class Preparer {
    /** A compiled expression. */
    interface Fn {
        Object eval(PreparedFormula.Frame f);
    }

    /** A compiled expression of type double, evaluated without boxing. */
    interface DFn extends Fn {
        double d(PreparedFormula.Frame f);

        @Override
        default Object eval(PreparedFormula.Frame f) {
            return d(f);
        }
    }

    /** A compiled statement. */
    interface Step {
        void run(PreparedFormula.Frame f);
    }

    /** Thrown by stop(); caught by {@link PreparedFormula}. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Stop INSTANCE = new Stop();

        private Stop() {
            super(null, null, false, false);
        }
    }

    private final CheckedFormula checked;
    private final Map<String, Integer> slots = new LinkedHashMap<>();

    Preparer(CheckedFormula checked) {
        this.checked = checked;
    }

    PreparedFormula prepare() {
        List<Step> steps = new ArrayList<>();
        for (Statement statement : checked.formula().orElseThrow().statements()) {
            steps.add(step(statement));
        }
        String[] names = slots.keySet().toArray(String[]::new);
        int[] order = slots.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .mapToInt(Map.Entry::getValue).toArray();
        return new PreparedFormula(steps, names, order);
    }

    private Step step(Statement statement) {
        if (statement instanceof Statement.ExpressionStatement expression) {
            Fn fn = compile(expression.expression());
            return fn::eval;
        }
        Statement.Assignment assignment = (Statement.Assignment) statement;
        Symbol target = checked.symbolOf(assignment.target());
        if (target instanceof Symbol.System system) {
            SystemVariable variable = system.variable();
            boolean full = assignment.target().name().equals(variable.variableName());
            if (variable == SystemVariable.NODE_DEALLOCATION_OPTION) {
                Fn value = compile(assignment.value());
                return f -> f.deallocation = (DeallocationOption) value.eval(f);
            }
            DFn value = asDouble(assignment.value());
            if (variable == SystemVariable.TARGET_DEDICATED_NODES) {
                return full ? f -> {
                    double v = value.d(f);
                    f.dedicated = v;
                    f.dedicatedFull = v;
                    f.dedicatedFullAssigned = true;
                } : f -> f.dedicated = value.d(f);
            }
            return full ? f -> {
                double v = value.d(f);
                f.lowPriority = v;
                f.lowPriorityFull = v;
                f.lowPriorityFullAssigned = true;
            } : f -> f.lowPriority = value.d(f);
        }
        int slot = slot(assignment.target().name());
        Fn value = compile(assignment.value());
        return f -> f.slots[slot] = value.eval(f);
    }

    private int slot(String name) {
        return slots.computeIfAbsent(name, n -> slots.size());
    }

    private Fn compile(Expr expr) {
        return expr.accept(new Compiler());
    }

    private DFn asDouble(Expr expr) {
        Fn fn = compile(expr);
        if (fn instanceof DFn d) {
            return d;
        }
        return f -> ((Double) fn.eval(f));
    }

    private Type type(Expr expr) {
        return checked.typeOf(expr);
    }

    private final class Compiler implements ExprVisitor<Fn> {
        @Override
        public Fn visitNumber(Expr.NumberLiteral number) {
            double value = number.value();
            return (DFn) f -> value;
        }

        @Override
        public Fn visitString(Expr.StringLiteral string) {
            String value = string.value();
            return f -> value;
        }

        @Override
        public Fn visitName(Expr.Name name) {
            Symbol symbol = checked.symbolOf(name);
            if (symbol instanceof Symbol.User user) {
                int slot = slot(user.name());
                SourceSpan span = name.span();
                if (type(name) == Type.DOUBLE) {
                    return (DFn) f -> {
                        Object value = f.slots[slot];
                        if (value == null) {
                            throw EvaluationFailure.error(span, "Undefined symbol: " + user.name());
                        }
                        return (Double) value;
                    };
                }
                return f -> {
                    Object value = f.slots[slot];
                    if (value == null) {
                        throw EvaluationFailure.error(span, "Undefined symbol: " + user.name());
                    }
                    return value;
                };
            }
            if (symbol instanceof Symbol.TimeInterval constant) {
                Values.Interval value = new Values.Interval(constant.constant().duration().toNanos());
                return f -> value;
            }
            if (symbol instanceof Symbol.Deallocation option) {
                DeallocationOption value = option.option();
                return f -> value;
            }
            if (symbol instanceof Symbol.Undefined undefined) {
                SourceSpan span = name.span();
                return f -> {
                    throw EvaluationFailure.error(span, "Undefined symbol: " + undefined.name());
                };
            }
            SystemVariable variable = ((Symbol.System) symbol).variable();
            return switch (variable) {
                case TARGET_DEDICATED_NODES -> (DFn) f -> f.dedicated;
                case TARGET_LOW_PRIORITY_NODES -> (DFn) f -> f.lowPriority;
                case NODE_DEALLOCATION_OPTION -> f -> f.deallocation;
                case TASK_SLOTS_PER_NODE -> (DFn) f -> f.context.pool().taskSlotsPerNode();
                case CURRENT_DEDICATED_NODES -> (DFn) f -> f.context.pool().currentDedicatedNodes();
                case CURRENT_LOW_PRIORITY_NODES -> (DFn) f -> f.context.pool().currentLowPriorityNodes();
                default -> lastSample(variable, name.span());
            };
        }

        /** A sampled variable read as a number (warning W005): its newest available sample. */
        private DFn lastSample(SystemVariable variable, SourceSpan span) {
            return f -> {
                MetricHistory history = f.context.metric(variable);
                for (int age = 0; age < history.size(); age++) {
                    double value = history.ago(age);
                    if (!Double.isNaN(value)) {
                        return value;
                    }
                }
                throw EvaluationFailure.error(span, "No sample data for " + variable.variableName());
            };
        }

        @Override
        public Fn visitUnary(Expr.Unary unary) {
            if (type(unary.operand()) == Type.TIMEINTERVAL) {
                Fn operand = compile(unary.operand());
                return f -> new Values.Interval(-((Values.Interval) operand.eval(f)).nanos());
            }
            DFn operand = asDouble(unary.operand());
            return unary.operator() == UnaryOperator.NEGATE
                    ? (DFn) f -> -operand.d(f)
                    : (DFn) f -> operand.d(f) == 0 ? 1 : 0;
        }

        @Override
        public Fn visitBinary(Expr.Binary binary) {
            Type left = asNumber(type(binary.left()));
            Type right = asNumber(type(binary.right()));
            BinaryOperator op = binary.operator();
            if (left == Type.DOUBLE && right == Type.DOUBLE) {
                return doubles(op, asDouble(binary.left()), asDouble(binary.right()));
            }
            Fn l = compile(binary.left());
            Fn r = compile(binary.right());
            SourceSpan span = binary.span();
            if (left == Type.DOUBLE_VEC) {
                return vectors(op, l, r, right == Type.DOUBLE_VEC, span);
            }
            if (op.isComparison()) {
                return compare(op, l, r);
            }
            if (left == Type.ERROR || right == Type.ERROR) { // an undefined name (F010)
                return undefined(f -> l.eval(f) == null ? null : r.eval(f), span);
            }
            return time(op, left, right, l, r);
        }

        /** A sampled variable used as a number is its last sample (W005), compiled as a double. */
        private static Type asNumber(Type type) {
            return type == Type.SAMPLED ? Type.DOUBLE : type;
        }

        /**
         * An expression over a name the checker left undefined (F010, which the service accepts): evaluating it reads
         * {@code operand}, whose undefined name fails as the service does ("Undefined symbol").
         */
        private Fn undefined(Fn operand, SourceSpan at) {
            return f -> {
                operand.eval(f);
                throw EvaluationFailure.error(at, "Undefined symbol");
            };
        }

        private DFn doubles(BinaryOperator op, DFn l, DFn r) {
            return switch (op) {
                case ADD -> f -> l.d(f) + r.d(f);
                case SUBTRACT -> f -> l.d(f) - r.d(f);
                case MULTIPLY -> f -> l.d(f) * r.d(f);
                case DIVIDE -> f -> l.d(f) / r.d(f);
                case LESS -> f -> l.d(f) < r.d(f) ? 1 : 0;
                case LESS_EQUAL -> f -> l.d(f) <= r.d(f) ? 1 : 0;
                case GREATER -> f -> l.d(f) > r.d(f) ? 1 : 0;
                case GREATER_EQUAL -> f -> l.d(f) >= r.d(f) ? 1 : 0;
                case EQUAL -> f -> l.d(f) == r.d(f) ? 1 : 0;
                case NOT_EQUAL -> f -> l.d(f) != r.d(f) ? 1 : 0;
                case AND -> f -> l.d(f) != 0 && r.d(f) != 0 ? 1 : 0;
                case OR -> f -> l.d(f) != 0 || r.d(f) != 0 ? 1 : 0;
            };
        }

        private Fn vectors(BinaryOperator op, Fn l, Fn r, boolean rightVector, SourceSpan span) {
            return f -> {
                double[] a = (double[]) l.eval(f);
                double[] out = new double[a.length];
                if (rightVector) {
                    double[] b = (double[]) r.eval(f);
                    if (b.length != a.length) {
                        throw EvaluationFailure.error(span, "Vectors of different lengths (" + a.length + " and "
                                + b.length + ") cannot be combined with '" + op.symbol() + "'");
                    }
                    for (int i = 0; i < a.length; i++) {
                        out[i] = arithmetic(op, a[i], b[i]);
                    }
                } else {
                    double b = (Double) r.eval(f);
                    for (int i = 0; i < a.length; i++) {
                        out[i] = arithmetic(op, a[i], b);
                    }
                }
                return out;
            };
        }

        private DFn compare(BinaryOperator op, Fn l, Fn r) {
            return f -> {
                int c = compareValues(l.eval(f), r.eval(f));
                boolean result = switch (op) {
                    case LESS -> c < 0;
                    case LESS_EQUAL -> c <= 0;
                    case GREATER -> c > 0;
                    case GREATER_EQUAL -> c >= 0;
                    case EQUAL -> c == 0;
                    case NOT_EQUAL -> c != 0;
                    default -> throw new IllegalStateException("not a comparison: " + op);
                };
                return result ? 1 : 0;
            };
        }

        private Fn time(BinaryOperator op, Type left, Type right, Fn l, Fn r) {
            if (left == Type.TIMEINTERVAL && right == Type.DOUBLE) {
                return op == BinaryOperator.MULTIPLY
                        ? f -> new Values.Interval(Math.round(nanos(l.eval(f)) * (Double) r.eval(f)))
                        : f -> new Values.Interval(Math.round(nanos(l.eval(f)) / (Double) r.eval(f)));
            }
            if (left == Type.DOUBLE && right == Type.TIMEINTERVAL) {
                return f -> new Values.Interval(Math.round((Double) l.eval(f) * nanos(r.eval(f))));
            }
            if (left == Type.TIMEINTERVAL && right == Type.TIMEINTERVAL) {
                return op == BinaryOperator.ADD
                        ? f -> new Values.Interval(nanos(l.eval(f)) + nanos(r.eval(f)))
                        : f -> new Values.Interval(nanos(l.eval(f)) - nanos(r.eval(f)));
            }
            if (left == Type.TIMESTAMP && right == Type.TIMESTAMP) {
                return f -> new Values.Interval(epoch(l.eval(f)) - epoch(r.eval(f)));
            }
            if (left == Type.TIMESTAMP) {
                return f -> new Values.Timestamp(epoch(l.eval(f)) + nanos(r.eval(f)));
            }
            return f -> new Values.Timestamp(nanos(l.eval(f)) + epoch(r.eval(f)));
        }

        @Override
        public Fn visitTernary(Expr.Ternary ternary) {
            DFn condition = asDouble(ternary.condition());
            if (type(ternary) == Type.DOUBLE) {
                DFn whenTrue = asDouble(ternary.whenTrue());
                DFn whenFalse = asDouble(ternary.whenFalse());
                return (DFn) f -> condition.d(f) != 0 ? whenTrue.d(f) : whenFalse.d(f);
            }
            Fn whenTrue = compile(ternary.whenTrue());
            Fn whenFalse = compile(ternary.whenFalse());
            return f -> condition.d(f) != 0 ? whenTrue.eval(f) : whenFalse.eval(f);
        }

        @Override
        public Fn visitCall(Expr.Call call) {
            BuiltinFunction function = checked.functionOf(call);
            List<Expr> arguments = call.arguments();
            SourceSpan at = call.openParen();
            switch (function) {
                case RAND -> {
                    return (DFn) f -> f.context.random().nextDouble();
                }
                case STOP -> {
                    return f -> {
                        throw Stop.INSTANCE;
                    };
                }
                case TIME -> {
                    if (arguments.isEmpty()) {
                        return f -> new Values.Timestamp(epochNanos(f.context.time()));
                    }
                    Fn text = compile(arguments.get(0));
                    return f -> {
                        String value = (String) text.eval(f);
                        Instant parsed = TimeFormats.parse(value).orElseThrow(() ->
                                EvaluationFailure.error(at, "'" + value + "' is not a valid time"));
                        return new Values.Timestamp(epochNanos(parsed));
                    };
                }
                case VAL -> {
                    Fn vector = compile(arguments.get(0));
                    DFn index = asDouble(arguments.get(1));
                    // Out of range gives 0: the service evaluated val($PendingTasks.GetSample(1), 0) on a pool with
                    // no history without failing (Azure/batch-shipyard#138); nothing else is known.
                    return (DFn) f -> {
                        double[] v = (double[]) vector.eval(f);
                        double i = index.d(f);
                        return i >= 0 && i < v.length ? v[(int) i] : 0;
                    };
                }
                case PERCENTILE -> {
                    Fn vector = compile(arguments.get(0));
                    DFn percent = asDouble(arguments.get(1));
                    return (DFn) f -> Functions.percentile((double[]) vector.eval(f), percent.d(f), at);
                }
                default -> {
                    return listFunction(function, arguments, at);
                }
            }
        }

        private Fn listFunction(BuiltinFunction function, List<Expr> arguments, SourceSpan at) {
            if (arguments.size() == 1 && type(arguments.get(0)) == Type.DOUBLE
                    && function.shape() == BuiltinFunction.Shape.ELEMENTWISE) {
                DFn single = asDouble(arguments.get(0));
                return (DFn) f -> Functions.elementwise(function, single.d(f));
            }
            Fn[] parts = arguments.stream().map(Preparer.this::compile).toArray(Fn[]::new);
            if (function.shape() == BuiltinFunction.Shape.ELEMENTWISE) {
                return f -> {
                    double[] values = Functions.flatten(parts, f);
                    double[] out = new double[values.length];
                    for (int i = 0; i < values.length; i++) {
                        out[i] = Functions.elementwise(function, values[i]);
                    }
                    return out;
                };
            }
            return (DFn) f -> Functions.aggregate(function, Functions.flatten(parts, f), at);
        }

        @Override
        public Fn visitMethodCall(Expr.MethodCall call) {
            if (!(call.target() instanceof Expr.Name name && checked.symbolOf(name) instanceof Symbol.System system)) {
                return undefined(compile(call.target()), call.span()); // an undefined name (F010)
            }
            SystemVariable variable = system.variable();
            SampleMethod method = checked.methodOf(call);
            List<Expr> arguments = call.arguments();
            SourceSpan at = call.openParen();
            return switch (method) {
                case COUNT -> (DFn) f -> Samples.count(f.context.metric(variable));
                case GET_SAMPLE_PERIOD -> {
                    Values.Interval period = new Values.Interval(MetricHistory.SAMPLE_PERIOD_NANOS);
                    yield f -> period;
                }
                case HISTORY_BEGIN_TIME -> f -> Samples.historyBegin(f.context.metric(variable), f.context.time());
                case GET_SAMPLE_PERCENT -> {
                    Fn start = compile(arguments.get(0));
                    Fn end = arguments.size() > 1 ? compile(arguments.get(1)) : null;
                    yield (DFn) f -> Samples.percent(f.context.metric(variable), Samples.lookBack(start.eval(f),
                            f.context.time()), end == null ? 0 : Samples.lookBack(end.eval(f), f.context.time()));
                }
                case GET_SAMPLE -> getSample(variable, call, arguments, at);
            };
        }

        private Fn getSample(SystemVariable variable, Expr.MethodCall call, List<Expr> arguments, SourceSpan at) {
            if (type(arguments.get(0)) == Type.DOUBLE) {
                DFn count = asDouble(arguments.get(0));
                return f -> Samples.newest(f.context.metric(variable), count.d(f));
            }
            Fn start = compile(arguments.get(0));
            boolean hasEnd = arguments.size() >= 2 && type(arguments.get(1)) != Type.DOUBLE;
            Fn end = hasEnd ? compile(arguments.get(1)) : null;
            int percentIndex = hasEnd ? 2 : 1;
            DFn percent = arguments.size() > percentIndex ? asDouble(arguments.get(percentIndex)) : null;
            String metric = variable.variableName();
            return f -> {
                double required = percent == null ? f.context.implicitSamplePercent() : percent.d(f);
                return Samples.window(f.context.metric(variable), Samples.lookBack(start.eval(f), f.context.time()),
                        end == null ? 0 : Samples.lookBack(end.eval(f), f.context.time()), required, metric, at);
            };
        }

        @Override
        public Fn visitMemberAccess(Expr.MemberAccess access) {
            Fn target = compile(access.target());
            if (type(access.target()) == Type.ERROR) {
                return undefined(target, access.span()); // an undefined name (F010)
            }
            TimestampMember member = checked.memberOf(access);
            return (DFn) f -> {
                ZonedDateTime time = Instant.ofEpochSecond(0, epoch(target.eval(f))).atZone(ZoneOffset.UTC);
                return switch (member) {
                    case YEAR -> time.getYear();
                    case MONTH -> time.getMonthValue();
                    case DAY -> time.getDayOfMonth();
                    case WEEKDAY -> time.getDayOfWeek().getValue();
                    case HOUR -> time.getHour();
                    case MINUTE -> time.getMinute();
                    case SECOND -> time.getSecond();
                };
            };
        }
    }

    static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static long nanos(Object interval) {
        return ((Values.Interval) interval).nanos();
    }

    private static long epoch(Object timestamp) {
        return ((Values.Timestamp) timestamp).epochNanos();
    }

    private static double arithmetic(BinaryOperator op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> a / b;
            default -> throw new IllegalStateException("not arithmetic: " + op);
        };
    }

    private static int compareValues(Object a, Object b) {
        if (a instanceof String s) {
            return s.compareTo((String) b);
        }
        if (a instanceof Values.Timestamp t) {
            return Long.compare(t.epochNanos(), ((Values.Timestamp) b).epochNanos());
        }
        if (a instanceof Values.Interval i) {
            return Long.compare(i.nanos(), ((Values.Interval) b).nanos());
        }
        return Double.compare((Double) a, (Double) b);
    }
}
