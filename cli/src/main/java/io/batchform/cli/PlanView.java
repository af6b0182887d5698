package io.batchform.cli;

import io.batchform.plan.Action;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.render.HumanPlanRenderer;
import io.batchform.render.Style;
import io.batchform.state.State;
import java.util.List;

/** How plans read in the terminal: the renderer's text, and for refresh-only plans what the state will learn. */
final class PlanView {
    private PlanView() {
    }

    static String render(Plan plan, boolean refreshOnly, Target target, Style style) {
        HumanPlanRenderer renderer = new HumanPlanRenderer(style, a -> target.provider().schema().get(a.type()));
        if (!refreshOnly) {
            return renderer.render(plan);
        }
        StringBuilder out = new StringBuilder();
        Plan driftOnly = new Plan(List.of(), plan.drift(), plan.diagnostics(), plan.priorSerial(), plan.lineage());
        String rendered = renderer.render(driftOnly);
        out.append(rendered.replace("No changes. Your infrastructure matches the configuration.\n", ""));
        List<ResourceChange> gone = gone(plan);
        for (ResourceChange change : gone) {
            out.append("  # ").append(change.address()).append(" has been deleted outside of batchform\n");
        }
        if (!gone.isEmpty()) {
            out.append('\n');
        }
        if (plan.drift().isEmpty() && gone.isEmpty()) {
            out.append("No changes. The state matches what lives in the cloud.\n");
        } else {
            out.append("This is a refresh-only plan: applying it (apply --refresh-only) records these changes in the "
                    + "state and changes nothing in the cloud.\n");
        }
        return out.toString();
    }

    /** The resources in state that no longer exist. */
    static List<ResourceChange> gone(Plan plan) {
        return plan.changes().stream().filter(c -> c.action() == Action.NO_OP && c.before() == null).toList();
    }

    /** Whether applying a refresh-only plan would change the state. */
    static boolean refreshChanges(Plan plan, State prior) {
        return !plan.drift().isEmpty() || !gone(plan).isEmpty();
    }
}
