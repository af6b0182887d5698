package io.batchform.plan;

/** What a plan does to one resource; the symbol is the one plans print. */
public enum Action {
    NO_OP(" "),
    CREATE("+"),
    UPDATE("~"),
    DELETE_THEN_CREATE("-/+"),
    CREATE_THEN_DELETE("+/-"),
    DELETE("-"),
    /** Gone from the cloud and from the spec: applying only removes it from the state (never printed as an action). */
    FORGET(".");

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

    /** Whether applying this action calls the cloud (everything but {@link #NO_OP} and {@link #FORGET}). */
    public boolean changesCloud() {
        return this != NO_OP && this != FORGET;
    }
}
