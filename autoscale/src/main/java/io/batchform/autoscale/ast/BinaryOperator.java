package io.batchform.autoscale.ast;

/** Infix operators, each carrying its symbol and its precedence (higher binds tighter, C-like). */
public enum BinaryOperator {
    OR("||", 1),
    AND("&&", 2),
    EQUAL("==", 3),
    NOT_EQUAL("!=", 3),
    LESS("<", 4),
    LESS_EQUAL("<=", 4),
    GREATER(">", 4),
    GREATER_EQUAL(">=", 4),
    ADD("+", 5),
    SUBTRACT("-", 5),
    MULTIPLY("*", 6),
    DIVIDE("/", 6);

    private final String symbol;
    private final int precedence;

    BinaryOperator(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    public boolean isComparison() {
        return precedence == 3 || precedence == 4;
    }

    public boolean isLogical() {
        return this == OR || this == AND;
    }
}
