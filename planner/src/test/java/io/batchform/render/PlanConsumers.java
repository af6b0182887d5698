package io.batchform.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a JSON plan the way two real consumers do, as their sources read (written here from that reading, not
 * copied): checkov's {@code terraform_plan} framework and HashiCorp's {@code terraform-json} Go library. Each answers
 * what it would see, or the problem that would make it reject the plan or see nothing.
 */
public final class PlanConsumers {
    private PlanConsumers() {
    }

    /** One resource block as checkov builds it for its checks: type, name, address, and the change's actions. */
    public record CheckovResource(String type, String name, String address, List<String> actions, JsonNode values) {
    }

    /**
     * checkov: a document is a plan only with {@code terraform_version} and {@code planned_values} (otherwise it is
     * skipped silently, and the scan passes having checked nothing); resources come from
     * {@code planned_values.root_module.resources[]}, each kept only with a {@code mode} of managed or data, its
     * {@code values} made into blocks; its configuration is the {@code configuration.root_module.resources[]} entry of
     * the same {@code type} and {@code name} (read by key: a missing one is a KeyError); changes are found by
     * {@code address} in {@code resource_changes[]}, whose {@code change.before} and {@code change.after} are read by
     * key too.
     */
    public static List<CheckovResource> checkov(JsonNode plan) {
        if (!plan.isObject() || !plan.has("terraform_version") || !plan.has("planned_values")) {
            throw new IllegalStateException("checkov: not a Terraform plan (terraform_version and planned_values "
                    + "are required); the file would be skipped");
        }
        for (JsonNode change : plan.path("resource_changes")) {
            for (String key : List.of("address", "change")) {
                require(change, key, "resource_changes[]");
            }
            require(change.get("change"), "before", "resource_changes[].change");
            require(change.get("change"), "after", "resource_changes[].change");
            for (JsonNode side : List.of(change.get("change").get("before"), change.get("change").get("after"))) {
                if (!side.isNull() && !side.isObject()) {
                    throw new IllegalStateException("checkov: change.before/after must be objects or null");
                }
            }
        }
        for (JsonNode conf : plan.path("configuration").path("root_module").path("resources")) {
            require(conf, "type", "configuration.root_module.resources[]");
            require(conf, "name", "configuration.root_module.resources[]");
        }
        List<CheckovResource> resources = new ArrayList<>();
        for (JsonNode resource : plan.path("planned_values").path("root_module").path("resources")) {
            require(resource, "type", "planned_values.root_module.resources[]");
            String mode = resource.path("mode").asText("");
            if (!mode.equals("managed") && !mode.equals("data")) {
                continue; // checkov drops it without a word
            }
            JsonNode values = resource.path("values");
            if (!values.isObject()) {
                throw new IllegalStateException("checkov: values of " + resource.path("address") + " is not a dict");
            }
            List<String> actions = new ArrayList<>();
            for (JsonNode change : plan.path("resource_changes")) {
                if (change.path("address").asText().equals(resource.path("address").asText())) {
                    change.path("change").path("actions").forEach(a -> actions.add(a.asText()));
                }
            }
            resources.add(new CheckovResource(resource.path("type").asText(), resource.path("name").asText("default"),
                    resource.path("address").asText(null), actions, values));
        }
        return resources;
    }

    /**
     * terraform-json ({@code tfjson.Plan}): unmarshalling validates that {@code format_version} is present and a
     * version within {@code >= 0.1, < 2.0}; a {@code prior_state} is a {@code tfjson.State}, whose format version
     * must be present too; {@code index} is an integer or a string; {@code actions} are among its action names.
     * Answers the problems; empty when the plan loads.
     */
    public static List<String> terraformJson(JsonNode plan) {
        List<String> problems = new ArrayList<>();
        String version = plan.path("format_version").asText("");
        if (version.isEmpty()) {
            problems.add("unexpected plan input, format version is missing");
        } else if (!version.matches("(0\\.[1-9]\\d*|1)(\\.\\d+)*") && !version.matches("1\\.\\d+(\\.\\d+)?")) {
            problems.add("unsupported plan format version " + version);
        }
        if (plan.has("prior_state") && plan.path("prior_state").path("format_version").asText("").isEmpty()) {
            problems.add("prior_state: format version is missing");
        }
        List<String> known = List.of("no-op", "create", "read", "update", "delete", "forget");
        for (String list : List.of("resource_changes", "resource_drift")) {
            for (JsonNode change : plan.path(list)) {
                JsonNode index = change.path("index");
                if (!index.isMissingNode() && !index.isTextual() && !index.isIntegralNumber()) {
                    problems.add(change.path("address").asText() + ": index is neither an integer nor a string");
                }
                change.path("change").path("actions").forEach(a -> {
                    if (!known.contains(a.asText())) {
                        problems.add(change.path("address").asText() + ": unknown action " + a);
                    }
                });
            }
        }
        if (!plan.path("planned_values").isObject() || !plan.path("planned_values").path("root_module").isObject()) {
            problems.add("planned_values.root_module is not a StateModule");
        }
        return problems;
    }

    private static void require(JsonNode node, String key, String where) {
        if (node == null || !node.has(key)) {
            throw new IllegalStateException("checkov: KeyError '" + key + "' in " + where);
        }
    }
}
