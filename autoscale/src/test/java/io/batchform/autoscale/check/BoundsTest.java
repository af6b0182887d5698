package io.batchform.autoscale.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.source.Source;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BoundsTest {
    private static OptionalDouble dedicated(String formula) {
        return Bounds.maxTarget(FormulaCompiler.compile(new Source("f", formula)), SystemVariable.TARGET_DEDICATED_NODES);
    }

    @Test
    void constantsMinAndBranchesBoundTheTarget() {
        assertThat(dedicated("$TargetDedicatedNodes = 7.9;")).hasValue(7);
        assertThat(dedicated("$TargetDedicatedNodes = min(10, $PendingTasks.GetSample(1));")).hasValue(10);
        assertThat(dedicated("c = 3; $TargetDedicatedNodes = $ActiveTasks.GetSample(1) > 0 ? c * 4 : 2;")).hasValue(12);
        assertThat(dedicated("$TargetDedicatedNodes = max(0, min($PendingTasks.GetSample(1) / 2, 25));")).hasValue(25);
        assertThat(dedicated("$TargetDedicatedNodes = -5;")).hasValue(0);
    }

    @Test
    void theDocumentedFormulasAreBoundedWhereTheyCap() {
        assertThat(dedicated("""
                startingNumberOfVMs = 1;
                maxNumberOfVMs = 25;
                pendingTaskSamplePercent = $PendingTasks.GetSamplePercent(180 * TimeInterval_Second);
                pendingTaskSamples = pendingTaskSamplePercent < 70 ? startingNumberOfVMs : avg($PendingTasks.GetSample(180 * TimeInterval_Second));
                $TargetDedicatedNodes = min(maxNumberOfVMs, pendingTaskSamples);
                """)).hasValue(25);
        assertThat(dedicated("$TargetDedicatedNodes = $CurrentDedicatedNodes * 1.1;")).isEmpty();
        assertThat(dedicated("$TargetDedicatedNodes = max(1, min(50, $CurrentDedicatedNodes * 1.1));")).hasValue(50);
    }

    @Test
    void unboundedOrUnsetTargetsHaveNoBound() {
        assertThat(dedicated("$TargetDedicatedNodes = max($PendingTasks.GetSample(1));")).isEmpty();
        assertThat(dedicated("$TargetDedicatedNodes = 10 / $TaskSlotsPerNode;")).isEmpty();
        assertThat(dedicated("$TargetLowPriorityNodes = 3;")).isEmpty();
        assertThat(Bounds.assigns(FormulaCompiler.compile(new Source("f", "$TargetLowPriorityNodes = 3;")),
                SystemVariable.TARGET_DEDICATED_NODES)).isFalse();
    }

    @Test
    void aLaterAssignmentWinsUnlessStopMayEndTheFormulaFirst() {
        assertThat(dedicated("$TargetDedicatedNodes = 100; $TargetDedicatedNodes = 4;")).hasValue(4);
        assertThat(dedicated("$TargetDedicatedNodes = 100; stop(); $TargetDedicatedNodes = 4;")).hasValue(100);
    }
}
