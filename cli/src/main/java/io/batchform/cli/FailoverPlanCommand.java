package io.batchform.cli;

import io.batchform.engine.LoadedSpec;
import io.batchform.engine.Operations;
import io.batchform.engine.Outcomes.SwitchoverOutcome;
import io.batchform.engine.Requests.SwitchoverRequest;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code batchform failover plan --to REGION}: the switchover as a plan, changing nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what switching the active region to REGION would do: what scales up there, what scales "
                + "down or is disabled in the old region, the target region's quota headroom, and the time to capacity.",
                "Exit 0 when the switchover can be applied, 1 otherwise (a quota short, a target region not answering)."})
final class FailoverPlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @ParentCommand
    FailoverCommand parent;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    EndpointOptions endpointOptions;

    @Option(names = "--to", required = true, paramLabel = "REGION", description = "The region to make active.")
    String to;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        LoadedSpec loaded = SpecView.load(specOptions, err);
        if (loaded == null) {
            return 1;
        }
        StateStore store = StateStores.open(stateOptions);
        try (Cloud cloud = Cloud.connect(loaded.subscription(), Cloud.environment(command), stateOptions.directory,
                endpointOptions, store)) {
            out.println("Talking to " + cloud.description() + ".");
            SwitchoverOutcome planned = Operations.switchover(new SwitchoverRequest(loaded,
                    cloud.store(), cloud.provider(), to));
            if (planned.refused()) {
                return PlanView.refused(planned.refusals(), out, err);
            }
            boolean ok = SwitchoverView.show(planned.switchover(), cloud.provider(),
                    SpecView.style(((BatchformCommand) command.root().userObject()).noColor), out, err);
            out.flush();
            return ok ? 0 : 1;
        }
    }
}
