package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every emulated resource by id. Ids compare case-insensitively, as in ARM, while each resource keeps the spelling it
 * was created with. With a data directory, the resources live in {@code emulator-state.json} (written atomically:
 * temp file, then rename) and every change is appended, before the request is answered, as one line to
 * {@code emulator-state.journal}; opening the store replays the journal and writes the whole file again. So the state
 * survives restarts and a killed process, a change costs its own size rather than the size of everything (5,000
 * pools once meant rewriting megabytes per request), and a crash never leaves half a file: a last line cut short was
 * never answered and is dropped. Replaying a journal over a file that already holds its changes changes nothing, so a
 * crash between writing the file and emptying the journal is harmless. Callers synchronise on the store.
 */
final class ResourceStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The data file, written whole now and then, and the journal of the changes since, in the data directory. */
    static final String FILE = "emulator-state.json";
    static final String JOURNAL = "emulator-state.journal";

    private final java.util.NavigableMap<String, ObjectNode> resources = new TreeMap<>();
    private final Path file;
    private final Path journal;
    /** Bytes appended to the journal since the file was last written whole, and that file's size. */
    private long journalBytes;
    private long fileBytes;

    ResourceStore(Path dataDirectory) {
        this.file = dataDirectory == null ? null : dataDirectory.resolve(FILE);
        this.journal = dataDirectory == null ? null : dataDirectory.resolve(JOURNAL);
        if (file == null) {
            return;
        }
        try {
            if (Files.exists(file)) {
                JsonNode root = JSON.readTree(file.toFile());
                for (Iterator<Map.Entry<String, JsonNode>> it = root.path("resources").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    resources.put(key(entry.getKey()), (ObjectNode) entry.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the emulator's state " + file, e);
        }
        if (Files.exists(journal)) {
            replay();
            save();
        }
    }

    /** Applies the journal's changes in order; a last line cut short (the process died writing it) is dropped. */
    private void replay() {
        try {
            byte[] bytes = Files.readAllBytes(journal);
            int start = 0;
            int line = 0;
            while (start < bytes.length) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                line++;
                if (end == bytes.length) {
                    break; // no newline: the write never finished, and its request was never answered
                }
                JsonNode entry;
                try {
                    entry = JSON.readTree(bytes, start, end - start);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the emulator's journal " + journal + " at line " + line
                            + ": " + e.getMessage(), e);
                }
                if (entry.has("put")) {
                    ObjectNode resource = (ObjectNode) entry.get("put");
                    resources.put(key(resource.get("id").asText()), resource);
                } else if (entry.has("remove")) {
                    resources.remove(key(entry.get("remove").asText()));
                } else if (entry.has("removeTree")) {
                    removeKeys(entry.get("removeTree").asText());
                } else {
                    throw new IllegalStateException("the emulator's journal " + journal + " has an unknown entry at line "
                            + line);
                }
                start = end + 1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the emulator's journal " + journal, e);
        }
    }

    static String key(String id) {
        String trimmed = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
        return trimmed.toLowerCase(Locale.ROOT);
    }

    Optional<ObjectNode> get(String id) {
        return Optional.ofNullable(resources.get(key(id)));
    }

    /** The ids of every resource, as they were spelled at creation, sorted. */
    List<String> ids() {
        return resources.values().stream().map(r -> r.path("id").asText()).sorted().toList();
    }

    void put(ObjectNode resource) {
        resources.put(key(resource.get("id").asText()), resource);
        log(JSON.createObjectNode().set("put", resource));
    }

    void remove(String id) {
        resources.remove(key(id));
        log(JSON.createObjectNode().put("remove", id));
    }

    /** Removes a resource and everything under it (children, and for a resource group, its contents). */
    void removeTree(String id) {
        removeKeys(id);
        log(JSON.createObjectNode().put("removeTree", id));
    }

    private void removeKeys(String id) {
        resources.remove(key(id));
        under(id).clear();
    }

    /**
     * Appends one change to the journal, as one line in one write; once the journal outgrows the file (and a
     * megabyte), the file is written whole and the journal emptied, so writing stays proportional to the changes.
     */
    private void log(ObjectNode entry) {
        if (file == null) {
            return;
        }
        try {
            byte[] line = JSON.writeValueAsBytes(entry);
            byte[] bytes = java.util.Arrays.copyOf(line, line.length + 1);
            bytes[line.length] = '\n';
            try (java.io.OutputStream out = Files.newOutputStream(journal, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)) {
                out.write(bytes);
            }
            journalBytes += bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the emulator's journal " + journal, e);
        }
        if (journalBytes > Math.max(1 << 20, 2 * fileBytes)) {
            save();
        }
    }

    /** The direct children of {@code parentId} whose type is {@code type} (case-insensitive), in id order. */
    List<ObjectNode> children(String parentId, String type) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode resource : under(parentId).values()) {
            if (resource.path("type").asText().equalsIgnoreCase(type)) {
                out.add(resource);
            }
        }
        return out;
    }

    /**
     * The resources whose ids start with {@code parentId/}: a range of the sorted keys, so that finding an account's
     * pools does not visit every resource of the subscription.
     */
    private java.util.SortedMap<String, ObjectNode> under(String parentId) {
        String prefix = key(parentId) + "/";
        return resources.subMap(prefix, prefix + Character.MAX_VALUE);
    }

    /** Every resource of a type whose id starts with {@code scope} (a subscription or resource group id). */
    List<ObjectNode> ofType(String scope, String type) {
        return children(scope, type);
    }

    /** Writes every resource to the file (temp file, then rename) and empties the journal. */
    void save() {
        if (file == null) {
            return;
        }
        try {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode all = root.putObject("resources");
            resources.forEach((k, v) -> all.set(v.get("id").asText(), v));
            Path temp = Files.createTempFile(file.getParent(), "state", ".json.tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), root);
            fileBytes = Files.size(temp);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(journal);
            journalBytes = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the emulator's state " + file, e);
        }
    }
}
