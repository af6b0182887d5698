package io.batchform.autoscale.check;

/**
 * The types of the formula language. The first six are the documented ones; the rest are the checker's own, for
 * values the documentation does not name.
 */
public enum Type {
    DOUBLE("double"),
    DOUBLE_VEC("doubleVec"),
    /** Only a function argument form: any comma-separated mix of doubles and vectors. */
    DOUBLE_VEC_LIST("doubleVecList"),
    STRING("string"),
    TIMESTAMP("timestamp"),
    TIMEINTERVAL("timeinterval"),
    /** A sampled service variable ({@code $PendingTasks}), read through its sample methods. */
    SAMPLED("sampled variable"),
    /** A node deallocation option keyword ({@code taskcompletion}). */
    DEALLOCATION_OPTION("deallocation option"),
    /** The result of {@code stop()}. */
    VOID("no value"),
    /** The type of an expression that already has an error; never reported again. */
    ERROR("<error>");

    private final String displayName;

    Type(String displayName) {
        this.displayName = displayName;
    }

    /** The name used in messages, as the documentation spells it. */
    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
