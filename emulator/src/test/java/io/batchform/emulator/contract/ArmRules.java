package io.batchform.emulator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of an ARM resource provider that a Swagger 2.0 schema implies but plain JSON Schema does not check:
 * an object may hold only the properties its schema (with its {@code allOf} parents) names, unless it declares
 * {@code additionalProperties}; a request carries no {@code readOnly} property; a response never carries an
 * {@code x-ms-secret} property (nor, so, one that is both required and secret: {@link OpenApiContract} lets a
 * response leave those out). The walk follows the instance, so every violation has the instance's JSON path.
 */
final class ArmRules {
    /** Resolves a local {@code $ref}. */
    interface Resolver {
        JsonNode resolve(String ref);
    }

    private ArmRules() {
    }

    static List<Violation> request(OpenApiContract.Operation operation, Resolver resolver, JsonNode schema, JsonNode body) {
        List<Violation> out = new ArrayList<>();
        walk(operation, "request", resolver, schema, body, "$", out, 0);
        return out;
    }

    static List<Violation> response(OpenApiContract.Operation operation, Resolver resolver, JsonNode schema, JsonNode body) {
        List<Violation> out = new ArrayList<>();
        walk(operation, "response", resolver, schema, body, "$", out, 0);
        return out;
    }

    private static void walk(OpenApiContract.Operation operation, String side, Resolver resolver, JsonNode schema,
                             JsonNode value, String path, List<Violation> out, int depth) {
        if (depth > 64 || value == null || value.isNull()) {
            return;
        }
        JsonNode resolved = deref(resolver, schema);
        if (value.isArray()) {
            JsonNode items = resolved.path("items");
            if (!items.isMissingNode()) {
                for (int i = 0; i < value.size(); i++) {
                    walk(operation, side, resolver, items, value.get(i), path + "[" + i + "]", out, depth + 1);
                }
            }
            return;
        }
        if (!value.isObject()) {
            return;
        }
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        collect(resolver, resolved, properties, 0);
        JsonNode additional = resolved.path("additionalProperties");
        boolean open = properties.isEmpty() && !additional.isObject() || additional.isBoolean() && additional.asBoolean();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = path + "." + field.getKey();
            JsonNode property = properties.get(field.getKey());
            if (property == null) {
                if (additional.isObject()) {
                    walk(operation, side, resolver, additional, field.getValue(), at, out, depth + 1);
                } else if (!open) {
                    out.add(new Violation(operation.name(), side, at, "unknown-property", "the property '"
                            + field.getKey() + "' is not in the schema (known: " + String.join(", ", properties.keySet())
                            + ")"));
                }
                continue;
            }
            JsonNode target = deref(resolver, property);
            if (side.equals("request") && (property.path("readOnly").asBoolean(false) || target.path("readOnly").asBoolean(false))) {
                out.add(new Violation(operation.name(), side, at, "read-only", "the property '" + field.getKey()
                        + "' is read-only: the service sets it, a client does not send it"));
                continue;
            }
            if (side.equals("response") && (property.path("x-ms-secret").asBoolean(false) || target.path("x-ms-secret").asBoolean(false))) {
                out.add(new Violation(operation.name(), side, at, "x-ms-secret", "the property '" + field.getKey()
                        + "' is a secret (x-ms-secret): the service never returns it"));
                continue;
            }
            walk(operation, side, resolver, property, field.getValue(), at, out, depth + 1);
        }
    }

    /** The properties a schema names, its own and those of its {@code allOf} parents. */
    private static void collect(Resolver resolver, JsonNode schema, Map<String, JsonNode> into, int depth) {
        JsonNode resolved = deref(resolver, schema);
        if (depth > 16) {
            return;
        }
        for (JsonNode parent : resolved.path("allOf")) {
            collect(resolver, parent, into, depth + 1);
        }
        resolved.path("properties").fields().forEachRemaining(e -> into.put(e.getKey(), e.getValue()));
    }

    private static JsonNode deref(Resolver resolver, JsonNode schema) {
        JsonNode current = schema;
        for (int i = 0; i < 16 && current.has("$ref"); i++) {
            current = resolver.resolve(current.get("$ref").asText());
        }
        return current;
    }
}
