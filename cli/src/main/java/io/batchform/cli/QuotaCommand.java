package io.batchform.cli;

import io.batchform.quota.QuotaReport;
import io.batchform.render.QuotaRenderer;
import io.batchform.state.State;
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
    CommandSpec spec;

    @ParentCommand
    BatchformCommand root;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        State prior = Workspace.state(Workspace.store(stateOptions));
        Workspace.Loaded loaded = Workspace.load(specOptions, err).forRegion(prior.activeRegion());
        try (Target target = Target.connect(loaded.subscription(), System.getenv(), stateOptions.directory,
                targetOptions)) {
            (json ? err : out).println("Talking to " + target.description() + ".");
            (json ? err : out).flush();
            var live = Quotas.refresh(loaded, target.provider());
            QuotaReport report = Quotas.refreshed(loaded, live, target.provider());
            List<QuotaReport> ifActive = Quotas.ifActive(loaded, live, target.provider());
            if (json) {
                out.print(QuotaRenderer.json(report, ifActive));
                out.flush();
            } else {
                out.println();
                out.print(QuotaRenderer.human(report, Workspace.style(root.noColor)));
                out.println();
                out.flush();
            }
            boolean shortfall = Quotas.printProblems(report, loaded, err);
            if (!json) {
                Quotas.printIfActive(ifActive, loaded, Workspace.style(root.noColor), out, err);
            }
            return shortfall ? 1 : 0;
        }
    }
}
