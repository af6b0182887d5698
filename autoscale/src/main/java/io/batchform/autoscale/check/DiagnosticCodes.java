package io.batchform.autoscale.check;

import java.util.Set;

/** Diagnostic codes of the checker (documented in autoscale/DIAGNOSTICS.md). F = error, W = warning. */
public final class DiagnosticCodes {
    public static final String UNKNOWN_VARIABLE = "F010";
    public static final String UNKNOWN_FUNCTION = "F011";
    public static final String UNKNOWN_MEMBER = "F012";
    public static final String ARGUMENT_COUNT = "F013";
    public static final String ARGUMENT_TYPE = "F014";
    public static final String OPERAND_TYPES = "F015";
    public static final String READ_BEFORE_ASSIGNMENT = "F016";
    public static final String READ_ONLY = "F017";
    public static final String ASSIGNMENT_TYPE = "F018";
    public static final String STOP_AS_VALUE = "F019";
    public static final String TOO_LARGE = "F020";
    public static final String TOO_MANY_STATEMENTS = "F021";
    public static final String BAD_TIME = "F022";

    public static final String SAMPLE_PERCENT_MISSING = "W001";
    public static final String FRACTIONAL_TARGET = "W002";
    public static final String PERCENT_AS_FRACTION = "W003";
    public static final String RETIRED_METRIC = "W004";
    public static final String SAMPLED_AS_NUMBER = "W005";
    public static final String NEAR_SIZE_LIMIT = "W006";
    public static final String WRONG_CASE = "W007";
    public static final String NO_TARGET = "W008";
    public static final String TRUNCATED_TO_ZERO = "W009";
    public static final String LAST_SAMPLE_ONLY = "W010";
    public static final String WINDOW_IN_DELAY = "W011";
    public static final String ACTIVE_TASKS_ONLY = "W012";

    /**
     * Errors that the service does not reject when a formula is set, but that fail every evaluation: reading a
     * variable that is not defined. A formula with only these errors can still be evaluated, giving the
     * service's {@code AutoScalingFormulaEvaluationError}.
     */
    public static final Set<String> EVALUATION_FAILURES = Set.of(UNKNOWN_VARIABLE, READ_BEFORE_ASSIGNMENT);

    private DiagnosticCodes() {
    }
}
