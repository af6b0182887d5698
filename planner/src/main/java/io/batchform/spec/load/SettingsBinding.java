package io.batchform.spec.load;

import io.batchform.spec.yaml.Scalars;
import io.batchform.spec.yaml.YNode;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import io.batchform.spec.yaml.YNode.YSeq;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binds the keys of the current Microsoft.Batch API that batchform passes to Azure as written ({@code
 * PoolSpec.SETTINGS}, {@code BatchAccountSpec.SETTINGS}) as plain trees: maps, lists, strings, longs, booleans.
 * The shape check has already checked them; keeping Binder under 500 lines is why they bind here.
 */
final class SettingsBinding {
    private SettingsBinding() {
    }

    /** The {@code keys} of a resource that go to Azure as written, as plain trees; tag values as text. */
    static Map<String, Object> settings(YMap resource, List<String> keys) {
        Map<String, Object> settings = new TreeMap<>();
        for (String key : keys) {
            resource.get(key).map(SettingsBinding::tree).ifPresent(value -> settings.put(key, value));
        }
        if (settings.containsKey("tags")) {
            settings.put("tags", new TreeMap<String, Object>(Binder.texts(resource, "tags"))); // tag values are text
        }
        return settings;
    }

    /** The object under {@code key} of {@code parent} as a plain tree, or null when there is none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(YMap parent, String key) {
        return parent.get(key).map(SettingsBinding::tree).filter(Map.class::isInstance)
                .map(tree -> (Map<String, Object>) tree).orElse(null);
    }

    /** A checked YAML value as a plain tree: maps, lists, strings, longs, booleans; nulls left out. */
    static Object tree(YNode node) {
        if (node instanceof YMap map) {
            Map<String, Object> out = new TreeMap<>();
            for (YNode.Entry e : map.entries()) {
                Object value = tree(e.value());
                if (value != null) {
                    out.put(e.key().value(), value);
                }
            }
            return out;
        }
        if (node instanceof YSeq seq) {
            return seq.items().stream().map(SettingsBinding::tree).filter(java.util.Objects::nonNull).toList();
        }
        if (node instanceof YScalar s) {
            return switch (s.kind()) {
                case NULL -> null;
                case BOOLEAN -> Scalars.bool(s);
                case INTEGER -> Scalars.integer(s).isPresent() ? (Object) Scalars.integer(s).getAsLong() : s.value();
                default -> s.value();
            };
        }
        return null;
    }
}
