package io.batchform.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attribute trees as the JSON formats write them: the values with every secret left out (a signed URL keeps its
 * address, its signature redacted), and beside them the {@code *_sensitive} trees, {@code true} where a value is
 * secret. A value is secret when the schema says so, when it is a salted hash (how state and saved plans keep
 * secrets) or a signed URL.
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {
    }

    /** The values minus secrets; JSON {@code null} for none. */
    static JsonNode values(Map<String, Object> values, ResourceSchema schema) {
        if (values == null) {
            return NullNode.getInstance();
        }
        return tree(mask(values, schema, "", false));
    }

    /**
     * Where the values are secret: an object of {@code true} leaves (lists keep their items, {@code false} for one
     * not secret); {@code false} for no values at all, as Terraform writes {@code before_sensitive} of a create.
     */
    static JsonNode sensitive(Map<String, Object> values, ResourceSchema schema) {
        if (values == null) {
            return BooleanNode.FALSE;
        }
        return tree(mask(values, schema, "", true));
    }

    /** A plain Java tree (maps, lists, strings, numbers, booleans) as JSON. */
    @SuppressWarnings("unchecked")
    static JsonNode tree(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            new TreeMap<>((Map<String, Object>) map).forEach((k, v) -> node.set(k, tree(v)));
            return node;
        }
        if (value instanceof List<?> list) {
            var array = NODES.arrayNode();
            list.forEach(item -> array.add(tree(item)));
            return array;
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i.longValue());
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        return NODES.textNode(String.valueOf(value));
    }

    private static Map<String, Object> mask(Map<String, Object> values, ResourceSchema schema, String prefix,
                                            boolean markers) {
        Map<String, Object> out = new TreeMap<>();
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
            List<Object> items = new ArrayList<>();
            boolean any = false;
            for (Object item : list) {
                Object masked = maskValue(item, schema, path, markers);
                any |= masked != null;
                items.add(markers && masked == null ? false : masked);
            }
            return markers && !any ? null : items;
        }
        boolean secret = schema != null && schema.lookup(path).sensitive() || Secrets.isHash(value);
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
