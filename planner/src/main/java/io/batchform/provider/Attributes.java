package io.batchform.provider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A resource's attributes: an immutable JSON-like tree whose maps are sorted by key (so no hash order ever reaches
 * output) and whose values are strings, longs, doubles, booleans, lists and maps. Paths are dotted
 * ({@code startTask.commandLine}).
 */
public record Attributes(SortedMap<String, Object> values) {
    public static final Attributes EMPTY = new Attributes(new TreeMap<>());

    public Attributes {
        values = Collections.unmodifiableSortedMap(freezeMap(values));
    }

    public static Attributes of(Map<String, ?> values) {
        return new Attributes(new TreeMap<>(values));
    }

    /** The value at a dotted path, or null. */
    public Object get(String path) {
        Object current = values;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    public String string(String path) {
        Object value = get(path);
        return value == null ? null : value.toString();
    }

    /** A copy with the value at a dotted path set (null removes it), creating maps on the way. */
    public Attributes with(String path, Object value) {
        TreeMap<String, Object> copy = new TreeMap<>(values);
        String[] parts = path.split("\\.");
        setIn(copy, parts, 0, value);
        return new Attributes(copy);
    }

    @SuppressWarnings("unchecked")
    private static void setIn(TreeMap<String, Object> map, String[] parts, int index, Object value) {
        if (index == parts.length - 1) {
            if (value == null) {
                map.remove(parts[index]);
            } else {
                map.put(parts[index], value);
            }
            return;
        }
        Object child = map.get(parts[index]);
        TreeMap<String, Object> next = child instanceof Map<?, ?> m ? new TreeMap<>((Map<String, Object>) m) : new TreeMap<>();
        setIn(next, parts, index + 1, value);
        map.put(parts[index], next);
    }

    private static SortedMap<String, Object> freezeMap(Map<String, ?> map) {
        TreeMap<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                out.put(k, freeze(v));
            }
        });
        return Collections.unmodifiableSortedMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            return freezeMap((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(item == null ? null : freeze(item)));
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return value;
        }
        throw new IllegalArgumentException("not an attribute value: " + value.getClass().getName());
    }
}
