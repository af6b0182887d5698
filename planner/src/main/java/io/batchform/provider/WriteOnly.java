package io.batchform.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Write-only attributes are the ones a service accepts and never shows again: a pool's deallocation option, the
 * password of one of its user accounts, the key of one of its mounts. What a resource is, then, is what the service
 * shows plus the write-only values that were sent to it. {@link #overlay} puts the second into the first, at the
 * same place: inside maps by key, inside lists by position (Azure keeps the order a list was sent in).
 */
public final class WriteOnly {
    private WriteOnly() {
    }

    /** {@code shown} with every write-only value of {@code sent} put in where the schema says it belongs. */
    public static Attributes overlay(ResourceSchema schema, Attributes shown, Attributes sent) {
        if (sent.values().isEmpty() || !schema.holdsWriteOnly("")) {
            return shown;
        }
        Object merged = overlay("", shown.values(), sent.values(), schema);
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) merged;
        return Attributes.of(values);
    }

    /** Whether {@code value}, found at {@code path}, has a write-only value in it. */
    public static boolean holdsAny(String path, Object value, ResourceSchema schema) {
        return value != null && !java.util.Objects.equals(without(path, value, schema), value);
    }

    /** {@code value}, found at {@code path}, without the write-only values in it: what the service would show. */
    @SuppressWarnings("unchecked")
    public static Object without(String path, Object value, ResourceSchema schema) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            ((Map<String, Object>) map).forEach((key, child) -> {
                String childPath = path.isEmpty() ? key : path + "." + key;
                if (!schema.lookup(childPath).writeOnly()) {
                    out.put(key, without(childPath, child, schema));
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> without(path, item, schema)).toList();
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Object overlay(String path, Object shown, Object sent, ResourceSchema schema) {
        if (sent instanceof Map<?, ?> sentMap) {
            if (shown != null && !(shown instanceof Map<?, ?>)) {
                return shown;
            }
            Map<String, Object> out = shown == null ? new TreeMap<>() : new TreeMap<>((Map<String, Object>) shown);
            boolean added = false;
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) sentMap).entrySet()) {
                String child = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                if (entry.getValue() == null || !schema.holdsWriteOnly(child)) {
                    continue;
                }
                Object value = schema.lookup(child).writeOnly() ? entry.getValue()
                        : overlay(child, out.get(entry.getKey()), entry.getValue(), schema);
                if (value != null) {
                    out.put(entry.getKey(), value);
                    added = true;
                }
            }
            return shown == null && !added ? null : out;
        }
        if (sent instanceof List<?> sentList && shown instanceof List<?> shownList) {
            List<Object> out = new ArrayList<>(shownList);
            for (int i = 0; i < Math.min(sentList.size(), shownList.size()); i++) {
                out.set(i, overlay(path, shownList.get(i), sentList.get(i), schema));
            }
            return out;
        }
        return shown;
    }
}
