package io.batchform.cli;

import io.batchform.state.State;
import io.batchform.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--to", required = true, paramLabel = "REGION", description = "The region to make active.")
    String to;

    @Option(names = "--auto-approve", description = "Do not ask for 'yes'.")
    boolean autoApprove;

    @Option(names = "--drill", description = "Switch, then switch back, reporting how long each step took.")
    boolean drill;

    @Option(names = "--runbook", paramLabel = "FILE", description = "Write the switchover's steps as Markdown.")
    Path runbook;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "10",
            description = "How many resources change at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BatchformCommand root = (BatchformCommand) spec.root().userObject();
        Workspace.Loaded loaded = Workspace.load(specOptions, err);
        StateStore store = Workspace.store(stateOptions);
        try (Target target = Target.connect(loaded.subscription(), System.getenv(), stateOptions.directory,
                targetOptions);
             StateStore.StateLock lock = ApplyRun.lock(store, "failover apply --to " + to, stateOptions.lockTimeout)) {
            out.println("Talking to " + target.description() + ".");
            State prior = Workspace.state(store);
            Switchover first = Switchover.make(loaded, prior, target.provider(), to);
            if (drill && !first.unreachable().isEmpty()) {
                throw new UserException("a drill needs every region to answer; " + String.join(", ", first.unreachable())
                        + " does not");
            }
            if (!FailoverPlanCommand.show(first, target, root.noColor, out, err)) {
                return 1;
            }
            if (runbook != null) {
                writeRunbook(first);
                out.println("Wrote the runbook to " + runbook + ".");
            }
            if (first.plan().canApply() && !autoApprove && !ApplyRun.confirm(root.input(), out,
                    "Switch the active region from " + first.from() + " to " + first.to() + (drill ? " and back" : "") + "?",
                    "batchform will carry out the switchover above.")) {
                out.println("Switchover cancelled.");
                out.flush();
                return 1;
            }
            List<String> timings = new ArrayList<>();
            int code = carryOut(first, prior, target, store, root, out, err, timings);
            if (code != 0 || !drill) {
                return code;
            }
            out.println();
            State switched = Workspace.state(store);
            Switchover back = Switchover.make(loaded, switched, target.provider(), first.from());
            FailoverPlanCommand.show(back, target, root.noColor, out, err);
            code = carryOut(back, switched, target, store, root, out, err, timings);
            out.println();
            out.println("Drill " + (code == 0 ? "complete" : "failed") + ":");
            timings.forEach(t -> out.println("  " + t));
            out.flush();
            return code;
        }
    }

    private int carryOut(Switchover switchover, State prior, Target target, StateStore store, BatchformCommand root,
                         PrintWriter out, PrintWriter err, List<String> timings) {
        Instant started = Instant.now();
        int code = ApplyRun.apply(switchover.plan(), prior, switchover.dependencies(), switchover.order(), target, store,
                parallelism, Workspace.style(root.noColor), out, err, false);
        Duration took = Duration.between(started, Instant.now());
        timings.add(switchover.from() + " -> " + switchover.to() + ": " + (code == 0 ? "done" : "FAILED") + " in "
                + ApplyRun.elapsed(took) + " (resources changed; nodes then take " + Switchover.ALLOCATION + ")");
        if (code == 0) {
            State after = Workspace.state(store);
            store.write(switchover.recorded(after));
            out.println("Active region is now " + switchover.to() + "."
                    + (switchover.unreachable().isEmpty() ? "" : " To clean up when it answers: "
                    + String.join(", ", switchover.unreachable()) + "."));
        }
        out.flush();
        return code;
    }

    private void writeRunbook(Switchover s) {
        StringBuilder md = new StringBuilder();
        md.append("# Switchover runbook: ").append(s.from()).append(" to ").append(s.to()).append("\n\n");
        md.append("Prepared by `batchform failover apply --to ").append(s.to()).append(" --runbook` at ")
                .append(Instant.now()).append(".\n\n");
        md.append("## Before\n\n");
        md.append("- [ ] Announce the switchover in the incident channel.\n");
        if (!s.unreachable().isEmpty()) {
            md.append("- [ ] ").append(String.join(", ", s.unreachable()))
                    .append(" does not answer: its resources are left as they are and cleaned up by a later apply.\n");
        }
        md.append("- [ ] Quotas in ").append(s.to()).append(": ").append(s.quotas().hasShortfall()
                ? "SHORT, raise them first:\n" : "enough.\n");
        s.quotas().diagnostics().stream().filter(d -> d.isError())
                .forEach(d -> md.append("  - ").append(d.message()).append('\n'));
        md.append("\n## Steps (").append(s.to()).append(" scales up before ").append(s.from()).append(" scales down)\n\n");
        int step = 1;
        for (var change : s.plan().changes()) {
            if (change.action() == io.batchform.plan.Action.NO_OP) {
                continue;
            }
            md.append(step++).append(". `").append(change.address()).append("`: ")
                    .append(change.action().name().toLowerCase().replace('_', ' '));
            change.changes().forEach(c -> md.append("; ").append(c.path()).append(" ")
                    .append(c.before()).append(" -> ").append(c.after()));
            md.append('\n');
        }
        md.append("\nRun: `batchform failover apply --to ").append(s.to()).append("`\n\n");
        md.append("## After\n\n");
        s.estimates().forEach(e -> md.append("- [ ] ").append(e).append('\n'));
        if (s.weightShift().isEmpty()) {
            md.append("- [ ] Point job submission at the Batch accounts in ").append(s.to()).append(".\n");
        } else {
            md.append("- [ ] Shift job submission for the active-active pools: ").append(String.join(", ", s.weightShift()))
                    .append(".\n");
        }
        md.append("- [ ] Switch back when ").append(s.from()).append(" is healthy: `batchform failover apply --to ")
                .append(s.from()).append("`\n");
        try {
            Files.writeString(runbook, md.toString());
        } catch (IOException e) {
            throw new UserException("cannot write " + runbook + ": " + e.getMessage());
        }
    }
}
