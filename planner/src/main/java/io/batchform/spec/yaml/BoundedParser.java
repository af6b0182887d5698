package io.batchform.spec.yaml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Passes SnakeYAML's events on to its composer while keeping the document's budgets, so that a hostile document
 * stops at the event that crosses one, before the composer builds anything more: values written, aliases, aliases
 * of maps and lists, nesting, the length of one string, and what aliases expand to (values and characters; each
 * anchor's weight is known when its node ends, so an alias is charged for everything it repeats). Each refusal
 * names the limit and carries the position of the event that crossed it.
 */
final class BoundedParser implements Parser {
    /** A budget crossed, at the event that crossed it. */
    static final class Exceeded extends RuntimeException {
        private final transient Mark mark;

        Exceeded(Mark mark, String message) {
            super(message, null, false, false);
            this.mark = mark;
        }

        Mark mark() {
            return mark;
        }
    }

    /** What a node stands for once its aliases are expanded. */
    private record Weight(long values, long characters, boolean collection) {
    }

    /** An open map or list: what it holds so far, and its anchor if it has one. */
    private static final class Frame {
        final String anchor;
        long values = 1;
        long characters;

        Frame(String anchor) {
            this.anchor = anchor;
        }
    }

    private final Parser parser;
    private final Deque<Frame> open = new ArrayDeque<>();
    private final Map<String, Weight> anchors = new HashMap<>();
    private long written;
    private long expandedValues;
    private long expandedCharacters;
    private int aliases;
    private int collectionAliases;

    BoundedParser(Parser parser) {
        this.parser = parser;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
        Event event = parser.getEvent();
        if (event instanceof ScalarEvent scalar) {
            scalar(scalar);
        } else if (event instanceof CollectionStartEvent start) {
            value(start.getStartMark());
            expand(start.getStartMark(), 1, 0);
            if (open.size() >= YamlReader.MAX_DEPTH) {
                throw new Exceeded(start.getStartMark(), "the YAML is nested too deeply (at most "
                        + YamlReader.MAX_DEPTH + " levels)");
            }
            open.push(new Frame(start.getAnchor()));
        } else if (event instanceof CollectionEndEvent && !open.isEmpty()) {
            Frame done = open.pop();
            if (done.anchor != null) {
                anchors.put(done.anchor, new Weight(done.values, done.characters, true));
            }
            if (!open.isEmpty()) {
                open.peek().values += done.values;
                open.peek().characters += done.characters;
            }
        } else if (event instanceof AliasEvent alias) {
            alias(alias);
        }
        return event;
    }

    private void scalar(ScalarEvent scalar) {
        value(scalar.getStartMark());
        int length = scalar.getValue().length();
        if (length > YamlReader.MAX_STRING) {
            throw new Exceeded(scalar.getStartMark(), "a string of " + length + " characters; the most a spec's "
                    + "string may hold is " + YamlReader.MAX_STRING);
        }
        if (scalar.getAnchor() != null) {
            anchors.put(scalar.getAnchor(), new Weight(1, length, false));
        }
        charge(scalar.getStartMark(), 1, length);
    }

    private void alias(AliasEvent alias) {
        Mark at = alias.getStartMark();
        if (++aliases > YamlReader.MAX_ALIASES) {
            throw new Exceeded(at, "the document uses more than " + YamlReader.MAX_ALIASES
                    + " aliases (an alias bomb?); write the values out");
        }
        Weight weight = anchors.get(alias.getAnchor());
        if (weight == null) {
            return; // an alias of a node still open (it refers to itself) or of no anchor: the composer reports it
        }
        if (weight.collection() && ++collectionAliases > YamlReader.MAX_COLLECTION_ALIASES) {
            throw new Exceeded(at, "the document uses more than " + YamlReader.MAX_COLLECTION_ALIASES
                    + " aliases of maps or lists (an alias bomb?); write the values out");
        }
        charge(at, weight.values(), weight.characters());
    }

    /** Counts a value written in the file (an alias is not one: it is charged by what it repeats). */
    private void value(Mark at) {
        if (++written > YamlReader.MAX_NODES) {
            throw new Exceeded(at, "the file holds more than " + YamlReader.MAX_NODES
                    + " values; a spec is far smaller");
        }
    }

    /** Adds what a scalar or an alias stands for to the document and to the collection holding it. */
    private void charge(Mark at, long values, long characters) {
        if (!open.isEmpty()) {
            open.peek().values += values;
            open.peek().characters += characters;
        }
        expand(at, values, characters);
    }

    private void expand(Mark at, long values, long characters) {
        expandedValues += values;
        expandedCharacters += characters;
        if (expandedValues > YamlReader.MAX_NODES) {
            throw new Exceeded(at, "the document expands to more than " + YamlReader.MAX_NODES
                    + " values through aliases (an alias bomb?)");
        }
        if (expandedCharacters > YamlReader.MAX_EXPANDED_CHARACTERS) {
            throw new Exceeded(at, "the document expands to more than " + YamlReader.MAX_EXPANDED_CHARACTERS
                    + " characters of strings through aliases (an alias bomb?)");
        }
    }
}
