package io.batchform.cli;

import io.batchform.plan.Plan;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code batchform destroy}: deletes everything the state manages, dependents first. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Delete every resource batchform manages (those in the state), dependents first, after "
                + "showing the plan and asking for 'yes' (unless --auto-approve). Protected resources stop it.",
                "Exit codes: 0 success (or nothing to do), 1 error or cancelled."})
final class DestroyCommand implements Callable<Integer> {
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

    @Option(names = "--auto-approve", description = "Do not ask for 'yes' before destroying.")
    boolean autoApprove;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10",
            description = "How many resources are deleted at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--target", paramLabel = "ADDRESS",
            description = "Destroy only this resource and what depends on it; repeatable.")
    List<String> targets = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workspace.Loaded loaded = Workspace.specPresent(specOptions) ? Workspace.load(specOptions, err) : null;
        StateStore store = Workspace.store(stateOptions);
        try (Target target = Target.connect(loaded == null ? null : loaded.subscription(), System.getenv(),
                stateOptions.directory, targetOptions);
             StateStore.StateLock lock = ApplyRun.lock(store, "destroy", stateOptions.lockTimeout)) {
            out.println("Talking to " + target.description() + ".");
            out.println();
            State prior = Workspace.state(store);
            Workspace.Planned planned = Workspace.plan(loaded == null ? List.of() : loaded.desired().resources(), prior,
                    target.provider(), targets, Workspace.Mode.DESTROY);
            Plan plan = planned.plan();
            out.print(PlanView.render(plan, false, target, Workspace.style(root.noColor)));
            out.println();
            if (plan.hasErrors()) {
                out.flush();
                return 1;
            }
            if (plan.canApply() && !autoApprove && !ApplyRun.confirm(root.input(), out,
                    "Do you really want to destroy all resources?",
                    "batchform will destroy all the resources shown above. There is no undo.")) {
                out.println("Destroy cancelled.");
                out.flush();
                return 1;
            }
            return ApplyRun.apply(plan, prior, planned.dependencies(), target, store, parallelism,
                    Workspace.style(root.noColor), out, err, true);
        }
    }
}
