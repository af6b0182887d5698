package io.batchform.autoscale.eval;

import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.autoscale.lang.SystemVariable;
import io.batchform.autoscale.lang.TimeFormats;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import io.batchform.autoscale.lang.InputLimits;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads an evaluation context file (all keys optional):
 * <pre>
 * time: 2025-04-24T11:34:37.971Z     # evaluation time (default: now)
 * pool: {targetDedicatedNodes: 1, targetLowPriorityNodes: 0, currentDedicatedNodes: 1,
 *        currentLowPriorityNodes: 0, taskSlotsPerNode: 1, nodeDeallocationOption: requeue}
 * metrics:                           # one sample per 30 s, oldest first; null = missing
 *   $ActiveTasks: [0, 0, null, 0]
 * implicitSamplePercent: 70          # what GetSample(window) without a percentage requires
 * seed: 1                            # seed of rand()
 * </pre>
 * Every problem is a diagnostic at the file's line and column; several are reported in one pass.
 */
public final class ContextLoader {
    /** Codes of context diagnostics. */
    public static final String YAML = "C001";
    public static final String UNKNOWN_KEY = "C002";
    public static final String WRONG_TYPE = "C003";
    public static final String UNKNOWN_METRIC = "C004";
    public static final String BAD_VALUE = "C005";

    private static final List<String> TOP_KEYS = List.of("time", "pool", "metrics", "implicitSamplePercent", "seed");
    private static final List<String> POOL_KEYS = List.of("targetDedicatedNodes", "targetLowPriorityNodes",
            "currentDedicatedNodes", "currentLowPriorityNodes", "taskSlotsPerNode", "nodeDeallocationOption");

    private final Source source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private ContextLoader(Source source) {
        this.source = source;
    }

    /** The loaded context, or none when there were errors; and the diagnostics. */
    public record Result(Optional<EvaluationContext> context, List<Diagnostic> diagnostics) {
    }

    /** Loads a context; {@code now} is the time used when the file gives none. */
    public static Result load(Source source, Instant now) {
        ContextLoader loader = new ContextLoader(source);
        EvaluationContext context = loader.read(now);
        boolean failed = loader.diagnostics.stream().anyMatch(Diagnostic::isError);
        return new Result(failed ? Optional.empty() : Optional.of(context), List.copyOf(loader.diagnostics));
    }

    private EvaluationContext read(Instant now) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            options.setCodePointLimit(10 * 1024 * 1024);
            root = new Yaml(options).compose(new StringReader(source.text()));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            error(YAML, "not valid YAML: " + e.getProblem(), mark);
            return null;
        } catch (YAMLException e) {
            diagnostics.add(Diagnostic.error(YAML, "not valid YAML: " + e.getMessage(), source.span(0, 0)));
            return null;
        }
        Instant time = now;
        PoolValues pool = new PoolValues();
        List<MetricEntry> metrics = new ArrayList<>();
        double implicit = EvaluationContext.DEFAULT_IMPLICIT_SAMPLE_PERCENT;
        long seed = 0;
        if (root != null) {
            MappingNode top = mapping(root, "the context");
            if (top != null) {
                for (NodeTuple entry : top.getValue()) {
                    String key = key(entry, TOP_KEYS);
                    if (key == null) {
                        continue;
                    }
                    Node value = entry.getValueNode();
                    switch (key) {
                        case "time" -> {
                            Instant parsed = time(value);
                            time = parsed == null ? time : parsed;
                        }
                        case "pool" -> pool(value, pool);
                        case "metrics" -> metrics(value, metrics);
                        case "implicitSamplePercent" -> {
                            Double percent = number(value);
                            if (percent != null && (percent < 0 || percent > 100)) {
                                error(BAD_VALUE, "a sample percentage is between 0 and 100", value.getStartMark());
                            } else if (percent != null) {
                                implicit = percent;
                            }
                        }
                        case "seed" -> {
                            Double n = number(value);
                            seed = n == null ? 0 : n.longValue();
                        }
                        default -> throw new IllegalStateException(key);
                    }
                }
            }
        }
        EvaluationContext context = new EvaluationContext(time, pool.toState())
                .implicitSamplePercent(implicit).random(new SplittableRandom(seed));
        for (MetricEntry metric : metrics) {
            context.metric(metric.variable(), MetricHistory.of(metric.samples()));
        }
        return context;
    }

    private record MetricEntry(SystemVariable variable, List<Double> samples) {
    }

    private static final class PoolValues {
        double targetDedicated;
        double targetLowPriority;
        double currentDedicated;
        double currentLowPriority;
        double taskSlots = 1;
        DeallocationOption option = DeallocationOption.REQUEUE;

        PoolState toState() {
            return new PoolState(targetDedicated, targetLowPriority, currentDedicated, currentLowPriority, taskSlots,
                    option);
        }
    }

    private void pool(Node node, PoolValues pool) {
        MappingNode mapping = mapping(node, "pool");
        if (mapping == null) {
            return;
        }
        for (NodeTuple entry : mapping.getValue()) {
            String key = key(entry, POOL_KEYS);
            if (key == null) {
                continue;
            }
            Node value = entry.getValueNode();
            if (key.equals("nodeDeallocationOption")) {
                String text = scalar(value, "a deallocation option");
                if (text != null) {
                    var option = DeallocationOption.byKeyword(text);
                    if (option.isEmpty()) {
                        error(BAD_VALUE, "nodeDeallocationOption is one of requeue, terminate, taskcompletion, "
                                + "retaineddata; got '" + text + "'", value.getStartMark());
                    } else {
                        pool.option = option.get();
                    }
                }
                continue;
            }
            Double n = number(value);
            if (n == null) {
                continue;
            }
            if (n < 0) {
                error(BAD_VALUE, key + " cannot be negative", value.getStartMark());
                continue;
            }
            switch (key) {
                case "targetDedicatedNodes" -> pool.targetDedicated = n;
                case "targetLowPriorityNodes" -> pool.targetLowPriority = n;
                case "currentDedicatedNodes" -> pool.currentDedicated = n;
                case "currentLowPriorityNodes" -> pool.currentLowPriority = n;
                case "taskSlotsPerNode" -> pool.taskSlots = n;
                default -> throw new IllegalStateException(key);
            }
        }
    }

    private void metrics(Node node, List<MetricEntry> metrics) {
        MappingNode mapping = mapping(node, "metrics");
        if (mapping == null) {
            return;
        }
        for (NodeTuple entry : mapping.getValue()) {
            String name = scalar(entry.getKeyNode(), "a metric name");
            if (name == null) {
                continue;
            }
            var variable = SystemVariable.byName(name).filter(v -> v.kind() == SystemVariable.Kind.SAMPLED);
            if (variable.isEmpty()) {
                List<String> sampled = Arrays.stream(SystemVariable.values())
                        .filter(v -> v.kind() == SystemVariable.Kind.SAMPLED).map(SystemVariable::variableName).toList();
                String hint = SystemVariable.byName(name).isPresent() ? " (it is not sampled: set it under pool:)"
                        : Suggestions.didYouMean(name, sampled);
                error(UNKNOWN_METRIC, "unknown metric '" + name + "'" + hint, entry.getKeyNode().getStartMark());
                continue;
            }
            if (!(entry.getValueNode() instanceof SequenceNode sequence)) {
                error(WRONG_TYPE, "expected a list of samples (numbers or null), oldest first",
                        entry.getValueNode().getStartMark());
                continue;
            }
            List<Double> samples = new ArrayList<>();
            if (sequence.getValue().size() > InputLimits.MAX_SAMPLES) {
                error(WRONG_TYPE, "more than " + InputLimits.MAX_SAMPLES + " samples (8 days of 30-second samples, "
                        + "more than any window a formula reads)",
                        sequence.getValue().get(InputLimits.MAX_SAMPLES).getStartMark());
                continue;
            }
            for (Node item : sequence.getValue()) {
                if (item instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
                    samples.add(null);
                } else {
                    Double n = number(item);
                    samples.add(n == null ? Double.valueOf(0) : n);
                }
            }
            metrics.add(new MetricEntry(variable.get(), samples));
        }
    }

    private Instant time(Node node) {
        String text = scalar(node, "a time");
        if (text == null) {
            return null;
        }
        Optional<Instant> parsed = TimeFormats.parse(text);
        if (parsed.isEmpty()) {
            error(BAD_VALUE, "'" + text + "' is not a time; write it as 2025-04-24T11:34:37.971Z", node.getStartMark());
            return null;
        }
        return parsed.get();
    }

    private String key(NodeTuple entry, List<String> allowed) {
        String key = scalar(entry.getKeyNode(), "a key");
        if (key == null) {
            return null;
        }
        if (!allowed.contains(key)) {
            error(UNKNOWN_KEY, "unknown key '" + key + "'" + Suggestions.didYouMean(key, allowed) + " (expected one of "
                    + String.join(", ", allowed) + ")", entry.getKeyNode().getStartMark());
            return null;
        }
        return key;
    }

    private MappingNode mapping(Node node, String what) {
        if (node instanceof MappingNode mapping) {
            return mapping;
        }
        error(WRONG_TYPE, what + " must be a mapping of keys to values", node.getStartMark());
        return null;
    }

    private String scalar(Node node, String what) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        error(WRONG_TYPE, "expected " + what + ", got a " + (node instanceof MappingNode ? "mapping" : "list"),
                node.getStartMark());
        return null;
    }

    private Double number(Node node) {
        if (!(node instanceof ScalarNode scalar) || !(scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
            String got = node instanceof ScalarNode s ? (s.getTag().equals(Tag.NULL) ? "null" : "'" + s.getValue() + "'")
                    : node instanceof MappingNode ? "a mapping" : "a list";
            error(WRONG_TYPE, "expected a number, got " + got, node.getStartMark());
            return null;
        }
        try {
            return Double.parseDouble(scalar.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            error(WRONG_TYPE, "expected a number, got '" + scalar.getValue() + "'", node.getStartMark());
            return null;
        }
    }

    private void error(String code, String message, Mark mark) {
        SourceSpan span = mark == null ? source.span(0, 0)
                : source.span(Math.min(mark.getIndex(), source.text().length()), Math.min(mark.getIndex(), source.text().length()));
        diagnostics.add(Diagnostic.error(code, message, span));
    }
}
