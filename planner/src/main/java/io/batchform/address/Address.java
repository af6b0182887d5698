package io.batchform.address;

import io.batchform.source.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a resource stands in a spec: its type and its names, printed {@code pool.render} or
 * {@code applicationPackage.blender["4.1"]} (a name that is not a plain identifier is quoted in brackets).
 * Addresses sort by type (in dependency order), then by names, so plans, state and output always list resources the
 * same way.
 */
public record Address(ResourceType type, List<String> names) implements Comparable<Address>, Location {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Comparator<Address> ORDER = Comparator.comparing(Address::type)
            .thenComparing(Address::names, (a, b) -> {
                for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                    int c = a.get(i).compareTo(b.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(a.size(), b.size());
            });

    public Address {
        Objects.requireNonNull(type, "type");
        names = List.copyOf(names);
        if (names.size() != type.nameSegments() || names.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(type.typeName() + " addresses have " + type.nameSegments()
                    + " non-empty name(s); got " + names);
        }
    }

    public static Address of(ResourceType type, String... names) {
        return new Address(type, List.of(names));
    }

    /** The last name: the resource's own key in the spec. */
    public String name() {
        return names.get(names.size() - 1);
    }

    /** Parses what {@link #toString()} prints; throws IllegalArgumentException with the reason otherwise. */
    public static Address parse(String text) {
        int dot = text.indexOf('.');
        int bracket = text.indexOf('[');
        int end = dot < 0 ? bracket : bracket < 0 ? dot : Math.min(dot, bracket);
        if (end <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not an address such as pool.render");
        }
        String typeName = text.substring(0, end);
        ResourceType type = ResourceType.byName(typeName).orElseThrow(() -> new IllegalArgumentException(
                "unknown resource type '" + typeName + "' in address '" + text + "'"));
        List<String> names = new ArrayList<>();
        int i = end;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int next = i + 1;
                while (next < text.length() && text.charAt(next) != '.' && text.charAt(next) != '[') {
                    next++;
                }
                names.add(text.substring(i + 1, next));
                i = next;
            } else if (c == '[' && text.startsWith("[\"", i)) {
                int close = text.indexOf("\"]", i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed [\" in address '" + text + "'");
                }
                names.add(text.substring(i + 2, close));
                i = close + 2;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' in address '" + text + "'");
            }
        }
        return new Address(type, names);
    }

    @Override
    public int compareTo(Address other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(type.typeName());
        for (String name : names) {
            if (PLAIN.matcher(name).matches()) {
                out.append('.').append(name);
            } else {
                out.append("[\"").append(name.replace("\"", "")).append("\"]");
            }
        }
        return out.toString();
    }
}
