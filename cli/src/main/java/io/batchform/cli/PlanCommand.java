package io.batchform.cli;

import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.plan.SavedPlan;
import io.batchform.render.HumanPlanRenderer;
import io.batchform.render.JsonPlanRenderer;
import io.batchform.state.State;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code batchform plan}: what apply would do, attribute by attribute, without changing anything. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Compare the spec with what lives in the cloud and show what apply would create, update, "
                + "replace and destroy. Changes nothing.",
                "Exit codes: 0 success, 1 error; with --detailed-exitcode 0 no changes, 1 error, 2 changes."})
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    BatchformCommand root;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Save the plan, for `batchform apply FILE` to carry out exactly (refused once the state changes).")
    Path out;

    @Option(names = "--json", description = "Print the plan as JSON, in the shape of Terraform's JSON plan.")
    boolean json;

    @Option(names = "--detailed-exitcode", description = "Exit 0 when there are no changes, 2 when there are, 1 on error.")
    boolean detailedExitCode;

    @Option(names = "--target", paramLabel = "ADDRESS",
            description = "Plan only this resource and what it depends on; repeatable.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--refresh-only",
            description = "Show only what changed outside batchform; applying such a plan updates the state alone.")
    boolean refreshOnly;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        State prior = Workspace.state(Workspace.store(stateOptions));
        Workspace.Loaded loaded = Workspace.load(specOptions, err).forRegion(prior.activeRegion());
        try (Target target = Target.connect(loaded.subscription(), System.getenv(), stateOptions.directory,
                targetOptions)) {
            (json ? err : stdout).println("Talking to " + target.description() + ".");
            FailoverView.activeRegionLine(loaded, prior).ifPresent((json ? err : stdout)::println);
            (json ? err : stdout).flush();
            Workspace.Planned planned = refreshOnly
                    ? new Workspace.Planned(Planner.refreshOnly(prior, target.provider()), java.util.Map.of())
                    : Workspace.plan(loaded.desired().resources(), prior, target.provider(), targets,
                    Workspace.Mode.NORMAL);
            Plan plan = planned.plan();
            if (json) {
                stdout.print(new JsonPlanRenderer(a -> target.provider().schema().get(a.type())).render(plan));
            } else {
                stdout.println();
                stdout.print(PlanView.render(plan, refreshOnly, target, Workspace.style(root.noColor)));
            }
            if (plan.hasErrors()) {
                stdout.flush();
                return 1;
            }
            if (!refreshOnly && Quotas.hasPools(loaded)) {
                io.batchform.quota.QuotaReport quotas = Quotas.fromPlan(loaded, plan, target.provider());
                if (!json) {
                    stdout.println();
                    stdout.print(io.batchform.render.QuotaRenderer.human(quotas, Workspace.style(root.noColor)));
                    stdout.println();
                    Quotas.printIfActive(Quotas.ifActive(loaded, plan, target.provider()), loaded,
                            Workspace.style(root.noColor), stdout, err);
                }
                stdout.flush();
                if (Quotas.printProblems(quotas, loaded, err)) {
                    err.println("error: the spec does not fit the quotas above; raise them (the messages say by how "
                            + "much) or shrink the pools. Nothing was saved or applied.");
                    err.flush();
                    return 1;
                }
            }
            if (out != null) {
                try {
                    new SavedPlan(plan, planned.dependencies(), target.description())
                            .write(out, type -> target.provider().schema().get(type));
                } catch (IOException e) {
                    throw new UserException("cannot save the plan to " + out + ": " + e.getMessage());
                }
                (json ? err : stdout).println("\nSaved the plan to " + out + ". To carry out exactly these actions: "
                        + "batchform apply " + out);
            }
            stdout.flush();
            boolean changes = refreshOnly ? PlanView.refreshChanges(plan, prior) : plan.canApply();
            return detailedExitCode && changes ? 2 : 0;
        }
    }
}
