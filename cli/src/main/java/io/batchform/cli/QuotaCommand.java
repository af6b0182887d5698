package io.batchform.cli;

import io.batchform.engine.LoadedSpec;
import io.batchform.engine.Operations;
import io.batchform.engine.QuotaPlanning.QuotaOutcome;
import io.batchform.engine.Requests.PlanRequest;
import io.batchform.render.QuotaRenderer;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code batchform quota}: the spec's quota needs against each account's quotas, alone. */
@Command(name = "quota", mixinStandardHelpOptions = true,
        description = {"Show what the spec's pools can demand at their largest (cores by VM family and priority, "
                + "pools) against each Batch account's quota, and Batch accounts per region against the "
                + "subscription's limit; where one is short, by how much to raise it. With failover: every region as it "
                + "is now, and each standby region as it would be once active.",
                "Exit 0 when the spec fits, 1 when a quota is short or the spec is invalid."})
final class QuotaCommand implements Callable<Integer> {
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

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        StateStore store = StateStores.open(stateOptions);
        LoadedSpec loaded = SpecView.load(specOptions, err);
        if (loaded == null) {
            return 1;
        }
        try (Cloud cloud = Cloud.connect(loaded.subscription(), Cloud.environment(command), stateOptions.directory,
                endpointOptions, store)) {
            (json ? err : out).println("Talking to " + cloud.description() + ".");
            (json ? err : out).flush();
            QuotaOutcome outcome = Operations.quota(new PlanRequest(loaded, cloud.store(), cloud.provider(), List.of()));
            if (!outcome.refusals().isEmpty()) {
                return PlanView.refused(outcome.refusals(), out, err);
            }
            if (json) {
                out.print(QuotaRenderer.json(outcome.report(), outcome.ifActive()));
                out.flush();
            } else {
                out.println();
                out.print(QuotaRenderer.human(outcome.report(), SpecView.style(root.noColor)));
                out.println();
                out.flush();
            }
            boolean shortfall = QuotaView.printProblems(outcome.report(), outcome.spec(), err);
            if (!json) {
                QuotaView.printIfActive(outcome.ifActive(), outcome.spec(), SpecView.style(root.noColor), out, err);
            }
            return shortfall ? 1 : 0;
        }
    }
}
