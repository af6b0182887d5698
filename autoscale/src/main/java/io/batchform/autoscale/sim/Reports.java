package io.batchform.autoscale.sim;

import io.batchform.autoscale.lang.Numbers;
import io.batchform.autoscale.lang.TimeFormats;
import io.batchform.source.Durations;
import java.util.List;
import java.util.Locale;

/**
 * A simulation as people and programs read it: the summary, the timeline as CSV, the report as JSON, the chart as
 * SVG. Everything is computed from the result alone, so the same result always gives the same bytes.
 */
public final class Reports {
    private Reports() {
    }

    /** The figures a summary shows, in order, with their labels. */
    private static final List<String[]> SUMMARY = List.of(
            new String[] {"tasksSubmitted", "tasks submitted"},
            new String[] {"tasksDone", "tasks done"},
            new String[] {"tasksFailed", "tasks failed"},
            new String[] {"tasksRequeued", "tasks requeued"},
            new String[] {"queueWaitP50", "queue wait p50"},
            new String[] {"queueWaitP95", "queue wait p95"},
            new String[] {"queueWaitP99", "queue wait p99"},
            new String[] {"queueWaitMax", "queue wait max"},
            new String[] {"queueWaitMean", "queue wait mean"},
            new String[] {"waitedOverPercent", "waited over %s (%%)"},
            new String[] {"peakBacklog", "peak backlog (tasks)"},
            new String[] {"maxDedicatedNodes", "max dedicated nodes"},
            new String[] {"maxLowPriorityNodes", "max low-priority nodes"},
            new String[] {"preemptions", "preemptions"},
            new String[] {"nodeHoursDedicated", "dedicated node-hours"},
            new String[] {"nodeHoursLowPriority", "low-priority node-hours"},
            new String[] {"idleNodeHours", "idle node-hours"},
            new String[] {"idleSlotNodeHours", "idle node-hours (slots)"},
            new String[] {"slotUtilisationPercent", "slot utilisation (%)"},
            new String[] {"costDedicated", "cost dedicated (USD)"},
            new String[] {"costLowPriority", "cost low-priority (USD)"},
            new String[] {"costTotal", "cost total (USD)"},
            new String[] {"costPerTask", "cost per task (USD)"},
            new String[] {"evaluations", "evaluations"},
            new String[] {"evaluationErrors", "evaluation errors"});

    /** A figure as printed: durations as 1h2m3s, money with 2 decimals, others with up to 2. */
    public static String show(String figure, double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (SimulationResult.isDuration(figure)) {
            return Durations.format(value);
        }
        if (figure.equals("costPerTask")) {
            return String.format(Locale.ROOT, "%.4f", value);
        }
        if (figure.startsWith("cost")) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** The summary of one simulation. */
    public static String summary(String name, SimulationResult result, Prices.Price price) {
        return compare(List.of(name), List.of(result), price);
    }

    /** Summaries side by side, one column per simulation. */
    public static String compare(List<String> names, List<SimulationResult> results, Prices.Price price) {
        StringBuilder out = new StringBuilder();
        SimulationResult first = results.get(0);
        out.append("Simulated ").append(Durations.format(first.duration())).append(" from ")
                .append(TimeFormats.print(first.start())).append(" on ").append(first.pool().vmSize())
                .append(" (").append(first.pool().vcpus()).append(" vCPUs, ").append(first.pool().taskSlotsPerNode())
                .append(" task slot").append(first.pool().taskSlotsPerNode() == 1 ? "" : "s").append(" per node, ")
                .append(first.pool().fillType().name().toLowerCase(Locale.ROOT)).append(", evaluated every ")
                .append(Durations.format(first.pool().evaluationIntervalSeconds())).append(")\n");
        out.append("Prices: ").append(price.region()).append(", ").append(String.format(Locale.ROOT, "%.4f",
                price.dedicatedPerHour())).append(" USD/h dedicated, ").append(String.format(Locale.ROOT, "%.4f",
                price.lowPriorityPerHour())).append(" USD/h low-priority")
                .append(price.lowPriorityEstimated() ? " (estimated: 20% of dedicated)" : "")
                .append("; list prices of ").append(Prices.AS_OF).append(", without discounts\n\n");
        List<String[]> summary = summaryFigures(first);
        int labelWidth = summary.stream().mapToInt(s -> s[1].length()).max().orElse(0);
        int[] widths = new int[results.size()];
        for (int c = 0; c < results.size(); c++) {
            widths[c] = names.get(c).length();
            for (String[] figure : summary) {
                widths[c] = Math.max(widths[c], show(figure[0], results.get(c).figure(figure[0], price)).length());
            }
        }
        if (results.size() > 1) {
            out.append(" ".repeat(labelWidth));
            for (int c = 0; c < results.size(); c++) {
                out.append("  ").append(pad(names.get(c), widths[c]));
            }
            out.append('\n');
        }
        for (String[] figure : summary) {
            out.append(figure[1]).append(" ".repeat(labelWidth - figure[1].length()));
            for (int c = 0; c < results.size(); c++) {
                out.append("  ").append(pad(show(figure[0], results.get(c).figure(figure[0], price)), widths[c]));
            }
            out.append('\n');
        }
        for (int c = 0; c < results.size(); c++) {
            String prefix = results.size() > 1 ? names.get(c) + ": " : "";
            List<SimulationResult.Backlog> backlogs = results.get(c).backlogs(burstThreshold(results.get(c)));
            out.append('\n').append(prefix).append("bursts absorbed (backlogs of at least ")
                    .append(burstThreshold(results.get(c))).append(" tasks): ").append(backlogs.size()).append('\n');
            for (SimulationResult.Backlog b : backlogs.subList(0, Math.min(10, backlogs.size()))) {
                out.append("  at ").append(Durations.format(b.start())).append(": peak ").append(b.peak())
                        .append(" tasks, ").append(b.absorbed() ? "absorbed in " + Durations.format(b.duration())
                                : "not absorbed by the end").append('\n');
            }
            if (backlogs.size() > 10) {
                out.append("  ... and ").append(backlogs.size() - 10).append(" more (see the JSON report)\n");
            }
            SimulationResult r = results.get(c);
            PoolSettings.EvictionWaves waves = r.pool().evictionWaves();
            if (waves.perDay() > 0) {
                out.append(prefix).append("eviction waves: ").append(r.evictionWaves()).append(" (about ")
                        .append(show("", waves.perDay())).append(" a day, each evicting a low-priority node with chance ")
                        .append(show("", waves.share())).append("); preemptions above count their evictions\n");
            }
            if (r.unschedulableTasks() > 0) {
                out.append(prefix).append("tasks that can never run: ").append(r.unschedulableTasks())
                        .append(" (they need up to ").append(r.unschedulableSlots()).append(" slots; a node has ")
                        .append(r.pool().taskSlotsPerNode()).append("). They stay active, so a formula that follows ")
                        .append("the queue keeps nodes for them that run nothing (Azure/Batch#117)\n");
            }
            results.get(c).firstError()
                    .ifPresent(e -> out.append(prefix).append("first evaluation error, at ")
                            .append(Durations.format(e.time())).append(": ").append(e.error()).append('\n'));
        }
        return out.toString();
    }

    /**
     * Each figure over several runs of one formula (seeds), as min, median, max and standard deviation; one block per
     * formula when comparing.
     */
    public static String spread(List<String> names, List<List<SimulationResult>> runs, List<Long> seeds,
                                Prices.Price price) {
        StringBuilder out = new StringBuilder();
        SimulationResult first = runs.get(0).get(0);
        String header = compare(List.of(names.get(0)), List.of(first), price);
        out.append(header, 0, header.indexOf("\n\n") + 1);
        out.append("Seeds: ").append(seeds.size()).append(" (").append(seeds.get(0)).append(" to ")
                .append(seeds.get(seeds.size() - 1)).append("); each figure over the seeds\n");
        List<String[]> summary = summaryFigures(first);
        int labelWidth = summary.stream().mapToInt(s -> s[1].length()).max().orElse(0);
        for (int c = 0; c < names.size(); c++) {
            List<SimulationResult> results = runs.get(c);
            String[][] cells = new String[summary.size()][4];
            int[] widths = {"min".length(), "median".length(), "max".length(), "stddev".length()};
            for (int f = 0; f < summary.size(); f++) {
                String figure = summary.get(f)[0];
                double[] values = results.stream().mapToDouble(r -> r.figure(figure, price)).sorted().toArray();
                double mean = java.util.Arrays.stream(values).average().orElse(0);
                double variance = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum()
                        / Math.max(1, values.length - 1);
                double median = values.length % 2 == 1 ? values[values.length / 2]
                        : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
                cells[f] = new String[] {show(figure, values[0]), show(figure, median),
                        show(figure, values[values.length - 1]), show(figure, Math.sqrt(variance))};
                for (int k = 0; k < 4; k++) {
                    widths[k] = Math.max(widths[k], cells[f][k].length());
                }
            }
            out.append('\n').append(names.get(c)).append(" ".repeat(Math.max(1, labelWidth - names.get(c).length())));
            String[] heads = {"min", "median", "max", "stddev"};
            for (int k = 0; k < 4; k++) {
                out.append("  ").append(pad(heads[k], widths[k]));
            }
            out.append('\n');
            for (int f = 0; f < summary.size(); f++) {
                out.append(summary.get(f)[1]).append(" ".repeat(labelWidth - summary.get(f)[1].length()));
                for (int k = 0; k < 4; k++) {
                    out.append("  ").append(pad(cells[f][k], widths[k]));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** What counts as a burst: a backlog of at least a full node's slots, and at least 10 tasks. */
    static int burstThreshold(SimulationResult result) {
        return burstThreshold(result.pool());
    }

    static int burstThreshold(PoolSettings pool) {
        return Math.max(10, pool.taskSlotsPerNode());
    }

    /** The summary's figures and labels, the wait threshold written into its label. */
    static List<String[]> summaryFigures(SimulationResult result) {
        return SUMMARY.stream().map(f -> f[1].contains("%s") ? new String[] {f[0], String.format(Locale.ROOT, f[1],
                Durations.format(result.waitThreshold()))} : f).toList();
    }

    private static String pad(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }

    /** The timeline: one row per sample, time as an ISO instant. */
    public static String csv(SimulationResult result) {
        Timeline t = result.timeline();
        StringBuilder out = new StringBuilder(t.size() * 64);
        out.append(csvHeader());
        for (int i = 0; i < t.size(); i++) {
            csvRow(out, result.start(), t.row(i));
        }
        return out.toString();
    }

    /** The timeline CSV's first line. */
    public static String csvHeader() {
        return String.join(",", Timeline.COLUMNS) + "\n";
    }

    /** One line of the timeline CSV, as a run streams it ({@link Recording.Listener}). */
    public static void csvRow(StringBuilder out, java.time.Instant start, Timeline.Row row) {
        out.append(TimeFormats.print(start.plusMillis((long) (row.time() * 1000))));
        for (String column : Timeline.COLUMNS.subList(1, Timeline.COLUMNS.size())) {
            out.append(',').append(number(row.value(column)));
        }
        out.append('\n');
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "null";
        }
        return value == Math.rint(value) ? Long.toString((long) value) : Numbers.format(value);
    }

    /** The report: settings, every figure, bursts and evaluations, as JSON. */
    public static String json(String name, SimulationResult result, Prices.Price price) {
        StringBuilder out = new StringBuilder(jsonHead(name, result, price));
        List<SimulationResult.Evaluation> evaluations = result.evaluations();
        for (int i = 0; i < evaluations.size(); i++) {
            out.append(jsonEvaluation(i, evaluations.get(i)));
        }
        return out.append(jsonTail(evaluations.size())).toString();
    }

    /** The report up to its evaluations: {@link #jsonEvaluation} each, then {@link #jsonTail} follow. */
    public static String jsonHead(String name, SimulationResult result, Prices.Price price) {
        StringBuilder out = new StringBuilder("{\n");
        PoolSettings p = result.pool();
        field(out, "formula", name);
        field(out, "start", TimeFormats.print(result.start()));
        out.append("  \"durationSeconds\": ").append(number(result.duration())).append(",\n");
        out.append("  \"pool\": {\"vmSize\": ").append(quote(p.vmSize())).append(", \"vcpus\": ").append(p.vcpus())
                .append(", \"taskSlotsPerNode\": ").append(p.taskSlotsPerNode()).append(", \"fillType\": ")
                .append(quote(p.fillType().name().toLowerCase(Locale.ROOT))).append(", \"evaluationIntervalSeconds\": ")
                .append(number(p.evaluationIntervalSeconds())).append(", \"dedicatedAllocation\": ")
                .append(quote(p.dedicatedAllocation().describe())).append(", \"lowPriorityAllocation\": ")
                .append(quote(p.lowPriorityAllocation().describe())).append(", \"preemptionsPerNodeHour\": ")
                .append(number(p.preemptionsPerNodeHour()))
                .append(p.evictionWaves().perDay() > 0 ? ", \"evictionWaves\": {\"perDay\": "
                        + number(p.evictionWaves().perDay()) + ", \"share\": " + number(p.evictionWaves().share())
                        + ", \"count\": " + result.evictionWaves() + "}" : "").append("},\n");
        out.append("  \"prices\": {\"region\": ").append(quote(price.region())).append(", \"dedicatedUsdPerHour\": ")
                .append(number(price.dedicatedPerHour())).append(", \"lowPriorityUsdPerHour\": ")
                .append(number(price.lowPriorityPerHour())).append(", \"lowPriorityEstimated\": ")
                .append(price.lowPriorityEstimated()).append("},\n");
        out.append("  \"figures\": {");
        for (int i = 0; i < SimulationResult.FIGURES.size(); i++) {
            String figure = SimulationResult.FIGURES.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    ").append(quote(figure)).append(": ")
                    .append(number(result.figure(figure, price)));
        }
        out.append("\n  },\n  \"bursts\": [");
        List<SimulationResult.Backlog> backlogs = result.backlogs(burstThreshold(result));
        for (int i = 0; i < backlogs.size(); i++) {
            SimulationResult.Backlog b = backlogs.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    {\"startSeconds\": ").append(number(b.start()))
                    .append(", \"peakTasks\": ").append(b.peak()).append(", \"absorbed\": ").append(b.absorbed())
                    .append(", \"secondsToAbsorb\": ").append(b.absorbed() ? number(b.duration()) : "null").append('}');
        }
        out.append(backlogs.isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"evaluations\": [");
        return out.toString();
    }

    /** The report's evaluation number {@code i} (from 0), as a run streams it. */
    public static String jsonEvaluation(int i, SimulationResult.Evaluation e) {
        return (i == 0 ? "\n" : ",\n") + "    {\"timeSeconds\": " + number(e.time()) + ", \"results\": "
                + quote(e.results()) + ", \"error\": " + (e.error() == null ? "null" : quote(e.error())) + "}";
    }

    /** The end of a report of {@code evaluations} evaluations. */
    public static String jsonTail(long evaluations) {
        return evaluations == 0 ? "]\n}\n" : "\n  ]\n}\n";
    }

    private static void field(StringBuilder out, String key, String value) {
        out.append("  ").append(quote(key)).append(": ").append(quote(value)).append(",\n");
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
