package io.batchform.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the JSON files batchform writes for itself (the state, saved plans) strictly: a document cut short is
 * "truncated at line L", text that is not JSON names its line and column, and a value of the wrong type names its
 * JSON path ({@code resources[0].attributes: expected an object, got null}). Every failure is an
 * {@link Unreadable}, whose message is one line that starts with the file's name and never quotes its content.
 */
public final class JsonInput {
    /** Nesting of a state or a plan: attributes hold a few levels; far deeper is not one of ours. */
    private static final int MAX_DEPTH = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                .build());
    }

    /** Why a file could not be read; one line naming the file. */
    public static final class Unreadable extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final boolean notJson;

        public Unreadable(String message) {
            this(message, false);
        }

        Unreadable(String message, boolean notJson) {
            super(message);
            this.notJson = notJson;
        }

        /** Whether the text is not JSON at all (rather than JSON cut short or of the wrong shape). */
        public boolean notJson() {
            return notJson;
        }
    }

    private final String where;

    private JsonInput(String where) {
        this.where = where;
    }

    /** The document in {@code bytes}, read from {@code where} (named in errors). */
    public static JsonNode parse(byte[] bytes, String where) {
        if (isBlank(bytes)) {
            throw new Unreadable(where + ": cannot read: truncated at line " + lines(bytes, bytes.length)
                    + " (the file is empty)");
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || root.isMissingNode()) {
                throw new Unreadable(where + ": cannot read: truncated at line 1 (the file is empty)");
            }
            return root;
        } catch (JsonEOFException e) {
            return truncated(bytes, where);
        } catch (StreamConstraintsException e) {
            throw new Unreadable(where + ": cannot read: nested deeper than " + MAX_DEPTH + " levels");
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Unexpected end-of-input")) {
                return truncated(bytes, where);
            }
            throw new Unreadable(where + ": cannot read: not JSON at " + at(e.getLocation()), true);
        } catch (IOException e) {
            throw new Unreadable(where + ": cannot read: " + e.getMessage());
        }
    }

    private static JsonNode truncated(byte[] bytes, String where) {
        throw new Unreadable(where + ": cannot read: truncated at line " + lines(bytes, bytes.length)
                + " (the file ends in the middle of the document)");
    }

    private static String at(JsonLocation location) {
        // Jackson's column is the one after the character it stopped at.
        return location == null ? "an unknown position" : "line " + location.getLineNr() + ", column "
                + Math.max(1, location.getColumnNr() - 1);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The 1-based line at byte {@code end}: where a document cut short ends. */
    private static int lines(byte[] bytes, int end) {
        int line = 1;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return bytes.length > 0 && bytes[end - 1] == '\n' ? line - 1 : line;
    }

    /** A reader of one document's values, naming {@code where} in its errors. */
    public static JsonInput in(String where) {
        return new JsonInput(where);
    }

    /** An error at {@code path}: one line naming the file and the path. */
    public Unreadable error(String path, String problem) {
        return new Unreadable(where + ": " + (path.isEmpty() ? "the document" : path) + ": " + problem);
    }

    public JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw error(path, "expected an object, got " + kind(node));
        }
        return node;
    }

    /** The items of an array, or none when the value is absent; {@code read} gets each item and its path. */
    public <T> List<T> array(JsonNode parent, String key, String path, ItemReader<T> read) {
        JsonNode node = parent.path(key);
        List<T> items = new ArrayList<>();
        if (node.isMissingNode()) {
            return items;
        }
        if (!node.isArray()) {
            throw error(path, "expected an array, got " + kind(node));
        }
        for (int i = 0; i < node.size(); i++) {
            items.add(read.read(node.get(i), path + "[" + i + "]"));
        }
        return items;
    }

    /** Reads one item of an array. */
    @FunctionalInterface
    public interface ItemReader<T> {
        T read(JsonNode item, String path);
    }

    /** A string value; absent or null gives {@code absent} when that is not null, else an error. */
    public String text(JsonNode parent, String key, String path, String absent) {
        JsonNode node = parent.path(key);
        if (node.isMissingNode() || node.isNull()) {
            if (absent != null) {
                return absent;
            }
            throw error(path, "missing (expected a string)");
        }
        if (!node.isTextual()) {
            throw error(path, "expected a string, got " + kind(node));
        }
        return node.textValue();
    }

    public String text(JsonNode item, String path) {
        if (!item.isTextual()) {
            throw error(path, "expected a string, got " + kind(item));
        }
        return item.textValue();
    }

    /** A whole number; absent gives {@code absent}. */
    public long integer(JsonNode parent, String key, String path, long absent) {
        JsonNode node = parent.path(key);
        if (node.isMissingNode()) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw error(path, "expected a whole number, got " + kind(node));
        }
        return node.longValue();
    }

    /** A value parsed by {@code parse} (an address, a name), its failure reported at {@code path}. */
    public <T> T parsed(String text, String path, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(path, oneLine(e.getMessage()));
        }
    }

    /** A message that quotes a value from the file, kept on one line (a control character is shown escaped). */
    static String oneLine(String message) {
        StringBuilder out = new StringBuilder();
        message.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** How a value is called in errors: its JSON type, never its content. */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
