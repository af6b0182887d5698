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
    /** Creates and deletes by the id they were given. */
    final List<String> ids = new ArrayList<>();
    /** Resources a create at their address made way for, by id, until they are deleted. */
    final Map<String, Attributes> displaced = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** Addresses whose refresh times out. */
    final java.util.Set<Address> unreadable = new java.util.TreeSet<>();

    private static final Map<ResourceType, ResourceSchema> SCHEMA = Map.of(
            ResourceType.BATCH_ACCOUNT, new ResourceSchema(ResourceType.BATCH_ACCOUNT, List.of(
                    replace("name"), replace("location").normalized(Normalization.REGION), updatable("tags"),
                    computed("id"), computed("dedicatedCoreQuota"))),
            ResourceType.POOL, new ResourceSchema(ResourceType.POOL, List.of(
                    replace("name"), replace("account"), emptyPool("vmSize").normalized(Normalization.CASE_INSENSITIVE),
                    updatable("fixedScale"), updatable("autoScale"), updatable("metadata"),
                    io.batchform.provider.AttributeSchema.emptyPool("userAccounts.password").asSensitive(),
                    computed("id"), computed("currentDedicatedNodes"))),
            // Shaped like the contract's (RESOURCES.md, jobSchedule); the Azure provider declares the real one.
            ResourceType.JOB_SCHEDULE, new ResourceSchema(ResourceType.JOB_SCHEDULE, List.of(
                    replace("name"), replace("account").normalized(Normalization.CASE_INSENSITIVE),
                    replace("displayName"), updatable("cron"), updatable("timeZone").defaultsTo("UTC"),
                    updatable("schedules").normalized(Normalization.SCHEDULES),
                    updatable("pool").normalized(Normalization.CASE_INSENSITIVE), updatable("priority").defaultsTo(0L),
                    updatable("constraints"), updatable("jobManagerTask"),
                    updatable("jobManagerTask.environment").asSensitive(), updatable("metadata"),
                    computed("id"), computed("activeJobs"), computed("state"))));

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
        List<Diagnostic> problems = new ArrayList<>();
        request.resources().forEach(r -> {
            Attributes attributes = live.get(r.address());
            String id = attributes == null ? null : attributes.string("id");
            if (unreadable.contains(r.address())) {
                problems.add(Diagnostic.error(r.address(), "Timeout", "no answer after 3 tries"));
            } else if (attributes != null && (id == null || id.equalsIgnoreCase(r.id()))) {
                found.put(r.address(), attributes); // a resource made here answers to its id only
            } else if (displaced.containsKey(r.id())) {
                found.put(r.address(), displaced.get(r.id()));
            } else {
                holding(r.id()).ifPresent(at -> found.put(r.address(), live.get(at))); // re-keyed in the state
            }
        });
        return new RefreshResponse(found, problems);
    }

    @Override
    public synchronized ChangeResponse create(CreateRequest request) {
        calls.add("create " + request.address());
        ids.add("create " + request.id());
        Attributes there = live.get(request.address());
        if (there != null && there.string("id") != null && !there.string("id").equalsIgnoreCase(request.id())) {
            displaced.put(there.string("id"), there); // made before the old one goes: both live for a while
        }
        live.put(request.address(), request.desired().with("id", request.id()));
        return ChangeResponse.done(live.get(request.address()));
    }

    @Override
    public synchronized ChangeResponse update(UpdateRequest request) {
        calls.add("update " + request.address() + " " + request.changedPaths());
        holding(request.id()).ifPresent(live::remove);
        live.put(request.address(), request.desired().with("id", request.id()));
        return ChangeResponse.done(live.get(request.address()));
    }

    @Override
    public synchronized DeleteResponse delete(DeleteRequest request) {
        calls.add("delete " + request.address());
        ids.add("delete " + request.id());
        if (displaced.remove(request.id()) == null) {
            live.remove(holding(request.id()).orElse(request.address()));
        }
        return new DeleteResponse(List.of());
    }

    @Override
    public synchronized ChangeResponse importResource(ImportRequest request) {
        Attributes found = live.get(request.address());
        return found == null ? ChangeResponse.failed(Diagnostic.error(request.address(), "ResourceNotFound", "absent"))
                : new ChangeResponse(Optional.of(found), List.of());
    }

    /** The address a resource made with {@code id} is kept at. */
    private Optional<Address> holding(String id) {
        return live.entrySet().stream().filter(e -> id.equalsIgnoreCase(e.getValue().string("id")))
                .map(Map.Entry::getKey).findFirst();
    }
}
