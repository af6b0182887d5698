package io.batchform.cli;

import io.batchform.plan.SavedPlan;
import io.batchform.render.BuildVersion;
import io.batchform.render.HumanPlanRenderer;
import io.batchform.render.JsonPlanRenderer;
import io.batchform.render.JsonStateRenderer;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code batchform show [PLANFILE] [--json]}: a saved plan, or without one the state, as people read them or in
 * Terraform's JSON formats. Talks to no cloud.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print a plan saved by `batchform plan --out FILE`, or, without one, every resource of the state.",
                "With --json, in the JSON formats of `terraform show -json` (a plan, or a state). Talks to no cloud."})
final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    BatchformCommand root;

    @Mixin
    StateOptions stateOptions;

    @Parameters(paramLabel = "PLANFILE", arity = "0..1", description = "A plan saved by `batchform plan --out FILE`.")
    Path planFile;

    @Option(names = "--json", description = "Print Terraform's JSON plan (or state) format.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (planFile != null) {
            SavedPlan saved;
            try {
                saved = SavedPlan.read(planFile);
            } catch (SavedPlan.UnreadablePlanException e) {
                throw new UserException(e.getMessage());
            }
            if (json) {
                out.print(new JsonPlanRenderer(StateView::schema).render(saved.plan(), new JsonPlanRenderer.Context(
                        BuildVersion.current(), saved.variables(), null, saved.targeted())));
            } else {
                out.println("Saved plan " + planFile + ", made against " + saved.target() + " from state serial "
                        + saved.plan().priorSerial() + ".");
                out.println();
                out.print(new HumanPlanRenderer(SpecView.style(root.noColor), StateView::schema).render(saved.plan()));
            }
        } else {
            State state = StateStores.read(StateStores.open(stateOptions));
            if (json) {
                out.print(new JsonStateRenderer(StateView::schema).render(state, BuildVersion.current()));
            } else if (state.resources().isEmpty()) {
                out.println("The state is empty: nothing is managed yet.");
            } else {
                for (ResourceState resource : state.resources()) {
                    StateView.print(resource, false, out);
                    out.println();
                }
            }
        }
        out.flush();
        return 0;
    }
}
