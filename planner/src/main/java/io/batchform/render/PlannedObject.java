package io.batchform.render;

import io.batchform.plan.Action;
import io.batchform.plan.AttributeChange;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.AttributeSchema;
import io.batchform.provider.Attributes;
import io.batchform.provider.Mutability;
import io.batchform.provider.ResourceSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole object a change leaves, as Terraform's {@code after} holds it, with what only the apply will know as
 * {@code after_unknown}. An update (in place or by draining) and a no-op leave what lives with the plan's attribute
 * changes made; a create or a replacement leaves a new object: what the spec declares, the service's defaults for
 * what it leaves out (only inside blocks it declares: a default never invents a block), and every attribute the
 * service computes ({@code id}, endpoints, states) unknown. A delete or a forget leaves nothing.
 */
record PlannedObject(Map<String, Object> values, Map<String, Object> unknown) {
    static PlannedObject of(ResourceChange change, ResourceSchema schema) {
        Action action = change.action();
        if (action == Action.DELETE || action == Action.FORGET) {
            return new PlannedObject(null, Map.of());
        }
        if (action == Action.CREATE || action.isReplace() || change.before() == null) {
            if (change.after() == null) {
                return new PlannedObject(null, Map.of());
            }
            return created(change.after(), schema);
        }
        Attributes after = change.before();
        for (AttributeChange attribute : change.changes()) {
            after = after.with(attribute.path(), attribute.after());
        }
        return new PlannedObject(after.values(), Map.of());
    }

    /** What a new object will be: the declared values, the defaults, and the computed attributes unknown. */
    static PlannedObject created(Attributes declared, ResourceSchema schema) {
        Map<String, Object> values = copy(declared.values());
        Map<String, Object> unknown = new TreeMap<>();
        if (schema != null) {
            for (AttributeSchema attribute : schema.attributes()) {
                if (attribute.mutability() == Mutability.COMPUTED) {
                    put(unknown, attribute.path().split("\\."), 0, Boolean.TRUE);
                } else if (attribute.serviceDefault() != null) {
                    fill(values, attribute.path().split("\\."), 0, attribute.serviceDefault());
                }
            }
        }
        return new PlannedObject(values, unknown);
    }

    /** Sets the default at {@code path} where it is absent, inside maps (and each map of a list) that exist. */
    @SuppressWarnings("unchecked")
    private static void fill(Map<String, Object> map, String[] path, int at, Object value) {
        String key = path[at];
        if (at == path.length - 1) {
            map.putIfAbsent(key, value);
            return;
        }
        Object child = map.get(key);
        if (child instanceof Map<?, ?> inner) {
            fill((Map<String, Object>) inner, path, at + 1, value);
        } else if (child instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> inner) {
                    fill((Map<String, Object>) inner, path, at + 1, value);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> map, String[] path, int at, Object value) {
        if (at == path.length - 1) {
            map.put(path[at], value);
            return;
        }
        Object child = map.computeIfAbsent(path[at], k -> new TreeMap<String, Object>());
        if (child instanceof Map<?, ?> inner) {
            put((Map<String, Object>) inner, path, at + 1, value);
        }
    }

    /** A deep, mutable copy. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> values) {
        Map<String, Object> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, copyValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copy((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(copyValue(item)));
            return out;
        }
        return value;
    }
}
