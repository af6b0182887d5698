package io.batchform.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Mutability;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import io.batchform.source.Diagnostic;
import io.batchform.state.JsonInput;
import io.batchform.state.StateJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A plan saved by {@code plan --out FILE} for {@code apply FILE}: the plan (its changes, mode and dependency graph),
 * the cloud it was made against, and the state serial and lineage it was made from (an apply refuses it once the state
 * has moved on). Secrets are stored as salted hashes, never in clear: applying a plan that sets one takes the value
 * from the spec again and checks it against the hash. {@code variables} are the spec's variables that can be shown
 * (none that carries a secret), and {@code targeted} whether {@code --target} narrowed the plan, for
 * {@code show PLANFILE --json}. Each change's {@code before} is the resource as the plan's refresh read it, its
 * entity tag ({@code etag}) included: the apply hands it to the provider ({@code prior} of the update or delete),
 * which makes the write conditional on it, so a resource changed in the cloud after the plan is refused, not
 * overwritten. Plan files saved before that already held the tag in {@code before} (the refresh always recorded it),
 * so they read and apply the same way; a change whose {@code before} has no tag is written unconditionally.
 */
public record SavedPlan(Plan plan, String target, Map<String, String> variables, boolean targeted) {
    /** The first key of every saved plan, so a wrong file is recognised at once. */
    public static final String FORMAT = "batchform-plan";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public SavedPlan {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(target, "target");
        variables = java.util.Collections.unmodifiableMap(new TreeMap<>(variables));
    }

    /** A saved plan that keeps no variables. */
    public SavedPlan(Plan plan, String target) {
        this(plan, target, Map.of(), false);
    }

    /** Why a file could not be read as a saved plan; the message names the file. */
    public static final class UnreadablePlanException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnreadablePlanException(String message) {
            super(message);
        }
    }

    /** The code of a saved plan's secret that the spec no longer gives. */
    public static final String SECRETS_CHANGED = "SecretsChanged";

    /** Whether any change sets a secret, which {@link #withSecretsFrom} must restore before the plan is applied. */
    public boolean holdsSecrets() {
        return plan.changes().stream().anyMatch(c -> c.after() != null && hashed(c.after().values()));
    }

    /**
     * The plan with every hashed secret replaced by the spec's value, checked against its hash. Adds an error
     * ({@value #SECRETS_CHANGED}) about each resource whose secrets are missing or differ to {@code diagnostics}, and
     * leaves those changes as they are.
     */
    public Plan withSecretsFrom(Function<Address, Attributes> desired, Function<ResourceType, ResourceSchema> schemas,
                                List<Diagnostic> diagnostics) {
        List<ResourceChange> restored = new ArrayList<>();
        for (ResourceChange change : plan.changes()) {
            if (change.after() == null || !hashed(change.after().values())) {
                restored.add(change);
                continue;
            }
            Attributes fromSpec = desired.apply(change.address());
            ResourceSchema schema = schemas.apply(change.address().type());
            if (fromSpec == null || schema == null
                    || !Secrets.redact(fromSpec, schema, plan.lineage()).equals(change.after())) {
                diagnostics.add(Diagnostic.error(change.address(), SECRETS_CHANGED, "the spec no longer gives the "
                        + "secret values this plan was made with"));
                restored.add(change);
                continue;
            }
            List<AttributeChange> attributes = change.changes().stream().map(a -> a.after() != null && (a.sensitive() || hashed(a.after()))
                    ? new AttributeChange(a.path(), a.before(), fromSpec.get(a.path()), a.mutability(), a.sensitive())
                    : a).toList();
            restored.add(new ResourceChange(change.address(), change.id(), change.action(), change.before(), fromSpec,
                    attributes, change.updateMode(), change.replacedWith(), change.recordedId()));
        }
        return new Plan(restored, plan.drift(), plan.diagnostics(), plan.priorSerial(), plan.lineage(),
                plan.dependencies(), plan.mode(), plan.moved()).withProtect(plan.protect());
    }

    @SuppressWarnings("unchecked")
    private static boolean hashed(Object value) {
        if (value instanceof Map<?, ?> map) {
            return ((Map<String, Object>) map).values().stream().anyMatch(SavedPlan::hashed);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(SavedPlan::hashed);
        }
        return Secrets.isHash(value) || Secrets.isSignedUrl(value);
    }

    /** Writes the plan atomically, every secret hashed with the state's lineage. */
    public void write(Path file, Function<ResourceType, ResourceSchema> schema) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("target", target);
        root.put("lineage", plan.lineage());
        root.put("priorSerial", plan.priorSerial());
        root.put("mode", plan.mode().name());
        if (targeted) {
            root.put("targeted", true);
        }
        if (!plan.moved().isEmpty()) {
            ObjectNode moved = root.putObject("moved");
            plan.moved().forEach((from, to) -> moved.put(from.toString(), to.toString()));
        }
        ArrayNode changes = root.putArray("changes");
        for (ResourceChange change : plan.changes()) {
            ResourceSchema resourceSchema = schema.apply(change.address().type());
            ObjectNode node = changes.addObject();
            node.put("address", change.address().toString());
            node.put("id", change.id());
            if (change.changesId()) {
                node.put("recordedId", change.recordedId());
            }
            node.put("action", change.action().name());
            node.put("drain", change.drains());
            if (change.replacedWith() != null) {
                node.put("replacedWith", change.replacedWith().toString());
            }
            node.set("before", attributes(change.before(), resourceSchema));
            node.set("after", attributes(change.after(), resourceSchema));
            ArrayNode attributeChanges = node.putArray("changes");
            for (AttributeChange c : change.changes()) {
                ObjectNode a = attributeChanges.addObject();
                a.put("path", c.path());
                a.set("before", JSON.valueToTree(secret(c.path(), c.before(), c.sensitive(), resourceSchema)));
                a.set("after", JSON.valueToTree(secret(c.path(), c.after(), c.sensitive(), resourceSchema)));
                a.put("mutability", c.mutability().name());
                a.put("sensitive", c.sensitive());
            }
        }
        if (!variables.isEmpty()) {
            ObjectNode shown = root.putObject("variables");
            variables.forEach(shown::put);
        }
        ObjectNode dependsOn = root.putObject("dependencies");
        plan.dependencies().forEach((address, deps) -> {
            ArrayNode list = dependsOn.putArray(address.toString());
            deps.forEach(d -> list.add(d.toString()));
        });
        if (!plan.protect().isEmpty()) { // written only when the spec protects something, as the state does
            ArrayNode protect = root.putArray("protect");
            plan.protect().forEach(a -> protect.add(a.toString()));
        }
        byte[] bytes = JSON.writeValueAsBytes(root);
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, ".plan", ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            out.write(bytes);
            out.flush();
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private JsonNode attributes(Attributes attributes, ResourceSchema schema) {
        if (attributes == null) {
            return JSON.nullNode();
        }
        return JSON.valueToTree(Secrets.redact(attributes, schema, plan.lineage()).values());
    }

    private Object secret(String path, Object value, boolean sensitive, ResourceSchema schema) {
        if (value == null) {
            return null;
        }
        if (sensitive) {
            String text = String.valueOf(value);
            return Secrets.isHash(text) ? text : Secrets.hash(plan.lineage(), value);
        }
        return Secrets.redact(path, value, schema, plan.lineage());
    }

    /**
     * Reads a saved plan: a file that is not one, is cut short, from another format version or of the wrong shape is
     * an {@link UnreadablePlanException} whose message is one line naming the file (and the JSON path).
     */
    public static SavedPlan read(Path file) {
        JsonNode root;
        try {
            root = JsonInput.parse(StateJson.readBounded(file), file.toString());
        } catch (JsonInput.Unreadable e) {
            throw new UnreadablePlanException(e.notJson() ? e.getMessage().replace(": cannot read: not JSON",
                    ": not a saved plan (not JSON") + ")" : e.getMessage());
        } catch (IOException e) {
            throw new UnreadablePlanException(file + ": " + (Files.exists(file) ? "cannot read: " + e.getMessage()
                    : "no such file"));
        }
        if (!root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new UnreadablePlanException(file + ": not a saved plan (make one with batchform plan --out FILE)");
        }
        if (root.path("version").asInt() != VERSION) {
            throw new UnreadablePlanException(file + ": a saved plan of format version " + root.path("version").asInt()
                    + "; this batchform reads version " + VERSION);
        }
        JsonInput in = JsonInput.in(file.toString());
        try {
            List<ResourceChange> changes = in.array(root, "changes", "changes", (node, path) -> change(in, node, path));
            Map<Address, Set<Address>> dependencies = new TreeMap<>();
            JsonNode dependsOn = root.path("dependencies");
            if (!dependsOn.isMissingNode()) {
                in.object(dependsOn, "dependencies");
                dependsOn.fields().forEachRemaining(e -> {
                    String path = "dependencies." + e.getKey();
                    dependencies.put(in.parsed(e.getKey(), path, Address::parse), new TreeSet<>(in.array(dependsOn,
                            e.getKey(), path, (d, p) -> in.parsed(in.text(d, p), p, Address::parse))));
                });
            }
            Plan.Mode mode = root.hasNonNull("mode") ? in.parsed(in.text(root, "mode", "mode", null), "mode",
                    Plan.Mode::valueOf) : Plan.Mode.NORMAL;
            Map<Address, Address> moved = new TreeMap<>();
            JsonNode movedNode = root.path("moved");
            if (!movedNode.isMissingNode()) {
                in.object(movedNode, "moved");
                movedNode.fields().forEachRemaining(e -> moved.put(in.parsed(e.getKey(), "moved." + e.getKey(),
                        Address::parse), in.parsed(in.text(movedNode, e.getKey(), "moved." + e.getKey(), null),
                        "moved." + e.getKey(), Address::parse)));
            }
            Set<Address> protect = new TreeSet<>(root.has("protect") ? in.array(root, "protect", "protect",
                    (d, p) -> in.parsed(in.text(d, p), p, Address::parse)) : List.of());
            Plan plan = new Plan(changes, Map.of(), List.of(), in.integer(root, "priorSerial", "priorSerial", 0),
                    in.text(root, "lineage", "lineage", ""), dependencies, mode, moved).withProtect(protect);
            Map<String, String> variables = new TreeMap<>();
            JsonNode variablesNode = root.path("variables");
            if (!variablesNode.isMissingNode()) {
                in.object(variablesNode, "variables");
                variablesNode.fields().forEachRemaining(e -> variables.put(e.getKey(),
                        e.getValue().isNull() ? null : e.getValue().asText()));
            }
            return new SavedPlan(plan, in.text(root, "target", "target", ""), variables,
                    root.path("targeted").asBoolean());
        } catch (JsonInput.Unreadable e) {
            throw new UnreadablePlanException(e.getMessage());
        } catch (RuntimeException e) {
            throw new UnreadablePlanException(file + ": a damaged saved plan (" + firstLine(String.valueOf(
                    e.getMessage())) + ")");
        }
    }

    private static ResourceChange change(JsonInput in, JsonNode node, String path) {
        in.object(node, path);
        List<AttributeChange> attributeChanges = in.array(node, "changes", path + ".changes", (a, p) -> {
            in.object(a, p);
            return new AttributeChange(in.text(a, "path", p + ".path", null), value(a.get("before")),
                    value(a.get("after")), in.parsed(in.text(a, "mutability", p + ".mutability", null),
                    p + ".mutability", Mutability::valueOf), a.path("sensitive").asBoolean());
        });
        Action action = in.parsed(in.text(node, "action", path + ".action", null), path + ".action", Action::valueOf);
        Attributes before = attributesOf(in, node, "before", path);
        if (action == Action.NO_OP && before == null) {
            action = Action.FORGET; // how a plan saved before FORGET existed said it
        }
        return new ResourceChange(in.parsed(in.text(node, "address", path + ".address", null), path + ".address",
                Address::parse), in.text(node, "id", path + ".id", ""), action, before,
                attributesOf(in, node, "after", path), attributeChanges, node.path("drain").asBoolean()
                ? ResourceChange.UpdateMode.DRAIN : ResourceChange.UpdateMode.IN_PLACE,
                node.hasNonNull("replacedWith") ? in.parsed(in.text(node, "replacedWith", path + ".replacedWith", null),
                        path + ".replacedWith", Address::parse) : null,
                node.hasNonNull("recordedId") ? in.text(node, "recordedId", path + ".recordedId", null) : null);
    }

    @SuppressWarnings("unchecked")
    private static Attributes attributesOf(JsonInput in, JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw in.error(path + "." + key, "expected an object or null, got " + JsonInput.kind(node));
        }
        return Attributes.of(JSON.convertValue(node, Map.class));
    }

    private static Object value(JsonNode node) {
        return node == null || node.isNull() ? null : JSON.convertValue(node, Object.class);
    }


    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
