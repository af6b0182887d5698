package io.batchform.engine;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.provider.AttributeSchema;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.source.Diagnostic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A cloud in a map, for engine tests: every resource type, every attribute updatable in place (but {@code name}),
 * each call recorded; a region can be made not to answer, and so can one resource be made to fail; a test can add
 * what the service reports of a resource ({@link #reported}: a pool's allocation) and answer its nodes
 * ({@link #nodes}; by default the cloud does not read nodes). A resource given an entity tag ({@link #etags}) is
 * refreshed with it and, as Azure does with {@code If-Match}, refuses an update or delete whose {@code prior} (what
 * the plan read) carries another one.
 */
final class MemoryCloud implements Provider {
    final Map<Address, Attributes> live = new TreeMap<>();
    final List<String> calls = new ArrayList<>();
    /** The id each resource was created with; a resource put in {@link #live} by a test answers to any id. */
    final Map<Address, String> ids = new TreeMap<>();
    final Set<String> down = new TreeSet<>();
    Map<Address, String> regionOf = Map.of();
    /** Attributes the service adds to a resource's refresh (such as a pool's allocation state), by address. */
    final Map<Address, Map<String, Object>> reported = new TreeMap<>();
    /** The entity tag of a resource, by address: reported by a refresh, compared by a write (see above). */
    final Map<Address, String> etags = new TreeMap<>();
    /** What a read of a pool's nodes answers. */
    java.util.function.Function<ResourceRef, NodesResponse> nodes = ref -> NodesResponse.UNSUPPORTED;

    @Override
    public synchronized NodesResponse nodes(ResourceRef pool) {
        calls.add("nodes " + pool.address());
        return nodes.apply(pool);
    }

    private static final Map<ResourceType, ResourceSchema> SCHEMA = Arrays.stream(ResourceType.values())
            .collect(Collectors.toMap(t -> t, t -> new ResourceSchema(t, List.of(AttributeSchema.replace("name"),
                    AttributeSchema.computed("id"), AttributeSchema.computed("etag")))));

    @Override
    public Map<ResourceType, ResourceSchema> schema() {
        return SCHEMA;
    }

    @Override
    public String target() {
        return "memory";
    }

    @Override
    public java.time.Duration pollInterval() {
        return java.time.Duration.ofMillis(5);
    }

    @Override
    public synchronized RefreshResponse refresh(RefreshRequest request) {
        calls.add("refresh " + request.resources().size());
        Map<Address, Attributes> found = new TreeMap<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (ResourceRef ref : request.resources()) {
            String region = regionOf.get(ref.address());
            if (region != null && down.contains(region)) {
                problems.add(Diagnostic.error(ref.address(), "Unreachable", "the region does not answer"));
            } else if (keyOf(ref.address(), ref.id()) != null) {
                Attributes attributes = live.get(keyOf(ref.address(), ref.id()));
                for (Map.Entry<String, Object> added : reported.getOrDefault(ref.address(), Map.of()).entrySet()) {
                    attributes = attributes.with(added.getKey(), added.getValue());
                }
                if (etags.containsKey(ref.address())) {
                    attributes = attributes.with("etag", etags.get(ref.address()));
                }
                found.put(ref.address(), attributes);
            }
        }
        return new RefreshResponse(found, problems);
    }

    @Override
    public synchronized ChangeResponse create(CreateRequest request) {
        calls.add("create " + request.address());
        live.put(request.address(), request.desired());
        ids.put(request.address(), request.id());
        return ChangeResponse.done(request.desired());
    }

    @Override
    public synchronized ChangeResponse update(UpdateRequest request) {
        calls.add("update " + request.address());
        Optional<Diagnostic> changed = changedSincePlan(request.address(), request.prior());
        if (changed.isPresent()) {
            return ChangeResponse.failed(changed.get());
        }
        Address key = keyOf(request.address(), request.id());
        live.put(key == null ? request.address() : key, request.desired());
        return ChangeResponse.done(request.desired());
    }

    @Override
    public synchronized ChangeResponse drainAndUpdate(UpdateRequest request) {
        return update(request);
    }

    @Override
    public synchronized DeleteResponse delete(DeleteRequest request) {
        calls.add("delete " + request.address());
        Optional<Diagnostic> changed = changedSincePlan(request.address(), request.prior());
        if (changed.isPresent()) {
            return new DeleteResponse(List.of(changed.get()));
        }
        Address key = keyOf(request.address(), request.id());
        if (key != null) {
            live.remove(key);
            ids.remove(key);
        }
        return new DeleteResponse(List.of());
    }

    @Override
    public synchronized ChangeResponse importResource(ImportRequest request) {
        calls.add("import " + request.address());
        Attributes found = live.get(request.address());
        return found == null
                ? ChangeResponse.failed(Diagnostic.error(request.address(), "ResourceNotFound", "absent"))
                : new ChangeResponse(Optional.of(found), List.of());
    }

    /** The refusal of a write whose plan read another entity tag than the resource has now. */
    private Optional<Diagnostic> changedSincePlan(Address address, Attributes prior) {
        String now = etags.get(address);
        String then = prior == null ? null : prior.string("etag");
        if (now == null || then == null || now.equals(then)) {
            return Optional.empty();
        }
        return Optional.of(Diagnostic.error(address, "ChangedSincePlan", "changed in Azure after the plan "
                + "was made (ETag " + then + " then, " + now + " now): nothing was written to it; run plan again"));
    }

    /** Where the resource with {@code id} is kept: by the id it was made with, else at {@code address}. */
    private Address keyOf(Address address, String id) {
        for (Map.Entry<Address, String> entry : ids.entrySet()) {
            if (entry.getValue().equalsIgnoreCase(id) && live.containsKey(entry.getKey())) {
                return entry.getKey();
            }
        }
        return live.containsKey(address) && !ids.containsKey(address) ? address : null;
    }
}
