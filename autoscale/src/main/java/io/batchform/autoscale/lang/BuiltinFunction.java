package io.batchform.autoscale.lang;

import java.util.Arrays;
import java.util.Optional;

/**
 * The 19 built-in functions (section 7 of docs/autoscale-language.md): the 16 of the documented table and
 * the rounding functions added in 2022. The {@link Shape} says how the checker types a call; the evaluator
 * implements each one.
 */
public enum BuiltinFunction {
    AVG("avg", Shape.AGGREGATE, "average of all values"),
    LEN("len", Shape.AGGREGATE, "number of values"),
    LG("lg", Shape.ELEMENTWISE, "log base 2"),
    LN("ln", Shape.ELEMENTWISE, "natural logarithm"),
    LOG("log", Shape.ELEMENTWISE, "log base 10"),
    MAX("max", Shape.AGGREGATE, "largest value"),
    MIN("min", Shape.AGGREGATE, "smallest value"),
    NORM("norm", Shape.AGGREGATE, "two-norm of the values"),
    PERCENTILE("percentile", Shape.PERCENTILE, "percentile p (0-100) of a vector"),
    RAND("rand", Shape.NO_ARGUMENTS_DOUBLE, "random value between 0.0 and 1.0"),
    RANGE("range", Shape.AGGREGATE, "difference between the largest and the smallest value"),
    STD("std", Shape.AGGREGATE, "sample standard deviation"),
    STOP("stop", Shape.STOP, "stops evaluation of the formula"),
    SUM("sum", Shape.AGGREGATE, "sum of all values"),
    TIME("time", Shape.TIME, "the evaluation time, or the time given as W3C-DTF or RFC 1123 text"),
    VAL("val", Shape.VAL, "element i (zero-based) of a vector"),
    CEIL("ceil", Shape.ELEMENTWISE, "smallest integer not below the value"),
    FLOOR("floor", Shape.ELEMENTWISE, "largest integer not above the value"),
    ROUND("round", Shape.ELEMENTWISE, "nearest integer, halves to even (as .NET Math.Round)");

    /** How arguments and result are typed. */
    public enum Shape {
        /** {@code f(doubleVecList) → double}: any mix of doubles and vectors, flattened to one vector. */
        AGGREGATE,
        /** {@code f(double) → double}, or {@code f(doubleVecList) → doubleVec} when given a vector or several values. */
        ELEMENTWISE,
        /** {@code percentile(doubleVec v, double p) → double}. */
        PERCENTILE,
        /** {@code val(doubleVec v, double i) → double}. */
        VAL,
        /** {@code rand() → double}. */
        NO_ARGUMENTS_DOUBLE,
        /** {@code time() → timestamp} or {@code time(string) → timestamp}. */
        TIME,
        /** {@code stop()}: no value; a statement of its own. */
        STOP
    }

    private final String functionName;
    private final Shape shape;
    private final String description;

    BuiltinFunction(String functionName, Shape shape, String description) {
        this.functionName = functionName;
        this.shape = shape;
        this.description = description;
    }

    public String functionName() {
        return functionName;
    }

    public Shape shape() {
        return shape;
    }

    public String description() {
        return description;
    }

    /** Finds a function by its exact (case-sensitive) name. */
    public static Optional<BuiltinFunction> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.functionName.equals(name)).findFirst();
    }
}
