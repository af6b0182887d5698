package io.batchform.cli;

import io.batchform.render.HumanPlanRenderer;
import io.batchform.render.QuotaRenderer;
import io.batchform.render.Style;
import io.batchform.state.State;
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
    CommandSpec spec;

    @ParentCommand
    FailoverCommand parent;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    TargetOptions targetOptions;

    @Option(names = "--to", required = true, paramLabel = "REGION", description = "The region to make active.")
    String to;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workspace.Loaded loaded = Workspace.load(specOptions, err);
        State prior = Workspace.state(Workspace.store(stateOptions));
        try (Target target = Target.connect(loaded.subscription(), System.getenv(), stateOptions.directory,
                targetOptions)) {
            out.println("Talking to " + target.description() + ".");
            Switchover switchover = Switchover.make(loaded, prior, target.provider(), to);
            boolean ok = show(switchover, target, noColor(), out, err);
            out.flush();
            return ok ? 0 : 1;
        }
    }

    private boolean noColor() {
        return ((BatchformCommand) spec.root().userObject()).noColor;
    }

    /** Prints a switchover; false when it must not be applied (errors, a quota short). */
    static boolean show(Switchover switchover, Target target, boolean noColor, PrintWriter out, PrintWriter err) {
        Style style = Workspace.style(noColor);
        out.println();
        out.println(style.bold("Switchover from " + switchover.from() + " to " + switchover.to()));
        out.println();
        for (String region : switchover.unreachable()) {
            out.println(region + " does not answer: its resources are left as they are (and stay in the state); the next "
                    + "apply that reaches " + region + " brings them to standby.");
        }
        if (!switchover.unreachable().isEmpty()) {
            out.println();
        }
        out.print(new HumanPlanRenderer(style, a -> target.provider().schema().get(a.type())).render(switchover.plan()));
        out.println();
        out.print(QuotaRenderer.human(switchover.quotas(), style));
        out.println();
        if (!switchover.weightShift().isEmpty()) {
            out.println("Work served by the active-active pools (route job submission accordingly): "
                    + String.join(", ", switchover.weightShift()));
            out.println();
        }
        if (!switchover.estimates().isEmpty()) {
            out.println("Time to capacity in " + switchover.to() + " once applied:");
            switchover.estimates().forEach(line -> out.println("  " + line));
            out.println();
        }
        out.flush();
        boolean shortfall = Quotas.printProblems(switchover.quotas(), switchover.target(), err);
        if (shortfall) {
            err.println("error: " + switchover.to() + " cannot take the load: its quotas are short (above); raise them "
                    + "before switching. Nothing was changed.");
        }
        err.flush();
        return !switchover.plan().hasErrors() && !shortfall;
    }
}
