package io.batchform.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of state and plan files. A sensitive attribute's value (per the provider's schema) is replaced
 * by {@code scrypt:<hex>}, scrypt (N=2^14, r=8, p=1: 16 MiB and about 50 ms per guess on one core) of the value
 * salted with the state's lineage, so a changed secret is still noticed, the value is never written, and guessing it
 * back from a state file costs what guessing a password from a good password database costs. Hashes are salted per
 * lineage, so the same password in two states does not match.
 *
 * <p>A URL signed with a shared access signature (a {@code sig} query parameter) is a secret wherever it is written:
 * it is kept and printed with {@code sig} replaced by the hash of the signature (or {@code (sensitive)} when printed)
 * and the {@code se} and {@code sp} parameters, which identify the token, by {@code redacted}.
 *
 * <p>States written before scrypt hold {@code sha256:<hex>} of lineage and value: {@link #matches} still compares
 * them, and the next write records the scrypt hash.
 */
public final class Secrets {
    /** How a hash kept in place of a secret starts. */
    public static final String PREFIX = "scrypt:";
    /** How the hashes of states written before scrypt start: still compared, replaced at the next write. */
    public static final String LEGACY_PREFIX = "sha256:";
    /** What stands for a SAS token's expiry and permissions once redacted. */
    public static final String REDACTED = "redacted";
    private static final int N = 1 << 14;
    private static final int R = 8;
    private static final int P = 1;
    private static final Pattern SAS_PARAMETER = Pattern.compile("([?&])(sig|se|sp)=([^&#]*)",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> IDENTIFYING = Set.of("se", "sp");
    /** A plan hashes each secret a few times: remember the last few hundred (the values are in memory anyway). */
    private static final Map<String, String> RECENT = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 512;
        }
    });

    private Secrets() {
    }

    /** The hash kept in place of {@code value} in a state whose lineage is {@code salt}. */
    public static String hash(String salt, Object value) {
        String text = String.valueOf(value);
        return RECENT.computeIfAbsent(salt + '\0' + text, key -> PREFIX + HexFormat.of().formatHex(Scrypt.derive(
                text.getBytes(StandardCharsets.UTF_8), ("batchform\0" + salt).getBytes(StandardCharsets.UTF_8),
                N, R, P, 32)));
    }

    /** Whether {@code text} is a hash kept in place of a secret, of today's kind or a former one. */
    public static boolean isHash(Object text) {
        return text instanceof String s && (s.startsWith(PREFIX) || s.startsWith(LEGACY_PREFIX));
    }

    /** Whether {@code hashed}, read from a state whose lineage is {@code salt}, is the hash of {@code value}. */
    public static boolean matches(String salt, String hashed, Object value) {
        if (hashed.startsWith(LEGACY_PREFIX)) {
            return MessageDigest.isEqual(hashed.getBytes(StandardCharsets.UTF_8),
                    legacyHash(salt, value).getBytes(StandardCharsets.UTF_8));
        }
        return MessageDigest.isEqual(hashed.getBytes(StandardCharsets.UTF_8),
                hash(salt, value).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code sha256(lineage || 0 || value)}, as states kept secrets before scrypt. */
    static String legacyHash(String salt, Object value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            return LEGACY_PREFIX + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether {@code value} is a URL signed with a shared access signature (it has a {@code sig} parameter). */
    public static boolean isSignedUrl(Object value) {
        if (!(value instanceof String text) || text.indexOf('?') < 0) {
            return false;
        }
        Matcher matcher = SAS_PARAMETER.matcher(text);
        while (matcher.find()) {
            if (matcher.group(2).equalsIgnoreCase("sig")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A signed URL with its signature replaced by what {@code signature} makes of it and {@code se}/{@code sp} by
     * {@link #REDACTED}; any other text unchanged.
     */
    public static String redactUrl(String url, UnaryOperator<String> signature) {
        if (!isSignedUrl(url)) {
            return url;
        }
        Matcher matcher = SAS_PARAMETER.matcher(url);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(2);
            String value = IDENTIFYING.contains(name.toLowerCase(Locale.ROOT)) ? REDACTED
                    : signature.apply(matcher.group(3));
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + name + "=" + value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The attributes with every secret replaced by its hash. */
    public static Attributes redact(Attributes attributes, ResourceSchema schema, String salt) {
        return new Attributes(new TreeMap<>(mapOf(redact("", attributes.values(), schema, salt))));
    }

    /** {@code value}, found at {@code path}, with every secret in it replaced by its hash. */
    public static Object redact(String path, Object value, ResourceSchema schema, String salt) {
        return replace(path, value, schema, secret -> {
            String text = String.valueOf(secret);
            return isHash(text) ? text : hash(salt, secret);
        });
    }

    /**
     * {@code value}, found at {@code path}, with every secret in it replaced by {@link Hidden#VALUE} (a signed URL's
     * signature by {@code (sensitive)}): for printing a whole map or list whose parts may be secret
     * ({@code userAccounts[*].password}).
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

    /** Whether {@code value} at {@code path} is or holds a secret. */
    public static boolean holdsSecret(String path, Object value, ResourceSchema schema) {
        boolean[] found = {false};
        replace(path, value, schema, secret -> {
            found[0] = true;
            return secret;
        });
        return found[0];
    }

    /** Walks maps and lists (a list's items share the list's path) replacing secrets. */
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
        if (isSignedUrl(value)) {
            return redactUrl((String) value, signature -> String.valueOf(secret.apply(signature)));
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Object value) {
        return (Map<String, Object>) value;
    }
}
