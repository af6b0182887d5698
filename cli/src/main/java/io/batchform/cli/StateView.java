package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.azure.AzureProvider;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import io.batchform.state.ResourceState;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a resource of the state reads for people: its id, dependencies and attributes one a line, secrets
 * {@code (sensitive)}, formulas as heredocs. A map of more than {@value #LONG_MAP} numbers (a Batch account's
 * per-family core quotas, ~120 of them) is one summary line unless {@code full} asks for every entry.
 */
final class StateView {
    static final int LONG_MAP = 20;

    private StateView() {
    }

    /** The schema of {@code address}'s type, as the Azure provider (and the embedded emulator) have it. */
    static ResourceSchema schema(Address address) {
        return AzureProvider.schemas().get(address.type());
    }

    static void print(ResourceState resource, boolean full, PrintWriter out) {
        out.println("# " + resource.address());
        out.println("id = \"" + resource.id() + "\"");
        if (!resource.dependencies().isEmpty()) {
            out.println("dependsOn = [" + resource.dependencies().stream().map(Address::toString)
                    .collect(Collectors.joining(", ")) + "]");
        }
        print(out, "", resource.attributes().values(), full, resource.address());
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, String prefix, Map<String, Object> values, boolean full, Address address) {
        values.forEach((key, value) -> {
            String path = prefix + key;
            if (value instanceof Map<?, ?> child && !full && summarised(child)) {
                out.println(path + " = " + summary((Map<String, Object>) child) + " (batchform state show " + address
                        + " --full lists them)");
            } else if (value instanceof Map<?, ?> child && !child.isEmpty()) {
                print(out, path + ".", (Map<String, Object>) child, full, address);
            } else if (value instanceof String text && text.strip().contains("\n")) {
                out.println(path + " = <<-EOT"); // a formula: its lines as written
                text.lines().forEach(line -> out.println("    " + line));
                out.println("EOT");
            } else {
                out.println(path + " = " + shown(value));
            }
        });
    }

    /** Whether a map is long and all numbers, such as per-family quotas. */
    static boolean summarised(Map<?, ?> map) {
        return map.size() > LONG_MAP && map.values().stream().allMatch(v -> v instanceof Number);
    }

    /** {@code {123 entries, 30 above 0, the largest standardDv3Family = 350}}. */
    static String summary(Map<String, Object> map) {
        long above = map.values().stream().filter(v -> ((Number) v).doubleValue() > 0).count();
        Map.Entry<String, Object> largest = map.entrySet().stream()
                .max((a, b) -> Double.compare(((Number) a.getValue()).doubleValue(),
                        ((Number) b.getValue()).doubleValue()))
                .orElseThrow();
        return "{" + map.size() + " entries, " + above + " above 0, the largest " + largest.getKey() + " = "
                + largest.getValue() + "}";
    }

    private static String shown(Object value) {
        if (value instanceof String s) {
            return Secrets.isHash(s) ? "(sensitive)"
                    : '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(StateView::shown).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + " = " + shown(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }
}
