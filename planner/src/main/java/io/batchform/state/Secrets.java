package io.batchform.state;

import io.batchform.provider.Attributes;
import io.batchform.provider.ResourceSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps secrets out of state and plan files: a sensitive attribute's value is replaced by
 * {@code sha256:<hex>} of the state's lineage and the value, so a changed secret is still noticed and the value is
 * never written. Hashes are salted per lineage, so the same password in two states does not match.
 */
public final class Secrets {
    public static final String PREFIX = "sha256:";

    private Secrets() {
    }

    public static String hash(String salt, Object value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The attributes with every sensitive value (per the schema) replaced by its hash. */
    public static Attributes redact(Attributes attributes, ResourceSchema schema, String salt) {
        return new Attributes(new TreeMap<>(redact("", attributes.values(), schema, salt)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> redact(String prefix, Map<String, Object> map, ResourceSchema schema, String salt) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (schema.lookup(path).sensitive() && !(value instanceof Map<?, ?>)) {
                String text = String.valueOf(value);
                out.put(key, text.startsWith(PREFIX) ? text : hash(salt, value));
            } else if (value instanceof Map<?, ?> child) {
                out.put(key, redact(path, (Map<String, Object>) child, schema, salt));
            } else {
                out.put(key, value);
            }
        });
        return out;
    }
}
