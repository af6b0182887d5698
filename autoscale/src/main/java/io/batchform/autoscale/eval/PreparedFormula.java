package io.batchform.autoscale.eval;

import io.batchform.autoscale.lang.DeallocationOption;
import java.util.List;
import java.util.Optional;

/**
 * A checked formula compiled once for repeated evaluation: statements are closures, user variables are slots, and
 * the results' variable order is fixed in advance. Thread-safe: each evaluation has its own frame.
 */
public final class PreparedFormula {
    private final Preparer.Step[] steps;
    private final String[] slotNames;
    /** Slot indexes in the order results list them (ordinal order of names). */
    private final int[] resultOrder;

    PreparedFormula(List<Preparer.Step> steps, String[] slotNames, int[] resultOrder) {
        this.steps = steps.toArray(Preparer.Step[]::new);
        this.slotNames = slotNames;
        this.resultOrder = resultOrder;
    }

    /** Evaluates the formula as the service would at {@code context.time()}. */
    public AutoScaleRun evaluate(EvaluationContext context) {
        Frame frame = new Frame(context, slotNames.length);
        try {
            for (Preparer.Step step : steps) {
                step.run(frame);
            }
        } catch (Preparer.Stop stop) {
            // stop() ends the evaluation; what was assigned before it is kept.
        } catch (EvaluationFailure failure) {
            PoolState pool = context.pool();
            String results = Results.targets(pool.targetDedicatedNodes(), pool.targetLowPriorityNodes(),
                    pool.nodeDeallocationOption()).toString();
            return new AutoScaleRun(context.time(), results, Optional.of(failure.toError()),
                    pool.targetDedicatedNodes(), pool.targetLowPriorityNodes(), pool.nodeDeallocationOption());
        }
        double dedicated = frame.targetDedicated();
        double lowPriority = frame.targetLowPriority();
        DeallocationOption option = frame.deallocation;
        StringBuilder results = Results.targets(dedicated, lowPriority, option);
        for (int slot : resultOrder) {
            Object value = frame.slots[slot];
            if (value != null) {
                results.append(';').append(slotNames[slot]).append('=');
                Results.appendValue(results, value);
            }
        }
        return new AutoScaleRun(context.time(), results.toString(), Optional.empty(), dedicated, lowPriority, option);
    }

    /** The state of one evaluation. */
    static final class Frame {
        final EvaluationContext context;
        final Object[] slots;
        /** Last value assigned through either spelling, read back by later statements. */
        double dedicated;
        double lowPriority;
        /** Values assigned through the full names; they win over the aliases in the results. */
        boolean dedicatedFullAssigned;
        double dedicatedFull;
        boolean lowPriorityFullAssigned;
        double lowPriorityFull;
        DeallocationOption deallocation;

        Frame(EvaluationContext context, int slotCount) {
            this.context = context;
            this.slots = new Object[slotCount];
            PoolState pool = context.pool();
            this.dedicated = pool.targetDedicatedNodes();
            this.lowPriority = pool.targetLowPriorityNodes();
            this.deallocation = pool.nodeDeallocationOption();
        }

        double targetDedicated() {
            return dedicatedFullAssigned ? dedicatedFull : dedicated;
        }

        double targetLowPriority() {
            return lowPriorityFullAssigned ? lowPriorityFull : lowPriority;
        }
    }
}
