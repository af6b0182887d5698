package io.batchform.spec.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A pool's or an account's attributes with the user-assigned identities it names by spec key turned into their ARM
 * ids: those in {@code identity.userAssignedIdentities} and every {@code identityReference.resourceId} (container
 * registries, resource files, blob mounts, the disk encryption key; an account's auto-storage
 * {@code nodeIdentityReference}), wherever it sits. An ARM id stays as written. An identity
 * that lists identities without a type is of type UserAssigned.
 */
final class IdentityReferences {
    private IdentityReferences() {
    }

    /**
     * A copy of {@code attributes} with each identity key replaced by {@code idOf.apply(key)}; {@code idOf} answers
     * null for a value that is not a key of the spec, which then stays as it is. {@code used} hears each key
     * replaced.
     */
    static Map<String, Object> resolve(Map<String, Object> attributes, Function<String, String> idOf,
                                       Consumer<String> used) {
        Function<String, String> noted = written -> {
            String id = idOf.apply(written);
            if (id != null) {
                used.accept(written);
            }
            return id;
        };
        return resolve(attributes, noted);
    }

    private static Map<String, Object> resolve(Map<String, Object> attributes, Function<String, String> idOf) {
        Map<String, Object> out = new LinkedHashMap<>();
        attributes.forEach((key, value) -> out.put(key, key.equals("identity") ? identity(value, idOf)
                : references(value, idOf)));
        return out;
    }

    private static Object identity(Object value, Function<String, String> idOf) {
        if (!(value instanceof Map<?, ?> identity) || "None".equals(identity.get("type"))) {
            return value;
        }
        Map<String, Object> out = new TreeMap<>();
        identity.forEach((k, v) -> out.put(String.valueOf(k), k.equals("userAssignedIdentities") && v instanceof List<?> ids
                ? ids.stream().map(id -> (Object) id(String.valueOf(id), idOf)).toList() : v));
        out.putIfAbsent("type", "UserAssigned");
        return out;
    }

    private static Object references(Object value, Function<String, String> idOf) {
        if (value instanceof List<?> list) {
            return list.stream().map(item -> references(item, idOf)).toList();
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> {
            if ((k.equals("identityReference") || k.equals("nodeIdentityReference")) && v instanceof Map<?, ?> reference
                    && reference.get("resourceId") instanceof String id) {
                out.put(String.valueOf(k), Map.of("resourceId", id(id, idOf)));
            } else {
                out.put(String.valueOf(k), references(v, idOf));
            }
        });
        return out;
    }

    private static String id(String written, Function<String, String> idOf) {
        String id = idOf.apply(written);
        return id == null ? written : id;
    }
}
