package io.batchform.autoscale.check;

import static io.batchform.autoscale.check.DiagnosticCodes.ARGUMENT_COUNT;
import static io.batchform.autoscale.check.DiagnosticCodes.ARGUMENT_TYPE;
import static io.batchform.autoscale.check.DiagnosticCodes.ASSIGNMENT_TYPE;
import static io.batchform.autoscale.check.DiagnosticCodes.BAD_TIME;
import static io.batchform.autoscale.check.DiagnosticCodes.FRACTIONAL_TARGET;
import static io.batchform.autoscale.check.DiagnosticCodes.NEAR_SIZE_LIMIT;
import static io.batchform.autoscale.check.DiagnosticCodes.OPERAND_TYPES;
import static io.batchform.autoscale.check.DiagnosticCodes.PERCENT_AS_FRACTION;
import static io.batchform.autoscale.check.DiagnosticCodes.READ_BEFORE_ASSIGNMENT;
import static io.batchform.autoscale.check.DiagnosticCodes.READ_ONLY;
import static io.batchform.autoscale.check.DiagnosticCodes.RETIRED_METRIC;
import static io.batchform.autoscale.check.DiagnosticCodes.SAMPLED_AS_NUMBER;
import static io.batchform.autoscale.check.DiagnosticCodes.SAMPLE_PERCENT_MISSING;
import static io.batchform.autoscale.check.DiagnosticCodes.STOP_AS_VALUE;
import static io.batchform.autoscale.check.DiagnosticCodes.TOO_MANY_STATEMENTS;
import static io.batchform.autoscale.check.DiagnosticCodes.UNKNOWN_FUNCTION;
import static io.batchform.autoscale.check.DiagnosticCodes.UNKNOWN_MEMBER;
import static io.batchform.autoscale.check.DiagnosticCodes.UNKNOWN_VARIABLE;

import io.batchform.autoscale.ast.Expr;
import io.batchform.autoscale.ast.ExprVisitor;
import io.batchform.autoscale.ast.Formula;
import io.batchform.autoscale.ast.Statement;
import io.batchform.autoscale.ast.UnaryOperator;
import io.batchform.autoscale.lang.BuiltinFunction;
import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.autoscale.lang.Numbers;
import io.batchform.autoscale.lang.SampleMethod;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.autoscale.lang.TimeFormats;
import io.batchform.autoscale.lang.TimeIntervalConstant;
import io.batchform.autoscale.lang.TimestampMember;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Resolves names and checks types statement by statement. A formula is straight-line code (no loops, no branches
 * other than ?:), so the type of a user variable at each read is exactly the type of its latest assignment.
 * Expressions that already have an error get {@link Type#ERROR}, which is never reported again.
 *
 * <p>Why this file is over 500 lines: it is one visitor whose parts (names, the operation table, function and
 * sample-method signatures, the W001-W006 warnings) all read the same per-statement state (user variable types,
 * whether a call is guarded by ?:), and splitting them would pass that state around for no clarity. The review
 * warnings that need the whole formula (W007-W012) already live apart, in {@link Review}.
 */
final class Checker {
    /**
     * Some tools read the service's "8 KB" as 8,000 characters; above that a warning. (A formula over 8,192 bytes
     * never gets here: {@link FormulaCompiler} refuses it before parsing.)
     */
    static final int CAUTIOUS_CHARACTERS = 8000;
    static final int MAX_STATEMENTS = 100;

    private final Source source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final IdentityHashMap<Expr, Type> types = new IdentityHashMap<>();
    private final IdentityHashMap<Expr.Name, Symbol> symbols = new IdentityHashMap<>();
    private final IdentityHashMap<Expr.Call, BuiltinFunction> functions = new IdentityHashMap<>();
    private final IdentityHashMap<Expr.MethodCall, SampleMethod> methods = new IdentityHashMap<>();
    private final IdentityHashMap<Expr.MemberAccess, TimestampMember> members = new IdentityHashMap<>();

    /** User variables assigned so far, with their current type, whether they hold a percentage, and a constant. */
    private final Map<String, Type> userTypes = new HashMap<>();
    private final Set<String> percentVariables = new HashSet<>();
    private final Map<String, Double> constantVariables = new HashMap<>();
    /** Every name assigned anywhere, to tell "read before assignment" from "unknown". */
    private final Map<String, Statement.Assignment> assignedAnywhere = new HashMap<>();
    private final Set<String> undefinedReported = new HashSet<>();

    Checker(Source source) {
        this.source = source;
    }

    static CheckedFormula unparsed(Source source, List<Diagnostic> syntaxDiagnostics) {
        return new CheckedFormula(source, null, syntaxDiagnostics, new IdentityHashMap<>(), new IdentityHashMap<>(),
                new IdentityHashMap<>(), new IdentityHashMap<>(), new IdentityHashMap<>());
    }

    CheckedFormula check(Formula formula, List<Diagnostic> syntaxDiagnostics) {
        diagnostics.addAll(syntaxDiagnostics);
        checkLimits(formula);
        for (Statement statement : formula.statements()) {
            if (statement instanceof Statement.Assignment assignment) {
                assignedAnywhere.putIfAbsent(assignment.target().name(), assignment);
            }
        }
        for (Statement statement : formula.statements()) {
            if (statement instanceof Statement.Assignment assignment) {
                checkAssignment(assignment);
            } else if (statement instanceof Statement.ExpressionStatement expression) {
                Type type = typeOf(expression.expression(), Context.STATEMENT);
                if (type == Type.SAMPLED) {
                    warnSampledAsNumber(expression.expression());
                }
            }
        }
        return new CheckedFormula(source, formula, diagnostics, types, symbols, functions, methods, members);
    }

    private void checkLimits(Formula formula) {
        SourceSpan start = source.span(0, 0);
        if (source.text().length() > CAUTIOUS_CHARACTERS) {
            warning(NEAR_SIZE_LIMIT, "formula is " + source.text().length() + " characters, close to the service's "
                    + "8 KB limit; some tools count that limit as 8,000 characters", start);
        }
        int count = formula.statements().size();
        if (count > MAX_STATEMENTS) {
            error(TOO_MANY_STATEMENTS, "formula has " + count + " statements; the service accepts at most "
                    + MAX_STATEMENTS, formula.statements().get(MAX_STATEMENTS).span());
        }
    }

    private void checkAssignment(Statement.Assignment assignment) {
        String name = assignment.target().name();
        SourceSpan targetSpan = assignment.target().span();
        if (isUnknownDeallocationKeyword(assignment)) {
            Expr.Name value = (Expr.Name) assignment.value();
            symbols.put(assignment.target(), new Symbol.System(SystemVariable.NODE_DEALLOCATION_OPTION));
            symbols.put(value, new Symbol.Undefined(value.name()));
            types.put(assignment.target(), Type.ERROR);
            types.put(value, Type.ERROR);
            error(ASSIGNMENT_TYPE, "'" + value.name() + "' is not a deallocation option; use requeue, terminate, "
                    + "taskcompletion or retaineddata" + Suggestions.didYouMean(value.name(),
                    Arrays.stream(DeallocationOption.values()).map(DeallocationOption::keyword).toList()), value.span());
            return;
        }
        Type value = typeOf(assignment.value(), Context.VALUE);
        if (value == Type.SAMPLED) {
            warnSampledAsNumber(assignment.value());
            value = Type.DOUBLE;
        }
        var system = SystemVariable.byName(name);
        if (system.isPresent()) {
            SystemVariable variable = system.get();
            symbols.put(assignment.target(), new Symbol.System(variable));
            types.put(assignment.target(), value);
            if (variable.kind() != SystemVariable.Kind.READ_WRITE) {
                error(READ_ONLY, name + " is read-only; a formula can assign only $TargetDedicatedNodes, "
                        + "$TargetLowPriorityNodes and $NodeDeallocationOption", targetSpan);
                return;
            }
            if (variable == SystemVariable.NODE_DEALLOCATION_OPTION) {
                if (value != Type.DEALLOCATION_OPTION && value != Type.ERROR) {
                    error(ASSIGNMENT_TYPE, "$NodeDeallocationOption takes one of requeue, terminate, taskcompletion, "
                            + "retaineddata; got a " + value, assignment.value().span());
                }
                return;
            }
            if (value != Type.DOUBLE && value != Type.ERROR) {
                error(ASSIGNMENT_TYPE, name + " takes a number of nodes (double); got a " + value
                        + (value == Type.DOUBLE_VEC ? ": reduce the vector with avg(), max(), val() or similar" : ""),
                        assignment.value().span());
                return;
            }
            warnFractionalTarget(name, assignment.value());
            return;
        }
        if (TimeIntervalConstant.byName(name).isPresent() || DeallocationOption.byKeyword(name).isPresent()) {
            symbols.put(assignment.target(), new Symbol.User(name));
            types.put(assignment.target(), value);
            error(READ_ONLY, "'" + name + "' is a constant of the language and cannot be assigned", targetSpan);
            return;
        }
        symbols.put(assignment.target(), new Symbol.User(name));
        types.put(assignment.target(), value);
        if (value == Type.VOID) {
            value = Type.ERROR;
        }
        userTypes.put(name, value);
        if (isPercent(assignment.value())) {
            percentVariables.add(name);
        } else {
            percentVariables.remove(name);
        }
        Double constant = constantValue(assignment.value());
        if (constant != null) {
            constantVariables.put(name, constant);
        } else {
            constantVariables.remove(name);
        }
    }

    /** {@code $NodeDeallocationOption = finish}: a bare word that is neither a keyword nor a defined variable. */
    private boolean isUnknownDeallocationKeyword(Statement.Assignment assignment) {
        return SystemVariable.byName(assignment.target().name()).orElse(null) == SystemVariable.NODE_DEALLOCATION_OPTION
                && assignment.value() instanceof Expr.Name value && !value.name().startsWith("$")
                && !userTypes.containsKey(value.name()) && DeallocationOption.byKeyword(value.name()).isEmpty()
                && TimeIntervalConstant.byName(value.name()).isEmpty();
    }

    /** Where an expression stands: it decides whether stop() and sampled variables are allowed. */
    private enum Context {
        STATEMENT,
        VALUE,
        METHOD_TARGET,
        GUARDED_VALUE
    }

    private Type typeOf(Expr expr, Context context) {
        Type type = expr.accept(new TypeVisitor(context));
        types.put(expr, type);
        return type;
    }

    /** The type of an operand: a sampled variable used as a number is read as its last sample, with a warning. */
    private Type valueTypeOf(Expr expr, Context context) {
        Type type = typeOf(expr, context == Context.STATEMENT ? Context.VALUE : context);
        if (type == Type.SAMPLED) {
            warnSampledAsNumber(expr);
            return Type.DOUBLE;
        }
        if (type == Type.VOID) {
            error(STOP_AS_VALUE, "stop() has no value; use it as a statement of its own", expr.span());
            return Type.ERROR;
        }
        return type;
    }

    private final class TypeVisitor implements ExprVisitor<Type> {
        private final Context context;

        TypeVisitor(Context context) {
            this.context = context;
        }

        private Context inner() {
            return context == Context.GUARDED_VALUE ? Context.GUARDED_VALUE : Context.VALUE;
        }

        @Override
        public Type visitNumber(Expr.NumberLiteral number) {
            return Type.DOUBLE;
        }

        @Override
        public Type visitString(Expr.StringLiteral string) {
            return Type.STRING;
        }

        @Override
        public Type visitName(Expr.Name name) {
            String text = name.name();
            Type userType = userTypes.get(text);
            if (userType != null && SystemVariable.byName(text).isEmpty()) {
                symbols.put(name, new Symbol.User(text));
                return userType;
            }
            var system = SystemVariable.byName(text);
            if (system.isPresent()) {
                SystemVariable variable = system.get();
                symbols.put(name, new Symbol.System(variable));
                if (variable.retired()) {
                    warning(RETIRED_METRIC, text + " is a retired metric: the service stopped collecting it after "
                            + "31 March 2024, so it has no samples", name.span());
                }
                if (variable == SystemVariable.NODE_DEALLOCATION_OPTION) {
                    return Type.DEALLOCATION_OPTION;
                }
                return variable.kind() == SystemVariable.Kind.SAMPLED ? Type.SAMPLED : Type.DOUBLE;
            }
            var constant = TimeIntervalConstant.byName(text);
            if (constant.isPresent()) {
                symbols.put(name, new Symbol.TimeInterval(constant.get()));
                return Type.TIMEINTERVAL;
            }
            var option = DeallocationOption.byKeyword(text);
            if (option.isPresent()) {
                symbols.put(name, new Symbol.Deallocation(option.get()));
                return Type.DEALLOCATION_OPTION;
            }
            symbols.put(name, new Symbol.Undefined(text));
            reportUndefined(name);
            return Type.ERROR;
        }

        @Override
        public Type visitUnary(Expr.Unary unary) {
            Type operand = valueTypeOf(unary.operand(), inner());
            if (operand == Type.ERROR) {
                return Type.ERROR;
            }
            if (operand == Type.DOUBLE) {
                return Type.DOUBLE;
            }
            if (operand == Type.TIMEINTERVAL && unary.operator() == UnaryOperator.NEGATE) {
                return Type.TIMEINTERVAL;
            }
            error(OPERAND_TYPES, "operator " + unary.operator().symbol() + " is not defined for a " + operand
                    + (unary.operator() == UnaryOperator.NEGATE ? " (only double and timeinterval)" : " (only double)"),
                    unary.span());
            return Type.ERROR;
        }

        @Override
        public Type visitBinary(Expr.Binary binary) {
            Type left = valueTypeOf(binary.left(), inner());
            Type right = valueTypeOf(binary.right(), inner());
            if (left == Type.ERROR || right == Type.ERROR) {
                return Type.ERROR;
            }
            Type result = OperationTable.binary(binary.operator(), left, right);
            if (result == null) {
                error(OPERAND_TYPES, "operator " + binary.operator().symbol() + " is not defined for " + left
                        + " " + binary.operator().symbol() + " " + right + OperationTable.hint(binary.operator(), left, right),
                        binary.span());
                return Type.ERROR;
            }
            if (binary.operator().isComparison()) {
                warnPercentAsFraction(binary);
            }
            return result;
        }

        @Override
        public Type visitTernary(Expr.Ternary ternary) {
            Type condition = valueTypeOf(ternary.condition(), inner());
            if (condition != Type.DOUBLE && condition != Type.ERROR) {
                error(OPERAND_TYPES, "the condition of ?: must be a double (non-zero is true); got a " + condition,
                        ternary.condition().span());
            }
            Context branches = context == Context.STATEMENT ? Context.STATEMENT : Context.GUARDED_VALUE;
            Type whenTrue = branchType(ternary.whenTrue(), branches);
            Type whenFalse = branchType(ternary.whenFalse(), branches);
            if (whenTrue == Type.ERROR || whenFalse == Type.ERROR) {
                return Type.ERROR;
            }
            if (whenTrue != whenFalse) {
                error(OPERAND_TYPES, "the two results of ?: have different types: " + whenTrue + " and " + whenFalse,
                        ternary.whenTrue().span().to(ternary.whenFalse().span()));
                return Type.ERROR;
            }
            return whenTrue;
        }

        private Type branchType(Expr branch, Context branches) {
            if (branches == Context.STATEMENT) {
                Type type = typeOf(branch, Context.STATEMENT);
                return type == Type.SAMPLED ? Type.DOUBLE : type;
            }
            return valueTypeOf(branch, branches);
        }

        @Override
        public Type visitCall(Expr.Call call) {
            var found = BuiltinFunction.byName(call.function());
            if (found.isEmpty()) {
                call.arguments().forEach(a -> valueTypeOf(a, inner()));
                error(UNKNOWN_FUNCTION, "unknown function " + quoted(call.function()) + Suggestions.didYouMean(call.function(),
                        Arrays.stream(BuiltinFunction.values()).map(BuiltinFunction::functionName).toList()),
                        call.nameSpan());
                return Type.ERROR;
            }
            BuiltinFunction function = found.get();
            functions.put(call, function);
            List<Type> arguments = new ArrayList<>();
            for (Expr argument : call.arguments()) {
                arguments.add(valueTypeOf(argument, inner()));
            }
            Type result = checkCall(function, call, arguments);
            if (result == Type.VOID && context != Context.STATEMENT) {
                return Type.VOID;
            }
            return result;
        }

        @Override
        public Type visitMethodCall(Expr.MethodCall call) {
            Type target = typeOf(call.target(), Context.METHOD_TARGET);
            List<Type> arguments = new ArrayList<>();
            for (Expr argument : call.arguments()) {
                arguments.add(valueTypeOf(argument, inner()));
            }
            if (target == Type.ERROR) {
                return Type.ERROR;
            }
            if (target != Type.SAMPLED) {
                String hint = target == Type.TIMESTAMP && TimestampMember.byName(call.method()).isPresent()
                        ? ": " + call.method() + " is a member, read it without parentheses" : "";
                error(UNKNOWN_MEMBER, "a " + target + " has no method '" + call.method() + "'" + hint
                        + (target == Type.TIMESTAMP || !hint.isEmpty() ? "" : "; sample methods belong to sampled "
                        + "service variables such as $PendingTasks"), call.nameSpan());
                return Type.ERROR;
            }
            var method = SampleMethod.byName(call.method());
            if (method.isEmpty()) {
                error(UNKNOWN_MEMBER, "unknown sample method " + quoted(call.method()) + Suggestions.didYouMean(call.method(),
                        Arrays.stream(SampleMethod.values()).map(SampleMethod::methodName).toList()), call.nameSpan());
                return Type.ERROR;
            }
            methods.put(call, method.get());
            return checkSampleMethod(method.get(), call, arguments, context == Context.GUARDED_VALUE);
        }

        @Override
        public Type visitMemberAccess(Expr.MemberAccess access) {
            Type target = valueTypeOf(access.target(), inner());
            if (target == Type.ERROR) {
                return Type.ERROR;
            }
            if (target != Type.TIMESTAMP) {
                error(UNKNOWN_MEMBER, "a " + target + " has no member '" + access.member() + "'", access.memberSpan());
                return Type.ERROR;
            }
            var member = TimestampMember.byName(access.member());
            if (member.isEmpty()) {
                error(UNKNOWN_MEMBER, "a timestamp has no member '" + access.member() + "'" + Suggestions.didYouMean(
                        access.member(), Arrays.stream(TimestampMember.values()).map(TimestampMember::memberName)
                                .toList()), access.memberSpan());
                return Type.ERROR;
            }
            members.put(access, member.get());
            return Type.DOUBLE;
        }
    }

    private Type checkCall(BuiltinFunction function, Expr.Call call, List<Type> arguments) {
        String name = function.functionName();
        String countProblem = argumentCountProblem(function, arguments.size());
        if (countProblem != null) {
            // Whatever the arguments' types: a call with an undefined variable in it still needs its arguments.
            error(ARGUMENT_COUNT, countProblem, call.span());
            return function.shape() == BuiltinFunction.Shape.STOP ? Type.VOID : Type.ERROR;
        }
        if (arguments.contains(Type.ERROR)) {
            return resultIgnoringErrors(function, arguments);
        }
        switch (function.shape()) {
            case AGGREGATE -> {
                return numericArguments(call, name, arguments) ? Type.DOUBLE : Type.ERROR;
            }
            case ELEMENTWISE -> {
                if (!numericArguments(call, name, arguments)) {
                    return Type.ERROR;
                }
                return arguments.size() == 1 && arguments.get(0) == Type.DOUBLE ? Type.DOUBLE : Type.DOUBLE_VEC;
            }
            case PERCENTILE, VAL -> {
                boolean ok = expect(call, 0, name, arguments, Type.DOUBLE_VEC);
                ok &= expect(call, 1, name, arguments, Type.DOUBLE);
                return ok ? Type.DOUBLE : Type.ERROR;
            }
            case NO_ARGUMENTS_DOUBLE -> {
                return Type.DOUBLE;
            }
            case TIME -> {
                if (arguments.size() == 1) {
                    if (!expect(call, 0, name, arguments, Type.STRING)) {
                        return Type.ERROR;
                    }
                    if (call.arguments().get(0) instanceof Expr.StringLiteral literal
                            && TimeFormats.parse(literal.value()).isEmpty()) {
                        error(BAD_TIME, "\"" + literal.value() + "\" is not a time in W3C-DTF "
                                + "(2024-06-23T02:19:08Z) or RFC 1123 (Mon, 06 Oct 2014 10:20:00 GMT) format",
                                literal.span());
                        return Type.ERROR;
                    }
                }
                return Type.TIMESTAMP;
            }
            case STOP -> {
                return Type.VOID;
            }
            default -> throw new IllegalStateException("unhandled shape " + function.shape());
        }
    }

    /** What is wrong with the number of arguments of a call to {@code function}, or null when it fits. */
    private static String argumentCountProblem(BuiltinFunction function, int n) {
        String name = function.functionName();
        return switch (function.shape()) {
            case AGGREGATE -> n == 0 ? name + "() needs at least one value" : null;
            case ELEMENTWISE -> n == 0 ? name + "() needs a double or a doubleVecList" : null;
            case PERCENTILE, VAL -> n != 2 ? name + "() takes 2 arguments (doubleVec, double); got " + n : null;
            case NO_ARGUMENTS_DOUBLE -> n != 0 ? name + "() takes no arguments; got " + n : null;
            case TIME -> n > 1 ? "time() takes at most 1 argument (a string); got " + n : null;
            case STOP -> n != 0 ? "stop() takes no arguments; got " + n : null;
        };
    }

    private static Type resultIgnoringErrors(BuiltinFunction function, List<Type> arguments) {
        return switch (function.shape()) {
            case TIME -> Type.TIMESTAMP;
            case STOP -> Type.VOID;
            case ELEMENTWISE -> arguments.size() == 1 ? Type.ERROR : Type.DOUBLE_VEC;
            default -> Type.DOUBLE;
        };
    }

    private boolean numericArguments(Expr.Call call, String name, List<Type> arguments) {
        boolean ok = true;
        for (int i = 0; i < arguments.size(); i++) {
            Type type = arguments.get(i);
            if (type != Type.DOUBLE && type != Type.DOUBLE_VEC) {
                error(ARGUMENT_TYPE, "argument " + (i + 1) + " of " + name + "() must be a double or a doubleVec "
                        + "(a doubleVecList); got a " + type, call.arguments().get(i).span());
                ok = false;
            }
        }
        return ok;
    }

    private boolean expect(Expr call, int index, String name, List<Type> arguments, Type expected) {
        Type actual = arguments.get(index);
        if (actual == expected) {
            return true;
        }
        Expr argument = call instanceof Expr.Call c ? c.arguments().get(index)
                : ((Expr.MethodCall) call).arguments().get(index);
        error(ARGUMENT_TYPE, "argument " + (index + 1) + " of " + name + "() must be a " + expected + "; got a "
                + actual, argument.span());
        return false;
    }

    /** What is wrong with the number of arguments of a sample method call, or null when it fits. */
    private static String sampleArgumentCountProblem(SampleMethod method, int n) {
        return switch (method) {
            case GET_SAMPLE -> n < 1 || n > 3 ? "GetSample takes (count), (start [, percent]) or (start, end [, "
                    + "percent]); got " + n + " arguments" : null;
            case GET_SAMPLE_PERCENT -> n < 1 || n > 2 ? "GetSamplePercent takes (start [, end]); got " + n
                    + " arguments" : null;
            case COUNT, HISTORY_BEGIN_TIME, GET_SAMPLE_PERIOD -> n != 0 ? method.methodName()
                    + "() takes no arguments; got " + n : null;
        };
    }

    private Type checkSampleMethod(SampleMethod method, Expr.MethodCall call, List<Type> arguments, boolean guarded) {
        String countProblem = sampleArgumentCountProblem(method, arguments.size());
        if (countProblem != null) {
            // Whatever the arguments' types: a call with an undefined variable in it still needs its arguments.
            error(ARGUMENT_COUNT, countProblem, call.span());
            return Type.ERROR;
        }
        if (arguments.contains(Type.ERROR)) {
            return sampleResult(method);
        }
        switch (method) {
            case GET_SAMPLE -> {
                int n = arguments.size();
                if (n == 1 && arguments.get(0) == Type.DOUBLE) {
                    return Type.DOUBLE_VEC;
                }
                if (!isTime(arguments.get(0))) {
                    error(ARGUMENT_TYPE, "argument 1 of GetSample must be a count (double), a timeinterval or a "
                            + "timestamp; got a " + arguments.get(0), call.arguments().get(0).span());
                    return Type.ERROR;
                }
                boolean hasEnd = n >= 2 && isTime(arguments.get(1));
                int percentIndex = hasEnd ? 2 : 1;
                if (n > percentIndex) {
                    if (arguments.get(percentIndex) != Type.DOUBLE) {
                        error(ARGUMENT_TYPE, "argument " + (percentIndex + 1) + " of GetSample must be "
                                + (hasEnd ? "a sample percentage (double)" : "an end time or a sample percentage")
                                + "; got a " + arguments.get(percentIndex), call.arguments().get(percentIndex).span());
                        return Type.ERROR;
                    }
                    if (n > percentIndex + 1) { // (start, double, double): the middle one is not an end time
                        error(ARGUMENT_TYPE, "argument 2 of GetSample must be an end time (a timeinterval such as 0 * "
                                + "TimeInterval_Second, or a timestamp) when a percentage follows; got a double",
                                call.arguments().get(1).span());
                        return Type.ERROR;
                    }
                } else if (!guarded) {
                    warning(SAMPLE_PERCENT_MISSING, "GetSample over a time window without a sample percentage: the "
                            + "service then requires about 70 % of the window's samples and fails the whole "
                            + "evaluation when fewer are available (as on a new pool); give the percentage you "
                            + "accept as the last argument, or check GetSamplePercent first", call.openParen());
                }
                return Type.DOUBLE_VEC;
            }
            case GET_SAMPLE_PERCENT -> {
                int n = arguments.size();
                for (int i = 0; i < n; i++) {
                    if (!isTime(arguments.get(i))) {
                        error(ARGUMENT_TYPE, "argument " + (i + 1) + " of GetSamplePercent must be a timeinterval or "
                                + "a timestamp; got a " + arguments.get(i), call.arguments().get(i).span());
                        return Type.ERROR;
                    }
                }
                return Type.DOUBLE;
            }
            case COUNT, HISTORY_BEGIN_TIME, GET_SAMPLE_PERIOD -> {
                return sampleResult(method);
            }
            default -> throw new IllegalStateException("unhandled method " + method);
        }
    }

    private static Type sampleResult(SampleMethod method) {
        return switch (method) {
            case GET_SAMPLE -> Type.DOUBLE_VEC;
            case GET_SAMPLE_PERCENT, COUNT -> Type.DOUBLE;
            case HISTORY_BEGIN_TIME -> Type.TIMESTAMP;
            case GET_SAMPLE_PERIOD -> Type.TIMEINTERVAL;
        };
    }

    private static boolean isTime(Type type) {
        return type == Type.TIMEINTERVAL || type == Type.TIMESTAMP;
    }

    private void reportUndefined(Expr.Name name) {
        String text = name.name();
        if (!undefinedReported.add(text + "@" + name.span().startOffset())) {
            return;
        }
        Statement.Assignment later = assignedAnywhere.get(text);
        if (later != null) {
            error(READ_BEFORE_ASSIGNMENT, "'" + text + "' is read before it is assigned (line "
                    + later.span().line() + "); the service fails the evaluation when it reads an undefined variable",
                    name.span());
            return;
        }
        List<String> candidates = Stream.of(
                        Arrays.stream(SystemVariable.values()).map(SystemVariable::variableName),
                        Arrays.stream(TimeIntervalConstant.values()).map(TimeIntervalConstant::constantName),
                        Arrays.stream(DeallocationOption.values()).map(DeallocationOption::keyword),
                        userTypes.keySet().stream().sorted())
                .flatMap(s -> s).toList();
        error(UNKNOWN_VARIABLE, "unknown variable " + quoted(text) + " (the service fails the evaluation when it reads "
                + "an undefined variable)" + Suggestions.didYouMean(text, candidates), name.span());
    }

    /** Longest name an "unknown" message repeats in full: longer ones are cut, the excerpt below shows them. */
    static final int MAX_QUOTED_NAME = 32;

    /**
     * A name the formula wrote, in quotes, cut after {@link #MAX_QUOTED_NAME} code points: a file that is not a
     * formula (a token, a key) is not repeated in the message beyond the source excerpt at its position.
     */
    static String quoted(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_QUOTED_NAME) {
            return "'" + name + "'";
        }
        return "'" + name.substring(0, name.offsetByCodePoints(0, 8)) + "…' (" + name.codePointCount(0, name.length())
                + " characters)";
    }

    private void warnSampledAsNumber(Expr expr) {
        warning(SAMPLED_AS_NUMBER, expr instanceof Expr.Name n ? n.name() + " is a sampled metric used as a number; "
                + "what the service does then is not documented (read here as its last sample): use "
                + n.name() + ".GetSample(1) or a windowed GetSample" : "a sampled metric is used as a number",
                expr.span());
    }

    private void warnFractionalTarget(String target, Expr value) {
        for (Double constant : constantLeaves(value)) {
            if (constant != Math.rint(constant)) {
                warning(FRACTIONAL_TARGET, target + " is set to " + Numbers.format(constant) + ", but the service "
                        + "truncates node targets: the pool gets " + (long) constant.doubleValue() + " nodes",
                        value.span());
                return;
            }
        }
    }

    private void warnPercentAsFraction(Expr.Binary comparison) {
        Expr percent = null;
        Expr other = null;
        if (isPercent(comparison.left())) {
            percent = comparison.left();
            other = comparison.right();
        } else if (isPercent(comparison.right())) {
            percent = comparison.right();
            other = comparison.left();
        }
        if (percent == null) {
            return;
        }
        Double constant = constantValue(other);
        if (constant != null && constant > 0 && constant < 1) {
            warning(PERCENT_AS_FRACTION, "compares a percentage (0 to 100) with " + Numbers.format(constant)
                    + "; did you mean " + Numbers.format(constant * 100) + "?", comparison.span());
        }
    }

    /** Whether an expression holds a percentage: $CPUPercent samples, GetSamplePercent, and what keeps their scale. */
    private boolean isPercent(Expr expr) {
        if (expr instanceof Expr.MethodCall call) {
            SampleMethod method = methods.get(call);
            if (method == SampleMethod.GET_SAMPLE_PERCENT) {
                return true;
            }
            return method == SampleMethod.GET_SAMPLE && call.target() instanceof Expr.Name n
                    && symbols.get(n) instanceof Symbol.System s && s.variable() == SystemVariable.CPU_PERCENT;
        }
        if (expr instanceof Expr.Call call) {
            BuiltinFunction function = functions.get(call);
            if (function == null) {
                return false;
            }
            return switch (function) {
                case AVG, MAX, MIN, PERCENTILE, VAL, CEIL, FLOOR, ROUND ->
                        !call.arguments().isEmpty() && call.arguments().stream().anyMatch(this::isPercent);
                default -> false;
            };
        }
        if (expr instanceof Expr.Name name) {
            return symbols.get(name) instanceof Symbol.User user && percentVariables.contains(user.name());
        }
        if (expr instanceof Expr.Ternary ternary) {
            return isPercent(ternary.whenTrue()) && isPercent(ternary.whenFalse());
        }
        return false;
    }

    /** The value of a constant expression (literals, arithmetic on them, variables holding one); else null. */
    private Double constantValue(Expr expr) {
        if (expr instanceof Expr.NumberLiteral number) {
            return number.value();
        }
        if (expr instanceof Expr.Name name) {
            return symbols.get(name) instanceof Symbol.User user ? constantVariables.get(user.name()) : null;
        }
        if (expr instanceof Expr.Unary unary && unary.operator() == UnaryOperator.NEGATE) {
            Double operand = constantValue(unary.operand());
            return operand == null ? null : -operand;
        }
        if (expr instanceof Expr.Binary binary && !binary.operator().isComparison() && !binary.operator().isLogical()) {
            Double left = constantValue(binary.left());
            Double right = constantValue(binary.right());
            if (left == null || right == null) {
                return null;
            }
            return switch (binary.operator()) {
                case ADD -> left + right;
                case SUBTRACT -> left - right;
                case MULTIPLY -> left * right;
                case DIVIDE -> right == 0 ? null : left / right;
                default -> null;
            };
        }
        return null;
    }

    /** Constant values an expression can take: itself, or the constant branches of its ?: operators. */
    private List<Double> constantLeaves(Expr expr) {
        if (expr instanceof Expr.Ternary ternary) {
            List<Double> leaves = new ArrayList<>(constantLeaves(ternary.whenTrue()));
            leaves.addAll(constantLeaves(ternary.whenFalse()));
            return leaves;
        }
        Double constant = constantValue(expr);
        return constant == null ? List.of() : List.of(constant);
    }

    private void error(String code, String message, SourceSpan span) {
        diagnostics.add(Diagnostic.error(code, message, span));
    }

    private void warning(String code, String message, SourceSpan span) {
        diagnostics.add(Diagnostic.warning(code, message, span));
    }
}
