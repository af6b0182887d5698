package io.batchform.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

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
        return new Attributes(new TreeMap<>(mapOf(replace("", attributes.values(), schema, value -> {
            String text = String.valueOf(value);
            return text.startsWith(PREFIX) ? text : hash(salt, value);
        }))));
    }

    /** {@code value}, found at {@code path}, with every sensitive leaf under it replaced by its hash. */
    public static Object redact(String path, Object value, ResourceSchema schema, String salt) {
        return replace(path, value, schema, secret -> {
            String text = String.valueOf(secret);
            return text.startsWith(PREFIX) ? text : hash(salt, secret);
        });
    }

    /**
     * {@code value}, found at {@code path}, with every sensitive leaf under it replaced by {@link Hidden#VALUE}: for
     * printing a whole map or list whose parts may be secret ({@code userAccounts[*].password}).
     */
    public static Object mask(String path, Object value, ResourceSchema schema) {
        return replace(path, value, schema, secret -> Hidden.VALUE);
    }

    /** What {@link #mask} puts in place of a secret; prints as {@code (sensitive)}. */
    public enum Hidden {
        VALUE;

        @Override
        public String toString() {
            return "(sensitive)";
        }
    }

    /** Whether {@code value} at {@code path} is or holds a sensitive value. */
    public static boolean holdsSecret(String path, Object value, ResourceSchema schema) {
        boolean[] found = {false};
        replace(path, value, schema, secret -> {
            found[0] = true;
            return secret;
        });
        return found[0];
    }

    /** Walks maps and lists (a list's items share the list's path) replacing sensitive leaves. */
    @SuppressWarnings("unchecked")
    private static Object replace(String path, Object value, ResourceSchema schema, UnaryOperator<Object> secret) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            ((Map<String, Object>) map).forEach((key, child) ->
                    out.put(key, replace(path.isEmpty() ? key : path + "." + key, child, schema, secret)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(item == null ? null : replace(path, item, schema, secret)));
            return out;
        }
        if (value != null && !path.isEmpty() && schema.lookup(path).sensitive()) {
            return secret.apply(value);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Object value) {
        return (Map<String, Object>) value;
    }
}
