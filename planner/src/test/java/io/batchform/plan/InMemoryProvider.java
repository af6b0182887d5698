package io.batchform.plan;

import static io.batchform.provider.AttributeSchema.computed;
import static io.batchform.provider.AttributeSchema.emptyPool;
import static io.batchform.provider.AttributeSchema.replace;
import static io.batchform.provider.AttributeSchema.updatable;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Normalization;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.source.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A provider that keeps resources in a map and records every call: for engine tests. Thread-safe, as the applier calls it from several threads. */
final class InMemoryProvider implements Provider {
    final Map<Address, Attributes> live = new TreeMap<>();
    final List<String> calls = new ArrayList<>();

    private static final Map<ResourceType, ResourceSchema> SCHEMA = Map.of(
            ResourceType.BATCH_ACCOUNT, new ResourceSchema(ResourceType.BATCH_ACCOUNT, List.of(
                    replace("name"), replace("location").normalized(Normalization.REGION), updatable("tags"),
                    computed("id"), computed("dedicatedCoreQuota"))),
            ResourceType.POOL, new ResourceSchema(ResourceType.POOL, List.of(
                    replace("name"), replace("account"), emptyPool("vmSize").normalized(Normalization.CASE_INSENSITIVE),
                    updatable("fixedScale"), updatable("autoScale"), updatable("metadata"),
                    io.batchform.provider.AttributeSchema.emptyPool("userAccounts.password").asSensitive(),
                    computed("id"), computed("currentDedicatedNodes"))));

    @Override
    public Map<ResourceType, ResourceSchema> schema() {
        return SCHEMA;
    }

    @Override
    public String target() {
        return "memory";
    }

    @Override
    public synchronized RefreshResponse refresh(RefreshRequest request) {
        calls.add("refresh " + request.resources().size());
        Map<Address, Attributes> found = new TreeMap<>();
        request.resources().forEach(r -> {
            if (live.containsKey(r.address())) {
                found.put(r.address(), live.get(r.address()));
            }
        });
        return new RefreshResponse(found, List.of());
    }

    @Override
    public synchronized ChangeResponse create(CreateRequest request) {
        calls.add("create " + request.address());
        live.put(request.address(), request.desired().with("id", request.id()));
        return ChangeResponse.done(live.get(request.address()));
    }

    @Override
    public synchronized ChangeResponse update(UpdateRequest request) {
        calls.add("update " + request.address() + " " + request.changedPaths());
        live.put(request.address(), request.desired().with("id", request.id()));
        return ChangeResponse.done(live.get(request.address()));
    }

    @Override
    public synchronized DeleteResponse delete(DeleteRequest request) {
        calls.add("delete " + request.address());
        live.remove(request.address());
        return new DeleteResponse(List.of());
    }

    @Override
    public synchronized ChangeResponse importResource(ImportRequest request) {
        Attributes found = live.get(request.address());
        return found == null ? ChangeResponse.failed(Diagnostic.error(request.address(), "ResourceNotFound", "absent"))
                : new ChangeResponse(Optional.of(found), List.of());
    }
}
