package io.batchform.autoscale.sim;

import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Durations;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A formula test file ({@code *.test.yaml}): a formula, the pool, and scenarios, each a workload with expectations.
 * <pre>
 * formula: pending-tasks.formula            # a file next to this one, or the formula itself (a block)
 * pool: {vmSize: Standard_D2s_v3, interval: 5m, taskSlotsPerNode: 1, allocation: 5m, coreQuota: 40}
 * scenarios:
 *   - name: the morning burst is absorbed within the hour
 *     workload: bursts.workload.yaml        # a CSV or YAML file, or generators written here
 *     duration: 1d
 *     seed: 1
 *     expect:
 *       - maxDedicatedNodes &lt;= 20
 *       - queueWaitP95 &lt;= 30m
 *       - at 2h: targetDedicatedNodes == 0
 * </pre>
 * Expectations compare a figure ({@link SimulationResult#FIGURES}) or, after {@code at DURATION:}, a timeline column
 * at that time, with {@code <= < >= > == !=}. Codes: {@link SimYaml}'s, and {@value #EXPECTATION} for expectations.
 */
public final class FormulaTest {
    static final String EXPECTATION = "S006";
    private static final Pattern EXPECT = Pattern.compile(
            "\\s*(?:at\\s+(\\S+)\\s*:\\s*)?([A-Za-z][A-Za-z0-9]*)\\s*(<=|>=|==|!=|<|>)\\s*(\\S+)\\s*");
    private static final List<String> TOP_KEYS = List.of("formula", "pool", "scenarios");
    private static final List<String> POOL_KEYS = List.of("vmSize", "region", "taskSlotsPerNode", "fill", "interval",
            "initialDedicatedNodes", "initialLowPriorityNodes", "allocation", "lowPriorityAllocation", "preemptionRate",
            "preemptedFor", "sampleDelay", "missingSamples", "coreQuota", "lowPriorityCoreQuota", "retainedData");
    private static final List<String> SCENARIO_KEYS = List.of("name", "workload", "duration", "seed", "start", "expect");

    /** One expectation, where it was written. */
    public record Expectation(String text, Double at, String metric, String operator, double value, SourceSpan span) {
        boolean holds(double actual) {
            return switch (operator) {
                case "<=" -> actual <= value + 1e-9;
                case "<" -> actual < value;
                case ">=" -> actual >= value - 1e-9;
                case ">" -> actual > value;
                case "==" -> Math.abs(actual - value) <= 1e-9;
                default -> Math.abs(actual - value) > 1e-9;
            };
        }
    }

    /** A scenario ready to run. */
    public record Scenario(String name, SimulationJob job, List<Expectation> expectations) {
    }

    /** The outcome of one expectation: its actual value. */
    public record Checked(Expectation expectation, double actual, boolean passed) {
        public String describe() {
            String metric = expectation.at() == null ? expectation.metric()
                    : "at " + Durations.format(expectation.at()) + ": " + expectation.metric();
            boolean duration = SimulationResult.isDuration(expectation.metric());
            return metric + " " + expectation.operator() + " " + (duration ? Durations.format(expectation.value())
                    : Reports.show(expectation.metric(), expectation.value())) + " (actual: "
                    + (duration ? Durations.format(actual) : Reports.show(expectation.metric(), actual)) + ")";
        }
    }

    /** A scenario's outcome. */
    public record ScenarioResult(String name, List<Checked> checks, double seconds) {
        public boolean passed() {
            return checks.stream().allMatch(Checked::passed);
        }
    }

    /**
     * A loaded test file: its scenarios, or the diagnostics that stopped it, with the sources they point into (the
     * test file, its formula and workload files) so they print with their lines.
     */
    public record Loaded(String file, List<Scenario> scenarios, List<Diagnostic> diagnostics, Map<String, Source> sources) {
        public Loaded {
            diagnostics = List.copyOf(diagnostics);
            sources = Map.copyOf(sources);
        }

        public boolean valid() {
            return diagnostics.isEmpty();
        }

        /** Each diagnostic as {@link DiagnosticFormatter} prints it, without the final line break. */
        public List<String> problems() {
            return diagnostics.stream().map(d -> DiagnosticFormatter.format(d, sources::get).stripTrailing()).toList();
        }
    }

    private FormulaTest() {
    }

    /**
     * Loads a test file; {@code files} reads a path written in it (relative to the test file), or answers empty when
     * there is no such file.
     */
    public static Loaded load(Source source, Function<String, Optional<Source>> files) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        Map<String, Source> sources = new HashMap<>();
        sources.put(source.name(), source);
        SimYaml yaml = new SimYaml(source, diagnostics);
        List<Scenario> scenarios = new ArrayList<>();
        yaml.root().ifPresent(root -> {
            Map<String, Node> top = yaml.map(root, "the test file", TOP_KEYS);
            if (top == null) {
                return;
            }
            for (String key : List.of("formula", "scenarios")) {
                if (!top.containsKey(key)) {
                    yaml.error(SimYaml.BAD_VALUE, "the test file: needs " + key + ":", yaml.span(root));
                }
            }
            FormulaText formula = top.containsKey("formula") ? formula(yaml, top.get("formula"), files) : null;
            if (formula != null && formula.offsets() == null) {
                sources.putIfAbsent(formula.source().name(), formula.source());
            }
            Settings settings = top.containsKey("pool") ? pool(yaml, top.get("pool")) : new Settings(yaml.source.start());
            if (!top.containsKey("scenarios")) {
                return;
            }
            for (Node node : yaml.list(top.get("scenarios"), "scenarios")) {
                scenario(yaml, node, formula, settings, files, problems, sources).ifPresent(scenarios::add);
            }
        });
        List<Diagnostic> all = new ArrayList<>(diagnostics);
        problems.stream().filter(p -> !all.contains(p)).forEach(all::add); // a formula's errors once, not per scenario
        return new Loaded(source.name(), all.isEmpty() ? scenarios : List.of(), all, sources);
    }

    /** Runs every scenario of a valid file. */
    public static List<ScenarioResult> run(Loaded loaded) {
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : loaded.scenarios()) {
            long began = System.nanoTime();
            SimulationResult result = scenario.job().run();
            List<Checked> checks = new ArrayList<>();
            for (Expectation e : scenario.expectations()) {
                double actual;
                if (e.at() == null) {
                    actual = result.figure(e.metric(), scenario.job().price());
                } else {
                    int index = result.timeline().indexAt(e.at());
                    actual = index < 0 ? Double.NaN : result.timeline().value(e.metric(), index);
                }
                checks.add(new Checked(e, actual, e.holds(actual)));
            }
            results.add(new ScenarioResult(scenario.name(), checks, (System.nanoTime() - began) / 1e9));
        }
        return results;
    }

    // ---- parts ------------------------------------------------------------------------------------------------

    /** Pool settings as written, with the defaults for what is not. */
    private static final class Settings {
        String vmSize = "Standard_D2s_v3";
        String region = Prices.DEFAULT_REGION;
        PoolSettings pool = PoolSettings.defaults("Standard_D2s_v3", 1);
        /** Where the VM size and region are written (the pool, or the file, when they are not). */
        SourceSpan vmSizeSpan;
        SourceSpan regionSpan;

        Settings(SourceSpan file) {
            vmSizeSpan = file;
            regionSpan = file;
        }
    }

    /** The formula: a file, or text written in the test file ({@code offsets} maps it back to the test file). */
    private record FormulaText(Source source, int[] offsets) {
        /** A diagnostic of the formula, placed where it is written. */
        Diagnostic place(SimYaml yaml, Diagnostic d) {
            if (offsets == null) {
                return d;
            }
            int last = offsets.length - 1;
            int from = offsets[Math.min(d.span().startOffset(), last)];
            int to = d.span().endOffset() > d.span().startOffset()
                    ? offsets[Math.min(d.span().endOffset() - 1, last)] + 1 : from;
            return new Diagnostic(d.severity(), d.code(), d.message(), yaml.source.span(from, to));
        }
    }

    private static FormulaText formula(SimYaml yaml, Node node, Function<String, Optional<Source>> files) {
        String text = yaml.text(node, "formula");
        if (text == null) {
            return null;
        }
        if (text.contains("\n") || text.contains("$") || text.contains("=")) {
            int[] offsets = yaml.valueOffsets((ScalarNode) node).orElse(null);
            return new FormulaText(new Source(offsets == null ? yaml.source.name() + " (formula)" : yaml.source.name(),
                    text), offsets);
        }
        Optional<Source> file = files.apply(text);
        if (file.isEmpty()) {
            yaml.error(SimYaml.BAD_VALUE, "formula: no such file " + text + " (paths are relative to the test file)",
                    yaml.span(node));
        }
        return file.map(f -> new FormulaText(f, null)).orElse(null);
    }

    private static Settings pool(SimYaml yaml, Node node) {
        Settings settings = new Settings(yaml.source.start());
        Map<String, Node> m = yaml.map(node, "pool", POOL_KEYS);
        if (m == null) {
            return settings;
        }
        PoolSettings p = settings.pool;
        try {
            settings.vmSizeSpan = yaml.span(node);
            settings.regionSpan = yaml.span(node);
            if (m.containsKey("vmSize")) {
                settings.vmSize = yaml.text(m.get("vmSize"), "pool.vmSize");
                settings.vmSizeSpan = yaml.span(m.get("vmSize"));
            }
            if (m.containsKey("region")) {
                settings.region = yaml.text(m.get("region"), "pool.region");
                settings.regionSpan = yaml.span(m.get("region"));
            }
            if (m.containsKey("taskSlotsPerNode")) {
                p = p.withTaskSlots((int) whole(yaml, m.get("taskSlotsPerNode"), "pool.taskSlotsPerNode", 1));
            }
            if (m.containsKey("fill")) {
                String fill = yaml.text(m.get("fill"), "pool.fill");
                if ("pack".equalsIgnoreCase(fill)) {
                    p = p.withFillType(PoolSettings.FillType.PACK);
                } else if (!"spread".equalsIgnoreCase(fill)) {
                    yaml.error(SimYaml.BAD_VALUE, "pool.fill: spread or pack, not '" + fill + "'", yaml.span(m.get("fill")));
                }
            }
            if (m.containsKey("interval")) {
                double interval = yaml.duration(m.get("interval"), "pool.interval");
                if (!Double.isNaN(interval) && (interval < PoolSettings.MIN_INTERVAL || interval > PoolSettings.MAX_INTERVAL)) {
                    yaml.error(SimYaml.BAD_VALUE, "pool.interval: the service evaluates every 5m to 168h, not "
                            + Durations.format(interval), yaml.span(m.get("interval")));
                } else if (!Double.isNaN(interval)) {
                    p = p.withInterval(interval);
                }
            }
            double dedicated = m.containsKey("initialDedicatedNodes")
                    ? whole(yaml, m.get("initialDedicatedNodes"), "pool.initialDedicatedNodes", 0) : 0;
            double low = m.containsKey("initialLowPriorityNodes")
                    ? whole(yaml, m.get("initialLowPriorityNodes"), "pool.initialLowPriorityNodes", 0) : 0;
            p = p.withInitialTargets(Double.isNaN(dedicated) ? 0 : dedicated, Double.isNaN(low) ? 0 : low);
            Distribution allocation = m.containsKey("allocation") ? yaml.distribution(m.get("allocation"),
                    "pool.allocation") : p.dedicatedAllocation();
            Distribution lowAllocation = m.containsKey("lowPriorityAllocation") ? yaml.distribution(
                    m.get("lowPriorityAllocation"), "pool.lowPriorityAllocation") : allocation;
            if (allocation != null && lowAllocation != null) {
                p = p.withAllocation(allocation, lowAllocation);
            }
            double rate = m.containsKey("preemptionRate") ? yaml.number(m.get("preemptionRate"), "pool.preemptionRate", 0) : 0;
            Distribution preempted = m.containsKey("preemptedFor") ? yaml.distribution(m.get("preemptedFor"),
                    "pool.preemptedFor") : p.preemptedFor();
            if (!Double.isNaN(rate) && preempted != null) {
                p = p.withPreemption(rate, preempted);
            }
            // A duration is the longest delay (each sample's uniform up to it, as --sample-delay); a map any distribution.
            Node delayNode = m.get("sampleDelay");
            Distribution delay = delayNode == null ? PoolSettings.UP_TO_A_MINUTE
                    : delayNode instanceof ScalarNode ? upTo(yaml.duration(delayNode, "pool.sampleDelay"))
                    : yaml.distribution(delayNode, "pool.sampleDelay");
            double missing = m.containsKey("missingSamples") ? yaml.number(m.get("missingSamples"), "pool.missingSamples", 0) : 0;
            if (!Double.isNaN(missing) && missing >= 1) {
                yaml.error(SimYaml.BAD_VALUE, "pool.missingSamples: a share below 1", yaml.span(m.get("missingSamples")));
            } else if (delay != null && !Double.isNaN(missing)) {
                p = p.withSamples(delay, missing);
            }
            double quota = m.containsKey("coreQuota") ? whole(yaml, m.get("coreQuota"), "pool.coreQuota", 0) : -1;
            double lowQuota = m.containsKey("lowPriorityCoreQuota")
                    ? whole(yaml, m.get("lowPriorityCoreQuota"), "pool.lowPriorityCoreQuota", 0) : -1;
            p = p.withCoreQuotas(Double.isNaN(quota) ? -1 : (int) quota, Double.isNaN(lowQuota) ? -1 : (int) lowQuota);
            if (m.containsKey("retainedData")) {
                double retained = yaml.duration(m.get("retainedData"), "pool.retainedData");
                if (!Double.isNaN(retained)) {
                    p = p.withRetainedData(retained);
                }
            }
        } catch (IllegalArgumentException e) {
            yaml.error(SimYaml.BAD_VALUE, "pool: " + e.getMessage(), yaml.span(node));
        }
        settings.pool = p;
        return settings;
    }

    private static Distribution upTo(double seconds) {
        return Double.isNaN(seconds) ? null : new Distribution.Uniform(0, seconds);
    }

    private static double whole(SimYaml yaml, Node node, String what, double min) {
        double value = yaml.number(node, what, min);
        if (!Double.isNaN(value) && value != Math.rint(value)) {
            yaml.error(SimYaml.BAD_VALUE, what + ": a whole number, not " + value, yaml.span(node));
            return Double.NaN;
        }
        return value;
    }

    private static Optional<Scenario> scenario(SimYaml yaml, Node node, FormulaText formula, Settings settings,
                                               Function<String, Optional<Source>> files, List<Diagnostic> problems,
                                               Map<String, Source> sources) {
        Map<String, Node> m = yaml.map(node, "a scenario", SCENARIO_KEYS);
        if (m == null) {
            return Optional.empty();
        }
        String name = m.containsKey("name") ? yaml.text(m.get("name"), "name") : null;
        if (name == null) {
            yaml.error(SimYaml.BAD_VALUE, "a scenario needs a name:", yaml.span(node));
            name = "(unnamed)";
        }
        double duration = m.containsKey("duration") ? yaml.duration(m.get("duration"), name + ": duration") : 86_400;
        if (!Double.isNaN(duration) && duration < Simulator.STEP) {
            yaml.error(SimYaml.BAD_VALUE, name + ": duration: at least 30s", yaml.span(m.get("duration")));
        }
        double seed = m.containsKey("seed") ? yaml.number(m.get("seed"), name + ": seed", 0) : 1;
        java.time.Instant start = null;
        if (m.containsKey("start")) {
            String text = yaml.text(m.get("start"), name + ": start");
            start = text == null ? null : io.batchform.autoscale.lang.TimeFormats.parse(text).orElse(null);
            if (text != null && start == null) {
                yaml.error(SimYaml.BAD_VALUE, name + ": start: not an ISO-8601 instant", yaml.span(m.get("start")));
            }
        }
        WorkloadReader.Definition workload = null;
        if (!m.containsKey("workload")) {
            yaml.error(SimYaml.BAD_VALUE, name + ": needs a workload: (a file, or generators)", yaml.span(node));
        } else if (m.get("workload") instanceof ScalarNode scalar) {
            Optional<Source> file = files.apply(scalar.getValue());
            if (file.isEmpty()) {
                yaml.error(SimYaml.BAD_VALUE, name + ": workload: no such file " + scalar.getValue()
                        + " (paths are relative to the test file)", yaml.span(scalar));
            } else {
                WorkloadReader.Result read = WorkloadReader.read(file.get());
                sources.putIfAbsent(file.get().name(), file.get());
                problems.addAll(read.diagnostics());
                workload = read.definition().orElse(null);
            }
        } else {
            workload = WorkloadReader.generators(yaml, m.get("workload")).orElse(null);
        }
        List<Expectation> expectations = new ArrayList<>();
        if (m.containsKey("expect")) {
            for (Node e : yaml.list(m.get("expect"), name + ": expect")) {
                expectation(yaml, e).ifPresent(expectations::add);
            }
        } else {
            yaml.error(SimYaml.BAD_VALUE, name + ": needs expect: (a list such as - maxDedicatedNodes <= 20)",
                    yaml.span(node));
        }
        for (Expectation e : expectations) {
            if (e.at() != null && !Double.isNaN(duration) && e.at() > duration) {
                yaml.error(EXPECTATION, "at " + Durations.format(e.at()) + ": after the end of the scenario (duration: "
                        + Durations.format(duration) + ")", e.span());
            }
        }
        if (formula == null || workload == null || Double.isNaN(duration) || Double.isNaN(seed)
                || settings.vmSize == null || settings.region == null) {
            return Optional.empty();
        }
        SimulationJob.Prepared prepared = SimulationJob.prepare(formula.source(), workload, settings.vmSize,
                settings.region, settings.pool, start, duration, (long) seed);
        prepared.formula().diagnostics().stream().filter(Diagnostic::isError)
                .forEach(d -> problems.add(formula.place(yaml, d)));
        for (String problem : prepared.problems()) {
            SourceSpan where = Prices.shipped().regions().contains(settings.region) ? settings.vmSizeSpan
                    : settings.regionSpan;
            problems.add(Diagnostic.error(SimYaml.BAD_VALUE, "pool: " + problem, where));
        }
        return prepared.job().map(job -> new Scenario(yaml.text(m.getOrDefault("name", node), "name") == null ? "(unnamed)"
                : yaml.text(m.get("name"), "name"), job, expectations));
    }

    private static Optional<Expectation> expectation(SimYaml yaml, Node node) {
        String text;
        if (node instanceof org.yaml.snakeyaml.nodes.MappingNode map && map.getValue().size() == 1
                && map.getValue().get(0).getKeyNode() instanceof ScalarNode key
                && map.getValue().get(0).getValueNode() instanceof ScalarNode value) {
            text = key.getValue() + ": " + value.getValue(); // "- at 2h: x == 0" is a one-entry map in YAML
        } else {
            text = yaml.text(node, "an expectation");
        }
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = EXPECT.matcher(text);
        if (!m.matches()) {
            yaml.error(EXPECTATION, "expected 'FIGURE OP VALUE' or 'at DURATION: COLUMN OP VALUE' (OP one of <= < >= > "
                    + "== !=), got '" + text + "'", yaml.span(node));
            return Optional.empty();
        }
        Double at = null;
        if (m.group(1) != null) {
            OptionalDouble seconds = Durations.seconds(m.group(1));
            if (seconds.isEmpty()) {
                yaml.error(EXPECTATION, "'" + m.group(1) + "' is not a duration such as 2h", yaml.span(node));
                return Optional.empty();
            }
            at = seconds.getAsDouble();
        }
        String metric = m.group(2);
        List<String> known = at == null ? SimulationResult.FIGURES : Timeline.COLUMNS.subList(1, Timeline.COLUMNS.size());
        if (!known.contains(metric)) {
            yaml.error(EXPECTATION, "unknown " + (at == null ? "figure" : "timeline column") + " '" + metric + "'"
                    + Suggestions.didYouMean(metric, known) + "; known: " + String.join(", ", known), yaml.span(node));
            return Optional.empty();
        }
        OptionalDouble value = SimulationResult.isDuration(metric) ? Durations.seconds(m.group(4)) : number(m.group(4));
        if (value.isEmpty()) {
            yaml.error(EXPECTATION, "'" + m.group(4) + "' is not " + (SimulationResult.isDuration(metric)
                    ? "a duration such as 30m" : "a number"), yaml.span(node));
            return Optional.empty();
        }
        return Optional.of(new Expectation(text.trim(), at, metric, m.group(3), value.getAsDouble(), yaml.span(node)));
    }

    private static OptionalDouble number(String text) {
        try {
            return OptionalDouble.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** A JUnit XML report of test files' results, as CI systems read it. */
    public static String junit(Map<String, List<ScenarioResult>> byFile, Map<String, List<String>> invalid) {
        java.util.Set<String> files = new java.util.TreeSet<>(byFile.keySet());
        files.addAll(invalid.keySet());
        long tests = byFile.values().stream().mapToLong(List::size).sum() + invalid.size();
        long failuresInAll = byFile.values().stream().flatMap(List::stream).filter(r -> !r.passed()).count();
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"")
                .append(tests).append("\" failures=\"").append(failuresInAll).append("\" errors=\"")
                .append(invalid.size()).append("\">\n");
        for (String file : files) {
            List<ScenarioResult> results = byFile.getOrDefault(file, List.of());
            List<String> problems = invalid.getOrDefault(file, List.of());
            long failures = results.stream().filter(r -> !r.passed()).count();
            out.append("  <testsuite name=\"").append(xml(file)).append("\" tests=\"")
                    .append(results.size() + (problems.isEmpty() ? 0 : 1)).append("\" failures=\"").append(failures)
                    .append("\" errors=\"").append(problems.isEmpty() ? 0 : 1).append("\">\n");
            if (!problems.isEmpty()) {
                out.append("    <testcase name=\"load\" classname=\"").append(xml(file)).append("\">\n")
                        .append("      <error message=\"the test file is invalid\">").append(xml(String.join("\n", problems)))
                        .append("</error>\n    </testcase>\n");
            }
            for (ScenarioResult result : results) {
                out.append("    <testcase name=\"").append(xml(result.name())).append("\" classname=\"").append(xml(file))
                        .append("\" time=\"").append(String.format(java.util.Locale.ROOT, "%.3f", result.seconds()))
                        .append("\"");
                List<Checked> failed = result.checks().stream().filter(c -> !c.passed()).toList();
                if (failed.isEmpty()) {
                    out.append("/>\n");
                } else {
                    out.append(">\n      <failure message=\"").append(xml(failed.size() + " expectation"
                            + (failed.size() == 1 ? "" : "s") + " failed")).append("\">");
                    out.append(xml(String.join("\n", failed.stream().map(Checked::describe).toList())));
                    out.append("</failure>\n    </testcase>\n");
                }
            }
            out.append("  </testsuite>\n");
        }
        return out.append("</testsuites>\n").toString();
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
