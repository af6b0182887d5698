package io.batchform.state;

import io.batchform.address.Address;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The state: a format version, a serial that grows with every write, a lineage that names this state's history
 * (a saved plan or a second copy from another lineage is refused), the active region (for failover), and the
 * resources sorted by address. Immutable: every change gives a new State with the next serial.
 */
public record State(int version, long serial, String lineage, String activeRegion, List<ResourceState> resources) {
    public static final int FORMAT_VERSION = 1;

    public State {
        TreeMap<Address, ResourceState> sorted = new TreeMap<>();
        resources.forEach(r -> sorted.put(r.address(), r));
        resources = List.copyOf(sorted.values());
    }

    /** A new, empty state with a fresh lineage. */
    public static State empty() {
        return new State(FORMAT_VERSION, 0, UUID.randomUUID().toString(), null, List.of());
    }

    public Optional<ResourceState> get(Address address) {
        int index = java.util.Collections.binarySearch(resources, null, (r, ignored) -> r.address().compareTo(address));
        return index >= 0 ? Optional.of(resources.get(index)) : Optional.empty();
    }

    /** This state with {@code resource} added or replaced, and the next serial. */
    public State with(ResourceState resource) {
        Map<Address, ResourceState> all = new TreeMap<>();
        resources.forEach(r -> all.put(r.address(), r));
        all.put(resource.address(), resource);
        return new State(version, serial + 1, lineage, activeRegion, List.copyOf(all.values()));
    }

    /** This state without the resource at {@code address}, and the next serial. */
    public State without(Address address) {
        return new State(version, serial + 1, lineage, activeRegion,
                resources.stream().filter(r -> !r.address().equals(address)).toList());
    }

    public State withActiveRegion(String region) {
        return new State(version, serial + 1, lineage, region, resources);
    }
}
