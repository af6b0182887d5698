package io.batchform.autoscale.tune;

import io.batchform.autoscale.sim.Chart;
import io.batchform.autoscale.sim.Reports;
import io.batchform.autoscale.sim.SimulationResult;
import io.batchform.source.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A tuning as people read it: the best setting and its figures, the trade-off, the filled-in formula; and files. */
public final class TuneReport {
    /** The figures shown for the best setting, after the objective and the constrained ones. */
    private static final List<String> SHOWN = List.of("costTotal", "queueWaitP50", "queueWaitP95", "queueWaitP99",
            "queueWaitMean", "waitedOverPercent", "maxDedicatedNodes", "nodeHoursDedicated", "idleSlotNodeHours",
            "slotUtilisationPercent", "costPerTask", "evaluationErrors");

    private TuneReport() {
    }

    /** The text summary: search, best setting with its figures, the Pareto front, and the filled-in formula. */
    public static String text(String formulaName, Tuner.Settings settings, Tuner.Outcome outcome,
                              List<Tunables.Declared> params, String filled) {
        StringBuilder out = new StringBuilder();
        out.append("Tuned ").append(formulaName).append(": ");
        for (int i = 0; i < params.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(params.get(i).param());
        }
        out.append('\n').append(outcome.candidates().size()).append(" candidates (").append(outcome.method())
                .append(") x ").append(settings.seeds()).append(" seed").append(settings.seeds() == 1 ? "" : "s")
                .append(" (").append(settings.firstSeed()).append(" to ")
                .append(settings.firstSeed() + settings.seeds() - 1).append(") = ").append(outcome.simulations())
                .append(" simulations; figures are means over the seeds\n");
        out.append("Objective: minimise ").append(settings.objective());
        out.append(settings.constraints().isEmpty() ? "" : "; subject to ");
        for (int i = 0; i < settings.constraints().size(); i++) {
            out.append(i == 0 ? "" : ", ").append(settings.constraints().get(i));
        }
        out.append("\n\n");
        Tuner.Candidate best = outcome.best();
        out.append(outcome.found() ? "Best setting:" : "No setting meets the constraints; the closest:").append('\n');
        best.values().forEach((k, v) -> out.append("  ").append(k).append(" = ").append(Param.format(v)).append('\n'));
        List<String> figures = new ArrayList<>();
        figures.add(settings.objective());
        settings.constraints().forEach(c -> figures.add(c.figure()));
        SHOWN.forEach(figures::add);
        List<String> distinct = figures.stream().distinct().toList();
        int width = distinct.stream().mapToInt(String::length).max().orElse(0);
        out.append('\n');
        for (String f : distinct) {
            out.append("  ").append(f).append(" ".repeat(width - f.length())).append("  ")
                    .append(Reports.show(f, best.figure(f))).append('\n');
        }
        List<Tuner.Candidate> front = shown(outcome.paretoFront(), best);
        out.append("\nTrade-off, cost against p95 queue wait (").append(front.size() < outcome.paretoFront().size()
                ? front.size() + " of " : "").append("the ").append(outcome.paretoFront().size())
                .append(" candidates no other beats on both; all in candidates.csv):\n");
        out.append(String.format(Locale.ROOT, "  %12s  %12s  %s%n", "cost (USD)", "wait p95", "setting"));
        for (Tuner.Candidate c : front) {
            out.append(String.format(Locale.ROOT, "  %12s  %12s  %s%s%n", Reports.show("costTotal", c.figure("costTotal")),
                    Durations.format(c.figure("queueWaitP95")), setting(c.values()),
                    c == best ? "  <- best" : c.feasible() ? "" : "  (breaks a constraint)"));
        }
        out.append("\nThe formula with these values:\n\n").append(filled);
        if (!filled.endsWith("\n")) {
            out.append('\n');
        }
        return out.toString();
    }

    /** At most {@value #FRONT_ROWS} rows of the front, evenly spread, the best always among them. */
    private static List<Tuner.Candidate> shown(List<Tuner.Candidate> front, Tuner.Candidate best) {
        if (front.size() <= FRONT_ROWS) {
            return front;
        }
        List<Tuner.Candidate> rows = new ArrayList<>();
        for (int i = 0; i < FRONT_ROWS; i++) {
            Tuner.Candidate c = front.get((int) Math.round((double) i * (front.size() - 1) / (FRONT_ROWS - 1)));
            if (!rows.contains(c)) {
                rows.add(c);
            }
        }
        if (front.contains(best) && !rows.contains(best)) {
            rows.add(best);
            rows.sort(java.util.Comparator.comparingInt(front::indexOf));
        }
        return rows;
    }

    private static final int FRONT_ROWS = 12;

    /** Every candidate as CSV: values, feasibility, then every figure. */
    public static String csv(Tuner.Outcome outcome) {
        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>(outcome.best().values().keySet());
        out.append(String.join(",", names)).append(",feasible,").append(String.join(",", SimulationResult.FIGURES))
                .append('\n');
        for (Tuner.Candidate c : outcome.candidates()) {
            for (String n : names) {
                out.append(Param.format(c.values().get(n))).append(',');
            }
            out.append(c.feasible());
            for (String f : SimulationResult.FIGURES) {
                double v = c.figure(f);
                out.append(',').append(Double.isNaN(v) ? "" : Param.format(v));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The trade-off chart (cost vs p95 wait) of every candidate. */
    public static String svg(String title, Tuner.Settings settings, Tuner.Outcome outcome) {
        double limit = settings.constraints().stream().filter(c -> c.figure().equals("queueWaitP95") && c.atMost())
                .mapToDouble(Constraint::limit).min().orElse(Double.NaN);
        List<double[]> points = outcome.candidates().stream().map(TuneReport::point).toList();
        List<double[]> front = outcome.paretoFront().stream().map(TuneReport::point).toList();
        return Chart.tradeOff(title, points, front, point(outcome.best()), limit);
    }

    private static double[] point(Tuner.Candidate c) {
        return new double[] {c.figure("costTotal"), c.figure("queueWaitP95")};
    }

    private static String setting(Map<String, Double> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(out.length() == 0 ? "" : ", ").append(k).append('=').append(Param.format(v)));
        return out.toString();
    }
}
