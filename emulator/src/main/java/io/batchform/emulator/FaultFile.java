package io.batchform.emulator;

import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a fault file for {@code batchform emulator --faults FILE}:
 * <pre>
 * latency: 50ms            # on every request (ms or s)
 * throttleRate: 0.05       # share of requests answered 429
 * retryAfterSeconds: 1     # Retry-After sent with 429
 * serverErrorRate: 0.05    # share answered 500 or 503
 * dropRate: 0.01           # share whose connection is dropped
 * failNext: 2              # the next N requests answered 429
 * failNextOperations: 1    # the next N long-running operations end Failed
 * downRegions: [westeurope]
 * seed: 7
 * nodeFaults:              # compute nodes that do not become usable
 *   - region: northeurope  # every pool there (or pool: ID, or both)
 *     exitCode: 1          # their start task exits with 1 (FailureExitCode)
 *     failureMessage: cannot mount the share
 *   - pool: agents
 *     unusable: true       # or they go unusable
 * </pre>
 */
public final class FaultFile {
    /** The largest fault file read; a real one is a few lines. */
    public static final long MAX_BYTES = 1 << 20;

    private static final List<String> KEYS = List.of("latency", "throttleRate", "retryAfterSeconds", "serverErrorRate",
            "dropRate", "failNext", "failNextOperations", "downRegions", "seed", "nodeFaults");
    private static final List<String> NODE_FAULT_KEYS = List.of("pool", "region", "exitCode", "failureCode",
            "failureMessage", "unusable");

    private FaultFile() {
    }

    /** The configuration, or the problems found, as diagnostics in the file's source. */
    public record Result(FaultConfig config, List<Diagnostic> diagnostics, Source source) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        /** The diagnostics as {@link DiagnosticFormatter} prints them. */
        public String formatted() {
            return DiagnosticFormatter.formatAll(source, diagnostics);
        }
    }

    public static Result parse(String name, String text) {
        Source source = new Source(name, text);
        List<Diagnostic> errors = new ArrayList<>();
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            errors.add(error(source, e.getProblemMark(), "not valid YAML: " + e.getProblem()));
            return new Result(null, errors, source);
        }
        Duration latency = Duration.ZERO;
        double throttle = 0;
        double serverError = 0;
        double drop = 0;
        int retryAfter = 0;
        int failNext = 0;
        int failOperations = 0;
        Set<String> down = new TreeSet<>();
        long seed = 1;
        List<FaultConfig.NodeFault> nodeFaults = new ArrayList<>();
        if (root != null && !(root instanceof MappingNode)) {
            errors.add(error(source, root.getStartMark(), "expected a mapping of fault settings"));
            return new Result(null, errors, source);
        }
        if (root != null) {
            for (NodeTuple tuple : ((MappingNode) root).getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                Node value = tuple.getValueNode();
                Mark at = value.getStartMark();
                try {
                    switch (key) {
                        case "latency" -> latency = duration(scalar(value));
                        case "throttleRate" -> throttle = Double.parseDouble(scalar(value));
                        case "serverErrorRate" -> serverError = Double.parseDouble(scalar(value));
                        case "dropRate" -> drop = Double.parseDouble(scalar(value));
                        case "retryAfterSeconds" -> retryAfter = Integer.parseInt(scalar(value));
                        case "failNext" -> failNext = Integer.parseInt(scalar(value));
                        case "failNextOperations" -> failOperations = Integer.parseInt(scalar(value));
                        case "seed" -> seed = Long.parseLong(scalar(value));
                        case "downRegions" -> {
                            if (!(value instanceof SequenceNode list)) {
                                throw new IllegalArgumentException("expected a list of regions");
                            }
                            list.getValue().forEach(item -> down.add(scalar(item)));
                        }
                        case "nodeFaults" -> {
                            if (!(value instanceof SequenceNode list)) {
                                throw new IllegalArgumentException("expected a list of node faults");
                            }
                            list.getValue().forEach(item -> nodeFault(source, item, errors).ifPresent(nodeFaults::add));
                        }
                        default -> errors.add(unknownKey(source, tuple, "", key, KEYS));
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(error(source, at, key + ": " + problem(e)));
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors, source);
        }
        try {
            return new Result(new FaultConfig(latency, throttle, retryAfter, serverError, drop, failNext,
                    failOperations, down, seed, nodeFaults), errors, source);
        } catch (IllegalArgumentException e) {
            errors.add(Diagnostic.error(SourceSpan.whole(name), e.getMessage()));
            return new Result(null, errors, source);
        }
    }

    /** One entry of {@code nodeFaults}, or empty with its problems added to {@code errors}. */
    private static java.util.Optional<FaultConfig.NodeFault> nodeFault(Source source, Node node, List<Diagnostic> errors) {
        if (!(node instanceof MappingNode mapping)) {
            errors.add(error(source, node.getStartMark(), "nodeFaults: expected a mapping (pool, region, exitCode, "
                    + "failureCode, failureMessage, unusable)"));
            return java.util.Optional.empty();
        }
        String pool = null;
        String region = null;
        int exitCode = 1;
        String code = null;
        String message = null;
        boolean unusable = false;
        int before = errors.size();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
            Node value = tuple.getValueNode();
            try {
                switch (key) {
                    case "pool" -> pool = scalar(value);
                    case "region" -> region = scalar(value);
                    case "exitCode" -> exitCode = Integer.parseInt(scalar(value));
                    case "failureCode" -> code = scalar(value);
                    case "failureMessage" -> message = scalar(value);
                    case "unusable" -> {
                        String text = scalar(value);
                        if (!text.equals("true") && !text.equals("false")) {
                            throw new IllegalArgumentException("write true or false");
                        }
                        unusable = Boolean.parseBoolean(text);
                    }
                    default -> errors.add(unknownKey(source, tuple, "nodeFaults: ", key, NODE_FAULT_KEYS));
                }
            } catch (IllegalArgumentException e) {
                errors.add(error(source, value.getStartMark(), "nodeFaults: " + key + ": " + problem(e)));
            }
        }
        if (errors.size() > before) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new FaultConfig.NodeFault(pool, region, exitCode, code, message, unusable));
        } catch (IllegalArgumentException e) {
            errors.add(error(source, node.getStartMark(), "nodeFaults: " + e.getMessage()));
            return java.util.Optional.empty();
        }
    }

    private static String scalar(Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw new IllegalArgumentException("expected a single value");
    }

    private static Duration duration(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
        }
        throw new IllegalArgumentException("write a latency as 50ms or 1.5s");
    }

    /** A key the file does not know, at the key, with the nearest known one and all of them. */
    private static Diagnostic unknownKey(Source source, NodeTuple tuple, String prefix, String key, List<String> keys) {
        return error(source, tuple.getKeyNode().getStartMark(), prefix + "unknown key '" + key + "'"
                + Suggestions.didYouMean(key, keys) + " (expected one of " + String.join(", ", keys) + ")");
    }

    /** What was wrong with a value: "not a number", or the check's own words. */
    private static String problem(IllegalArgumentException e) {
        return e instanceof NumberFormatException ? "not a number" : e.getMessage();
    }

    private static Diagnostic error(Source source, Mark mark, String message) {
        return Diagnostic.error(mark == null ? SourceSpan.whole(source.name()) : source.at(source.charIndex(mark.getIndex())),
                message);
    }
}
