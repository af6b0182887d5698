package io.batchform.render;

import io.batchform.address.Address;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The secret values a plan holds (in clear, as a plan made in this run has them, or as salted hashes, as a saved plan
 * keeps them), so that a variable that carries one is never written out.
 */
final class SecretValues {
    private SecretValues() {
    }

    static List<String> of(Plan plan, Function<Address, ResourceSchema> schemas) {
        List<String> found = new ArrayList<>();
        for (ResourceChange change : plan.changes()) {
            ResourceSchema schema = schemas.apply(change.address());
            for (Attributes attributes : new Attributes[] {change.before(), change.after()}) {
                if (attributes != null) {
                    collect(attributes.values(), "", schema, found);
                }
            }
        }
        return found;
    }

    /**
     * Whether {@code value} is one of {@code secrets} (hashes are checked with {@code salt}), or a part of one at least
     * {@value #FRAGMENT} characters long: a shorter value, such as a node count of {@code 2}, is found in too many
     * secrets by chance to say it carries one.
     */
    static boolean reveals(List<String> secrets, String salt, String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (String secret : secrets) {
            boolean found = Secrets.isHash(secret) ? salt != null && Secrets.matches(salt, secret, value)
                    : secret.equals(value) || value.length() >= FRAGMENT && secret.contains(value);
            if (found) {
                return true;
            }
        }
        return false;
    }

    /** The shortest part of a secret that marks a variable holding it as sensitive. */
    static final int FRAGMENT = 4;

    @SuppressWarnings("unchecked")
    private static void collect(Object value, String path, ResourceSchema schema, List<String> found) {
        if (value instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> collect(v, path.isEmpty() ? k : path + "." + k, schema, found));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> collect(item, path, schema, found));
        } else if (value != null && (Secrets.isHash(value) || Secrets.isSignedUrl(value)
                || schema != null && !path.isEmpty() && schema.lookup(path).sensitive())) {
            found.add(String.valueOf(value));
        }
    }
}
