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
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code batchform plan}: what apply would do, attribute by attribute, without changing anything. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Compare the spec with what lives in the cloud and show what apply would create, update, "
                + "replace and destroy. Changes nothing.",
                "Exit codes: 0 success, 1 error; with --detailed-exitcode 0 no changes, 1 error, 2 changes."})
final class PlanCommand implements Callable<Integer> {
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

    @Option(names = {"--replace", "-replace"}, paramLabel = "ADDRESS",
            description = "Replace this resource even if nothing forces it (a pool with a bad image); repeatable.")
    List<String> replace = new ArrayList<>();

    @Option(names = "--destroy",
            description = "Plan deleting everything the state manages, as destroy would (the spec is optional).")
    boolean destroy;

    @Option(names = "--refresh-only",
            description = "Show only what changed outside batchform; applying such a plan updates the state alone.")
    boolean refreshOnly;

    /** The exit code of a partial plan: the resources that could be read are planned, the others are unknown. */
    static final int PARTIAL = 3;

    @Override
    public Integer call() {
        PrintWriter stdout = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        PrintWriter talk = json ? err : stdout;
        if (destroy && refreshOnly) {
            throw new UserException("--destroy and --refresh-only cannot be combined");
        }
        StateStore store = StateStores.open(stateOptions);
        SpecView.Loaded load = SpecView.load(specOptions, destroy, err);
        if (load.failed()) {
            return 1;
        }
        LoadedSpec loaded = load.spec();
        try (Cloud cloud = Cloud.connect(loaded == null ? null : loaded.subscription(), Cloud.environment(command), stateOptions.directory,
                endpointOptions, store)) {
            talk.println("Talking to " + cloud.description() + ".");
            PlanRequest request = new PlanRequest(loaded, cloud.store(), cloud.provider(), targets, replace);
            PlanOutcome planned = destroy ? Operations.destroy(request)
                    : refreshOnly ? Operations.refreshOnly(request) : Operations.plan(request);
            if (planned.refused()) {
                return PlanView.refused(planned.refusals(), stdout, err);
            }
            FailoverView.activeRegionLine(planned.spec(), planned.prior()).ifPresent(talk::println);
            talk.flush();
            if (json) {
                stdout.print(PlanView.json(planned, cloud.provider()));
            } else {
                stdout.println();
                stdout.print(PlanView.human(planned, cloud.provider(), SpecView.style(root.noColor)));
            }
            if (planned.plan().partial()) {
                talk.println("\nThis plan is partial: some resources could not be read (above), so it shows only the "
                        + "others and cannot be applied (exit code " + PARTIAL + ").");
                talk.flush();
                stdout.flush();
                return PARTIAL;
            }
            if (planned.plan().hasErrors()) {
                stdout.flush();
                return 1;
            }
            if (planned.quotas() != null && !QuotaView.show(planned, json, true, SpecView.style(root.noColor), stdout,
                    err, "raise them (the messages say by how much) or shrink the pools. Nothing was saved or applied.")) {
                return 1;
            }
            if (out != null) {
                PlanView.save(planned, cloud, out, talk);
            }
            stdout.flush();
            return detailedExitCode && planned.plan().canApply() ? 2 : 0;
        }
    }
}
