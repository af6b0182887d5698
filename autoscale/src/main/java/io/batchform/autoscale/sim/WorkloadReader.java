package io.batchform.autoscale.sim;

import io.batchform.autoscale.lang.TimeFormats;
import io.batchform.autoscale.source.Diagnostic;
import io.batchform.autoscale.source.Source;
import io.batchform.autoscale.source.SourceSpan;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads workloads. A CSV trace has the header {@code time,duration,count}: time in seconds from the start or an
 * ISO-8601 instant, duration in seconds (or {@code 5m}), count optional (default 1). A YAML file lists seeded
 * generators whose tasks are summed:
 * <pre>
 * start: 2025-01-06T00:00:00Z      # optional: what time() reads at the start (default: a Monday, 00:00 UTC)
 * generators:
 *   - {type: constant, rate: 1000, duration: 5m}                 # tasks per hour, evenly spaced
 *   - {type: poisson, rate: 200, duration: {distribution: lognormal, median: 4m, sigma: 0.5}}
 *   - {type: diurnal, peak: 600, trough: 50, peakHour: 14, duration: 10m}
 *   - {type: weekday, weekdays: 300, weekend: 20, duration: 5m}
 *   - {type: burst, at: 2h, count: 500, duration: 3m, every: 1d}
 * </pre>
 * {@code from} and {@code until} limit any generator in time. Codes: {@value #CSV} for CSV problems, and
 * {@link SimYaml}'s for YAML ones.
 */
public final class WorkloadReader {
    static final String CSV = "S005";
    /** The default start: Monday 6 January 2025, 00:00 UTC (so time-of-day formulas read a known clock). */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-06T00:00:00Z");
    private static final List<String> TYPES = List.of("constant", "poisson", "diurnal", "weekday", "burst");
    private static final List<String> GENERATOR_KEYS = List.of("type", "rate", "duration", "from", "until", "peak",
            "trough", "peakHour", "weekdays", "weekend", "at", "count", "every");

    private WorkloadReader() {
    }

    /** A workload source: a fixed trace, or generators drawn for a horizon and a seed. */
    public sealed interface Definition {
        /** The tasks submitted in {@code [0, horizon)} seconds. */
        Workload workload(double horizonSeconds, long seed);

        Optional<Instant> start();
    }

    record Trace(Workload trace) implements Definition {
        @Override
        public Workload workload(double horizonSeconds, long seed) {
            int n = 0;
            while (n < trace.size() && trace.times()[n] < horizonSeconds) {
                n++;
            }
            return new Workload(java.util.Arrays.copyOf(trace.times(), n), java.util.Arrays.copyOf(trace.durations(), n),
                    java.util.Arrays.copyOf(trace.counts(), n),
                    trace.slots() == null ? null : java.util.Arrays.copyOf(trace.slots(), n),
                    trace.instances() == null ? null : java.util.Arrays.copyOf(trace.instances(), n), trace.start());
        }

        @Override
        public Optional<Instant> start() {
            return trace.start();
        }
    }

    /** One generator: what it makes, between {@code from} and {@code until} seconds. */
    sealed interface Generator {
        void generate(double from, double until, Instant start, SplittableRandom random, Builder out);
    }

    record Generators(List<Limited> generators, Optional<Instant> start) implements Definition {
        @Override
        public Workload workload(double horizonSeconds, long seed) {
            Builder out = new Builder();
            SplittableRandom root = new SplittableRandom(seed);
            Instant at = start.orElse(DEFAULT_START);
            for (Limited limited : generators) {
                SplittableRandom random = root.split(); // one stream per generator: adding one leaves the others alone
                double until = Math.min(horizonSeconds, limited.until());
                limited.generator().generate(limited.from(), until, at, random, out);
            }
            return out.build(start);
        }
    }

    record Limited(Generator generator, double from, double until) {
    }

    record Constant(double perHour, Distribution duration) implements Generator {
        @Override
        public void generate(double from, double until, Instant start, SplittableRandom random, Builder out) {
            if (perHour <= 0) {
                return;
            }
            double gap = 3600 / perHour;
            for (double t = from; t < until; t += gap) {
                out.add(t, duration.sample(random), 1);
            }
        }
    }

    /** A Poisson process whose rate (tasks per hour) may follow the clock. */
    record Poisson(RateCurve rate, double maxPerHour, Distribution duration) implements Generator {
        @Override
        public void generate(double from, double until, Instant start, SplittableRandom random, Builder out) {
            if (maxPerHour <= 0) {
                return;
            }
            double t = from;
            while (true) {
                t += -Math.log(1 - random.nextDouble()) * 3600 / maxPerHour; // thinning: candidates at the peak rate
                if (t >= until) {
                    return;
                }
                if (random.nextDouble() * maxPerHour <= rate.perHour(start.plusMillis((long) (t * 1000)))) {
                    out.add(t, duration.sample(random), 1);
                }
            }
        }
    }

    interface RateCurve {
        double perHour(Instant at);
    }

    record Burst(double at, int count, double every, Distribution duration) implements Generator {
        @Override
        public void generate(double from, double until, Instant start, SplittableRandom random, Builder out) {
            for (double t = at; t < until; t += every > 0 ? every : Double.POSITIVE_INFINITY) {
                if (t >= from) {
                    for (int i = 0; i < count; i++) {
                        out.add(t, duration.sample(random), 1);
                    }
                }
            }
        }
    }

    /** Collects submissions, then sorts them; used once (build gives its arrays away as it trims them). */
    static final class Builder {
        private double[] times = new double[1024];
        private double[] durations = new double[1024];
        private int[] counts = new int[1024];
        private int[] slots; // only once a task needs more than 1 slot
        private int[] instances; // only once a task is multi-instance
        private int size;

        void add(double time, double duration, int count) {
            add(time, duration, count, 1);
        }

        void add(double time, double duration, int count, int requiredSlots) {
            add(time, duration, count, requiredSlots, 1);
        }

        void add(double time, double duration, int count, int requiredSlots, int nodes) {
            if (size == times.length) {
                int grown = size + (size >> 1); // by half: a year of submissions is millions of them
                times = java.util.Arrays.copyOf(times, grown);
                durations = java.util.Arrays.copyOf(durations, grown);
                counts = java.util.Arrays.copyOf(counts, grown);
                slots = slots == null ? null : java.util.Arrays.copyOf(slots, grown);
                instances = instances == null ? null : java.util.Arrays.copyOf(instances, grown);
            }
            if (nodes != 1 && instances == null) {
                instances = new int[times.length];
                java.util.Arrays.fill(instances, 0, size, 1);
            }
            if (instances != null) {
                instances[size] = nodes;
            }
            if (requiredSlots != 1 && slots == null) {
                slots = new int[times.length];
                java.util.Arrays.fill(slots, 0, size, 1);
            }
            if (slots != null) {
                slots[size] = requiredSlots;
            }
            times[size] = time;
            durations[size] = duration;
            counts[size] = count;
            size++;
        }

        Workload build(Optional<Instant> start) {
            double[] t = java.util.Arrays.copyOf(times, size);
            times = null;
            double[] d = java.util.Arrays.copyOf(durations, size);
            durations = null;
            int[] c = java.util.Arrays.copyOf(counts, size);
            counts = null;
            int[] r = slots == null ? null : java.util.Arrays.copyOf(slots, size);
            slots = null;
            int[] m = instances == null ? null : java.util.Arrays.copyOf(instances, size);
            instances = null;
            return Workload.sorted(t, d, c, r, m, start);
        }
    }

    /** The workload, or none with errors; by the file name's extension (.csv, else YAML). */
    public record Result(Optional<Definition> definition, List<Diagnostic> diagnostics) {
    }

    public static Result read(Source source) {
        String name = source.name().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".csv") ? csv(source) : name.endsWith(".swf") ? SwfReader.read(source) : yaml(source);
    }

    /**
     * Reads a workload file by its name: {@code .csv}, {@code .swf} (Standard Workload Format) or YAML, any of them
     * gzipped ({@code .gz}), as the Parallel Workloads Archive ships its traces.
     */
    public static Result read(java.nio.file.Path file) throws java.io.IOException {
        String name = file.toString();
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
            name = name.substring(0, name.length() - 3);
        }
        return read(new Source(name, new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
    }

    // ---- CSV ------------------------------------------------------------------------------------------------

    static Result csv(Source source) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        String[] lines = source.text().split("\n", -1);
        int offset = 0;
        Builder out = new Builder();
        Instant first = null;
        List<Object[]> rows = new ArrayList<>(); // time as Double or Instant, with line offset
        int[] columns = null;
        for (int number = 0; number < lines.length; number++) {
            String line = lines[number].endsWith("\r") ? lines[number].substring(0, lines[number].length() - 1) : lines[number];
            int lineStart = offset;
            offset += lines[number].length() + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (columns == null) {
                columns = header(source, cells, lineStart, line, diagnostics);
                if (columns == null) {
                    break;
                }
                continue;
            }
            int[] cellStarts = new int[cells.length];
            for (int i = 1; i < cells.length; i++) {
                cellStarts[i] = cellStarts[i - 1] + cells[i - 1].length() + 1;
            }
            java.util.function.IntFunction<SourceSpan> spanOf = i -> source.span(lineStart + cellStarts[i],
                    lineStart + cellStarts[i] + cells[i].length());
            if (cells.length > 5 || cells.length < 2) {
                diagnostics.add(Diagnostic.error(CSV, "expected time,duration[,count[,slots[,nodes]]], got " + cells.length
                        + " values",
                        source.span(lineStart, lineStart + line.length())));
                continue;
            }
            String time = cell(cells, columns[0]);
            Object when;
            if (time.matches("\\d+(\\.\\d+)?")) {
                when = Double.parseDouble(time);
            } else {
                Optional<Instant> instant = TimeFormats.parse(time);
                if (instant.isPresent()) {
                    when = instant.get();
                    first = first == null || instant.get().isBefore(first) ? instant.get() : first;
                } else {
                    diagnostics.add(Diagnostic.error(CSV, "time: '" + time + "' is neither seconds from the start nor an "
                            + "ISO-8601 instant such as 2025-01-06T09:00:00Z", spanOf.apply(columns[0])));
                    continue;
                }
            }
            java.util.OptionalDouble duration = Durations.parse(cell(cells, columns[1]));
            if (duration.isEmpty()) {
                diagnostics.add(Diagnostic.error(CSV, "duration: '" + cell(cells, columns[1]) + "' is not a duration in "
                        + "seconds (or 90s, 5m, 2h)", spanOf.apply(columns[1])));
                continue;
            }
            int count = 1;
            if (columns[2] >= 0 && columns[2] < cells.length && !cells[columns[2]].isBlank()) {
                try {
                    count = Integer.parseInt(cells[columns[2]].trim());
                    if (count < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    diagnostics.add(Diagnostic.error(CSV, "count: '" + cells[columns[2]].trim() + "' is not a whole number "
                            + "of tasks", spanOf.apply(columns[2])));
                    continue;
                }
            }
            int slots = 1;
            if (columns[3] >= 0 && columns[3] < cells.length && !cells[columns[3]].isBlank()) {
                try {
                    slots = Integer.parseInt(cells[columns[3]].trim());
                    if (slots < 1) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    diagnostics.add(Diagnostic.error(CSV, "slots: '" + cells[columns[3]].trim() + "' is not a whole "
                            + "number of task slots (1 or more: the task's requiredSlots)", spanOf.apply(columns[3])));
                    continue;
                }
            }
            int nodes = 1;
            if (columns[4] >= 0 && columns[4] < cells.length && !cells[columns[4]].isBlank()) {
                try {
                    nodes = Integer.parseInt(cells[columns[4]].trim());
                    if (nodes < 1) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    diagnostics.add(Diagnostic.error(CSV, "nodes: '" + cells[columns[4]].trim() + "' is not a whole "
                            + "number of nodes (1 or more: a multi-instance task's instances)", spanOf.apply(columns[4])));
                    continue;
                }
                if (nodes > 1 && slots > 1) {
                    diagnostics.add(Diagnostic.error(CSV, "a multi-instance task takes 1 slot on each of its nodes: "
                            + "slots must be 1 when nodes is " + nodes, spanOf.apply(columns[3])));
                    continue;
                }
            }
            rows.add(new Object[] {when, duration.getAsDouble(), count, lineStart, line.length(), slots, nodes});
        }
        if (columns == null && diagnostics.isEmpty()) {
            diagnostics.add(Diagnostic.error(CSV, "the trace is empty: expected the header time,duration,count",
                    SourceSpan.NONE));
        }
        for (Object[] row : rows) {
            double seconds;
            if (row[0] instanceof Instant instant) {
                seconds = (instant.toEpochMilli() - first.toEpochMilli()) / 1000.0;
            } else {
                seconds = (Double) row[0];
                if (first != null) {
                    diagnostics.add(Diagnostic.error(CSV, "time: mixes seconds and ISO-8601 instants; use one kind",
                            source.span((Integer) row[3], (Integer) row[3] + (Integer) row[4])));
                    break;
                }
            }
            out.add(seconds, (Double) row[1], (Integer) row[2], (Integer) row[5], (Integer) row[6]);
        }
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new Result(Optional.empty(), diagnostics);
        }
        return new Result(Optional.of(new Trace(out.build(Optional.ofNullable(first)))), diagnostics);
    }

    private static String cell(String[] cells, int index) {
        return index < cells.length ? cells[index].trim() : "";
    }

    /** Column indexes of time, duration, count (-1 when absent). */
    private static int[] header(Source source, String[] cells, int lineStart, String line, List<Diagnostic> diagnostics) {
        int[] columns = {-1, -1, -1, -1, -1};
        List<String> names = List.of("time", "duration", "count", "slots", "nodes");
        for (int i = 0; i < cells.length; i++) {
            int index = names.indexOf(cells[i].trim());
            if (index < 0) {
                diagnostics.add(Diagnostic.error(CSV, "the header must be time,duration,count,slots,nodes (the last "
                        + "three optional); unknown column '" + cells[i].trim() + "'" + io.batchform.autoscale.lang.Suggestions.didYouMean(
                        cells[i].trim(), names), source.span(lineStart, lineStart + line.length())));
                return null;
            }
            columns[index] = i;
        }
        if (columns[0] < 0 || columns[1] < 0) {
            diagnostics.add(Diagnostic.error(CSV, "the header must name time and duration (count optional)",
                    source.span(lineStart, lineStart + line.length())));
            return null;
        }
        return columns;
    }

    // ---- YAML -----------------------------------------------------------------------------------------------

    static Result yaml(Source source) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        SimYaml yaml = new SimYaml(source, diagnostics);
        Optional<Definition> definition = yaml.root().flatMap(root -> generators(yaml, root));
        diagnostics.sort(java.util.Comparator.comparingInt(d -> d.span().startOffset()));
        boolean failed = diagnostics.stream().anyMatch(Diagnostic::isError);
        return new Result(failed ? Optional.empty() : definition, diagnostics);
    }

    /** Generators from a node: a map with {@code start} and {@code generators}, or a list of generators. */
    static Optional<Definition> generators(SimYaml yaml, Node root) {
        Optional<Instant> start = Optional.empty();
        Node list = root;
        if (!(root instanceof org.yaml.snakeyaml.nodes.SequenceNode)) {
            Map<String, Node> top = yaml.map(root, "the workload", List.of("start", "generators"));
            if (top == null) {
                return Optional.empty();
            }
            if (top.containsKey("start")) {
                String text = yaml.text(top.get("start"), "start");
                start = text == null ? Optional.empty() : TimeFormats.parse(text);
                if (text != null && start.isEmpty()) {
                    yaml.error(SimYaml.BAD_VALUE, "start: '" + text + "' is not an ISO-8601 instant such as "
                            + "2025-01-06T00:00:00Z", yaml.span(top.get("start")));
                }
            }
            list = top.get("generators");
            if (list == null) {
                yaml.error(SimYaml.BAD_VALUE, "the workload: needs generators:", yaml.span(root));
                return Optional.empty();
            }
        }
        List<Limited> generators = new ArrayList<>();
        for (Node node : yaml.list(list, "generators")) {
            Limited generator = generator(yaml, node);
            if (generator != null) {
                generators.add(generator);
            }
        }
        return Optional.of(new Generators(generators, start));
    }

    private static Limited generator(SimYaml yaml, Node node) {
        Map<String, Node> m = yaml.map(node, "a generator", GENERATOR_KEYS);
        if (m == null) {
            return null;
        }
        Node typeNode = m.get("type");
        String type = typeNode == null ? null : yaml.text(typeNode, "type");
        if (type == null || !TYPES.contains(type)) {
            yaml.error(SimYaml.BAD_VALUE, "a generator needs a type: one of " + String.join(", ", TYPES)
                    + (type == null ? "" : io.batchform.autoscale.lang.Suggestions.didYouMean(type, TYPES)),
                    yaml.span(typeNode == null ? node : typeNode));
            return null;
        }
        double from = m.containsKey("from") ? yaml.duration(m.get("from"), type + ".from") : 0;
        double until = m.containsKey("until") ? yaml.duration(m.get("until"), type + ".until") : Double.POSITIVE_INFINITY;
        Distribution duration = m.containsKey("duration") ? yaml.distribution(m.get("duration"), type + ".duration") : null;
        if (!m.containsKey("duration")) {
            yaml.error(SimYaml.BAD_VALUE, type + ": needs duration: how long each task runs (5m, or a distribution)",
                    yaml.span(node));
        }
        Generator generator = switch (type) {
            case "constant" -> new Constant(need(yaml, m, node, type, "rate"), duration);
            case "poisson" -> {
                double rate = need(yaml, m, node, type, "rate");
                yield new Poisson(at -> rate, rate, duration);
            }
            case "diurnal" -> {
                double peak = need(yaml, m, node, type, "peak");
                double trough = m.containsKey("trough") ? yaml.number(m.get("trough"), "diurnal.trough", 0) : 0;
                double peakHour = m.containsKey("peakHour") ? yaml.number(m.get("peakHour"), "diurnal.peakHour", 0) : 14;
                yield new Poisson(at -> {
                    ZonedDateTime t = at.atZone(ZoneOffset.UTC);
                    double hour = t.getHour() + t.getMinute() / 60.0;
                    return trough + (peak - trough) * (1 + Math.cos(2 * Math.PI * (hour - peakHour) / 24)) / 2;
                }, Math.max(peak, trough), duration);
            }
            case "weekday" -> {
                double weekdays = need(yaml, m, node, type, "weekdays");
                double weekend = m.containsKey("weekend") ? yaml.number(m.get("weekend"), "weekday.weekend", 0) : 0;
                yield new Poisson(at -> at.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() >= 6 ? weekend : weekdays,
                        Math.max(weekdays, weekend), duration);
            }
            default -> {
                double at = m.containsKey("at") ? yaml.duration(m.get("at"), "burst.at") : 0;
                double count = need(yaml, m, node, type, "count");
                double every = m.containsKey("every") ? yaml.duration(m.get("every"), "burst.every") : 0;
                yield Double.isNaN(count) ? null : new Burst(at, (int) count, every, duration);
            }
        };
        if (generator == null || duration == null || Double.isNaN(from) || Double.isNaN(until)) {
            return null;
        }
        return new Limited(generator, from, until);
    }

    private static double need(SimYaml yaml, Map<String, Node> m, Node node, String type, String key) {
        if (!m.containsKey(key)) {
            yaml.error(SimYaml.BAD_VALUE, type + ": needs " + key + (key.equals("rate") ? " (tasks per hour)" : ""),
                    yaml.span(node));
            return Double.NaN;
        }
        return yaml.number(m.get(key), type + "." + key, 0);
    }
}
