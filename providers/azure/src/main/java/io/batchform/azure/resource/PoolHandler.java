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
 * properties; a change that needs an empty pool drains it first.
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
        return attributes(arm().send("PUT", request.id(), body(request.desired(), null)));
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        return attributes(arm().send("PATCH", request.id(), body(request.desired(), request.changedPaths())));
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        arm().deleteAndWait(request.id());
    }

    /**
     * Scales the pool to zero, waits until it is empty, PATCHes the empty-pool changes (the api-version allows them
     * on a pool with no nodes), then the others with the scale settings.
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
        arm().send("PATCH", request.id(), Map.of("properties", Map.of("scaleSettings", Map.of("fixedScale", zero))));
        waitUntilEmpty(request.address(), request.id());
        Set<String> emptyPool = new TreeSet<>();
        Set<String> live = new TreeSet<>();
        for (String path : request.changedPaths()) {
            (schema.lookup(path).mutability() == Mutability.EMPTY_POOL ? emptyPool : live).add(path);
        }
        if (!emptyPool.isEmpty()) {
            arm().send("PATCH", request.id(), body(desired, emptyPool));
        }
        live.add(desired.get("autoScale") != null ? "autoScale" : "fixedScale"); // restore the scale settings
        return attributes(arm().send("PATCH", request.id(), body(desired, live)));
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
