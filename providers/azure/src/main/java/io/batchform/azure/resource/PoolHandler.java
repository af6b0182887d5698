package io.batchform.azure.resource;

import com.azure.core.util.Context;
import com.azure.resourcemanager.batch.fluent.PoolsClient;
import com.azure.resourcemanager.batch.fluent.models.PoolInner;
import com.azure.resourcemanager.batch.models.ComputeNodeDeallocationOption;
import com.azure.resourcemanager.batch.models.FixedScaleSettings;
import com.azure.resourcemanager.batch.models.ScaleSettings;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Mutability;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pools: listed per account; properties go to and from the SDK's model through {@link PoolMapping}; updates PATCH
 * only the changed top-level properties; a change that needs an empty pool drains it first.
 */
final class PoolHandler implements ResourceHandler {
    /** The api-version that lets vmSize, image, network, task slots, ... change on a pool with no nodes. */
    static final String EMPTY_POOL_API_VERSION = "2024-07-01";
    /** How long a drain waits for a pool to reach zero nodes. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofHours(1);

    private final AzureClients azure;
    private final ResourceSchema schema;

    PoolHandler(AzureClients azure, ResourceSchema schema) {
        this.azure = azure;
        this.schema = schema;
    }

    private PoolsClient pools() {
        return azure.batch().serviceClient().getPools();
    }

    @Override
    public String batchKey(String id) {
        return ArmId.parse(id).accountKey("pools");
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        ArmId arm = ArmId.parse(id);
        pools().listByBatchAccount(arm.resourceGroup(), arm.name(0)).forEach(p -> found.put(p.id(), attributes(p)));
    }

    @Override
    public Attributes create(Provider.CreateRequest request) {
        ArmId id = ArmId.parse(request.id());
        return attributes(pools().create(id.resourceGroup(), id.name(0), id.name(1), body(request.desired(), null)));
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        ArmId id = ArmId.parse(request.id());
        return attributes(pools().updateWithResponse(id.resourceGroup(), id.name(0), id.name(1),
                body(request.desired(), request.changedPaths()), null, Context.NONE).getValue());
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        ArmId id = ArmId.parse(request.id());
        pools().delete(id.resourceGroup(), id.name(0), id.name(1));
    }

    /**
     * Scales the pool to zero, waits until it is empty, sends the empty-pool changes at
     * {@value #EMPTY_POOL_API_VERSION} through the generic resource client, then the others with the scale settings.
     */
    @Override
    public Attributes drainAndUpdate(Provider.UpdateRequest request) {
        ArmId id = ArmId.parse(request.id());
        Attributes desired = request.desired();
        String rg = id.resourceGroup();
        String deallocation = Optional.ofNullable(desired.string("fixedScale.nodeDeallocationOption"))
                .orElse("TaskCompletion");
        FixedScaleSettings zero = new FixedScaleSettings().withTargetDedicatedNodes(0).withTargetLowPriorityNodes(0)
                .withNodeDeallocationOption(ComputeNodeDeallocationOption.fromString(deallocation));
        pools().updateWithResponse(rg, id.name(0), id.name(1), new PoolInner().withScaleSettings(
                new ScaleSettings().withFixedScale(zero)), null, Context.NONE);
        waitUntilEmpty(request.address(), rg, id.name(0), id.name(1));
        Set<String> emptyPool = new TreeSet<>();
        Set<String> live = new TreeSet<>();
        for (String path : request.changedPaths()) {
            (schema.lookup(path).mutability() == Mutability.EMPTY_POOL ? emptyPool : live).add(path);
        }
        if (!emptyPool.isEmpty()) {
            GenericResourceInner body = new GenericResourceInner().withProperties(properties(desired, emptyPool));
            azure.resources().genericResources().manager().serviceClient().getResources()
                    .updateById(request.id().replaceFirst("^/+", ""), EMPTY_POOL_API_VERSION, body);
        }
        live.add(desired.get("autoScale") != null ? "autoScale" : "fixedScale"); // restore the scale settings
        return attributes(pools().updateWithResponse(rg, id.name(0), id.name(1), body(desired, live), null,
                Context.NONE).getValue());
    }

    /**
     * Waits until the pool's first resize is over; refused (a failure) when it ends with fewer dedicated nodes than
     * its fixed target, since the pool it replaces would then leave the work without them.
     */
    @Override
    public Attributes awaitReady(Provider.CreateRequest request, Attributes made) {
        ArmId id = ArmId.parse(request.id());
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        String reported = null;
        while (true) {
            PoolInner now = pools().get(id.resourceGroup(), id.name(0), id.name(1));
            boolean steady = now.allocationState() != null && "Steady".equalsIgnoreCase(now.allocationState().toString());
            Object wanting = request.desired().get("fixedScale.targetDedicatedNodes");
            reported = report(request.address(), reported, "resizing: "
                    + Optional.ofNullable(now.currentDedicatedNodes()).orElse(0)
                    + (wanting instanceof Number n ? " of " + n.intValue() : "") + " dedicated nodes, "
                    + Optional.ofNullable(now.currentLowPriorityNodes()).orElse(0) + " low-priority");
            if (steady) {
                Object target = request.desired().get("fixedScale.targetDedicatedNodes");
                int nodes = Optional.ofNullable(now.currentDedicatedNodes()).orElse(0);
                if (target instanceof Number wanted && nodes < wanted.intValue()) {
                    throw new ResourceFailure("ReplacementShort", "the new pool has " + nodes + " of its "
                            + wanted.intValue() + " dedicated nodes after its first resize, so the old pool is kept: "
                            + "look at the new pool's resize errors, then run apply again");
                }
                return attributes(now);
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

    /** Reports {@code note} when it differs from the last one reported; returns what was last reported. */
    private String report(io.batchform.address.Address address, String last, String note) {
        if (!note.equals(last)) {
            azure.progress().report(address, note);
        }
        return note;
    }

    private void waitUntilEmpty(io.batchform.address.Address address, String group, String account, String pool) {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        String reported = null;
        while (true) {
            PoolInner now = pools().get(group, account, pool);
            boolean steady = now.allocationState() != null && "Steady".equalsIgnoreCase(now.allocationState().toString());
            int nodes = Optional.ofNullable(now.currentDedicatedNodes()).orElse(0)
                    + Optional.ofNullable(now.currentLowPriorityNodes()).orElse(0);
            reported = report(address, reported, "draining: " + nodes + (nodes == 1 ? " node" : " nodes") + " left ("
                    + Optional.ofNullable(now.currentDedicatedNodes()).orElse(0) + " dedicated, "
                    + Optional.ofNullable(now.currentLowPriorityNodes()).orElse(0) + " low-priority)");
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
    private static PoolInner body(Attributes desired, Set<String> changed) {
        return PoolMapping.inner(properties(desired, changed));
    }

    private static Map<String, Object> properties(Attributes desired, Set<String> changed) {
        return PoolMapping.properties(desired, top -> changed == null
                || changed.stream().anyMatch(p -> p.equals(top) || p.startsWith(top + ".")), changed != null);
    }

    private static Attributes attributes(PoolInner pool) {
        return Attributes.of(PoolMapping.attributes(pool));
    }
}
