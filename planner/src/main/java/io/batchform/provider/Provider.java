package io.batchform.provider;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.source.Diagnostic;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the planner asks of a cloud. Every call answers a response with diagnostics inside; a provider throws only
 * for its own bugs. Attribute names are the spec's (see the schema); translating them to the cloud's API is the
 * provider's job.
 */
public interface Provider {
    /** What every type's attributes mean for planning. */
    Map<ResourceType, ResourceSchema> schema();

    /** The target, for "talking to ..." lines: {@code embedded emulator at https://127.0.0.1:1234/}. */
    String target();

    /** Reads the live state of resources, batched so a provider can list per parent instead of reading one by one. */
    RefreshResponse refresh(RefreshRequest request);

    ChangeResponse create(CreateRequest request);

    /** Changes a resource in place, sending only the changed attributes. */
    ChangeResponse update(UpdateRequest request);

    DeleteResponse delete(DeleteRequest request);

    /**
     * Changes a pool whose changes need it empty, without deleting it: scales it to zero (honouring its deallocation
     * option), waits until it has no nodes, applies the changes, then restores its scale settings. A provider that
     * cannot answers a failure, and the plan should replace the pool instead.
     */
    default ChangeResponse drainAndUpdate(UpdateRequest request) {
        return ChangeResponse.failed(Diagnostic.error(request.address(), "DrainUnavailable", target()
                + " cannot drain a pool; set updateStrategy: replace for this pool"));
    }

    /**
     * Waits until a resource just made can take the work of the one it replaces (a pool: its first resize is over
     * with its nodes), and answers it as it is then; a failure keeps the old one. Ready at once by default.
     */
    default ChangeResponse awaitReady(CreateRequest request, Attributes made) {
        return ChangeResponse.done(made);
    }

    /** How long to wait between two reads of something that is still changing (a pool resizing). */
    default java.time.Duration pollInterval() {
        return java.time.Duration.ofSeconds(5);
    }

    /** Reads an existing cloud resource by id, to adopt it into state. */
    ChangeResponse importResource(ImportRequest request);

    /**
     * Where to report what long calls (a drain, a resize) are doing from now on; {@link Progress#NONE} stops it. The
     * applier sets it for the length of an apply. Ignored by default.
     */
    default void progress(Progress sink) {
    }

    /**
     * The ids of the resources a resource group holds (Resource Manager's list by resource group: what deleting the
     * group deletes with it); empty when the provider cannot tell.
     */
    default Optional<List<String>> resourcesIn(String resourceGroupId) {
        return Optional.empty();
    }

    /**
     * Batch accounts in a region of the subscription and how many the subscription allows there; empty when the
     * provider cannot tell.
     */
    default Optional<RegionAccounts> regionAccounts(String location) {
        return Optional.empty();
    }

    /**
     * The compute nodes of a pool (its state and what each node's start task did), from the Batch data plane; a
     * provider that cannot reach it answers {@link NodesResponse#UNSUPPORTED}, and the caller judges the pool by its
     * allocation alone.
     */
    default NodesResponse nodes(ResourceRef pool) {
        return NodesResponse.UNSUPPORTED;
    }

    /**
     * A pool's nodes, in the order the service lists them, or empty when the provider cannot read nodes; a read that
     * failed has its diagnostic (and no nodes).
     */
    record NodesResponse(Optional<List<ComputeNode>> nodes, List<Diagnostic> diagnostics) {
        public static final NodesResponse UNSUPPORTED = new NodesResponse(Optional.empty(), List.of());

        public NodesResponse {
            nodes = nodes.map(List::copyOf);
            diagnostics = List.copyOf(diagnostics);
        }

        public static NodesResponse of(List<ComputeNode> nodes) {
            return new NodesResponse(Optional.of(nodes), List.of());
        }

        public static NodesResponse failed(Diagnostic diagnostic) {
            return new NodesResponse(Optional.empty(), List.of(diagnostic));
        }

        /** Whether the provider reads nodes at all (a failed read still does). */
        public boolean supported() {
            return nodes.isPresent() || !diagnostics.isEmpty();
        }
    }

    /** Batch accounts a region holds and allows, for one subscription. */
    record RegionAccounts(String location, long accounts, long quota) {
    }

    /**
     * The subscription's Compute vCPU usages and limits in a region (Microsoft.Compute {@code usages}), on which the
     * pools of UserSubscription accounts draw; empty when the provider cannot tell.
     */
    default Optional<ComputeUsages> computeUsages(String location) {
        return Optional.empty();
    }

    /** The VM sizes Batch offers in a region (its supported SKUs there); empty when the provider cannot tell. */
    default Optional<Set<String>> vmSizesOffered(String location) {
        return Optional.empty();
    }

    /**
     * A region's Compute usages: {@link #TOTAL} (regional vCPUs of dedicated VMs), {@link #SPOT} (Spot vCPUs, across
     * families) and one per VM family ({@code standardDSv3Family}), each with what is in use now and its limit.
     */
    record ComputeUsages(String location, List<Usage> usages) {
        public static final String TOTAL = "cores";
        public static final String SPOT = "lowPriorityCores";

        public ComputeUsages {
            usages = List.copyOf(usages);
        }

        /** A usage by name; Azure's family names are not consistently cased, so they compare ignoring case. */
        public Optional<Usage> find(String name) {
            return usages.stream().filter(u -> u.name().equalsIgnoreCase(name)).findFirst();
        }
    }

    /** One Compute usage: its name ({@code cores}, {@code standardDSv3Family}), current value and limit. */
    record Usage(String name, long current, long limit) {
    }

    /** A resource the planner knows: its address and cloud id. */
    record ResourceRef(Address address, String id) {
    }

    record RefreshRequest(List<ResourceRef> resources) {
        public RefreshRequest {
            resources = List.copyOf(resources);
        }
    }

    /**
     * Live attributes per address, and the addresses that could not be read ({@code unknown}: a timeout, a 5xx after
     * retries, a region that does not answer). An address in neither no longer exists.
     */
    record RefreshResponse(Map<Address, Attributes> live, List<Diagnostic> diagnostics, Set<Address> unknown) {
        public RefreshResponse {
            live = Map.copyOf(live);
            diagnostics = List.copyOf(diagnostics);
            unknown = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(unknown));
        }

        /** Every address named by an error diagnostic is unknown. */
        public RefreshResponse(Map<Address, Attributes> live, List<Diagnostic> diagnostics) {
            this(live, diagnostics, diagnostics.stream().filter(Diagnostic::isError).map(Diagnostic::address)
                    .filter(a -> a instanceof Address).map(a -> (Address) a).filter(a -> !live.containsKey(a))
                    .collect(java.util.stream.Collectors.toSet()));
        }
    }

    record CreateRequest(Address address, String id, Attributes desired) {
    }

    /**
     * An update from {@code prior} (what the plan read) to {@code desired}; {@code salt} is what the secrets in
     * {@code prior} are hashed with when they are (a saved plan keeps them so: the state's lineage), null when they
     * are not, so that a provider can compare them with what it reads.
     */
    record UpdateRequest(Address address, String id, Attributes prior, Attributes desired, Set<String> changedPaths,
                         String salt) {
        public UpdateRequest {
            changedPaths = Set.copyOf(changedPaths);
        }

        /** An update whose {@code prior} holds no hashed secrets. */
        public UpdateRequest(Address address, String id, Attributes prior, Attributes desired, Set<String> changedPaths) {
            this(address, id, prior, desired, changedPaths, null);
        }
    }

    /** A delete of what the plan read ({@code prior}, its secrets hashed with {@code salt} when not null). */
    record DeleteRequest(Address address, String id, Attributes prior, String salt) {
        /** A delete whose {@code prior} holds no hashed secrets. */
        public DeleteRequest(Address address, String id, Attributes prior) {
            this(address, id, prior, null);
        }
    }

    record ImportRequest(Address address, String id) {
    }

    /** The resource's attributes after the change (empty when it failed), and what happened. */
    record ChangeResponse(Optional<Attributes> state, List<Diagnostic> diagnostics) {
        public ChangeResponse {
            diagnostics = List.copyOf(diagnostics);
        }

        public static ChangeResponse done(Attributes state) {
            return new ChangeResponse(Optional.of(state), List.of());
        }

        public static ChangeResponse failed(Diagnostic diagnostic) {
            return new ChangeResponse(Optional.empty(), List.of(diagnostic));
        }
    }

    record DeleteResponse(List<Diagnostic> diagnostics) {
        public DeleteResponse {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean succeeded() {
            return diagnostics.stream().noneMatch(Diagnostic::isError);
        }
    }
}
