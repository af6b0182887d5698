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
 * was created with. With a data directory, every change is written atomically (temp file, then rename), so the state
 * survives restarts and a crash never leaves half a file. Callers synchronise on the store.
 */
final class ResourceStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ObjectNode> resources = new TreeMap<>();
    private final Path file;

    ResourceStore(Path dataDirectory) {
        this.file = dataDirectory == null ? null : dataDirectory.resolve("emulator-state.json");
        if (file != null && Files.exists(file)) {
            try {
                JsonNode root = JSON.readTree(file.toFile());
                for (Iterator<Map.Entry<String, JsonNode>> it = root.path("resources").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    resources.put(key(entry.getKey()), (ObjectNode) entry.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the emulator's state " + file, e);
            }
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
        save();
    }

    void remove(String id) {
        resources.remove(key(id));
        save();
    }

    /** Removes a resource and everything under it (children, and for a resource group, its contents). */
    void removeTree(String id) {
        String prefix = key(id) + "/";
        resources.keySet().removeIf(k -> k.equals(key(id)) || k.startsWith(prefix));
        save();
    }

    /** The direct children of {@code parentId} whose type is {@code type} (case-insensitive), in id order. */
    List<ObjectNode> children(String parentId, String type) {
        String prefix = key(parentId) + "/";
        List<ObjectNode> out = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> entry : resources.entrySet()) {
            if (entry.getKey().startsWith(prefix) && entry.getValue().path("type").asText().equalsIgnoreCase(type)) {
                out.add(entry.getValue());
            }
        }
        return out;
    }

    /** Every resource of a type whose id starts with {@code scope} (a subscription or resource group id). */
    List<ObjectNode> ofType(String scope, String type) {
        return children(scope, type);
    }

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
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the emulator's state " + file, e);
        }
    }
}
