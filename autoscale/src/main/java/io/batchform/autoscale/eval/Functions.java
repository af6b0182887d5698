package io.batchform.autoscale.eval;

import io.batchform.autoscale.lang.BuiltinFunction;
import io.batchform.autoscale.lang.Numbers;
import io.batchform.source.SourceSpan;
import java.util.Arrays;

/** The built-in functions over flattened doubleVecLists. */
final class Functions {
    private static final double LN2 = Math.log(2);

    private Functions() {
    }

    /** Flattens a doubleVecList (any mix of doubles and vectors) into one vector, in argument order. */
    static double[] flatten(Preparer.Fn[] parts, PreparedFormula.Frame f) {
        if (parts.length == 1) {
            Object only = parts[0].eval(f);
            return only instanceof double[] vector ? vector : new double[] {(Double) only};
        }
        Object[] values = new Object[parts.length];
        int length = 0;
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].eval(f);
            length += values[i] instanceof double[] vector ? vector.length : 1;
        }
        double[] out = new double[length];
        int at = 0;
        for (Object value : values) {
            if (value instanceof double[] vector) {
                System.arraycopy(vector, 0, out, at, vector.length);
                at += vector.length;
            } else {
                out[at++] = (Double) value;
            }
        }
        return out;
    }

    static double elementwise(BuiltinFunction function, double x) {
        return switch (function) {
            case LG -> Math.log(x) / LN2;
            case LN -> Math.log(x);
            case LOG -> Math.log10(x);
            case CEIL -> Math.ceil(x);
            case FLOOR -> Math.floor(x);
            case ROUND -> Math.rint(x);
            default -> throw new IllegalStateException("not elementwise: " + function);
        };
    }

    static double aggregate(BuiltinFunction function, double[] values, SourceSpan at) {
        int n = values.length;
        switch (function) {
            case LEN:
                return n;
            case SUM: {
                double sum = 0;
                for (double v : values) {
                    sum += v;
                }
                return sum;
            }
            case NORM: {
                double squares = 0;
                for (double v : values) {
                    squares += v * v;
                }
                return Math.sqrt(squares);
            }
            default:
                break;
        }
        if (n < 2 && function == BuiltinFunction.STD) {
            return 0; // EVALUATION.md: the sample standard deviation of fewer than 2 values is 0, as for len/sum/norm
        }
        if (n == 0) {
            throw EvaluationFailure.error(at, function.functionName() + "() of an empty vector");
        }
        switch (function) {
            case AVG: {
                double sum = 0;
                for (double v : values) {
                    sum += v;
                }
                return sum / n;
            }
            case MAX: {
                double max = values[0];
                for (double v : values) {
                    max = Math.max(max, v);
                }
                return max;
            }
            case MIN: {
                double min = values[0];
                for (double v : values) {
                    min = Math.min(min, v);
                }
                return min;
            }
            case RANGE: {
                double min = values[0];
                double max = values[0];
                for (double v : values) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                return max - min;
            }
            case STD: {
                double mean = 0;
                for (double v : values) {
                    mean += v;
                }
                mean /= n;
                double squares = 0;
                for (double v : values) {
                    squares += (v - mean) * (v - mean);
                }
                return Math.sqrt(squares / (n - 1));
            }
            default:
                throw new IllegalStateException("not an aggregate: " + function);
        }
    }

    /** The nearest-rank percentile: the smallest element with at least p % of the elements at or below it. */
    static double percentile(double[] values, double p, SourceSpan at) {
        if (values.length == 0) {
            throw EvaluationFailure.error(at, "percentile() of an empty vector");
        }
        if (!(p >= 0 && p <= 100)) {
            throw EvaluationFailure.error(at, "percentile " + Numbers.format(p) + " is not between 0 and 100");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
