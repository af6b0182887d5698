package io.batchform.azure.resource;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small readers and writers of the Batch data plane's JSON as maps: the data plane writes name/value lists where
 * batchform's attributes have maps, and date-times with any offset where the attributes hold UTC instants.
 */
final class ServiceMaps {
    private ServiceMaps() {
    }

    /** {@code value} as a map, or an empty one when it is absent or not a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Puts {@code value} unless it is absent: the service reads an absent key as "not set". */
    static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** A map as the service's {@code [{name, value}]} list, in name order, values as strings. */
    static List<Object> pairs(Map<String, Object> values) {
        List<Object> out = new ArrayList<>();
        new TreeMap<>(values).forEach((name, value) -> out.add(Map.of("name", name, "value", String.valueOf(value))));
        return out;
    }

    /** The service's {@code [{name, value}]} list as a map (a missing value is the empty string, as the service means it). */
    static Map<String, Object> unpair(Object pairs) {
        Map<String, Object> out = new TreeMap<>();
        if (pairs instanceof List<?> list) {
            for (Object pair : list) {
                Map<String, Object> item = map(pair);
                out.put(String.valueOf(item.get("name")), item.get("value") == null ? "" : item.get("value"));
            }
        }
        return out;
    }

    /** A date-time as an ISO instant in UTC ({@code 2026-12-07T01:00:00Z}), whatever offset it was written with. */
    static String instant(Object value) {
        try {
            return OffsetDateTime.parse(String.valueOf(value)).toInstant().toString();
        } catch (DateTimeParseException e) {
            return String.valueOf(value);
        }
    }
}
