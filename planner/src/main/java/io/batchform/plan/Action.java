package io.batchform.plan;

/** What a plan does to one resource; the symbol is the one plans print. */
public enum Action {
    NO_OP(" "),
    CREATE("+"),
    UPDATE("~"),
    DELETE_THEN_CREATE("-/+"),
    CREATE_THEN_DELETE("+/-"),
    DELETE("-");

    private final String symbol;

    Action(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean isReplace() {
        return this == DELETE_THEN_CREATE || this == CREATE_THEN_DELETE;
    }
}
