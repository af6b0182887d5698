package io.batchform.cli;

import io.batchform.engine.Outcomes.PlanOutcome;
import io.batchform.plan.Plan;
import io.batchform.plan.SavedPlan;
import io.batchform.provider.Provider;
import io.batchform.render.BuildVersion;
import io.batchform.render.HumanPlanRenderer;
import io.batchform.render.JsonPlanRenderer;
import io.batchform.render.Style;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How plans and refusals read in the terminal: the renderers' text, and one {@code error:} line per refusal. */
final class PlanView {
    private PlanView() {
    }

    static String human(PlanOutcome planned, Provider provider, Style style) {
        return new HumanPlanRenderer(style, a -> provider.schema().get(a.type()), texts(planned)::get)
                .render(planned.plan(), planned.targeted(), planned.leftOut());
    }

    /**
     * The plan in Terraform's JSON plan format, with the spec's variables, the state it was made from and the quota
     * check's problems among its diagnostics (a shortfall makes it errored and not applyable).
     */
    static String json(PlanOutcome planned, Provider provider) {
        Plan plan = planned.plan();
        if (planned.quotas() != null) {
            plan = plan.adding(planned.quotas().diagnostics());
        }
        return renderer(provider).render(plan, new JsonPlanRenderer.Context(BuildVersion.current(),
                variables(planned), planned.prior(), planned.targeted(), texts(planned)));
    }

    /** Saves the plan for {@code apply FILE}, with the variables that can be shown beside it. */
    static void save(PlanOutcome planned, Cloud cloud, Path file) {
        Provider provider = cloud.provider();
        try {
            new SavedPlan(planned.plan(), cloud.description(),
                    renderer(provider).shownVariables(planned.plan(), variables(planned)), planned.targeted())
                    .write(file, type -> provider.schema().get(type));
        } catch (IOException e) {
            throw new UserException("cannot save the plan to " + file + ": " + e.getMessage());
        }
    }

    private static JsonPlanRenderer renderer(Provider provider) {
        return new JsonPlanRenderer(a -> provider.schema().get(a.type()));
    }

    /** The spec's texts by name, for the lines the diagnostics placed in it quote (none without a spec). */
    private static Map<String, Source> texts(PlanOutcome planned) {
        return planned.spec() == null ? Map.of() : planned.spec().texts();
    }

    private static Map<String, String> variables(PlanOutcome planned) {
        return planned.spec() == null ? Map.of() : planned.spec().result().variables();
    }

    /** Saves the plan for {@code batchform apply FILE} and says so on {@code talk}. */
    /** Saves the plan and says so on {@code talk}. */
    static void save(PlanOutcome planned, Cloud cloud, Path file, PrintWriter talk) {
        save(planned, cloud, file);
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
