package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Batch resources look like at each api-version Microsoft publishes a document for: the properties each
 * object may hold (with its parents'), the values of each enum, which are read-only and which are secret. The table
 * ({@code api-shapes.json}) is derived from Microsoft's OpenAPI documents in the test resources, and a test keeps it
 * equal to them. With it the emulator does what the service does: it rejects a request body with a property or an
 * enum value its api-version does not have, and answers each api-version with only the properties that version
 * has. For an api-version without a document here, nothing is checked and nothing is removed.
 */
final class ApiShapes {
    private final JsonNode versions;

    private ApiShapes(JsonNode versions) {
        this.versions = versions;
    }

    static ApiShapes load() {
        try (InputStream in = ApiShapes.class.getResourceAsStream("api-shapes.json")) {
            return new ApiShapes(ArmHandler.JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("the emulator's api-shapes.json cannot be read", e);
        }
    }

    /** The request body's problems against a definition at an api-version, empty when it conforms or is unknown. */
    Optional<ArmError> check(String apiVersion, String definition, JsonNode body) {
        JsonNode definitions = versions.path(apiVersion);
        if (definitions.isMissingNode() || body == null) {
            return Optional.empty();
        }
        List<ArmError> found = new ArrayList<>();
        check(definitions, definitions.path(definition), body, "", found, apiVersion);
        return found.stream().findFirst();
    }

    private void check(JsonNode definitions, JsonNode shape, JsonNode value, String path, List<ArmError> found,
                       String apiVersion) {
        JsonNode resolved = resolve(definitions, shape);
        if (value == null || value.isNull() || !found.isEmpty()) {
            return;
        }
        if (resolved.has("enum") && value.isTextual()) {
            for (JsonNode allowed : resolved.get("enum")) {
                if (allowed.asText().equals(value.asText())) {
                    return;
                }
            }
            found.add(ArmError.badRequest("InvalidPropertyValue", "The value '" + value.asText() + "' of the property '"
                    + path + "' is not one of " + resolved.get("enum") + " (api-version " + apiVersion + ").", path));
            return;
        }
        if (value.isArray() && resolved.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(definitions, resolved.get("items"), value.get(i), path + "[" + i + "]", found, apiVersion);
            }
            return;
        }
        if (!value.isObject() || resolved.path("open").asBoolean(false)) {
            return;
        }
        JsonNode properties = resolved.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (resolved.has("values")) {
                check(definitions, resolved.get("values"), field.getValue(), at, found, apiVersion);
            } else if (!properties.has(field.getKey())) {
                found.add(ArmError.badRequest("InvalidRequestBody", "The property '" + at + "' is not known to "
                        + "api-version " + apiVersion + ".", at));
                return;
            } else {
                check(definitions, properties.get(field.getKey()), field.getValue(), at, found, apiVersion);
            }
        }
    }

    /**
     * The resource as an api-version shows it: without the properties that version does not have, and without
     * secrets. Resources of other types, and api-versions without a shape, are returned as they are.
     */
    JsonNode present(String apiVersion, JsonNode body) {
        JsonNode definitions = versions.path(apiVersion);
        if (definitions.isMissingNode() || body == null || !body.isObject()) {
            return body;
        }
        if (body.has("value") && body.get("value").isArray() && !body.has("type")) {
            ObjectNode list = ((ObjectNode) body).deepCopy();
            ArrayNode items = list.putArray("value");
            body.get("value").forEach(item -> items.add(present(apiVersion, item)));
            return list;
        }
        String definition = switch (body.path("type").asText().toLowerCase(java.util.Locale.ROOT)) {
            case "microsoft.batch/batchaccounts" -> "BatchAccount";
            case "microsoft.batch/batchaccounts/pools" -> "Pool";
            case "microsoft.batch/batchaccounts/applications" -> "Application";
            case "microsoft.batch/batchaccounts/applications/versions" -> "ApplicationPackage";
            default -> null;
        };
        if (definition == null) {
            return body;
        }
        JsonNode copy = body.deepCopy();
        prune(definitions, definitions.path(definition), copy);
        return copy;
    }

    private void prune(JsonNode definitions, JsonNode shape, JsonNode value) {
        JsonNode resolved = resolve(definitions, shape);
        if (value.isArray() && resolved.has("items")) {
            value.forEach(item -> prune(definitions, resolved.get("items"), item));
            return;
        }
        if (!(value instanceof ObjectNode object) || resolved.path("open").asBoolean(false)) {
            return;
        }
        if (resolved.has("values")) {
            object.forEach(item -> prune(definitions, resolved.get("values"), item));
            return;
        }
        JsonNode properties = resolved.path("properties");
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode property = properties.get(name);
            if (property == null || resolve(definitions, property).path("secret").asBoolean(false)
                    || property.path("secret").asBoolean(false)) {
                object.remove(name);
            } else {
                prune(definitions, property, object.get(name));
            }
        }
    }

    private static JsonNode resolve(JsonNode definitions, JsonNode shape) {
        JsonNode current = shape;
        for (int i = 0; i < 16 && current.has("ref"); i++) {
            current = definitions.path(current.get("ref").asText());
        }
        return current;
    }
}
