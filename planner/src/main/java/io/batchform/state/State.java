package io.batchform.state;

import io.batchform.address.Address;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The state: a format version, a serial that grows with every write, a lineage that names this state's history
 * (a saved plan or a second copy from another lineage is refused), the active region (for failover), the
 * resources sorted by address, the regions a switchover could not reach (to clean up when they answer), and the
 * {@link Target} it belongs to (null until its first write by a batchform that records it), and the intents: per
 * address, the id of a resource an apply started to create and did not see made (it was killed, or the create
 * failed). The next plan adopts exactly those if they live, and no other resource the state does not record. And the
 * outputs, by name, as the last apply computed them; and per region, the last successful failover drill to it.
 * Immutable: every change gives a new State with the next serial. Changing one resource copies the sorted list of
 * references once (no sorting, no comparing the others), so an apply that records each of N resources as it goes does
 * not sort N times.
 */
public record State(int version, long serial, String lineage, String activeRegion, List<ResourceState> resources,
                    List<String> unreachableRegions, Target target, Map<Address, String> intents,
                    Map<String, OutputValue> outputs, Map<String, Drill> drills) {
    public static final int FORMAT_VERSION = 1;

    public State {
        if (!(resources instanceof Sorted)) {
            TreeMap<Address, ResourceState> sorted = new TreeMap<>();
            resources.forEach(r -> sorted.put(r.address(), r));
            resources = new Sorted(sorted.values().toArray(ResourceState[]::new));
        }
        unreachableRegions = List.copyOf(new java.util.TreeSet<>(unreachableRegions));
        intents = java.util.Collections.unmodifiableMap(new TreeMap<>(intents));
        outputs = java.util.Collections.unmodifiableMap(new TreeMap<>(outputs));
        drills = java.util.Collections.unmodifiableMap(new TreeMap<>(drills));
    }

    /**
     * A successful failover drill ({@code failover apply --drill}): the region it switched to and from, when it
     * ended, and what it measured there: the time from the switchover's start until the region's pools could take
     * the work (their nodes idle or running, their start tasks succeeded), and those nodes; the region's estimate
     * from {@code failover plan} (null when it made none), and the same per pool.
     */
    public record Drill(String region, String from, java.time.Instant at, java.time.Duration toCapacity, long nodes,
                        java.time.Duration estimate, List<Pool> pools) {
        public Drill {
            pools = pools == null ? List.of() : List.copyOf(pools);
        }

        /** A drill recorded without estimate or pools (as before they were recorded). */
        public Drill(String region, String from, java.time.Instant at, java.time.Duration toCapacity, long nodes) {
            this(region, from, at, toCapacity, nodes, null, List.of());
        }

        /**
         * One pool of a drill: its address, its time to capacity from the switchover's start, its usable nodes, and
         * the estimate {@code failover plan} printed for it (null without one).
         */
        public record Pool(String address, java.time.Duration toCapacity, long nodes, java.time.Duration estimate) {
        }
    }

    /** A state without drills. */
    public State(int version, long serial, String lineage, String activeRegion, List<ResourceState> resources,
                 List<String> unreachableRegions, Target target, Map<Address, String> intents,
                 Map<String, OutputValue> outputs) {
        this(version, serial, lineage, activeRegion, resources, unreachableRegions, target, intents, outputs, Map.of());
    }

    /** A state without outputs. */
    public State(int version, long serial, String lineage, String activeRegion, List<ResourceState> resources,
                 List<String> unreachableRegions, Target target, Map<Address, String> intents) {
        this(version, serial, lineage, activeRegion, resources, unreachableRegions, target, intents, Map.of());
    }

    public State(int version, long serial, String lineage, String activeRegion, List<ResourceState> resources,
                 List<String> unreachableRegions, Target target) {
        this(version, serial, lineage, activeRegion, resources, unreachableRegions, target, Map.of());
    }

    public State(int version, long serial, String lineage, String activeRegion, List<ResourceState> resources,
                 List<String> unreachableRegions, Map<Address, String> intents) {
        this(version, serial, lineage, activeRegion, resources, unreachableRegions, null, intents);
    }

    public State(int version, long serial, String lineage, String activeRegion, List<ResourceState> resources,
                 List<String> unreachableRegions) {
        this(version, serial, lineage, activeRegion, resources, unreachableRegions, null, Map.of());
    }

    public State(int version, long serial, String lineage, String activeRegion, List<ResourceState> resources) {
        this(version, serial, lineage, activeRegion, resources, List.of());
    }

    /** A new, empty state with a fresh lineage. */
    public static State empty() {
        return new State(FORMAT_VERSION, 0, UUID.randomUUID().toString(), null, List.of());
    }

    public Optional<ResourceState> get(Address address) {
        int index = indexOf(address);
        return index >= 0 ? Optional.of(resources.get(index)) : Optional.empty();
    }

    /** The resource recorded with cloud id {@code id} (ids compare without case, as Azure's do), if any. */
    public Optional<ResourceState> holding(String id) {
        return resources.stream().filter(r -> r.id() != null && r.id().equalsIgnoreCase(id)).findFirst();
    }

    /** Where {@code address} is in {@link #resources}, or {@code -(insertion point) - 1}. */
    private int indexOf(Address address) {
        return java.util.Collections.binarySearch(resources, null, (r, ignored) -> r.address().compareTo(address));
    }

    /**
     * The resources sorted by address, unmodifiable: a State's own list, which its changes copy as an array instead of
     * sorting again.
     */
    private static final class Sorted extends java.util.AbstractList<ResourceState> implements java.util.RandomAccess {
        private final ResourceState[] items;

        Sorted(ResourceState[] items) {
            this.items = items;
        }

        @Override
        public ResourceState get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }

        /** This list with {@code resource} at {@code index}: in place of the one there, or inserted. */
        Sorted with(int index, ResourceState resource) {
            if (index >= 0) {
                ResourceState[] copy = items.clone();
                copy[index] = resource;
                return new Sorted(copy);
            }
            int at = -index - 1;
            ResourceState[] copy = new ResourceState[items.length + 1];
            System.arraycopy(items, 0, copy, 0, at);
            copy[at] = resource;
            System.arraycopy(items, at, copy, at + 1, items.length - at);
            return new Sorted(copy);
        }

        Sorted without(int index) {
            ResourceState[] copy = new ResourceState[items.length - 1];
            System.arraycopy(items, 0, copy, 0, index);
            System.arraycopy(items, index + 1, copy, index, items.length - index - 1);
            return new Sorted(copy);
        }
    }

    /** This state with only the resources whose address {@code keep} accepts (same serial: a view, not a change). */
    public State only(java.util.function.Predicate<Address> keep) {
        Map<Address, String> kept = new TreeMap<>();
        intents.forEach((address, id) -> {
            if (keep.test(address)) {
                kept.put(address, id);
            }
        });
        return new State(version, serial, lineage, activeRegion,
                resources.stream().filter(r -> keep.test(r.address())).toList(), unreachableRegions, target, kept, outputs, drills);
    }

    /** This state with {@code resource} added or replaced, and the next serial. */
    public State with(ResourceState resource) {
        return new State(version, serial + 1, lineage, activeRegion,
                ((Sorted) resources).with(indexOf(resource.address()), resource), unreachableRegions, target,
                intentsWithout(resource.address()), outputs, drills);
    }

    /** This state without the resource (or the intent) at {@code address}, and the next serial. */
    public State without(Address address) {
        int index = indexOf(address);
        return new State(version, serial + 1, lineage, activeRegion,
                index >= 0 ? ((Sorted) resources).without(index) : resources, unreachableRegions, target,
                intentsWithout(address), outputs, drills);
    }

    /**
     * This state with the resource at {@code from} kept at {@code to} instead (same id, attributes and dependencies),
     * every recorded dependency on it following it, and the next serial. The caller checks that {@code from} is here
     * and {@code to} is not.
     */
    public State moved(Address from, Address to) {
        List<ResourceState> all = new java.util.ArrayList<>();
        for (ResourceState r : resources) {
            Address address = r.address().equals(from) ? to : r.address();
            java.util.Set<Address> dependencies = new java.util.TreeSet<>();
            r.dependencies().forEach(d -> dependencies.add(d.equals(from) ? to : d));
            all.add(new ResourceState(address, r.id(), r.attributes(), dependencies, r.protect()));
        }
        Map<Address, String> kept = new TreeMap<>();
        intents.forEach((address, id) -> kept.put(address.equals(from) ? to : address, id));
        return new State(version, serial + 1, lineage, activeRegion, all, unreachableRegions, target, kept, outputs, drills);
    }

    /** This state recording that an apply is about to create the resource {@code id} at {@code address}. */
    public State withIntent(Address address, String id) {
        Map<Address, String> all = new TreeMap<>(intents);
        all.put(address, id);
        return new State(version, serial + 1, lineage, activeRegion, resources, unreachableRegions, target, all, outputs, drills);
    }

    /** The id an apply started to create at {@code address} and did not see made. */
    public Optional<String> intent(Address address) {
        return Optional.ofNullable(intents.get(address));
    }

    private Map<Address, String> intentsWithout(Address address) {
        Map<Address, String> rest = new TreeMap<>(intents);
        rest.remove(address);
        return rest;
    }

    public State withActiveRegion(String region) {
        return new State(version, serial + 1, lineage, region, resources, unreachableRegions, target, intents, outputs, drills);
    }

    /**
     * This state with the regions that did not answer during a switchover: their resources were left as they were and
     * are brought to standby by the next apply that reaches them.
     */
    public State withUnreachableRegions(List<String> regions) {
        return new State(version, serial + 1, lineage, activeRegion, resources, regions, target, intents, outputs, drills);
    }

    /** This state with the outputs an apply computed, and the next serial. */
    public State withOutputs(Map<String, OutputValue> values) {
        return new State(version, serial + 1, lineage, activeRegion, resources, unreachableRegions, target, intents,
                values, drills);
    }

    /** This state with {@code drill} as the last successful drill to its region, and the next serial. */
    public State withDrill(Drill drill) {
        Map<String, Drill> all = new TreeMap<>(drills);
        all.put(drill.region(), drill);
        return new State(version, serial + 1, lineage, activeRegion, resources, unreachableRegions, target, intents,
                outputs, all);
    }

    /** This state recorded as belonging to {@code cloud} (same serial: it is stamped on a write that changes it). */
    public State boundTo(Target cloud) {
        return new State(version, serial, lineage, activeRegion, resources, unreachableRegions, cloud, intents, outputs, drills);
    }
}
