package io.batchform.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.address.Address;
import io.batchform.plan.Action;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A plan in the shape of Terraform's JSON plan representation ({@code format_version}, {@code resource_changes[]}
 * with {@code address}, {@code type}, {@code name}, {@code change.actions}, {@code before}, {@code after},
 * {@code before_sensitive}, {@code after_sensitive}), so policy tools that read Terraform plans can read ours.
 * Sensitive values are replaced by {@code true} markers in the *_sensitive trees and never written.
 */
public final class JsonPlanRenderer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Function<Address, ResourceSchema> schemas;

    public JsonPlanRenderer(Function<Address, ResourceSchema> schemas) {
        this.schemas = schemas;
    }

    public String render(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", "1.2");
        root.put("batchform_state_serial", plan.priorSerial());
        root.put("batchform_state_lineage", plan.lineage());
        // A refresh-only plan has always printed false here (its changes are all no-ops); kept so the output is stable.
        root.put("applyable", plan.mode() != Plan.Mode.REFRESH_ONLY && plan.canApply());
        root.put("errored", plan.hasErrors());
        ArrayNode changes = root.putArray("resource_changes");
        for (ResourceChange change : plan.changes()) {
            ObjectNode node = changes.addObject();
            node.put("address", change.address().toString());
            plan.moved().forEach((from, to) -> {
                if (to.equals(change.address())) {
                    node.put("previous_address", from.toString()); // re-keyed by a moved: entry
                }
            });
            node.put("type", change.address().type().typeName());
            node.put("name", change.address().name());
            node.put("provider_name", "batchform/azure");
            ObjectNode inner = node.putObject("change");
            ArrayNode actions = inner.putArray("actions");
            actions(change.action()).forEach(actions::add);
            ResourceSchema schema = schemas.apply(change.address());
            inner.set("before", values(change.before(), schema));
            inner.set("after", values(change.after(), schema));
            inner.set("after_unknown", JSON.createObjectNode());
            inner.set("before_sensitive", sensitive(change.before(), schema));
            inner.set("after_sensitive", sensitive(change.after(), schema));
            ArrayNode replacePaths = inner.putArray("replace_paths");
            change.changes().stream().filter(c -> c.forcesReplacement() || c.needsEmptyPool() && change.action().isReplace())
                    .forEach(c -> replacePaths.addArray().add(c.path()));
        }
        ArrayNode drift = root.putArray("resource_drift");
        plan.drift().forEach((address, attributeChanges) -> {
            ObjectNode node = drift.addObject();
            node.put("address", address.toString());
            node.put("type", address.type().typeName());
            node.put("name", address.name());
            ArrayNode changed = node.putArray("changed_paths");
            attributeChanges.forEach(c -> changed.add(c.path()));
        });
        root.set("diagnostics", DiagnosticJson.array(plan.diagnostics()));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a plan always serialises", e);
        }
    }

    private static List<String> actions(Action action) {
        return switch (action) {
            case NO_OP, FORGET -> List.of("no-op"); // Terraform's JSON plan has no "forget" for a resource gone
            case CREATE -> List.of("create");
            case UPDATE -> List.of("update");
            case DELETE -> List.of("delete");
            case DELETE_THEN_CREATE -> List.of("delete", "create");
            case CREATE_THEN_DELETE -> List.of("create", "delete");
        };
    }

    private static com.fasterxml.jackson.databind.JsonNode values(Attributes attributes, ResourceSchema schema) {
        if (attributes == null) {
            return JSON.nullNode();
        }
        return JSON.valueToTree(mask(attributes.values(), schema, "", false));
    }

    private static com.fasterxml.jackson.databind.JsonNode sensitive(Attributes attributes, ResourceSchema schema) {
        if (attributes == null) {
            return JSON.createObjectNode();
        }
        return JSON.valueToTree(mask(attributes.values(), schema, "", true));
    }

    /**
     * With {@code markers}, a tree of {@code true} where values are sensitive (lists keep their items, as in
     * Terraform's {@code after_sensitive}); without, the values minus secrets.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> mask(Map<String, Object> values, ResourceSchema schema, String prefix, boolean markers) {
        Map<String, Object> out = new java.util.TreeMap<>();
        values.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            Object masked = maskValue(value, schema, path, markers);
            if (masked != null) {
                out.put(key, masked);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object maskValue(Object value, ResourceSchema schema, String path, boolean markers) {
        if (value instanceof Map<?, ?> child) {
            Map<String, Object> inner = mask((Map<String, Object>) child, schema, path, markers);
            return markers && inner.isEmpty() ? null : inner;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new java.util.ArrayList<>();
            boolean any = false;
            for (Object item : list) {
                Object masked = maskValue(item, schema, path, markers);
                any |= masked != null;
                items.add(markers && masked == null ? false : masked);
            }
            return markers && !any ? null : items;
        }
        boolean secret = schema != null && schema.lookup(path).sensitive();
        if (!secret && Secrets.isSignedUrl(value)) {
            // A SAS URL: sensitive, and shown with its signature and the parameters identifying the token redacted.
            return markers ? Boolean.TRUE : Secrets.redactUrl((String) value, signature -> "(sensitive)");
        }
        if (markers) {
            return secret ? Boolean.TRUE : null;
        }
        return secret ? null : value;
    }
}
