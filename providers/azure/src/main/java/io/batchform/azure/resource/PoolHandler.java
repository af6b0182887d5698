package io.batchform.azure.resource;

import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Mutability;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pools, at {@value AzureClients#BATCH_API_VERSION} with JSON bodies ({@link ArmJson}): listed per account;
 * properties go to and from the JSON resource through {@link PoolMapping}; updates PATCH only the changed top-level
 * properties; a change that needs an empty pool drains it first. Every write is conditional on what the plan read
 * ({@link Preconditions}): a create sends {@code If-None-Match: *}, an update {@code If-Match} with the plan's ETag, a
 * delete first compares the pool's ETag with the plan's (Pool_Delete takes no condition).
 */
final class PoolHandler implements ResourceHandler {
    /** How long a drain waits for a pool to reach zero nodes. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofHours(1);

    private final AzureClients azure;
    private final ResourceSchema schema;

    PoolHandler(AzureClients azure, ResourceSchema schema) {
        this.azure = azure;
        this.schema = schema;
    }

    private ArmJson arm() {
        return azure.batchJson();
    }

    @Override
    public String batchKey(String id) {
        return ArmId.parse(id).accountKey("pools");
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        String account = id.replaceFirst("/pools/[^/]+/?$", "");
        arm().list(account + "/pools").forEach(p -> found.put(String.valueOf(p.get("id")), attributes(p)));
    }

    @Override
    public Attributes create(Provider.CreateRequest request) {
        try {
            return attributes(arm().send("PUT", request.id(), body(request.desired(), null),
                    Preconditions.ifNoneExists()));
        } catch (RuntimeException e) {
            if (Preconditions.failed(e)) {
                throw Preconditions.madeSincePlan(Preconditions.etag(readNow(request.id())));
            }
            throw e;
        }
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        return attributes(patch(request, request.prior(), body(request.desired(), request.changedPaths()), null));
    }

    /**
     * Deletes the pool once it is still what the plan read: Pool_Delete takes no {@code If-Match}, so the pool is read
     * first, and when its ETag moved, a change the plan would show refuses the delete (one made between that read and
     * the delete cannot be seen).
     */
    @Override
    public void delete(Provider.DeleteRequest request) {
        String then = Preconditions.etag(request.prior());
        if (then != null) {
            Map<String, Object> live = arm().get(request.id()); // a 404: already gone, as before
            String now = String.valueOf(live.get("etag"));
            if (!then.equals(now)) {
                Preconditions.Comparison since = Preconditions.compare(schema, request.prior(), attributes(live),
                        request.salt());
                if (!since.unchanged()) {
                    throw Preconditions.changed(since, then, now, null);
                }
            }
        }
        arm().deleteAndWait(request.id());
    }

    /**
     * A PATCH conditional on the ETag of {@code basis}, what the plan (or this apply's previous PATCH) read of the
     * pool; none when it has none. On the service's 412 the pool is read again: when nothing the plan compares has
     * changed (the ETag moved with what the service sets, an autoscale run, nodes leaving), the PATCH is sent again
     * on the new ETag ({@link Preconditions#TRIES} in all); otherwise it is refused, naming what changed and what
     * this apply had {@code done} to the pool before (null: nothing).
     */
    private Map<String, Object> patch(Provider.UpdateRequest request, Attributes basis, Map<String, Object> body,
                                      String done) {
        String etag = Preconditions.etag(basis);
        for (int tries = 1; ; tries++) {
            try {
                return arm().send("PATCH", request.id(), body, Preconditions.ifMatch(etag));
            } catch (RuntimeException e) {
                if (!Preconditions.failed(e)) {
                    throw e;
                }
                Attributes now = readNow(request.id());
                Preconditions.Comparison since = now == null ? Preconditions.Comparison.UNKNOWN
                        : Preconditions.compare(schema, basis, now, request.salt());
                String moved = now == null ? null : Preconditions.etag(now);
                if (now == null || !since.unchanged() || tries == Preconditions.TRIES) {
                    throw Preconditions.changed(since, etag, moved, done);
                }
                etag = moved;
            }
        }
    }

    /** The pool as Azure has it now, for a refusal; null when it cannot be read. */
    private Attributes readNow(String id) {
        try {
            return attributes(arm().get(id));
        } catch (RuntimeException e) {
            return null;
        }
    }


    /**
     * Scales the pool to zero, waits until it is empty, PATCHes the empty-pool changes (the api-version allows them
     * on a pool with no nodes), then the others with the scale settings. The first PATCH is conditional on the
     * plan's ETag, each later one on the ETag this apply's previous PATCH answered, so a change made by someone else
     * during the drain is refused too, and the refusal says the pool was left scaled to zero. (The emulator keeps a
     * pool's ETag while its nodes go; the documents do not say whether Azure does. If it does not, the next PATCH's
     * 412 reads the pool again, finds nothing the plan compares changed, and goes on with the new ETag.)
     */
    @Override
    public Attributes drainAndUpdate(Provider.UpdateRequest request) {
        Attributes desired = request.desired();
        String deallocation = Optional.ofNullable(desired.string("fixedScale.nodeDeallocationOption"))
                .orElse("TaskCompletion");
        Map<String, Object> zero = new LinkedHashMap<>();
        zero.put("targetDedicatedNodes", 0L);
        zero.put("targetLowPriorityNodes", 0L);
        zero.put("nodeDeallocationOption", deallocation);
        Attributes basis = attributes(patch(request, request.prior(),
                Map.of("properties", Map.of("scaleSettings", Map.of("fixedScale", zero))), null));
        String zeroed = "this apply had scaled it to zero nodes, and it is left so";
        waitUntilEmpty(request.address(), request.id());
        Set<String> emptyPool = new TreeSet<>();
        Set<String> live = new TreeSet<>();
        for (String path : request.changedPaths()) {
            (schema.lookup(path).mutability() == Mutability.EMPTY_POOL ? emptyPool : live).add(path);
        }
        if (!emptyPool.isEmpty()) {
            basis = attributes(patch(request, basis, body(desired, emptyPool), zeroed));
            zeroed = "this apply had scaled it to zero nodes and changed " + String.join(", ", emptyPool)
                    + ", and it is left so";
        }
        live.add(desired.get("autoScale") != null ? "autoScale" : "fixedScale"); // restore the scale settings
        return attributes(patch(request, basis, body(desired, live), zeroed));
    }

    /**
     * Waits until the pool's first resize is over; refused (a failure) when it ends with fewer dedicated nodes than
     * its fixed target, since the pool it replaces would then leave the work without them.
     */
    @Override
    public Attributes awaitReady(Provider.CreateRequest request, Attributes made) {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        String reported = null;
        while (true) {
            Attributes now = attributes(arm().get(request.id()));
            Object wanting = request.desired().get("fixedScale.targetDedicatedNodes");
            reported = report(request.address(), reported, "resizing: " + count(now, "currentDedicatedNodes")
                    + (wanting instanceof Number n ? " of " + n.intValue() : "") + " dedicated nodes, "
                    + count(now, "currentLowPriorityNodes") + " low-priority");
            if ("Steady".equalsIgnoreCase(now.string("allocationState"))) {
                Object target = request.desired().get("fixedScale.targetDedicatedNodes");
                int nodes = count(now, "currentDedicatedNodes");
                if (target instanceof Number wanted && nodes < wanted.intValue()) {
                    throw new ResourceFailure("ReplacementShort", "the new pool has " + nodes + " of its "
                            + wanted.intValue() + " dedicated nodes after its first resize, so the old pool is kept: "
                            + "look at the new pool's resize errors, then run apply again");
                }
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new ResourceFailure("ResizeTimedOut", "the new pool is still resizing after "
                        + DRAIN_TIMEOUT.toMinutes() + " minutes, so the old pool is kept; run apply again later");
            }
            try {
                Thread.sleep(azure.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ResourceFailure("Interrupted", "interrupted while waiting for the new pool");
            }
        }
    }

    private static int count(Attributes pool, String attribute) {
        return pool.get(attribute) instanceof Number n ? n.intValue() : 0;
    }

    /** Reports {@code note} when it differs from the last one reported; returns what was last reported. */
    private String report(io.batchform.address.Address address, String last, String note) {
        if (!note.equals(last)) {
            azure.progress().report(address, note);
        }
        return note;
    }

    private void waitUntilEmpty(io.batchform.address.Address address, String id) {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        String reported = null;
        while (true) {
            Attributes now = attributes(arm().get(id));
            boolean steady = "Steady".equalsIgnoreCase(now.string("allocationState"));
            int nodes = count(now, "currentDedicatedNodes") + count(now, "currentLowPriorityNodes");
            reported = report(address, reported, "draining: " + nodes + (nodes == 1 ? " node" : " nodes") + " left ("
                    + count(now, "currentDedicatedNodes") + " dedicated, " + count(now, "currentLowPriorityNodes")
                    + " low-priority)");
            if (steady && nodes == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ResourceFailure("DrainTimedOut", "the pool still has " + nodes + " nodes after "
                        + DRAIN_TIMEOUT.toMinutes() + " minutes of draining; it is left at zero targets: run apply again "
                        + "once it is empty");
            }
            try {
                Thread.sleep(azure.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ResourceFailure("Interrupted", "interrupted while draining the pool");
            }
        }
    }

    /**
     * A pool body: everything for a create ({@code changed} null), or only the changed top-level attributes for a
     * PATCH, so that properties the service cannot change are never sent.
     */
    private static Map<String, Object> body(Attributes desired, Set<String> changed) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (changed == null ? desired.get("identity") != null : changed.stream().anyMatch(p -> p.startsWith("identity"))) {
            body.put("identity", PoolMapping.identityBody(desired.get("identity")));
        }
        if (changed == null ? desired.get("tags") != null : changed.stream().anyMatch(p -> p.startsWith("tags"))) {
            body.put("tags", Values.tags(desired));
        }
        body.put("properties", properties(desired, changed));
        return body;
    }

    private static Map<String, Object> properties(Attributes desired, Set<String> changed) {
        return PoolMapping.properties(desired, top -> changed == null
                || changed.stream().anyMatch(p -> p.equals(top) || p.startsWith(top + ".")), changed != null);
    }

    private static Attributes attributes(Map<String, Object> pool) {
        return Attributes.of(PoolMapping.attributes(pool));
    }
}
