package io.batchform.autoscale.sim;

import io.batchform.autoscale.lang.TimeFormats;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.source.SourceFiles;
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
 * Reads workloads: a CSV trace ({@link CsvReader}), a Standard Workload Format trace ({@link SwfReader}), or a YAML
 * file of seeded generators whose tasks are summed:
 * <pre>
 * start: 2025-01-06T00:00:00Z      # optional: what time() reads at the start (default: a Monday, 00:00 UTC)
 * generators:
 *   - {type: constant, rate: 1000, duration: 5m}                 # tasks per hour, evenly spaced
 *   - {type: poisson, rate: 200, duration: {distribution: lognormal, median: 4m, sigma: 0.5}}
 *   - {type: diurnal, peak: 600, trough: 50, peakHour: 14, duration: 10m}
 *   - {type: weekday, weekdays: 300, weekend: 20, duration: 5m}
 *   - {type: burst, at: 2h, count: 500, duration: 3m, every: 1d}
 * </pre>
 * {@code from} and {@code until} limit any generator in time; {@code slots} (each task's requiredSlots) or
 * {@code nodes} (a multi-instance task's instances) say what its tasks need, 1 by default. Codes: {@value #CSV} for CSV problems, and
 * {@link SimYaml}'s for YAML ones.
 */
public final class WorkloadReader {
    static final String CSV = "S005";
    /** The default start: Monday 6 January 2025, 00:00 UTC (so time-of-day formulas read a known clock). */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-06T00:00:00Z");
    private static final List<String> TYPES = List.of("constant", "poisson", "diurnal", "weekday", "burst");
    private static final List<String> GENERATOR_KEYS = List.of("type", "rate", "duration", "from", "until", "peak",
            "trough", "peakHour", "weekdays", "weekend", "at", "count", "every", "slots", "nodes");

    private WorkloadReader() {
    }

    /** A workload source: a fixed trace, or generators drawn for a horizon and a seed. */
    public sealed interface Definition {
        /** The tasks submitted in {@code [0, horizon)} seconds. */
        Workload workload(double horizonSeconds, long seed);

        /**
         * The same tasks in chunks, each sorted and later than the one before, drawn as they are asked for: a long
         * run holds one chunk at a time. A trace is one chunk (it is in memory already); generators are drawn a
         * week at a time, each continuing its own random stream, so a run of a week or less gets exactly the tasks
         * {@link #workload} gives.
         */
        default java.util.Iterator<Workload> chunks(double horizonSeconds, long seed) {
            return List.of(workload(horizonSeconds, seed)).iterator();
        }

        Optional<Instant> start();
    }

    /** A fixed trace as a workload source (a spec's job schedules' runs, for {@code simulate --schedules}). */
    public static Definition trace(Workload workload) {
        return new Trace(workload);
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

        /** As {@link #generate}, for a generator that began at {@code origin} (a chunk of it: its phase holds). */
        default void generate(double origin, double from, double until, Instant start, SplittableRandom random,
                              Builder out) {
            generate(from, until, start, random, out);
        }
    }

    /** A week: generators are drawn this much at a time. */
    static final double CHUNK_SECONDS = 7 * 86_400;

    record Generators(List<Limited> generators, Optional<Instant> start) implements Definition {
        @Override
        public Workload workload(double horizonSeconds, long seed) {
            Builder out = new Builder();
            SplittableRandom root = new SplittableRandom(seed);
            Instant at = start.orElse(DEFAULT_START);
            for (Limited limited : generators) {
                SplittableRandom random = root.split(); // one stream per generator: adding one leaves the others alone
                double until = Math.min(horizonSeconds, limited.until());
                out.tasksNeed(limited.slots(), limited.nodes());
                limited.generator().generate(limited.from(), until, at, random, out);
            }
            return out.build(start);
        }

        @Override
        public java.util.Iterator<Workload> chunks(double horizonSeconds, long seed) {
            SplittableRandom root = new SplittableRandom(seed);
            List<SplittableRandom> randoms = new ArrayList<>();
            for (int i = 0; i < generators.size(); i++) {
                randoms.add(root.split());
            }
            Instant at = start.orElse(DEFAULT_START);
            return new java.util.Iterator<>() {
                private double from;

                @Override
                public boolean hasNext() {
                    return from < horizonSeconds;
                }

                @Override
                public Workload next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    double until = Math.min(horizonSeconds, from + CHUNK_SECONDS);
                    Builder out = new Builder();
                    for (int i = 0; i < generators.size(); i++) {
                        Limited limited = generators.get(i);
                        double begin = Math.max(from, limited.from());
                        double end = Math.min(until, limited.until());
                        if (begin < end) {
                            out.tasksNeed(limited.slots(), limited.nodes());
                            limited.generator().generate(limited.from(), begin, end, at, randoms.get(i), out);
                        }
                    }
                    from = until;
                    return out.build(start);
                }
            };
        }
    }

    /** A generator between two times, whose tasks need {@code slots} slots, or run on {@code nodes} nodes. */
    record Limited(Generator generator, double from, double until, int slots, int nodes) {
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

        @Override
        public void generate(double origin, double from, double until, Instant start, SplittableRandom random,
                             Builder out) {
            if (perHour <= 0 || from <= origin) {
                generate(from, until, start, random, out);
                return;
            }
            double gap = 3600 / perHour;
            for (long i = (long) Math.ceil((from - origin) / gap); origin + i * gap < until; i++) {
                if (origin + i * gap >= from) {
                    out.add(origin + i * gap, duration.sample(random), 1);
                }
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
            burstsFrom(at, from, until, random, out);
        }

        @Override
        public void generate(double origin, double from, double until, Instant start, SplittableRandom random,
                             Builder out) {
            double first = at;
            if (from > origin && every > 0 && from > at) { // a later chunk: skip to about its first burst
                first = at + Math.max(0, Math.floor((from - at) / every) - 1) * every;
            }
            burstsFrom(first, from, until, random, out);
        }

        private void burstsFrom(double first, double from, double until, SplittableRandom random, Builder out) {
            for (double t = first; t < until; t += every > 0 ? every : Double.POSITIVE_INFINITY) {
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
        private int defaultSlots = 1;
        private int defaultNodes = 1;

        /** What the tasks added without saying need, from now on (a generator's slots and nodes). */
        void tasksNeed(int requiredSlots, int nodes) {
            defaultSlots = requiredSlots;
            defaultNodes = nodes;
        }

        void add(double time, double duration, int count) {
            add(time, duration, count, defaultSlots, defaultNodes);
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

    /** Reads a workload by its source's name: {@code .csv}, {@code .swf}, else YAML; a {@code .gz} suffix is skipped. */
    /** The most text a workload file may hold once unpacked; the command line reads workloads with the same bound. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    public static Result read(Source source) {
        String name = source.name().toLowerCase(java.util.Locale.ROOT);
        name = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return name.endsWith(".csv") ? CsvReader.read(source) : name.endsWith(".swf") ? SwfReader.read(source) : yaml(source);
    }

    /**
     * Reads a workload file by its name: {@code .csv}, {@code .swf} (Standard Workload Format) or YAML, any of them
     * gzipped ({@code .gz}), as the Parallel Workloads Archive ships its traces.
     */
    public static Result read(java.nio.file.Path file) throws java.io.IOException {
        return read(SourceFiles.readMaybeGzipped(file, MAX_FILE_BYTES));
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
        List<Node> nodes = yaml.list(list, "generators");
        if (nodes.size() > io.batchform.autoscale.lang.InputLimits.MAX_GENERATORS) {
            yaml.error(SimYaml.BAD_VALUE, "more than " + io.batchform.autoscale.lang.InputLimits.MAX_GENERATORS
                    + " generators", yaml.span(nodes.get(io.batchform.autoscale.lang.InputLimits.MAX_GENERATORS)));
            return Optional.empty();
        }
        for (Node node : nodes) {
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
                    + (type == null ? "" : io.batchform.source.Suggestions.didYouMean(type, TYPES)),
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
        int slots = m.containsKey("slots") ? whole(yaml, m.get("slots"), type + ".slots") : 1;
        int nodes = m.containsKey("nodes") ? whole(yaml, m.get("nodes"), type + ".nodes") : 1;
        if (slots > 1 && nodes > 1) {
            yaml.error(SimYaml.BAD_VALUE, type + ": a multi-instance task takes 1 slot on each of its nodes: slots must "
                    + "be 1 when nodes is " + nodes, yaml.span(m.get("slots")));
            return null;
        }
        if (generator == null || duration == null || Double.isNaN(from) || Double.isNaN(until) || slots < 1
                || nodes < 1) {
            return null;
        }
        double rate = generator instanceof Constant c ? c.perHour() : generator instanceof Poisson p ? p.maxPerHour() : 0;
        if (rate > io.batchform.autoscale.lang.InputLimits.MAX_RATE || generator instanceof Burst b
                && b.count() > io.batchform.autoscale.lang.InputLimits.MAX_COUNT) {
            yaml.error(SimYaml.BAD_VALUE, type + ": at most " + String.valueOf((long) io.batchform.autoscale.lang.InputLimits
                    .MAX_RATE) + " tasks an hour, and " + String.valueOf((long) io.batchform.autoscale.lang.InputLimits.MAX_COUNT)
                    + " tasks a burst", yaml.span(node));
            return null;
        }
        return new Limited(generator, from, until, slots, nodes);
    }

    /** A whole number of at least 1 (slots, nodes); 0 after reporting a problem. */
    private static int whole(SimYaml yaml, Node node, String what) {
        double value = yaml.number(node, what, 1);
        if (Double.isNaN(value)) {
            return 0;
        }
        if (value != Math.rint(value)) {
            yaml.error(SimYaml.BAD_VALUE, what + ": a whole number, 1 or more", yaml.span(node));
            return 0;
        }
        return (int) value;
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
