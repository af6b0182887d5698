package io.batchform.autoscale.sim;

import io.batchform.source.Diagnostic;
import io.batchform.source.Durations;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.yaml.snakeyaml.DumperOptions;
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

/**
 * Reading the simulator's YAML files (workload generators, formula tests) with every problem reported as a
 * diagnostic at its line and column, several in one pass. Codes: {@value #YAML} malformed YAML, {@value #UNKNOWN_KEY}
 * unknown key, {@value #WRONG_TYPE} wrong type, {@value #BAD_VALUE} a value out of range or unreadable.
 */
final class SimYaml {
    static final String YAML = "S001";
    static final String UNKNOWN_KEY = "S002";
    static final String WRONG_TYPE = "S003";
    static final String BAD_VALUE = "S004";

    final Source source;
    final List<Diagnostic> diagnostics;

    SimYaml(Source source, List<Diagnostic> diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    Optional<Node> root() {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            options.setCodePointLimit(10 * 1024 * 1024);
            Node node = new Yaml(options).compose(new StringReader(source.text()));
            if (node == null) {
                error(YAML, "the file is empty", source.start());
            }
            return Optional.ofNullable(node);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            error(YAML, "not valid YAML: " + e.getProblem(), mark == null ? source.start() : span(mark, mark));
        } catch (YAMLException e) {
            error(YAML, "not valid YAML: " + e.getMessage(), source.start());
        }
        return Optional.empty();
    }

    SourceSpan span(Node node) {
        return span(node.getStartMark(), node.getEndMark());
    }

    private SourceSpan span(Mark start, Mark end) {
        int from = source.charIndex(start.getIndex());
        int to = Math.max(from, source.charIndex(end.getIndex()));
        return source.span(from, to);
    }

    void error(String code, String message, SourceSpan span) {
        diagnostics.add(Diagnostic.error(code, message, span));
    }

    /** The entries of a map node, by key, checking keys against {@code allowed}; null (with an error) if not a map. */
    Map<String, Node> map(Node node, String what, List<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            error(WRONG_TYPE, what + ": expected a map", span(node));
            return null;
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                error(WRONG_TYPE, what + ": keys must be plain names", span(tuple.getKeyNode()));
                continue;
            }
            if (!allowed.contains(key.getValue())) {
                error(UNKNOWN_KEY, what + ": unknown key '" + key.getValue() + "'"
                        + Suggestions.didYouMean(key.getValue(), allowed) + "; expected one of "
                        + String.join(", ", allowed), span(key));
                continue;
            }
            out.put(key.getValue(), tuple.getValueNode());
        }
        return out;
    }

    /**
     * Where each character of a scalar's value is written in the file: {@code offsets[i]} is the file offset of
     * value character {@code i}, and {@code offsets[value.length()]} the offset after the last. Indentation and
     * folded line breaks are skipped; empty when the value cannot be matched to the text (escape sequences).
     */
    Optional<int[]> valueOffsets(ScalarNode node) {
        String text = source.text();
        String value = node.getValue();
        int p = Math.min(node.getStartMark().getIndex(), text.length());
        int end = Math.min(node.getEndMark().getIndex(), text.length());
        DumperOptions.ScalarStyle style = node.getScalarStyle();
        if (style == DumperOptions.ScalarStyle.LITERAL || style == DumperOptions.ScalarStyle.FOLDED) {
            int lineEnd = text.indexOf('\n', p); // the content starts on the line after the | or >
            if (lineEnd < 0) {
                return Optional.empty();
            }
            p = lineEnd + 1;
        } else if (style == DumperOptions.ScalarStyle.DOUBLE_QUOTED || style == DumperOptions.ScalarStyle.SINGLE_QUOTED) {
            p++;
        }
        int[] offsets = new int[value.length() + 1];
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                offsets[i] = Math.min(p, end);
                if (p < end && Character.isWhitespace(text.charAt(p))) {
                    p++;
                }
                continue;
            }
            while (p < end && text.charAt(p) != c && Character.isWhitespace(text.charAt(p))) {
                p++;
            }
            if (p >= end || text.charAt(p) != c) {
                return Optional.empty();
            }
            offsets[i] = p++;
        }
        offsets[value.length()] = p;
        return Optional.of(offsets);
    }

    List<Node> list(Node node, String what) {
        if (!(node instanceof SequenceNode sequence)) {
            error(WRONG_TYPE, what + ": expected a list", span(node));
            return List.of();
        }
        return sequence.getValue();
    }

    String text(Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            error(WRONG_TYPE, what + ": expected a single value", span(node));
            return null;
        }
        return scalar.getValue();
    }

    /** A number at least {@code min}; NaN (with an error) otherwise. */
    double number(Node node, String what, double min) {
        String text = text(node, what);
        if (text == null) {
            return Double.NaN;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (!(value >= min) || Double.isInfinite(value)) {
                error(BAD_VALUE, what + ": must be at least " + Numbers.plain(min) + ", got " + text, span(node));
                return Double.NaN;
            }
            return value;
        } catch (NumberFormatException e) {
            error(WRONG_TYPE, what + ": expected a number, got '" + text + "'", span(node));
            return Double.NaN;
        }
    }

    /** A duration ({@code 5m}, {@code 90s}, a number of seconds); NaN (with an error) otherwise. */
    double duration(Node node, String what) {
        String text = text(node, what);
        if (text == null) {
            return Double.NaN;
        }
        OptionalDouble seconds = Durations.seconds(text);
        if (seconds.isEmpty()) {
            error(BAD_VALUE, what + ": '" + text + "' is not a duration such as 90s, 5m, 2h or 7d", span(node));
            return Double.NaN;
        }
        return seconds.getAsDouble();
    }

    /** A duration distribution: a fixed duration, or a map naming a distribution and its parameters. */
    Distribution distribution(Node node, String what) {
        if (node instanceof ScalarNode) {
            double seconds = duration(node, what);
            return Double.isNaN(seconds) ? null : new Distribution.Fixed(seconds);
        }
        Map<String, Node> m = map(node, what, List.of("distribution", "min", "max", "mean", "stddev", "median", "sigma"));
        if (m == null) {
            return null;
        }
        Node kind = m.get("distribution");
        if (kind == null) {
            error(BAD_VALUE, what + ": say which distribution: fixed, uniform, normal, lognormal or exponential",
                    span(node));
            return null;
        }
        String name = text(kind, what + ".distribution");
        try {
            return switch (name == null ? "" : name) {
                case "uniform" -> new Distribution.Uniform(required(m, "min", what, node), required(m, "max", what, node));
                case "normal" -> new Distribution.Normal(required(m, "mean", what, node), required(m, "stddev", what, node));
                case "lognormal" -> new Distribution.LogNormal(required(m, "median", what, node),
                        m.containsKey("sigma") ? number(m.get("sigma"), what + ".sigma", 0) : 0.5);
                case "exponential" -> new Distribution.Exponential(required(m, "mean", what, node));
                case "fixed" -> new Distribution.Fixed(required(m, "mean", what, node));
                default -> {
                    error(BAD_VALUE, what + ".distribution: unknown distribution '" + name + "'" + Suggestions.didYouMean(
                            name, List.of("fixed", "uniform", "normal", "lognormal", "exponential")), span(kind));
                    yield null;
                }
            };
        } catch (Reported e) {
            return null;
        } catch (IllegalArgumentException e) {
            error(BAD_VALUE, what + ": " + e.getMessage(), span(node));
            return null;
        }
    }

    /** A problem already added to the diagnostics. */
    private static final class Reported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Reported() {
            super(null, null, false, false);
        }
    }

    private double required(Map<String, Node> m, String key, String what, Node parent) {
        Node node = m.get(key);
        if (node == null) {
            error(BAD_VALUE, what + ": needs " + key, span(parent));
            throw new Reported();
        }
        double value = key.equals("sigma") ? number(node, what + "." + key, 0) : duration(node, what + "." + key);
        if (Double.isNaN(value)) {
            throw new Reported();
        }
        return value;
    }

    /** Small number printing for messages. */
    static final class Numbers {
        private Numbers() {
        }

        static String plain(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }
    }
}
