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
import java.util.Optional;
import java.util.TreeSet;

/**
 * The state's file format, and the lock's, shared by every {@link StateStore}: {@code state.json} on disk and the
 * state blob of a remote store are the same bytes.
 */
public final class StateJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The key naming the batchform that wrote a state, so that an older one can say which to use. */
    static final String WRITTEN_BY = "writtenBy";
    /** This batchform, as {@link #WRITTEN_BY} names it. */
    static final String WRITER = "batchform " + Optional.ofNullable(StateJson.class.getPackage().getImplementationVersion())
            .orElse("development");

    private StateJson() {
    }

    public static byte[] bytes(State state) {
        try {
            return JSON.writeValueAsBytes(toJson(state));
        } catch (IOException e) {
            throw new UncheckedIOException("a state always serialises", e);
        }
    }

    /**
     * The state in {@code bytes}, read from {@code where} (named in errors). A file that is empty, cut short, not
     * JSON, from a newer batchform or of the wrong shape is a {@link JsonInput.Unreadable}: one line naming the file
     * and, for a wrong shape, the JSON path.
     */
    public static State state(byte[] bytes, String where) {
        return fromJson(JsonInput.parse(bytes, where), JsonInput.in(where), where);
    }

    /** Largest state (or saved plan) read: ten thousand resources take a few megabytes. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    /**
     * The bytes of a state or saved plan file, refusing what is not a regular file (a pipe would never end) or is
     * larger than {@link #MAX_BYTES}; a missing file is a {@link java.nio.file.NoSuchFileException}.
     */
    public static byte[] readBounded(java.nio.file.Path file) throws IOException {
        java.nio.file.attribute.BasicFileAttributes attributes = java.nio.file.Files.readAttributes(file,
                java.nio.file.attribute.BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new JsonInput.Unreadable(file + ": cannot read: not a regular file (a device, a pipe or a directory)");
        }
        if (attributes.size() > MAX_BYTES) {
            throw new JsonInput.Unreadable(file + ": cannot read: " + attributes.size() + " bytes; the most batchform "
                    + "reads of a state or a plan is " + MAX_BYTES);
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new JsonInput.Unreadable(file + ": cannot read: larger than " + MAX_BYTES + " bytes, the most "
                        + "batchform reads of a state or a plan");
            }
            return bytes;
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
        root.put(WRITTEN_BY, WRITER);
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
            resource(resource, resources.addObject());
        }
        if (!state.intents().isEmpty()) {
            ArrayNode intents = root.putArray("intents");
            state.intents().forEach((address, id) -> intents.addObject().put("address", address.toString()).put("id", id));
        }
        if (!state.drills().isEmpty()) {
            ArrayNode drills = root.putArray("drills");
            state.drills().values().forEach(d -> {
                ObjectNode drill = drills.addObject().put("region", d.region()).put("from", d.from())
                        .put("at", d.at().toString()).put("toCapacity", d.toCapacity().toString()).put("nodes", d.nodes());
                if (d.estimate() != null) {
                    drill.put("estimate", d.estimate().toString());
                }
                if (!d.pools().isEmpty()) {
                    ArrayNode pools = drill.putArray("pools");
                    d.pools().forEach(p -> {
                        ObjectNode pool = pools.addObject().put("address", p.address())
                                .put("toCapacity", p.toCapacity().toString()).put("nodes", p.nodes());
                        if (p.estimate() != null) {
                            pool.put("estimate", p.estimate().toString());
                        }
                    });
                }
            });
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

    static ObjectNode resource(ResourceState resource, ObjectNode node) {
        node.put("address", resource.address().toString());
        node.put("id", resource.id());
        node.set("attributes", JSON.valueToTree(resource.attributes().values()));
        ArrayNode dependencies = node.putArray("dependencies");
        resource.dependencies().forEach(d -> dependencies.add(d.toString()));
        if (resource.protect()) { // written only when set: the state of a spec that protects nothing is unchanged
            node.put("protect", true);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static ResourceState resourceFromJson(JsonNode node, JsonInput in, String path) {
        in.object(node, path);
        Address address = in.parsed(in.text(node, "address", path + ".address", null), path + ".address",
                Address::parse);
        String id = in.text(node, "id", path + ".id", null);
        JsonNode attributes = node.path("attributes");
        if (!attributes.isObject()) {
            throw in.error(path + ".attributes", "expected an object, got " + JsonInput.kind(attributes));
        }
        TreeSet<Address> dependencies = new TreeSet<>(in.array(node, "dependencies", path + ".dependencies",
                (d, p) -> in.parsed(in.text(d, p), p, Address::parse)));
        JsonNode protect = node.path("protect");
        if (!protect.isMissingNode() && !protect.isBoolean()) {
            throw in.error(path + ".protect", "expected true or false, got " + JsonInput.kind(protect));
        }
        return new ResourceState(address, id, Attributes.of(JSON.convertValue(attributes, Map.class)), dependencies,
                protect.asBoolean(false));
    }

    private static State fromJson(JsonNode root, JsonInput in, String where) {
        in.object(root, "");
        long version = in.integer(root, "version", "version", -1);
        if (version > State.FORMAT_VERSION) {
            String writer = root.path(WRITTEN_BY).isTextual() ? root.path(WRITTEN_BY).textValue() : "a newer batchform";
            throw new JsonInput.Unreadable(where + " was written by " + writer + " (state format " + version
                    + "); this batchform (" + WRITER + ") reads format " + State.FORMAT_VERSION + ": use that "
                    + "batchform or a newer one");
        }
        if (version != State.FORMAT_VERSION) {
            throw new JsonInput.Unreadable(where + (version < 0 ? " has no state format version; it is not a "
                    + "batchform state" : " has state format " + version + "; this batchform reads format "
                    + State.FORMAT_VERSION));
        }
        List<ResourceState> resources = in.array(root, "resources", "resources",
                (node, path) -> resourceFromJson(node, in, path));
        List<String> unreachable = in.array(root, "unreachableRegions", "unreachableRegions", in::text);
        Map<Address, String> intents = new java.util.TreeMap<>();
        in.array(root, "intents", "intents", (i, path) -> {
            in.object(i, path);
            return intents.put(in.parsed(in.text(i, "address", path + ".address", null), path + ".address",
                    Address::parse), in.text(i, "id", path + ".id", null));
        });
        long serial = in.integer(root, "serial", "serial", 0);
        String lineage = in.text(root, "lineage", "lineage", "");
        String activeRegion = root.hasNonNull("activeRegion") ? in.text(root, "activeRegion", "activeRegion", null)
                : null;
        Map<String, OutputValue> outputs = new java.util.TreeMap<>();
        JsonNode outputsNode = root.path("outputs");
        if (!outputsNode.isMissingNode()) {
            in.object(outputsNode, "outputs");
            outputsNode.fields().forEachRemaining(e -> {
                in.object(e.getValue(), "outputs." + e.getKey());
                outputs.put(e.getKey(), new OutputValue(JSON.convertValue(e.getValue().path("value"), Object.class),
                        e.getValue().path("sensitive").asBoolean()));
            });
        }
        Map<String, State.Drill> drills = new java.util.TreeMap<>();
        in.array(root, "drills", "drills", (d, path) -> {
            in.object(d, path);
            State.Drill drill = new State.Drill(in.text(d, "region", path + ".region", null),
                    in.text(d, "from", path + ".from", null),
                    in.parsed(in.text(d, "at", path + ".at", null), path + ".at", t -> time(t, Instant::parse)),
                    in.parsed(in.text(d, "toCapacity", path + ".toCapacity", null), path + ".toCapacity",
                            t -> time(t, java.time.Duration::parse)),
                    in.integer(d, "nodes", path + ".nodes", 0),
                    duration(in, d, "estimate", path + ".estimate"),
                    in.array(d, "pools", path + ".pools", (p, at) -> {
                        in.object(p, at);
                        return new State.Drill.Pool(in.text(p, "address", at + ".address", null),
                                in.parsed(in.text(p, "toCapacity", at + ".toCapacity", null), at + ".toCapacity",
                                        t -> time(t, java.time.Duration::parse)),
                                in.integer(p, "nodes", at + ".nodes", 0), duration(in, p, "estimate", at + ".estimate"));
                    }));
            return drills.put(drill.region(), drill);
        });
        return new State((int) version, serial, lineage, activeRegion, resources, unreachable,
                target(root.path("target"), where), intents, outputs, drills);
    }

    /** An optional ISO-8601 duration: null when absent. */
    private static java.time.Duration duration(JsonInput in, JsonNode node, String key, String path) {
        String text = in.text(node, key, path, "");
        return text.isEmpty() ? null : in.parsed(text, path, t -> time(t, java.time.Duration::parse));
    }

    /** A time or duration in ISO-8601; anything else is refused as the parsers of {@link JsonInput#parsed} expect. */
    private static <T> T time(String text, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 time or duration");
        }
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
            throw new JsonInput.Unreadable(where + ": target: " + e.getMessage());
        }
    }
}
