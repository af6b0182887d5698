package io.batchform.plan;

import io.batchform.provider.AttributeSchema;
import io.batchform.provider.Attributes;
import io.batchform.provider.Mutability;
import io.batchform.provider.Normalization;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import io.batchform.provider.WriteOnly;
import io.batchform.schedule.ServiceSchedule;
import io.batchform.source.Durations;
import io.batchform.source.Region;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Computes attribute changes under a provider's schema so that plans never show spurious diffs: computed attributes
 * are ignored, an absent value equals the service's default, values compare as the schema normalises them
 * (case, regions, ISO durations, unordered lists), and write-only attributes, which the service never returns, are
 * compared with the prior state instead of the live one.
 */
public final class Differ {
    private Differ() {
    }

    /** The changes that take {@code live} to {@code desired}; {@code prior} is what the last apply recorded. */
    public static List<AttributeChange> diff(ResourceSchema schema, Attributes desired, Attributes live, Attributes prior) {
        return diff(schema, desired, live, prior, null);
    }

    /**
     * As {@link #diff(ResourceSchema, Attributes, Attributes, Attributes)}, where {@code prior} keeps secrets hashed
     * with {@code salt} (the state's lineage): a desired secret equals a recorded one when their hashes match.
     */
    public static List<AttributeChange> diff(ResourceSchema schema, Attributes desired, Attributes live, Attributes prior,
                                             String salt) {
        Map<String, Object> wanted = new TreeMap<>();
        flatten("", desired.values(), wanted);
        // Write-only values inside a list (a user account's password) are not shown by the service either: what
        // the last apply sent stands in for them.
        Attributes shown = WriteOnly.overlay(schema, live, prior);
        List<AttributeChange> changes = new ArrayList<>();
        for (Map.Entry<String, Object> entry : wanted.entrySet()) {
            String path = entry.getKey();
            AttributeSchema attribute = schema.lookup(path);
            if (attribute.mutability() == Mutability.COMPUTED) {
                continue;
            }
            Object before = attribute.writeOnly() ? prior.get(path) : shown.get(path);
            if (before == null && !attribute.writeOnly()) {
                before = attribute.serviceDefault();
            }
            if (salt != null && attribute.sensitive() && before instanceof String hashed
                    && Secrets.isHash(hashed) && entry.getValue() != null) {
                before = Secrets.matches(salt, hashed, entry.getValue()) ? entry.getValue() : hashed;
            }
            // Items of a list compare with the service's defaults filled in where one side leaves them out.
            Object was = withDefaults(path, before, schema);
            Object wants = withDefaults(path, entry.getValue(), schema);
            if (!attribute.writeOnly() && schema.holdsWriteOnly(path) && !WriteOnly.holdsAny(path, prior.get(path), schema)
                    && equal(attribute.normalization(), was, WriteOnly.without(path, wants, schema))) {
                // Nothing recorded of the write-only values in it (an imported pool's passwords): the service
                // cannot show them and batchform never sent them, so nothing says they differ. What the service
                // shows matches; the spec's values are recorded at the next apply.
                continue;
            }
            if (salt != null && !attribute.sensitive() && Secrets.holdsSecret(path, entry.getValue(), schema)) {
                // Secrets inside a list or map compare by their salted hashes, as the state keeps them.
                if (equal(attribute.normalization(), Secrets.redact(path, was, schema, salt),
                        Secrets.redact(path, wants, schema, salt))) {
                    continue;
                }
            }
            if (!equal(attribute.normalization(), was, wants)) {
                changes.add(new AttributeChange(path, before, entry.getValue(), attribute.mutability(),
                        attribute.sensitive()));
            }
        }
        // Managed attributes the live resource has and the desired state no longer sets are removed.
        Map<String, Object> present = new TreeMap<>();
        flatten("", live.values(), present);
        for (Map.Entry<String, Object> entry : present.entrySet()) {
            String path = entry.getKey();
            AttributeSchema attribute = schema.lookup(path);
            if (attribute.mutability() == Mutability.COMPUTED || attribute.writeOnly() || covered(path, wanted)
                    || isEmpty(entry.getValue())
                    || equal(attribute.normalization(), entry.getValue(), attribute.serviceDefault())) {
                continue;
            }
            changes.add(new AttributeChange(path, entry.getValue(), null, attribute.mutability(), attribute.sensitive()));
        }
        changes.sort((a, b) -> a.path().compareTo(b.path()));
        return changes;
    }

    /** What changed outside batchform: live compared with what the last apply recorded. */
    public static List<AttributeChange> drift(ResourceSchema schema, Attributes prior, Attributes live) {
        return drift(schema, prior, live, null);
    }

    /**
     * As {@link #drift(ResourceSchema, Attributes, Attributes)}, where {@code prior} keeps secrets hashed with
     * {@code salt} (the state's lineage): a secret the service shows (a job's environment value) is unchanged when
     * it matches the recorded hash. Without this every plan after an apply showed it as changed outside batchform.
     */
    public static List<AttributeChange> drift(ResourceSchema schema, Attributes prior, Attributes live, String salt) {
        List<AttributeChange> changes = new ArrayList<>();
        for (AttributeChange change : diff(schema, prior, live, prior)) {
            if (salt != null && change.sensitive() && change.after() instanceof String hashed
                    && Secrets.isHash(hashed) && change.before() != null
                    && Secrets.matches(salt, hashed, change.before())) {
                continue;
            }
            if (!schema.lookup(change.path()).writeOnly()) {
                // Reported the other way round: from what was recorded to what is there now.
                changes.add(new AttributeChange(change.path(), change.after(), change.before(), change.mutability(),
                        change.sensitive()));
            }
        }
        return changes;
    }

    /** The action for a resource that exists and has these changes (empty-pool changes left to the caller). */
    public static Action actionFor(List<AttributeChange> changes) {
        if (changes.isEmpty()) {
            return Action.NO_OP;
        }
        return changes.stream().anyMatch(AttributeChange::forcesReplacement) ? Action.DELETE_THEN_CREATE : Action.UPDATE;
    }

    /**
     * A list's items with the service's defaults put in where they leave them out ({@code userAccounts[*]
     * .elevationLevel} is NonAdmin unless said), so that an item written without a default equals the one the
     * service shows with it. Other values are returned as they are: maps compare leaf by leaf already.
     */
    static Object withDefaults(String path, Object value, ResourceSchema schema) {
        return value instanceof List<?> list ? list.stream().map(item -> filled(path, item, schema)).toList() : value;
    }

    @SuppressWarnings("unchecked")
    private static Object filled(String path, Object value, ResourceSchema schema) {
        if (value instanceof List<?> list) {
            return list.stream().map(item -> filled(path, item, schema)).toList();
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Map<String, Object> out = new TreeMap<>((Map<String, Object>) map);
        String prefix = path + ".";
        for (AttributeSchema attribute : schema.attributes()) {
            String child = attribute.path();
            if (attribute.serviceDefault() != null && child.startsWith(prefix)
                    && child.indexOf('.', prefix.length()) < 0) {
                out.putIfAbsent(child.substring(prefix.length()), attribute.serviceDefault());
            }
        }
        out.replaceAll((key, child) -> filled(prefix + key, child, schema));
        return out;
    }

    /** Whether {@code path} or one of its ancestors or descendants is set in {@code wanted}. */
    private static boolean covered(String path, Map<String, Object> wanted) {
        if (wanted.containsKey(path)) {
            return true;
        }
        String prefix = path + ".";
        for (String key : wanted.keySet()) {
            if (key.startsWith(prefix) || path.startsWith(key + ".")) {
                return true;
            }
        }
        return false;
    }

    /** Leaves by dotted path; lists are leaves (compared whole). */
    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> out) {
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                flatten(path, (Map<String, Object>) child, out);
            } else {
                out.put(path, entry.getValue());
            }
        }
    }

    private static boolean isEmpty(Object value) {
        return value == null || value instanceof Map<?, ?> m && m.isEmpty() || value instanceof Collection<?> c && c.isEmpty();
    }

    /** Whether two values are the same under a normalisation; absent equals empty. */
    static boolean equal(Normalization normalization, Object a, Object b) {
        if (isEmpty(a) && isEmpty(b)) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        return switch (normalization) {
            case EXACT -> canonical(a).equals(canonical(b));
            case CASE_INSENSITIVE -> canonical(a).equalsIgnoreCase(canonical(b));
            case REGION -> Region.same(canonical(a), canonical(b));
            case DURATION -> Objects.equals(duration(canonical(a)), duration(canonical(b))) && duration(canonical(a)) != null;
            case UNORDERED -> a instanceof Collection<?> x && b instanceof Collection<?> y
                    ? sortedCanonical(x).equals(sortedCanonical(y)) : canonical(a).equals(canonical(b));
            case SCHEDULES -> ServiceSchedule.sameRuns(a, b);
        };
    }

    private static List<String> sortedCanonical(Collection<?> values) {
        return values.stream().map(Differ::canonical).sorted().toList();
    }

    /** A stable text form: numbers without a trailing .0, maps in key order. */
    private static String canonical(Object value) {
        if (value instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        if (value instanceof Map<?, ?> map) {
            return new TreeMap<>(map).toString();
        }
        return String.valueOf(value);
    }

    /** A duration in the one grammar ({@link Durations}); null when it is not one. */
    static Duration duration(String text) {
        return Durations.parse(text).orElse(null);
    }
}
