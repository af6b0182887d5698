package io.batchform.cli;

import io.batchform.engine.Outcomes.PlanOutcome;
import io.batchform.provider.Provider;
import io.batchform.render.HumanPlanRenderer;
import io.batchform.render.JsonPlanRenderer;
import io.batchform.render.Style;
import io.batchform.source.Diagnostic;
import java.io.PrintWriter;
import java.util.List;

/** How plans and refusals read in the terminal: the renderers' text, and one {@code error:} line per refusal. */
final class PlanView {
    private PlanView() {
    }

    static String human(PlanOutcome planned, Provider provider, Style style) {
        return new HumanPlanRenderer(style, a -> provider.schema().get(a.type())).render(planned.plan(),
                planned.targeted(), planned.leftOut());
    }

    static String json(PlanOutcome planned, Provider provider) {
        return new JsonPlanRenderer(a -> provider.schema().get(a.type())).render(planned.plan());
    }

    /** Saves the plan for {@code batchform apply FILE} and says so on {@code talk}. */
    static void save(PlanOutcome planned, Cloud cloud, java.nio.file.Path file, PrintWriter talk) {
        try {
            new io.batchform.plan.SavedPlan(planned.plan(), cloud.description())
                    .write(file, type -> cloud.provider().schema().get(type));
        } catch (java.io.IOException e) {
            throw new UserException("cannot save the plan to " + file + ": " + e.getMessage());
        }
        talk.println("\nSaved the plan to " + file + ". To carry out exactly these actions: batchform apply " + file);
    }

    /** Prints why an operation refused to run, as {@link Main} prints a user's mistake; returns the exit code, 1. */
    static int refused(List<Diagnostic> refusals, PrintWriter out, PrintWriter err) {
        out.flush();
        refusals.forEach(r -> err.println("error: " + r.message()));
        err.flush();
        return 1;
    }
}
