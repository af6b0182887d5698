package io.batchform.autoscale.check;

import io.batchform.autoscale.ast.BinaryOperator;

/**
 * The documented per-type operation table (docs/autoscale-language.md section 5), verbatim: a combination it does not
 * list is a type error, with a hint where a user is likely to have meant a listed one.
 */
final class OperationTable {
    private OperationTable() {
    }

    /** The result type of {@code left op right}, or null when the table does not define it. */
    static Type binary(BinaryOperator op, Type left, Type right) {
        if (op.isLogical()) {
            return left == Type.DOUBLE && right == Type.DOUBLE ? Type.DOUBLE : null;
        }
        if (op.isComparison()) {
            boolean comparable = left == right && (left == Type.DOUBLE || left == Type.STRING
                    || left == Type.TIMESTAMP || left == Type.TIMEINTERVAL);
            return comparable ? Type.DOUBLE : null;
        }
        // double op double and doubleVec op (double or doubleVec): every arithmetic operator.
        if (left == Type.DOUBLE && right == Type.DOUBLE) {
            return Type.DOUBLE;
        }
        if (left == Type.DOUBLE_VEC && (right == Type.DOUBLE || right == Type.DOUBLE_VEC)) {
            return Type.DOUBLE_VEC;
        }
        return switch (op) {
            case ADD -> add(left, right);
            case SUBTRACT -> subtract(left, right);
            case MULTIPLY -> multiply(left, right);
            case DIVIDE -> divide(left, right);
            default -> null;
        };
    }

    private static Type add(Type left, Type right) {
        if (left == Type.TIMEINTERVAL && right == Type.TIMEINTERVAL) {
            return Type.TIMEINTERVAL;
        }
        if (left == Type.TIMEINTERVAL && right == Type.TIMESTAMP || left == Type.TIMESTAMP && right == Type.TIMEINTERVAL) {
            return Type.TIMESTAMP;
        }
        return null;
    }

    private static Type subtract(Type left, Type right) {
        if (left == Type.TIMEINTERVAL && right == Type.TIMEINTERVAL) {
            return Type.TIMEINTERVAL;
        }
        if (left == Type.TIMESTAMP && right == Type.TIMESTAMP) {
            return Type.TIMEINTERVAL;
        }
        return null;
    }

    private static Type multiply(Type left, Type right) {
        if (left == Type.DOUBLE && right == Type.TIMEINTERVAL || left == Type.TIMEINTERVAL && right == Type.DOUBLE) {
            return Type.TIMEINTERVAL;
        }
        return null;
    }

    private static Type divide(Type left, Type right) {
        if (left == Type.TIMEINTERVAL && right == Type.DOUBLE) {
            return Type.TIMEINTERVAL;
        }
        return null;
    }

    /** A hint for combinations users write by mistake. */
    static String hint(BinaryOperator op, Type left, Type right) {
        if (left == Type.DOUBLE && right == Type.DOUBLE_VEC && !op.isComparison() && !op.isLogical()) {
            return " (the service defines doubleVec " + op.symbol() + " double but not double " + op.symbol()
                    + " doubleVec: put the vector on the left)";
        }
        if ((left == Type.DOUBLE_VEC || right == Type.DOUBLE_VEC) && (op.isComparison() || op.isLogical())) {
            return " (reduce the vector to a double first, with avg(), max(), val() or similar)";
        }
        if (left == Type.TIMESTAMP && right == Type.TIMEINTERVAL && op == BinaryOperator.SUBTRACT) {
            return " (the service defines only timestamp + timeinterval: add a negative interval instead)";
        }
        if (left == Type.TIMEINTERVAL && right == Type.TIMEINTERVAL && op == BinaryOperator.DIVIDE) {
            return " (the service cannot divide one interval by another: compare them, or scale one by a double)";
        }
        return "";
    }
}
