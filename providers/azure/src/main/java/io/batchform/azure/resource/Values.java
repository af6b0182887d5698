package io.batchform.azure.resource;

import io.batchform.provider.Attributes;
import java.util.Map;
import java.util.TreeMap;

/** Small conversions every handler shares between attributes and the SDK's models. */
final class Values {
    private Values() {
    }

    /** The {@code tags} attribute as the SDK wants them: every value a string, empty when there are none. */
    @SuppressWarnings("unchecked")
    static Map<String, String> tags(Attributes attributes) {
        Object tags = attributes.get("tags");
        Map<String, String> out = new TreeMap<>();
        if (tags instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, String.valueOf(v)));
        }
        return out;
    }

    /** Tags as state keeps them: an empty map when the resource has none. */
    static Map<String, String> tags(Map<String, String> tags) {
        return tags == null ? Map.of() : tags;
    }

    /** An SDK enum value (or anything else) as text, or null. */
    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
