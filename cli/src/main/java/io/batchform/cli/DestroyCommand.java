package io.batchform.cli;

import io.batchform.engine.LoadedSpec;
import io.batchform.engine.Operations;
import io.batchform.engine.Outcomes.PlanOutcome;
import io.batchform.engine.Requests.PlanRequest;
import io.batchform.render.Style;
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
    CommandSpec command;

    @ParentCommand
    BatchformCommand root;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    EndpointOptions endpointOptions;

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
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        SpecView.Loaded load = SpecView.load(specOptions, true, err);
        if (load.failed()) {
            return 1;
        }
        LoadedSpec loaded = load.spec();
        StateStore store = StateStores.open(stateOptions);
        try (Cloud cloud = Cloud.connect(loaded == null ? null : loaded.subscription(), Cloud.environment(command),
                stateOptions.directory, endpointOptions, store);
             StateStore.StateLock lock = StateStores.lock(store, "destroy", stateOptions)) {
            out.println("Talking to " + cloud.description() + ".");
            out.println();
            PlanOutcome planned = Operations.destroy(new PlanRequest(loaded, cloud.store(), cloud.provider(), targets));
            if (planned.refused()) {
                return PlanView.refused(planned.refusals(), out, err);
            }
            Style style = SpecView.style(root.noColor);
            out.print(PlanView.human(planned, cloud.provider(), style));
            out.println();
            if (planned.plan().hasErrors()) {
                out.flush();
                return 1;
            }
            if (planned.plan().canApply() && !autoApprove && !ApplyView.confirm(root.input(), out,
                    "Do you really want to destroy all resources?",
                    "batchform will destroy all the resources shown above. There is no undo.")) {
                out.println("Destroy cancelled.");
                out.flush();
                return 1;
            }
            return ApplyView.summary(Operations.apply(planned, ApplyView.request(planned.plan(), cloud.provider(),
                    cloud.store(), parallelism, style, out, root.progressInterval())), true, style, out, err);
        }
    }
}
