package io.batchform.cli;

import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.plan.SavedPlan;
import io.batchform.source.Diagnostic;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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
    CommandSpec spec;

    @ParentCommand
    BatchformCommand root;

    @Parameters(arity = "0..1", paramLabel = "PLANFILE", description = "A plan saved by plan --out.")
    Path planFile;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--auto-approve", description = "Do not ask for 'yes' before applying.")
    boolean autoApprove;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10",
            description = "How many resources change at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--target", paramLabel = "ADDRESS",
            description = "Apply only this resource and what it depends on; repeatable.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--refresh-only", description = "Only record in the state what changed outside batchform.")
    boolean refreshOnly;

    @Override
    public Integer call() {
        if (parallelism < 1) {
            throw new UserException("--parallelism must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (planFile != null) {
            return applySaved(out, err);
        }
        Workspace.Loaded spec = Workspace.load(specOptions, err);
        StateStore store = Workspace.store(stateOptions);
        try (Target target = Target.connect(spec.subscription(), System.getenv(), stateOptions.directory,
                targetOptions);
             StateStore.StateLock lock = ApplyRun.lock(store, refreshOnly ? "apply --refresh-only" : "apply",
                     stateOptions.lockTimeout)) {
            out.println("Talking to " + target.description() + ".");
            State prior = Workspace.state(store);
            Workspace.Loaded loaded = spec.forRegion(prior.activeRegion());
            FailoverView.activeRegionLine(loaded, prior).ifPresent(out::println);
            out.println();
            Workspace.Planned planned = refreshOnly
                    ? new Workspace.Planned(Planner.refreshOnly(prior, target.provider()), Map.of())
                    : Workspace.plan(loaded.desired().resources(), prior, target.provider(), targets,
                    Workspace.Mode.NORMAL);
            Plan plan = planned.plan();
            out.print(PlanView.render(plan, refreshOnly, target, Workspace.style(root.noColor)));
            out.println();
            if (plan.hasErrors()) {
                out.flush();
                return 1;
            }
            if (!refreshOnly && plan.canApply() && Quotas.hasPools(loaded)) {
                io.batchform.quota.QuotaReport quotas = Quotas.fromPlan(loaded, plan, target.provider());
                out.print(io.batchform.render.QuotaRenderer.human(quotas, Workspace.style(root.noColor)));
                out.println();
                Quotas.printIfActive(Quotas.ifActive(loaded, plan, target.provider()), loaded,
                        Workspace.style(root.noColor), out, err);
                out.flush();
                if (Quotas.printProblems(quotas, loaded, err)) {
                    err.println("error: the spec does not fit the quotas above; nothing was applied.");
                    err.flush();
                    return 1;
                }
            }
            boolean work = refreshOnly ? PlanView.refreshChanges(plan, prior) : plan.canApply();
            if (work && !autoApprove && !ApplyRun.confirm(root.input(), out, "Do you want to perform these actions?",
                    refreshOnly ? "batchform will record these changes in the state; nothing in the cloud changes."
                            : "batchform will perform the actions described above.")) {
                out.println("Apply cancelled.");
                out.flush();
                return 1;
            }
            int code = ApplyRun.apply(plan, prior, planned.dependencies(), target, store, parallelism,
                    Workspace.style(root.noColor), out, err, false);
            if (code == 0 && !refreshOnly && targets.isEmpty()) {
                FailoverView.recordRegions(loaded, store, out);
            }
            return code;
        }
    }

    private int applySaved(PrintWriter out, PrintWriter err) {
        SavedPlan saved;
        try {
            saved = SavedPlan.read(planFile);
        } catch (SavedPlan.UnreadablePlanException e) {
            throw new UserException(e.getMessage());
        }
        Workspace.Loaded loaded = Workspace.specPresent(specOptions) || saved.holdsSecrets()
                ? Workspace.load(specOptions, err) : null;
        StateStore store = Workspace.store(stateOptions);
        try (Target target = Target.connect(loaded == null ? null : loaded.subscription(), System.getenv(),
                stateOptions.directory, targetOptions);
             StateStore.StateLock lock = ApplyRun.lock(store, "apply " + planFile, stateOptions.lockTimeout)) {
            out.println("Talking to " + target.description() + ".");
            out.println();
            if (!target.description().equals(saved.target())) {
                throw new UserException(planFile + " was made against " + saved.target() + ", not " + target.description()
                        + "; make a new plan");
            }
            State prior = store.read().orElseGet(() -> new State(State.FORMAT_VERSION, 0, saved.plan().lineage(), null,
                    List.of()));
            if (!prior.lineage().equals(saved.plan().lineage()) || prior.serial() != saved.plan().priorSerial()) {
                throw new UserException(planFile + " is stale: it was made from state serial " + saved.plan().priorSerial()
                        + (prior.lineage().equals(saved.plan().lineage()) ? "" : " of another lineage")
                        + ", and the state is now at serial " + prior.serial() + ". Run batchform plan again.");
            }
            Plan plan = saved.plan();
            if (saved.holdsSecrets()) {
                List<Diagnostic> problems = new ArrayList<>();
                plan = saved.withSecretsFrom(a -> loaded.desired().get(a).map(d -> d.config()).orElse(null),
                        type -> target.provider().schema().get(type), problems);
                if (!problems.isEmpty()) {
                    throw new UserException(planFile + " sets secrets that batchform keeps only as hashes, and the spec no "
                            + "longer gives the same values for " + problems.stream().map(p -> String.valueOf(p.address()))
                            .collect(Collectors.joining(", ")) + "; make a new plan");
                }
            }
            return ApplyRun.apply(plan, prior, saved.dependencies(), target, store, parallelism,
                    Workspace.style(root.noColor), out, err, false);
        }
    }
}
