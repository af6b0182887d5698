package io.batchform.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.address.Address;
import io.batchform.plan.Action;
import io.batchform.plan.AttributeChange;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.ResourceSchema;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A plan as Terraform's JSON plan representation (what {@code terraform show -json PLANFILE} writes, format 1.2 of
 * Terraform 1.11), so that tools written for it read ours unchanged: {@code planned_values}, {@code resource_changes}
 * (each with {@code mode}, {@code type}, {@code name}, {@code index}, a full {@code change} and an
 * {@code action_reason}), {@code resource_drift}, {@code prior_state}, {@code configuration}, {@code variables},
 * {@code relevant_attributes}, and {@code applyable}, {@code complete}, {@code errored}. Addresses map as
 * {@link JsonAddress} says; {@code terraform_version} is batchform's version. batchform adds {@code diagnostics}
 * (in {@link DiagnosticJson}'s shape) and the state's serial and lineage, keys Terraform's readers ignore.
 * Secrets are never written: they are left out of every value and marked {@code true} in the {@code *_sensitive}
 * trees; a variable whose value is a secret, or part of one, is written without its value.
 */
public final class JsonPlanRenderer {
    /** The version of Terraform's JSON plan format this follows. */
    public static final String FORMAT_VERSION = "1.2";
    /** The provider every resource belongs to, in {@code provider_name} and {@code configuration.provider_config}. */
    static final String PROVIDER = "batchform/azure";
    static final String PROVIDER_KEY = "azure";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a plan alone does not hold: batchform's version, the spec's variables (name to value), the state the plan
     * was made from (null when unknown, as for a saved plan: then a forgotten resource's {@code before} is null),
     * whether {@code --target} narrowed the plan ({@code complete} is then false), and the spec's texts by name (for
     * the {@code byte} offsets of the diagnostics' ranges; none for a saved plan).
     */
    public record Context(String version, Map<String, String> variables, State prior, boolean targeted,
                          Map<String, io.batchform.source.Source> sources) {
        public Context {
            variables = variables == null ? Map.of() : new TreeMap<>(variables);
            sources = sources == null ? Map.of() : Map.copyOf(sources);
        }

        /** Without the spec's texts. */
        public Context(String version, Map<String, String> variables, State prior, boolean targeted) {
            this(version, variables, prior, targeted, Map.of());
        }

        /** A plan with nothing known beside it. */
        public static Context of(String version) {
            return new Context(version, Map.of(), null, false);
        }
    }

    private final Function<Address, ResourceSchema> schemas;

    public JsonPlanRenderer(Function<Address, ResourceSchema> schemas) {
        this.schemas = schemas;
    }

    /** The plan with nothing known beside it, and batchform's version of this build. */
    public String render(Plan plan) {
        return render(plan, Context.of(BuildVersion.current()));
    }

    public String render(Plan plan, Context context) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("terraform_version", context.version());
        root.set("variables", variables(plan, context));
        Map<Address, PlannedObject> planned = new LinkedHashMap<>();
        plan.changes().forEach(c -> planned.put(c.address(), PlannedObject.of(c, schemas.apply(c.address()))));
        ObjectNode plannedValues = plannedValues(plan, planned);
        if (!plan.outputs().isEmpty()) {
            plannedValues.set("outputs", plannedOutputs(plan));
            root.set("output_changes", outputChanges(plan));
        }
        root.set("planned_values", plannedValues);
        root.set("resource_drift", drift(plan, context));
        ArrayNode changes = root.putArray("resource_changes");
        for (ResourceChange change : plan.changes()) {
            changes.add(resourceChange(plan, change, planned.get(change.address()), context));
        }
        root.set("prior_state", JsonStateRenderer.state(context.version(), refreshed(plan), schemas));
        root.set("configuration", configuration(plan));
        root.set("relevant_attributes", relevantAttributes(plan));
        boolean errored = plan.hasErrors();
        root.put("applyable", !errored && plan.canApply());
        root.put("complete", !errored && !context.targeted());
        root.put("errored", errored);
        root.put("batchform_state_serial", plan.priorSerial());
        root.put("batchform_state_lineage", plan.lineage());
        root.set("diagnostics", DiagnosticJson.array(plan.diagnostics(), context.sources()::get));
        return write(root);
    }

    static String write(JsonNode root) {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a plan always serialises", e);
        }
    }

    private ObjectNode resourceChange(Plan plan, ResourceChange change, PlannedObject after, Context context) {
        ObjectNode node = JSON.createObjectNode();
        JsonAddress address = JsonAddress.of(change.address());
        node.put("address", address.address());
        plan.moved().forEach((from, to) -> {
            if (to.equals(change.address())) {
                node.put("previous_address", JsonAddress.of(from).address()); // re-keyed by a moved: entry
            }
        });
        address.write(node);
        node.put("provider_name", PROVIDER);
        ResourceSchema schema = schemas.apply(change.address());
        Attributes before = change.before();
        if (before == null && change.action() == Action.FORGET && context.prior() != null) {
            before = context.prior().get(change.address()).map(ResourceState::attributes).orElse(null);
        }
        ObjectNode inner = change(actions(change.action()), before == null ? null : before.values(), after, schema);
        List<List<String>> replacePaths = change.action().isReplace() ? change.changes().stream()
                .filter(c -> c.forcesReplacement() || c.needsEmptyPool())
                .map(c -> List.of(c.path().split("\\."))).toList() : List.of();
        if (!replacePaths.isEmpty()) {
            inner.set("replace_paths", JsonValues.tree(replacePaths));
        }
        node.set("change", inner);
        reason(plan, change).ifPresent(reason -> node.put("action_reason", reason));
        return node;
    }

    /** A change representation: the actions, both objects and what is unknown and sensitive in them. */
    private static ObjectNode change(List<String> actions, Map<String, Object> before, PlannedObject after,
                                     ResourceSchema schema) {
        ObjectNode inner = JSON.createObjectNode();
        inner.set("actions", JsonValues.tree(actions));
        inner.set("before", JsonValues.values(before, schema));
        inner.set("after", JsonValues.values(after.values(), schema));
        inner.set("after_unknown", JsonValues.tree(after.unknown()));
        inner.set("before_sensitive", JsonValues.sensitive(before, schema));
        inner.set("after_sensitive", JsonValues.sensitive(after.values(), schema));
        return inner;
    }

    /** Terraform's actions; a forget (gone from the cloud and the spec: only the state changes) is its "forget". */
    static List<String> actions(Action action) {
        return switch (action) {
            case NO_OP -> List.of("no-op");
            case FORGET -> List.of("forget");
            case CREATE -> List.of("create");
            case UPDATE -> List.of("update");
            case DELETE -> List.of("delete");
            case DELETE_THEN_CREATE -> List.of("delete", "create");
            case CREATE_THEN_DELETE -> List.of("create", "delete");
        };
    }

    /**
     * Why the action was chosen, in Terraform's reason codes where one fits: a replacement forced by an attribute
     * ({@code replace_because_cannot_update}), asked for with {@code --replace} ({@code replace_by_request}) or
     * caused by the replacement of the resource it lives in ({@code replace_by_triggers}); a delete of what the spec
     * no longer declares ({@code delete_because_no_resource_config}, not in a destroy plan). A pool updated by
     * draining it has batchform's own {@code update_by_drain}: readers must treat reasons they do not know as none.
     */
    private static Optional<String> reason(Plan plan, ResourceChange change) {
        Action action = change.action();
        if (action.isReplace()) {
            if (change.replacedWith() != null) {
                return Optional.of("replace_by_triggers");
            }
            boolean forced = change.changes().stream().anyMatch(c -> c.forcesReplacement() || c.needsEmptyPool());
            return Optional.of(forced ? "replace_because_cannot_update" : "replace_by_request");
        }
        if (action == Action.UPDATE && change.drains()) {
            return Optional.of("update_by_drain");
        }
        if (action == Action.DELETE && plan.mode() != Plan.Mode.DESTROY) {
            return Optional.of("delete_because_no_resource_config");
        }
        return Optional.empty();
    }

    /** What the apply leaves: every resource but those deleted or forgotten, with what is known of it. */
    /** {@code planned_values.outputs}: per output still declared, its value once applied (left out while unknown). */
    private static ObjectNode plannedOutputs(Plan plan) {
        ObjectNode outputs = JSON.createObjectNode();
        for (io.batchform.plan.OutputChange output : plan.outputs()) {
            if (output.removed()) {
                continue;
            }
            ObjectNode node = outputs.putObject(output.name());
            node.put("sensitive", output.sensitive());
            if (output.afterKnown() && !output.sensitive()) {
                node.set("value", JSON.valueToTree(output.after()));
            }
        }
        return outputs;
    }

    /**
     * {@code output_changes}: per output, Terraform's change object. A sensitive output's values are left out (null),
     * as everywhere batchform writes a secret, and marked in {@code before_sensitive}/{@code after_sensitive}.
     */
    private static ObjectNode outputChanges(Plan plan) {
        ObjectNode changes = JSON.createObjectNode();
        for (io.batchform.plan.OutputChange output : plan.outputs()) {
            ObjectNode node = changes.putObject(output.name());
            String action = output.removed() ? "delete" : !output.hadBefore() ? "create"
                    : output.changed() ? "update" : "no-op";
            node.putArray("actions").add(action);
            boolean hidden = output.sensitive();
            node.set("before", output.hadBefore() && !hidden ? JSON.valueToTree(output.before()) : null);
            node.set("after", !output.removed() && output.afterKnown() && !hidden ? JSON.valueToTree(output.after())
                    : null);
            node.put("after_unknown", !output.removed() && !output.afterKnown());
            node.put("before_sensitive", hidden && output.hadBefore());
            node.put("after_sensitive", hidden && !output.removed());
        }
        return changes;
    }

    private ObjectNode plannedValues(Plan plan, Map<Address, PlannedObject> planned) {
        ObjectNode values = JSON.createObjectNode();
        ArrayNode resources = values.putObject("root_module").putArray("resources");
        for (ResourceChange change : plan.changes()) {
            PlannedObject after = planned.get(change.address());
            Map<String, Object> known = after.values() != null ? after.values()
                    : change.action() == Action.NO_OP && change.before() != null ? change.before().values() : null;
            if (known != null) {
                resources.add(JsonStateRenderer.resource(change.address(), known, schemas.apply(change.address()),
                        null));
            }
        }
        return values;
    }

    /**
     * What changed outside batchform: an update from what the state recorded to what lives, for each drifted
     * resource, and a delete for each one the state records that is gone (forgotten, or made again).
     */
    private ArrayNode drift(Plan plan, Context context) {
        ArrayNode drift = JSON.createArrayNode();
        Map<Address, ResourceChange> byAddress = new TreeMap<>();
        plan.changes().forEach(c -> byAddress.put(c.address(), c));
        plan.drift().forEach((address, attributeChanges) -> {
            ResourceChange change = byAddress.get(address);
            Attributes live = change == null ? null : change.before();
            if (live == null) {
                return;
            }
            Attributes recorded = live;
            for (AttributeChange c : attributeChanges) {
                recorded = recorded.with(c.path(), c.before());
            }
            drift.add(driftEntry(address, List.of("update"), recorded.values(), new PlannedObject(live.values(),
                    Map.of())));
        });
        for (ResourceChange change : plan.changes()) {
            boolean gone = change.action() == Action.FORGET || change.action() == Action.CREATE
                    && context.prior() != null && context.prior().get(change.address()).isPresent();
            if (gone) {
                Map<String, Object> recorded = context.prior() == null ? null : context.prior().get(change.address())
                        .map(r -> r.attributes().values()).orElse(null);
                drift.add(driftEntry(change.address(), List.of("delete"), recorded, new PlannedObject(null, Map.of())));
            }
        }
        return drift;
    }

    private ObjectNode driftEntry(Address address, List<String> actions, Map<String, Object> before,
                                  PlannedObject after) {
        ObjectNode node = JsonAddress.of(address).write(JSON.createObjectNode());
        node.put("provider_name", PROVIDER);
        node.set("change", change(actions, before, after, schemas.apply(address)));
        return node;
    }

    /** The state as the refresh found it: every resource of the plan that lives, with its dependencies. */
    private List<ResourceState> refreshed(Plan plan) {
        List<ResourceState> resources = new ArrayList<>();
        for (ResourceChange change : plan.changes()) {
            if (change.before() != null) {
                resources.add(new ResourceState(change.address(), change.recordedId() == null ? "" : change.recordedId(),
                        change.before(), plan.dependencies().getOrDefault(change.address(), java.util.Set.of())));
            }
        }
        return resources;
    }

    /**
     * The spec as a configuration representation: one resource block per one-name address, with each declared value
     * as a constant expression; one per parent of two-name addresses, whose {@code for_each_expression} maps each
     * key to its declared values (as a Terraform {@code for_each} over a map would).
     */
    private ObjectNode configuration(Plan plan) {
        ObjectNode configuration = JSON.createObjectNode();
        ObjectNode provider = configuration.putObject("provider_config").putObject(PROVIDER_KEY);
        provider.put("name", PROVIDER_KEY);
        provider.put("full_name", PROVIDER);
        Map<String, ObjectNode> blocks = new LinkedHashMap<>();
        for (ResourceChange change : plan.changes()) {
            if (change.after() == null || change.action() == Action.DELETE || change.action() == Action.FORGET) {
                continue;
            }
            JsonAddress address = JsonAddress.of(change.address());
            ObjectNode block = blocks.computeIfAbsent(address.blockAddress(), key -> {
                ObjectNode node = JSON.createObjectNode();
                node.put("address", key);
                node.put("mode", "managed");
                node.put("type", address.type());
                node.put("name", address.name());
                node.put("provider_config_key", PROVIDER_KEY);
                node.putObject("expressions");
                node.put("schema_version", 0);
                return node;
            });
            JsonNode declared = JsonValues.values(change.after().values(), schemas.apply(change.address()));
            if (address.index() == null) {
                ObjectNode expressions = (ObjectNode) block.get("expressions");
                declared.fields().forEachRemaining(field ->
                        expressions.putObject(field.getKey()).set("constant_value", field.getValue()));
            } else {
                ObjectNode forEach = block.has("for_each_expression") ? (ObjectNode) block.get("for_each_expression")
                        : block.putObject("for_each_expression");
                ObjectNode keys = forEach.has("constant_value") ? (ObjectNode) forEach.get("constant_value")
                        : forEach.putObject("constant_value");
                keys.set(address.index(), declared);
            }
        }
        ArrayNode resources = configuration.putObject("root_module").putArray("resources");
        blocks.values().forEach(resources::add);
        return configuration;
    }

    /** Each attribute that changed outside batchform: what the plan's changes may answer to. */
    private static ArrayNode relevantAttributes(Plan plan) {
        ArrayNode relevant = JSON.createArrayNode();
        plan.drift().forEach((address, changes) -> changes.forEach(c -> {
            ObjectNode node = relevant.addObject();
            node.put("resource", JsonAddress.of(address).address());
            node.set("attribute", JsonValues.tree(List.of(c.path().split("\\."))));
        }));
        return relevant;
    }

    /**
     * The variables whose values can be shown beside {@code plan}: those that are not, and are not part of, a secret
     * the plan holds (what a saved plan keeps of them).
     */
    public Map<String, String> shownVariables(Plan plan, Map<String, String> variables) {
        Map<String, String> shown = new TreeMap<>();
        List<String> secrets = SecretValues.of(plan, schemas);
        variables.forEach((name, value) -> {
            if (value == null || !SecretValues.reveals(secrets, plan.lineage(), value)) {
                shown.put(name, value);
            }
        });
        return shown;
    }

    /** The spec's variables; one whose value is, or is part of, a secret of the plan is written without it. */
    private ObjectNode variables(Plan plan, Context context) {
        ObjectNode variables = JSON.createObjectNode();
        List<String> secrets = null;
        for (Map.Entry<String, String> variable : context.variables().entrySet()) {
            ObjectNode node = variables.putObject(variable.getKey());
            String value = variable.getValue();
            if (value == null) {
                node.putNull("value");
                continue;
            }
            if (secrets == null) {
                secrets = SecretValues.of(plan, schemas);
            }
            if (SecretValues.reveals(secrets, plan.lineage(), value)) {
                node.put("sensitive", true);
            } else {
                node.put("value", value);
            }
        }
        return variables;
    }
}
