package io.batchform.cli;

import io.batchform.engine.Capacity;
import io.batchform.engine.Operations;
import io.batchform.engine.Outcomes;
import io.batchform.engine.Switchover;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Provider;
import io.batchform.render.HumanPlanRenderer;
import io.batchform.render.QuotaRenderer;
import io.batchform.render.Style;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How a switchover reads: in the terminal (plan, quotas, weights, time to capacity), and as a Markdown runbook. */
final class SwitchoverView {
    private SwitchoverView() {
    }

    /** Prints a switchover; false when it must not be applied (errors, a quota short). */
    static boolean show(Switchover switchover, Provider provider, Style style, PrintWriter out, PrintWriter err) {
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
        java.util.Map<String, io.batchform.source.Source> texts = switchover.target() == null ? java.util.Map.of()
                : switchover.target().texts();
        out.print(new HumanPlanRenderer(style, a -> provider.schema().get(a.type()), texts::get)
                .render(switchover.plan()));
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
            switchover.estimates().forEach(e -> out.println("  " + e.line()));
            out.println();
        }
        out.flush();
        boolean shortfall = QuotaView.printProblems(switchover.quotas(), switchover.target(), err);
        if (shortfall) {
            err.println("error: " + switchover.to() + " cannot take the load: its quotas are short (above); raise them "
                    + "before switching. Nothing was changed.");
        }
        boolean notOffered = !switchover.quotas().notOffered().isEmpty();
        if (notOffered) {
            err.println("error: Batch does not offer the VM size of " + String.join(", ", switchover.quotas().notOffered()
                    .stream().map(n -> n.pool()).toList()) + " in " + switchover.to() + " (above); give "
                    + (switchover.quotas().notOffered().size() == 1 ? "it" : "them") + " a size offered there "
                    + "before switching. Nothing was changed.");
        }
        err.flush();
        return !switchover.plan().hasErrors() && !shortfall && !notOffered;
    }

    /** Prints what applying a switchover did and, when it succeeded, the new active region; returns the exit code. */
    static int afterApply(Outcomes.ApplyOutcome outcome, Switchover switchover, Style style, PrintWriter out,
                          PrintWriter err) {
        int code = ApplyView.summary(outcome, false, style, out, err);
        if (code == 0) {
            out.println("Active region is now " + switchover.to() + "."
                    + (switchover.unreachable().isEmpty() ? "" : " To clean up when it answers: "
                    + String.join(", ", switchover.unreachable()) + "."));
        }
        out.flush();
        return code;
    }

    /** Prints a drill's legs as they happen: each apply, and the way back before it is applied. */
    static Operations.DrillListener drillListener(Provider provider, Style style, PrintWriter out, PrintWriter err) {
        return new Operations.DrillListener() {
            @Override
            public void applied(Outcomes.Leg leg) {
                afterApply(leg.outcome(), leg.switchover(), style, out, err);
            }

            @Override
            public void capacity(Capacity.Report report) {
                out.println();
                out.println((report.reached() ? "Capacity in " + report.region() + " after "
                        : "Capacity NOT reached in " + report.region() + "; waited ") + ApplyView.elapsed(report.took())
                        + " (from the end of the switchover's apply" + (report.estimate() == null ? ""
                        : "; the plan estimated " + estimate(report.estimate())) + "):");
                String counted = report.nodesRead() ? "idle or running, start tasks succeeded"
                        : "allocated (node states not read)";
                report.pools().forEach(p -> out.println("  " + p.address() + ": " + (p.reached()
                        ? p.nodes() + " node(s) after " + ApplyView.elapsed(p.took()) + (p.estimate() == null ? ""
                        : " (estimated " + estimate(p.estimate()) + ")") + ": " + counted : p.failure())));
                if (!report.reached()) {
                    out.println("The drill has failed; switching back.");
                }
                out.flush();
            }

            @Override
            public void plannedBack(Switchover back) {
                out.println();
                show(back, provider, style, out, err);
            }
        };
    }

    /** An estimate as a drill reports it: {@code about 8 min, up to 30 min on a bad day}. */
    static String estimate(io.batchform.engine.Switchover.Estimate estimate) {
        return "about " + estimate.typical().toMinutes() + " min, up to " + estimate.badDay().toMinutes()
                + " min on a bad day";
    }

    /** The drill's closing lines: each leg's time; returns the exit code (0 when both legs completed). */
    static int drilled(Outcomes.DrillOutcome drill, PrintWriter out, PrintWriter err) {
        if (!drill.refusals().isEmpty()) {
            return PlanView.refused(drill.refusals(), out, err);
        }
        if (drill.legs().size() < 2) {
            return 1; // the way there failed: the apply said why
        }
        out.println();
        out.println("Drill " + (drill.succeeded() ? "complete" : "failed") + ":");
        Outcomes.Leg there = drill.legs().get(0);
        Outcomes.Leg back = drill.legs().get(1);
        out.println("  " + there.switchover().from() + " -> " + there.switchover().to() + ": "
                + (there.outcome().succeeded() ? "applied" : "FAILED") + " in " + ApplyView.elapsed(there.took()));
        Capacity.Report capacity = drill.capacity();
        String estimate = there.switchover().regionEstimate().map(e -> "; the plan's estimate: about "
                + e.typical().toMinutes() + " min to capacity, up to " + e.badDay().toMinutes() + " min on a bad day")
                .orElse("");
        out.println("  time to capacity in " + there.switchover().to() + ": " + (capacity.reached()
                ? ApplyView.elapsed(there.took().plus(capacity.took())) + " (apply " + ApplyView.elapsed(there.took())
                        + ", then nodes " + ApplyView.elapsed(capacity.took()) + ")"
                : "NOT reached (" + capacity.pools().stream().filter(p -> !p.reached())
                        .map(p -> p.address() + " " + p.failure()).reduce((a, b) -> a + "; " + b).orElse("") + ")")
                + estimate);
        if (capacity.reached()) {
            capacity.pools().forEach(p -> out.println("    " + p.address() + ": " + ApplyView.elapsed(there.took()
                    .plus(p.took())) + (p.estimate() == null ? "" : " (estimated about " + p.estimate().typical()
                    .toMinutes() + " min)")));
        }
        out.println("  " + back.switchover().from() + " -> " + back.switchover().to() + ": "
                + (back.outcome().succeeded() ? "applied" : "FAILED") + " in " + ApplyView.elapsed(back.took()));
        if (drill.recorded()) {
            out.println("Recorded in the state as the last successful drill to " + there.switchover().to()
                    + " (failover check compares it with failover.maxDrillAge).");
        }
        out.flush();
        return drill.succeeded() ? 0 : 1;
    }

    /** Numbered steps from {@code first}, one per change, each attribute a sub-item, multi-line values in code blocks. */
    private static int steps(StringBuilder md, List<ResourceChange> changes, int first) {
        int step = first;
        for (ResourceChange change : changes) {
            md.append(step++).append(". `").append(change.address()).append("`: ")
                    .append(change.action().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append('\n');
            for (var c : change.changes()) {
                md.append("   - `").append(c.path()).append("`: ");
                if (multiline(c.before()) || multiline(c.after())) {
                    md.append(c.after() == null ? "removed; it was:" : c.before() == null ? "set to:" : "changed to:")
                            .append(block(c.after() == null ? c.before() : c.after()));
                } else {
                    md.append('`').append(c.before()).append("` -> `").append(c.after()).append("`\n");
                }
            }
        }
        md.append('\n');
        return step;
    }

    private static boolean multiline(Object value) {
        return value != null && value.toString().contains("\n");
    }

    /** A multi-line value (a formula) as a code block inside a list item. */
    private static String block(Object value) {
        StringBuilder block = new StringBuilder("\n\n     ```\n");
        value.toString().strip().lines().forEach(line -> block.append("     ").append(line).append('\n'));
        return block.append("     ```\n\n").toString();
    }

    /** ": ADDRESS at https://ENDPOINT, ..." for the target region's Batch accounts, from what was read of them. */
    private static String endpoints(Switchover s) {
        java.util.Map<io.batchform.address.Address, String> regionOf = s.target().expanded().regionOf();
        List<String> named = new ArrayList<>();
        for (ResourceChange change : s.plan().changes()) {
            if (change.address().type() == io.batchform.address.ResourceType.BATCH_ACCOUNT
                    && s.to().equals(regionOf.get(change.address()))) {
                String endpoint = change.before() == null ? null : change.before().string("accountEndpoint");
                named.add("`" + change.address() + "` at " + (endpoint == null ? "(its endpoint once created)"
                        : "`https://" + endpoint + "`"));
            }
        }
        return named.isEmpty() ? "." : ": " + String.join(", ", named) + ".";
    }

    /** Writes the switchover's steps as a Markdown checklist to {@code runbook}. */
    static void writeRunbook(Switchover s, Path runbook) {
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
        md.append("\n## Steps, in the order the switchover carries them out\n\n");
        md.append("Run: `batchform failover apply --to ").append(s.to()).append("`. It does the following.\n\n");
        java.util.Map<io.batchform.address.Address, String> regionOf = s.target().expanded().regionOf();
        List<ResourceChange> up = new ArrayList<>();
        List<ResourceChange> down = new ArrayList<>();
        for (ResourceChange change : s.plan().changes()) {
            if (change.action().changesCloud()) {
                (s.to().equals(regionOf.get(change.address())) ? up : down).add(change);
            }
        }
        int step = 1;
        if (!up.isEmpty()) {
            md.append("### ").append(s.to()).append(" scales up first\n\n");
            step = steps(md, up, step);
        }
        if (!down.isEmpty()) {
            md.append("### Then the other regions scale down\n\n");
            steps(md, down, step);
        }
        md.append("## After\n\n");
        s.estimates().forEach(e -> md.append("- [ ] ").append(e.line()).append('\n'));
        if (s.weightShift().isEmpty()) {
            md.append("- [ ] Point job submission at the Batch accounts in ").append(s.to()).append(endpoints(s))
                    .append('\n');
        } else {
            md.append("- [ ] Shift job submission for the active-active pools: ").append(String.join(", ", s.weightShift()))
                    .append(".\n");
        }
        md.append("- [ ] Check: `batchform plan --detailed-exitcode` exits 0 (the state matches the cloud), and ")
                .append("`batchform state show ADDRESS` of each pool above shows its current nodes at its target.\n");
        md.append("- [ ] Check: a test job submitted to the accounts above runs.\n");
        md.append("- [ ] Switch back when ").append(s.from()).append(" is healthy: `batchform failover apply --to ")
                .append(s.from()).append("`\n");
        try {
            Files.writeString(runbook, md.toString());
        } catch (IOException e) {
            throw new UserException("cannot write " + runbook + ": " + e.getMessage());
        }
    }
}
