package io.batchform.spec.yaml;

import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import io.batchform.spec.yaml.YNode.ScalarKind;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import io.batchform.spec.yaml.YNode.YSeq;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML document into {@link YNode}s with positions, defensively: a size limit, a line length limit
 * (checked before SnakeYAML reads a token, whose time grows with the square of the token's length), a budget of
 * values, aliases, nesting, string length and alias expansion kept event by event ({@link BoundedParser}), and no
 * recursive keys, so hostile input (alias bombs, huge, long-lined or deeply nested files) ends in one diagnostic at
 * the position where a limit was crossed, in well under a second, never in an exception or an out-of-memory error.
 * Duplicate keys are reported. Nothing here knows what a spec is.
 */
public final class YamlReader {
    /** Largest file read, in code points (and in bytes, checked before reading). */
    public static final int MAX_CODE_POINTS = 10 * 1024 * 1024;
    /** Longest line, in characters: a token is read in time that grows with the square of its length. */
    public static final int MAX_LINE = 65_536;
    /** Longest string value (a key or a scalar), in characters, also after interpolation. */
    public static final int MAX_STRING = 65_536;
    /** Aliases per document: enough for sharing values, far too few for a bomb. */
    public static final int MAX_ALIASES = 10_000;
    /** Aliases of maps and lists per document: enough for sharing a block, far too few for a bomb. */
    public static final int MAX_COLLECTION_ALIASES = 20;
    public static final int MAX_DEPTH = 50;
    /** Values (scalars, maps and lists) in a file, and again once aliases are expanded: 8 times a spec of 1,000 pools. */
    public static final int MAX_NODES = 200_000;
    /** Characters of strings once aliases are expanded (and again once variables are interpolated). */
    public static final int MAX_EXPANDED_CHARACTERS = 2 * MAX_CODE_POINTS;

    private final Source text;
    private final List<Diagnostic> diagnostics;
    private int nodes;
    /** The top-level key being read: where an over-budget expansion is reported. */
    private SourceSpan topLevelKey;

    private YamlReader(Source text, List<Diagnostic> diagnostics) {
        this.text = text;
        this.diagnostics = diagnostics;
    }

    /** Parses the text; empty when it is not readable YAML (the reason is in {@code diagnostics}). */
    public static Optional<YNode> read(Source text, List<Diagnostic> diagnostics) {
        return new YamlReader(text, diagnostics).read();
    }

    private Optional<YNode> read() {
        int longLine = longLine(text.text());
        if (longLine >= 0) {
            diagnostics.add(Diagnostic.error(text.at(longLine), "a line longer than " + MAX_LINE
                    + " characters; a spec's lines are far shorter (break long strings with a | block)"));
            return Optional.empty();
        }
        List<Node> documents = new ArrayList<>();
        try {
            Composer composer = new Composer(new BoundedParser(new ParserImpl(new StreamReader(
                    new StringReader(text.text())), options())), new Resolver(), options());
            while (composer.checkNode()) {
                documents.add(composer.getNode());
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            diagnostics.add(Diagnostic.error(mark == null ? SourceSpan.at(text.name(), 1, 1) : position(mark),
                    "invalid YAML: " + clean(problem)));
            return Optional.empty();
        } catch (BoundedParser.Exceeded e) {
            diagnostics.add(Diagnostic.error(position(e.mark()), e.getMessage()));
            return Optional.empty();
        } catch (YAMLException e) {
            diagnostics.add(Diagnostic.error(SourceSpan.at(text.name(), 1, 1), explain(e.getMessage())));
            return Optional.empty();
        } catch (StackOverflowError e) {
            diagnostics.add(Diagnostic.error(SourceSpan.at(text.name(), 1, 1),
                    "the YAML is nested too deeply (at most " + MAX_DEPTH + " levels)"));
            return Optional.empty();
        }
        if (documents.isEmpty()) {
            return Optional.of(new YMap(List.of(), SourceSpan.at(text.name(), 1, 1)));
        }
        if (documents.size() > 1) {
            diagnostics.add(Diagnostic.error(position(documents.get(1).getStartMark()),
                    "a spec file holds one YAML document; split the others into their own files"));
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(convert(documents.get(0), 0));
        } catch (TooLarge e) {
            diagnostics.add(Diagnostic.error(e.position, e.getMessage()));
            return Optional.empty();
        }
    }

    /** The offset of the first character past {@link #MAX_LINE} on a line, or -1 when every line is shorter. */
    static int longLine(String text) {
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                start = i + 1;
            } else if (i - start >= MAX_LINE) {
                return i;
            }
        }
        return -1;
    }

    /** SnakeYAML's own limits stay as a second line behind {@link BoundedParser}, which reports positions. */
    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH + 2);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(true);
        return options;
    }

    private static String explain(String message) {
        String m = message == null ? "" : message;
        if (m.contains("aliases")) {
            return "the document uses more than " + MAX_COLLECTION_ALIASES
                    + " aliases of maps or lists (an alias bomb?); write the values out";
        }
        if (m.contains("exceeds the limit")) {
            return "the file is larger than " + MAX_CODE_POINTS / (1024 * 1024) + " MB";
        }
        if (m.contains("Nesting Depth")) {
            return "the YAML is nested too deeply (at most " + MAX_DEPTH + " levels)";
        }
        return "invalid YAML: " + clean(m);
    }

    private static String clean(String message) {
        return message.replaceAll("\\s+", " ").trim();
    }

    private SourceSpan position(Mark mark) {
        return SourceSpan.at(text.name(), mark.getLine() + 1, mark.getColumn() + 1);
    }

    private YNode convert(Node node, int depth) {
        if (++nodes > MAX_NODES) {
            throw new TooLarge(topLevelKey != null ? topLevelKey : position(node.getStartMark()),
                    "the document expands to more than " + MAX_NODES
                    + " values through aliases (an alias bomb?)");
        }
        if (depth > MAX_DEPTH) {
            throw new TooLarge(position(node.getStartMark()),
                    "the YAML is nested too deeply (at most " + MAX_DEPTH + " levels), or an alias refers to itself");
        }
        SourceSpan at = position(node.getStartMark());
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>();
            for (Node item : seq.getValue()) {
                items.add(convert(item, depth + 1));
            }
            return new YSeq(items, at);
        }
        MappingNode map = (MappingNode) node;
        List<YNode.Entry> entries = new ArrayList<>();
        Map<String, SourceSpan> seen = new HashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                diagnostics.add(Diagnostic.error(position(keyNode.getStartMark()),
                        "a key must be a string, not a " + (keyNode instanceof SequenceNode ? "list" : "map")));
                continue;
            }
            if (keyScalar.getTag().equals(Tag.MERGE)) {
                diagnostics.add(Diagnostic.error(position(keyNode.getStartMark()),
                        "merge keys (<<) are not supported; write the keys out"));
                continue;
            }
            YScalar key = scalar(keyScalar);
            SourceSpan first = seen.putIfAbsent(key.value(), key.position());
            if (first != null) {
                diagnostics.add(Diagnostic.error(key.position(), "duplicate key '" + key.value()
                        + "' (first at line " + first.line() + ")"));
                continue;
            }
            if (depth == 0) {
                topLevelKey = key.position();
            }
            entries.add(new YNode.Entry(key, convert(tuple.getValueNode(), depth + 1)));
        }
        return new YMap(entries, at);
    }

    private YScalar scalar(ScalarNode node) {
        ScalarKind kind = kindOf(node.getTag());
        ScalarSource.Style style = switch (node.getScalarStyle()) {
            case SINGLE_QUOTED -> ScalarSource.Style.SINGLE_QUOTED;
            case DOUBLE_QUOTED -> ScalarSource.Style.DOUBLE_QUOTED;
            case LITERAL -> ScalarSource.Style.LITERAL;
            case FOLDED -> ScalarSource.Style.FOLDED;
            default -> ScalarSource.Style.PLAIN;
        };
        if (style == ScalarSource.Style.PLAIN) {
            kind = yaml12(kind, node.getValue());
            if (kind == ScalarKind.INTEGER && LEADING_ZERO.matcher(node.getValue()).matches()) {
                String digits = node.getValue().replaceFirst("^[-+]?0+(?=.)", "");
                diagnostics.add(Diagnostic.warning(position(node.getStartMark()), node.getValue() + " is the number "
                        + (node.getValue().startsWith("-") ? "-" : "") + digits + " (YAML 1.2 has no octal "
                        + "without 0o; YAML 1.1 tools read it as octal): write " + digits + ", or 0o"
                        + digits + " for octal"));
            }
        }
        int end = text.charIndex(node.getEndMark().getIndex());
        int start = afterProperties(text.text(), text.charIndex(node.getStartMark().getIndex()), end);
        return new YScalar(node.getValue(), kind, position(node.getStartMark()),
                new ScalarSource(text, start, end, style, node.getValue()));
    }

    /** Where a scalar's own text starts: past an anchor ({@code &name}) or a tag ({@code !!str}) written before it. */
    private static int afterProperties(String t, int start, int end) {
        int r = start;
        while (r < end && (t.charAt(r) == '&' || t.charAt(r) == '!')) {
            while (r < end && !Character.isWhitespace(t.charAt(r))) {
                r++;
            }
            while (r < end && (t.charAt(r) == ' ' || t.charAt(r) == '\t')) {
                r++;
            }
        }
        return r;
    }

    /** The kind YAML's resolver gives a plain scalar with this text (used again after interpolation). */
    static ScalarKind resolve(String value) {
        return yaml12(kindOf(new Resolver().resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, value, true)), value);
    }

    private static final java.util.regex.Pattern LEADING_ZERO = java.util.regex.Pattern.compile("[-+]?0[0-9_]+");
    private static final java.util.Set<String> BOOLEANS_12 = java.util.Set.of("true", "True", "TRUE", "false",
            "False", "FALSE");

    /**
     * The kind YAML 1.2's core schema gives a plain scalar that SnakeYAML's YAML 1.1 resolver typed: {@code yes},
     * {@code no}, {@code on}, {@code off}, {@code y} and {@code n} are strings, not booleans; {@code 0o17} is
     * an octal number. ({@code 010} stays a
     * number, read as decimal by {@link Scalars#integer}.)
     */
    static ScalarKind yaml12(ScalarKind kind, String value) {
        if (kind == ScalarKind.STRING && value.matches("[-+]?0o[0-7]+")) {
            return ScalarKind.INTEGER;
        }
        return kind == ScalarKind.BOOLEAN && !BOOLEANS_12.contains(value) ? ScalarKind.STRING : kind;
    }

    private static ScalarKind kindOf(Tag tag) {
        if (Tag.INT.equals(tag)) {
            return ScalarKind.INTEGER;
        }
        if (Tag.FLOAT.equals(tag)) {
            return ScalarKind.FLOAT;
        }
        if (Tag.BOOL.equals(tag)) {
            return ScalarKind.BOOLEAN;
        }
        if (Tag.NULL.equals(tag)) {
            return ScalarKind.NULL;
        }
        return ScalarKind.STRING;
    }

    /** Whether a scalar was written plain (unquoted, not a block), so that YAML types it by its text. */
    static boolean isPlain(YScalar scalar) {
        return scalar.source() == null || scalar.source().style() == ScalarSource.Style.PLAIN;
    }

    private static final class TooLarge extends RuntimeException {
        private final SourceSpan position;

        TooLarge(SourceSpan position, String message) {
            super(message, null, false, false);
            this.position = position;
        }
    }
}
