package io.batchform.cli;

import io.batchform.engine.LoadedSpec;
import io.batchform.engine.Operations;
import io.batchform.engine.Outcomes.PlanOutcome;
import io.batchform.engine.Requests.PlanRequest;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code batchform apply [PLANFILE]}: makes the cloud match the spec, or carries out a saved plan. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Plan, show the plan, ask for 'yes' (unless --auto-approve), then create, update, replace and "
                + "delete in dependency order, in parallel, writing the state after every resource.",
                "With PLANFILE (from plan --out), carry out exactly that plan, if the state has not changed since.",
                "Exit codes: 0 success (or nothing to do), 1 error or cancelled."})
final class ApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @ParentCommand
    BatchformCommand root;

    @Parameters(arity = "0..1", paramLabel = "PLANFILE", description = "A plan saved by plan --out.")
    Path planFile;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    EndpointOptions endpointOptions;

    @Option(names = "--auto-approve", description = "Do not ask for 'yes' before applying.")
    boolean autoApprove;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10",
            description = "How many resources change at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--target", paramLabel = "ADDRESS",
            description = "Apply only this resource and what it depends on; repeatable.")
    List<String> targets = new ArrayList<>();

    @Option(names = {"--replace", "-replace"}, paramLabel = "ADDRESS",
            description = "Replace this resource even if nothing forces it (a pool with a bad image); repeatable.")
    List<String> replace = new ArrayList<>();

    @Option(names = "--refresh-only", description = "Only record in the state what changed outside batchform.")
    boolean refreshOnly;

    @Override
    public Integer call() {
        if (parallelism < 1) {
            throw new UserException("--parallelism must be at least 1");
        }
        if (planFile != null) {
            return SavedPlanApply.run(this);
        }
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        LoadedSpec loaded = SpecView.load(specOptions, err);
        if (loaded == null) {
            return 1;
        }
        StateStore store = StateStores.open(stateOptions);
        try (Cloud cloud = Cloud.connect(loaded.subscription(), Cloud.environment(command), stateOptions.directory,
                endpointOptions, store);
             StateStore.StateLock lock = StateStores.lock(store, refreshOnly ? "apply --refresh-only" : "apply",
                     stateOptions)) {
            out.println("Talking to " + cloud.description() + ".");
            PlanRequest request = new PlanRequest(loaded, cloud.store(), cloud.provider(), targets, replace);
            PlanOutcome planned = refreshOnly ? Operations.refreshOnly(request) : Operations.plan(request);
            if (planned.refused()) {
                return PlanView.refused(planned.refusals(), out, err);
            }
            FailoverView.activeRegionLine(planned.spec(), planned.prior()).ifPresent(out::println);
            out.println();
            out.print(PlanView.human(planned, cloud.provider(), SpecView.style(root.noColor)));
            out.println();
            if (planned.plan().hasErrors()) {
                out.flush();
                return 1;
            }
            boolean work = planned.plan().canApply();
            if (work && planned.quotas() != null && !QuotaView.show(planned, false, false,
                    SpecView.style(root.noColor), out, err, "nothing was applied.")) {
                return 1;
            }
            if (work && !autoApprove && !ApplyView.confirm(root.input(), out, "Do you want to perform these actions?",
                    refreshOnly ? "batchform will record these changes in the state; nothing in the cloud changes."
                            : "batchform will perform the actions described above.")) {
                out.println("Apply cancelled.");
                out.flush();
                return 1;
            }
            return ApplyView.summary(Operations.apply(planned, ApplyView.request(planned.plan(), cloud.provider(), cloud.store(),
                    parallelism, SpecView.style(root.noColor), out, root.progressInterval())), false, SpecView.style(root.noColor), out, err);
        }
    }
}
