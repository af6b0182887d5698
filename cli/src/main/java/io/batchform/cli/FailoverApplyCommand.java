package io.batchform.cli;

import io.batchform.engine.LoadedSpec;
import io.batchform.engine.Operations;
import io.batchform.engine.Outcomes.SwitchoverOutcome;
import io.batchform.engine.Requests.SwitchoverRequest;
import io.batchform.engine.Switchover;
import io.batchform.render.Style;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code batchform failover apply --to REGION [--drill] [--runbook FILE]}: switch the active region. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Switch the active region to REGION: scale up there first, then scale down or disable the old "
                + "region, and record the new active region in the state. A region that does not answer is left "
                + "as it is and cleaned up by a later apply.",
                "--drill switches and then switches back, timing each step; --runbook writes the steps as Markdown.",
                "Exit 0 when the switchover (and the way back) completed, 1 otherwise."})
final class FailoverApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    EndpointOptions endpointOptions;

    @Option(names = "--to", required = true, paramLabel = "REGION", description = "The region to make active.")
    String to;

    @Option(names = "--auto-approve", description = "Do not ask for 'yes'.")
    boolean autoApprove;

    @Option(names = "--drill", description = "Switch, wait until the target region's pools have their nodes, then "
            + "switch back, reporting the time to capacity.")
    boolean drill;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "45m", converter = DurationConverter.class,
            description = "With --drill: how long to wait for the target region's pools to get their nodes before "
                    + "the drill fails and switches back (default: ${DEFAULT-VALUE}).")
    java.time.Duration timeout;

    @Option(names = "--runbook", paramLabel = "FILE", description = "Write the switchover's steps as Markdown.")
    Path runbook;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10",
            description = "How many resources change at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        BatchformCommand root = (BatchformCommand) command.root().userObject();
        Style style = SpecView.style(root.noColor);
        LoadedSpec loaded = SpecView.load(specOptions, err);
        if (loaded == null) {
            return 1;
        }
        StateStore store = StateStores.open(stateOptions);
        try (Cloud cloud = Cloud.connect(loaded.subscription(), Cloud.environment(command), stateOptions.directory,
                endpointOptions, store);
             StateStore.StateLock lock = StateStores.lock(store, "failover apply --to " + to, stateOptions)) {
            out.println("Talking to " + cloud.description() + ".");
            SwitchoverOutcome first = Operations.switchover(new SwitchoverRequest(loaded, cloud.store(), cloud.provider(), to));
            if (first.refused()) {
                return PlanView.refused(first.refusals(), out, err);
            }
            Switchover s = first.switchover();
            if (drill && !s.unreachable().isEmpty()) {
                throw new UserException("a drill needs every region to answer; " + String.join(", ", s.unreachable())
                        + " does not");
            }
            if (!SwitchoverView.show(s, cloud.provider(), style, out, err)) {
                return 1;
            }
            if (runbook != null) {
                SwitchoverView.writeRunbook(s, runbook);
                out.println("Wrote the runbook to " + runbook + ".");
            }
            if (s.plan().canApply() && !autoApprove && !ApplyView.confirm(root.input(), out,
                    "Switch the active region from " + s.from() + " to " + s.to() + (drill ? " and back" : "") + "?",
                    "batchform will carry out the switchover above.")) {
                out.println("Switchover cancelled.");
                out.flush();
                return 1;
            }
            var apply = ApplyView.request(s.plan(), cloud.provider(), cloud.store(), parallelism, style, out, root.progressInterval());
            if (!drill) {
                return SwitchoverView.afterApply(Operations.applySwitchover(first, apply), s, style, out, err);
            }
            return SwitchoverView.drilled(Operations.drill(new SwitchoverRequest(loaded, cloud.store(), cloud.provider(), to),
                    first, apply, timeout, SwitchoverView.drillListener(cloud.provider(), style, out, err)), out, err);
        }
    }
}
