package io.batchform.source;

import java.util.Locale;
import java.util.Objects;

/**
 * An Azure region in its one canonical form: lower case, without spaces, as Resource Manager writes locations
 * ({@code West Europe} and {@code westeurope} are the same {@code westeurope}). Compare regions through this, never
 * by hand.
 */
public record Region(String name) implements Comparable<Region> {
    public Region {
        Objects.requireNonNull(name, "name");
        name = canonical(name);
    }

    public static Region of(String name) {
        return new Region(name);
    }

    /** The canonical form of a region's name, or {@code null} for {@code null}. */
    public static String canonical(String name) {
        return name == null ? null : name.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /** Whether two names, written either way, are the same region. */
    public static boolean same(String a, String b) {
        return Objects.equals(canonical(a), canonical(b));
    }

    @Override
    public int compareTo(Region other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
