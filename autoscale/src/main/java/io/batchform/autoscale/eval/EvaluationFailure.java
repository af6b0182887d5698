package io.batchform.autoscale.eval;

import io.batchform.source.SourceSpan;
import java.util.List;

/**
 * Ends an evaluation the way the service fails one. Internal control flow only: {@link PreparedFormula} turns it
 * into the run's {@link AutoScaleRun.Error}; it never escapes the package.
 */
final class EvaluationFailure extends RuntimeException {
    static final String INSUFFICIENT_SAMPLE_DATA = "InsufficientSampleData";
    static final String EVALUATION_ERROR = "AutoScalingFormulaEvaluationError";
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String summary;
    private final String detail;

    private EvaluationFailure(String code, String summary, String detail) {
        super(detail, null, false, false);
        this.code = code;
        this.summary = summary;
        this.detail = detail;
    }

    /** The service's message: {@code Line 9, Col 43: Insufficient data from data set: ...}. */
    static EvaluationFailure insufficientData(SourceSpan openParen, String metric, String wanted, String received) {
        return new EvaluationFailure(INSUFFICIENT_SAMPLE_DATA,
                "Autoscale evaluation failed due to insufficient sample data",
                position(openParen) + "Insufficient data from data set: " + metric + " wanted " + wanted
                        + "%, received " + received + "%");
    }

    /** Any other failure. The service's wording for these was not captured; this shape follows the one above. */
    static EvaluationFailure error(SourceSpan at, String problem) {
        return new EvaluationFailure(EVALUATION_ERROR, "Autoscale formula evaluation failed",
                position(at) + problem);
    }

    private static String position(SourceSpan span) {
        return "Line " + span.line() + ", Col " + span.column() + ": ";
    }

    AutoScaleRun.Error toError() {
        return new AutoScaleRun.Error(code, summary, List.of(new AutoScaleRun.NameValue("Message", detail)));
    }
}
