package io.batchform.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.address.Address;
import io.batchform.provider.Attributes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The state's file format, and the lock's, shared by every {@link StateStore}: {@code state.json} on disk and the
 * state blob of a remote store are the same bytes.
 */
public final class StateJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StateJson() {
    }

    public static byte[] bytes(State state) {
        try {
            return JSON.writeValueAsBytes(toJson(state));
        } catch (IOException e) {
            throw new UncheckedIOException("a state always serialises", e);
        }
    }

    /** The state in {@code bytes}, read from {@code where} (named in errors). */
    public static State state(byte[] bytes, String where) {
        try {
            return fromJson(JSON.readTree(bytes), where);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    public static String lock(LockInfo info) {
        ObjectNode node = JSON.createObjectNode();
        node.put("who", info.who());
        node.put("pid", info.pid());
        node.put("operation", info.operation());
        node.put("since", info.since().toString());
        node.put("id", info.id());
        return node.toString(); // one line: a remote store keeps it in a metadata header
    }

    /** The lock described by {@code text}; an unreadable one is still a lock, held by an unknown run. */
    public static LockInfo lock(String text, String where) {
        try {
            JsonNode node = JSON.readTree(text);
            return new LockInfo(node.path("who").asText("unknown"), node.path("pid").asLong(),
                    node.path("operation").asText("unknown"),
                    Instant.parse(node.path("since").asText(Instant.EPOCH.toString())),
                    node.path("id").asText(Long.toString(node.path("pid").asLong())));
        } catch (IOException | RuntimeException unreadable) {
            return new LockInfo("unknown (unreadable " + where + ")", 0, "unknown", Instant.EPOCH);
        }
    }

    private static ObjectNode toJson(State state) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", state.version());
        root.put("serial", state.serial());
        root.put("lineage", state.lineage());
        if (state.target() != null) {
            ObjectNode target = root.putObject("target");
            target.put("cloud", state.target().cloud().json());
            target.put("subscription", state.target().subscription());
            if (state.target().location() != null) {
                target.put(state.target().cloud() == Target.Cloud.EMULATOR ? "dataDirectory" : "endpoint",
                        state.target().location());
            }
        }
        if (state.activeRegion() != null) {
            root.put("activeRegion", state.activeRegion());
        }
        if (!state.unreachableRegions().isEmpty()) {
            ArrayNode unreachable = root.putArray("unreachableRegions");
            state.unreachableRegions().forEach(unreachable::add);
        }
        ArrayNode resources = root.putArray("resources");
        for (ResourceState resource : state.resources()) {
            ObjectNode node = resources.addObject();
            node.put("address", resource.address().toString());
            node.put("id", resource.id());
            node.set("attributes", JSON.valueToTree(resource.attributes().values()));
            ArrayNode dependencies = node.putArray("dependencies");
            resource.dependencies().forEach(d -> dependencies.add(d.toString()));
        }
        if (!state.intents().isEmpty()) {
            ArrayNode intents = root.putArray("intents");
            state.intents().forEach((address, id) -> intents.addObject().put("address", address.toString()).put("id", id));
        }
        if (!state.outputs().isEmpty()) {
            ObjectNode outputs = root.putObject("outputs");
            state.outputs().forEach((name, output) -> {
                ObjectNode node = outputs.putObject(name);
                node.set("value", JSON.valueToTree(output.value()));
                node.put("sensitive", output.sensitive());
            });
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static State fromJson(JsonNode root, String where) {
        int version = root.path("version").asInt();
        if (version != State.FORMAT_VERSION) {
            throw new IllegalStateException(where + " has state format " + version + "; this batchform reads format "
                    + State.FORMAT_VERSION);
        }
        List<ResourceState> resources = new ArrayList<>();
        for (JsonNode node : root.path("resources")) {
            TreeSet<Address> dependencies = new TreeSet<>();
            node.path("dependencies").forEach(d -> dependencies.add(Address.parse(d.asText())));
            Map<String, Object> attributes = JSON.convertValue(node.path("attributes"), Map.class);
            resources.add(new ResourceState(Address.parse(node.path("address").asText()), node.path("id").asText(),
                    Attributes.of(attributes), dependencies));
        }
        List<String> unreachable = new ArrayList<>();
        root.path("unreachableRegions").forEach(r -> unreachable.add(r.asText()));
        Map<Address, String> intents = new java.util.TreeMap<>();
        root.path("intents").forEach(i -> intents.put(Address.parse(i.path("address").asText()), i.path("id").asText()));
        Map<String, OutputValue> outputs = new java.util.TreeMap<>();
        root.path("outputs").fields().forEachRemaining(e -> outputs.put(e.getKey(), new OutputValue(
                JSON.convertValue(e.getValue().path("value"), Object.class), e.getValue().path("sensitive").asBoolean())));
        return new State(version, root.path("serial").asLong(), root.path("lineage").asText(),
                root.hasNonNull("activeRegion") ? root.path("activeRegion").asText() : null, resources, unreachable,
                target(root.path("target"), where), intents, outputs);
    }

    private static Target target(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            Target.Cloud cloud = Target.Cloud.fromJson(node.path("cloud").asText());
            String location = cloud == Target.Cloud.EMULATOR ? node.path("dataDirectory").asText(null)
                    : cloud == Target.Cloud.ENDPOINT ? node.path("endpoint").asText(null) : null;
            return new Target(cloud, node.path("subscription").asText(null), location);
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + ": unreadable target " + node + " (" + e.getMessage() + ")", e);
        }
    }
}
