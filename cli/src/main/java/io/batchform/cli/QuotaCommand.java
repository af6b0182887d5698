package io.batchform.cli;

import io.batchform.quota.QuotaReport;
import io.batchform.render.QuotaRenderer;
import java.io.PrintWriter;
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
                + "subscription's limit; where one is short, by how much to raise it.",
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
        Workspace.Loaded loaded = Workspace.load(specOptions, err);
        try (Target target = Target.connect(loaded.subscription(), System.getenv(), stateOptions.directory,
                targetOptions)) {
            (json ? err : out).println("Talking to " + target.description() + ".");
            (json ? err : out).flush();
            QuotaReport report = Quotas.refreshed(loaded, target.provider());
            if (json) {
                out.print(QuotaRenderer.json(report));
            } else {
                out.println();
                out.print(QuotaRenderer.human(report, Workspace.style(root.noColor)));
            }
            out.flush();
            return Quotas.printProblems(report, loaded, err) ? 1 : 0;
        }
    }
}
