package io.batchform.autoscale.eval;

import io.batchform.autoscale.check.CheckedFormula;

/**
 * Evaluates checked formulas. Only a {@link CheckedFormula} can be evaluated, and only one the service would accept
 * ({@link CheckedFormula#isEvaluable()}): a read of an undefined variable then fails the evaluation as the service
 * does, with {@code AutoScalingFormulaEvaluationError}.
 *
 * <p>Semantics where the documentation is silent (see autoscale/EVALUATION.md): {@code &&}, {@code ||} and {@code ?:}
 * evaluate lazily; division by zero follows IEEE 754; {@code stop()} keeps what was assigned before it; vectors are
 * oldest sample first; {@code GetSample(count)} on an empty history is an empty vector.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Compiles a checked formula once for many evaluations. */
    public static PreparedFormula prepare(CheckedFormula formula) {
        if (!formula.isEvaluable()) {
            throw new IllegalArgumentException("formula " + formula.source().name()
                    + " has errors the service would reject; check it before evaluating");
        }
        return new Preparer(formula).prepare();
    }

    /** Prepares and evaluates once. */
    public static AutoScaleRun evaluate(CheckedFormula formula, EvaluationContext context) {
        return prepare(formula).evaluate(context);
    }
}
