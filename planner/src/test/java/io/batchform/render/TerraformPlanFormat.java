package io.batchform.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.batchform.address.Address;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Checks a JSON document against Terraform's JSON plan format (1.2, Terraform 1.11, as its "JSON Output Format"
 * documentation describes it) and answers every problem found, empty when it conforms: the top-level keys and their
 * types, the values representation of {@code planned_values} and {@code prior_state}, each change representation,
 * the configuration representation, and that {@code type}, {@code name} and {@code index} rebuild each address
 * (which batchform reads back as the same resource).
 */
public final class TerraformPlanFormat {
    static final Set<Set<String>> ACTIONS = Set.of(Set.of("no-op"), Set.of("create"), Set.of("read"),
            Set.of("update"), Set.of("delete"), Set.of("forget"));
    static final List<List<String>> COMBINED = List.of(List.of("delete", "create"), List.of("create", "delete"),
            List.of("create", "forget"));

    private final List<String> problems = new ArrayList<>();

    public static List<String> check(JsonNode root) {
        TerraformPlanFormat format = new TerraformPlanFormat();
        format.plan(root);
        return format.problems;
    }

    private void plan(JsonNode root) {
        text(root, "format_version", "");
        if (!root.path("format_version").asText().startsWith("1.")) {
            problems.add("format_version is not 1.x");
        }
        text(root, "terraform_version", "");
        object(root, "variables", "");
        root.path("variables").fields().forEachRemaining(v -> {
            if (!v.getValue().isObject()) {
                problems.add("variables." + v.getKey() + " is not an object");
            }
        });
        values(root.path("planned_values"), "planned_values", false);
        array(root, "resource_changes", "");
        root.path("resource_changes").forEach(c -> change(c, "resource_changes[" + c.path("address").asText() + "]"));
        array(root, "resource_drift", "");
        root.path("resource_drift").forEach(c -> change(c, "resource_drift[" + c.path("address").asText() + "]"));
        JsonNode prior = root.path("prior_state");
        if (!prior.isMissingNode()) {
            text(prior, "format_version", "prior_state.");
            text(prior, "terraform_version", "prior_state.");
            values(prior.path("values"), "prior_state.values", true);
        }
        configuration(root.path("configuration"));
        array(root, "relevant_attributes", "");
        root.path("relevant_attributes").forEach(a -> {
            text(a, "resource", "relevant_attributes[].");
            array(a, "attribute", "relevant_attributes[].");
        });
        for (String flag : List.of("applyable", "complete", "errored")) {
            if (!root.path(flag).isBoolean()) {
                problems.add(flag + " is not a boolean");
            }
        }
        if (root.path("errored").asBoolean() && root.path("applyable").asBoolean()) {
            problems.add("an errored plan says it is applyable");
        }
    }

    private void values(JsonNode values, String where, boolean inState) {
        if (!values.isObject()) {
            problems.add(where + " is not an object");
            return;
        }
        JsonNode module = values.path("root_module");
        if (!module.isObject()) {
            problems.add(where + ".root_module is not an object");
            return;
        }
        array(module, "resources", where + ".root_module.");
        for (JsonNode resource : module.path("resources")) {
            String at = where + ".root_module.resources[" + resource.path("address").asText() + "].";
            instance(resource, at);
            if (!resource.path("schema_version").isIntegralNumber()) {
                problems.add(at + "schema_version is not a number");
            }
            object(resource, "values", at);
            object(resource, "sensitive_values", at);
            if (resource.has("depends_on") && !inState) {
                problems.add(at + "depends_on belongs to states only");
            }
        }
    }

    /** {@code address}, {@code mode}, {@code type}, {@code name}, optional {@code index}, {@code provider_name}. */
    private void instance(JsonNode node, String at) {
        text(node, "address", at);
        if (!"managed".equals(node.path("mode").asText())) {
            problems.add(at + "mode is not managed");
        }
        text(node, "type", at);
        text(node, "name", at);
        text(node, "provider_name", at);
        JsonNode index = node.path("index");
        String rebuilt = node.path("type").asText() + "." + node.path("name").asText()
                + (index.isMissingNode() ? "" : index.isTextual() ? "[\"" + index.asText() + "\"]" : "[" + index + "]");
        if (!rebuilt.equals(node.path("address").asText())) {
            problems.add(at + "type/name/index rebuild " + rebuilt + ", not the address " + node.path("address"));
        }
        try {
            Address.parse(node.path("address").asText());
        } catch (IllegalArgumentException e) {
            problems.add(at + "address does not parse back: " + e.getMessage());
        }
    }

    private void change(JsonNode node, String where) {
        String at = where + ".";
        instance(node, at);
        JsonNode change = node.path("change");
        if (!change.isObject()) {
            problems.add(at + "change is not an object");
            return;
        }
        List<String> actions = new ArrayList<>();
        change.path("actions").forEach(a -> actions.add(a.asText()));
        if (!ACTIONS.contains(Set.copyOf(actions)) || actions.size() != 1) {
            if (!COMBINED.contains(actions)) {
                problems.add(at + "change.actions " + actions + " is not one of Terraform's");
            }
        }
        for (String key : List.of("before", "after", "after_unknown", "before_sensitive", "after_sensitive")) {
            if (!change.has(key)) {
                problems.add(at + "change." + key + " is missing");
            }
        }
        boolean creates = actions.equals(List.of("create"));
        boolean removes = actions.equals(List.of("delete")) || actions.equals(List.of("forget"));
        if (creates != change.path("before").isNull()) {
            problems.add(at + "change.before must be null exactly for a create");
        }
        if (removes != change.path("after").isNull()) {
            problems.add(at + "change.after must be null exactly for a delete or a forget");
        }
        if (!change.path("before").isNull() && !change.path("before").isObject()) {
            problems.add(at + "change.before is neither null nor an object");
        }
        if (!change.path("after_unknown").isObject()) {
            problems.add(at + "change.after_unknown is not an object");
        }
        for (String key : List.of("before_sensitive", "after_sensitive")) {
            if (!change.path(key).isObject() && !change.path(key).isBoolean()) {
                problems.add(at + "change." + key + " is neither an object nor a boolean");
            }
        }
        if (change.has("replace_paths")) {
            if (!actions.contains("delete") || !actions.contains("create")) {
                problems.add(at + "change.replace_paths on a change that replaces nothing");
            }
            for (JsonNode path : change.path("replace_paths")) {
                if (!path.isArray() || path.isEmpty()) {
                    problems.add(at + "change.replace_paths holds " + path + ", not a path of steps");
                }
            }
        }
        if (node.has("action_reason") && !node.path("action_reason").isTextual()) {
            problems.add(at + "action_reason is not a string");
        }
    }

    private void configuration(JsonNode configuration) {
        if (!configuration.isObject()) {
            problems.add("configuration is not an object");
            return;
        }
        object(configuration, "provider_config", "configuration.");
        Iterator<JsonNode> providers = configuration.path("provider_config").elements();
        providers.forEachRemaining(p -> text(p, "name", "configuration.provider_config."));
        array(configuration.path("root_module"), "resources", "configuration.root_module.");
        for (JsonNode resource : configuration.path("root_module").path("resources")) {
            String at = "configuration.root_module.resources[" + resource.path("address").asText() + "].";
            for (String key : List.of("address", "mode", "type", "name", "provider_config_key")) {
                text(resource, key, at);
            }
            object(resource, "expressions", at);
            if (!(resource.path("type").asText() + "." + resource.path("name").asText())
                    .equals(resource.path("address").asText())) {
                problems.add(at + "a configuration address is type.name");
            }
            resource.path("expressions").fields().forEachRemaining(e -> {
                if (!e.getValue().has("constant_value") && !e.getValue().has("references")) {
                    problems.add(at + "expressions." + e.getKey() + " is not an expression");
                }
            });
        }
    }

    private void text(JsonNode node, String key, String at) {
        if (!node.path(key).isTextual() || node.path(key).asText().isEmpty()) {
            problems.add(at + key + " is not a non-empty string");
        }
    }

    private void object(JsonNode node, String key, String at) {
        if (!node.path(key).isObject()) {
            problems.add(at + key + " is not an object");
        }
    }

    private void array(JsonNode node, String key, String at) {
        if (!node.path(key).isArray()) {
            problems.add(at + key + " is not an array");
        }
    }
}
