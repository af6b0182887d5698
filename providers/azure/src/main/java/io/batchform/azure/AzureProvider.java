package io.batchform.azure;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.azure.resource.AzureClients;
import io.batchform.azure.resource.ResourceHandler;
import io.batchform.azure.resource.ResourceHandlers;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.source.Diagnostic;
import io.batchform.source.Region;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The planner's {@link Provider} on the Azure SDK: resource groups, storage accounts, virtual networks, subnets,
 * Batch accounts, pools, applications, application packages and (retired) certificates. A dispatcher: each type's
 * calls are its {@link ResourceHandler}'s (package {@code io.batchform.azure.resource}). Reads list per resource
 * group (and per account for pools, applications and certificates), the lists in parallel; Azure's failures become
 * diagnostics naming the resource and Azure's error code and message ({@link Failures} says exactly which
 * exceptions count); any other exception is a bug and propagates. A pool's compute nodes are read on its account's
 * Batch data plane ({@link io.batchform.azure.resource.PoolNodes}).
 */
public final class AzureProvider implements Provider {
    private final AzureConnection azure;
    private final String target;
    private final Map<ResourceType, ResourceHandler> handlers;

    /** Where the handlers' long calls report their progress (set by {@link #progress}). */
    private final java.util.concurrent.atomic.AtomicReference<io.batchform.provider.Progress> progress;

    public AzureProvider(AzureConnection azure, String target) {
        this(azure, target, new java.util.concurrent.atomic.AtomicReference<>(io.batchform.provider.Progress.NONE));
    }

    private AzureProvider(AzureConnection azure, String target,
                          java.util.concurrent.atomic.AtomicReference<io.batchform.provider.Progress> progress) {
        this(azure, target, ResourceHandlers.all(clients(azure, progress), AzureSchema.ALL), progress);
    }

    /** What the handlers and the node reader use of {@code azure}, reporting progress where {@code progress} says. */
    private static AzureClients clients(AzureConnection azure,
                                        java.util.concurrent.atomic.AtomicReference<io.batchform.provider.Progress> progress) {
        return new AzureClients(azure::batch, azure::storage, azure::network, azure::resources, azure.isEmulator(),
                azure.pollInterval(), progress::get, azure::dataPlanePipeline, azure::credential);
    }

    /** With the given handlers; also how a test puts in a handler with a bug, to see it propagate. */
    AzureProvider(AzureConnection azure, String target, Map<ResourceType, ResourceHandler> handlers) {
        this(azure, target, handlers, new java.util.concurrent.atomic.AtomicReference<>(io.batchform.provider.Progress.NONE));
    }

    private AzureProvider(AzureConnection azure, String target, Map<ResourceType, ResourceHandler> handlers,
                          java.util.concurrent.atomic.AtomicReference<io.batchform.provider.Progress> progress) {
        this.azure = azure;
        this.target = target;
        this.handlers = handlers;
        this.progress = progress;
    }

    @Override
    public void progress(io.batchform.provider.Progress sink) {
        progress.set(sink == null ? io.batchform.provider.Progress.NONE : sink);
    }

    @Override
    public Map<ResourceType, ResourceSchema> schema() {
        return AzureSchema.ALL;
    }

    /** The schema without a connection: for reading saved plans and state offline ({@code batchform show}). */
    public static Map<ResourceType, ResourceSchema> schemas() {
        return AzureSchema.ALL;
    }

    @Override
    public java.time.Duration pollInterval() {
        return azure.pollInterval();
    }

    @Override
    public String target() {
        return target;
    }

    private ResourceHandler handler(ResourceType type) {
        ResourceHandler handler = handlers.get(type);
        if (handler == null) {
            throw new IllegalArgumentException("the Azure provider does not manage " + type.typeName());
        }
        return handler;
    }

    // ---- refresh ---------------------------------------------------------------------------------------------

    @Override
    public RefreshResponse refresh(RefreshRequest request) {
        Map<Address, Attributes> live = new TreeMap<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Set<Address> unknown = new java.util.TreeSet<>();
        Map<String, List<ResourceRef>> batches = new TreeMap<>();
        for (ResourceRef ref : request.resources()) {
            batches.computeIfAbsent(handler(ref.address().type()).batchKey(ref.id()), k -> new ArrayList<>()).add(ref);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(batches.size(), 16)));
        try {
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            for (List<ResourceRef> batch : batches.values()) {
                reads.add(CompletableFuture.runAsync(() -> {
                    Map<Address, Attributes> found = new LinkedHashMap<>();
                    List<Diagnostic> problems = new ArrayList<>();
                    read(batch, found, problems);
                    synchronized (live) {
                        live.putAll(found);
                        diagnostics.addAll(problems);
                        if (!problems.isEmpty()) {
                            batch.forEach(r -> unknown.add(r.address())); // one list call read them all, or none
                        }
                    }
                }, pool));
            }
            reads.forEach(AzureProvider::join);
        } finally {
            pool.shutdown();
        }
        return new RefreshResponse(live, diagnostics, unknown);
    }

    /** Waits for a read; a bug in it is thrown as it was thrown, not wrapped. */
    private static void join(CompletableFuture<Void> read) {
        try {
            read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException bug) {
                throw bug;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Reads one batch with one list call (see {@link ResourceHandler#batchKey}); a 404 means none of it exists. */
    private void read(List<ResourceRef> batch, Map<Address, Attributes> live, List<Diagnostic> diagnostics) {
        ResourceRef first = batch.get(0);
        Set<ResourceType> types = batch.stream().map(r -> r.address().type())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ResourceType.class)));
        Map<String, Attributes> byId = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try {
            handler(first.address().type()).read(first.id(), types, byId);
        } catch (RuntimeException e) {
            if (!Failures.isNotFound(e)) {
                diagnostics.add(Failures.reported(first.address(), e)); // a bug is thrown again
                return;
            }
        }
        for (ResourceRef ref : batch) {
            Attributes attributes = byId.get(trimSlash(ref.id()));
            if (attributes != null) {
                live.put(ref.address(), attributes);
            }
        }
    }

    private static String trimSlash(String id) {
        return id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
    }

    // ---- create, update, delete, import ----------------------------------------------------------------------

    @Override
    public ChangeResponse create(CreateRequest request) {
        accountsChanged(request.address());
        return call(request.address(), () -> handler(request.address().type()).create(request));
    }

    @Override
    public ChangeResponse update(UpdateRequest request) {
        return call(request.address(), () -> handler(request.address().type()).update(request));
    }

    @Override
    public ChangeResponse awaitReady(CreateRequest request, Attributes made) {
        return call(request.address(), () -> handler(request.address().type()).awaitReady(request, made));
    }

    @Override
    public ChangeResponse drainAndUpdate(UpdateRequest request) {
        return call(request.address(), () -> handler(request.address().type()).drainAndUpdate(request));
    }

    @Override
    public DeleteResponse delete(DeleteRequest request) {
        List<Diagnostic> notes = new ArrayList<>();
        accountsChanged(request.address());
        ChangeResponse outcome = call(request.address(), () -> {
            try {
                notes.addAll(handler(request.address().type()).deleteReporting(request));
            } catch (RuntimeException e) {
                if (!Failures.isNotFound(e)) {
                    throw e;
                }
                // Already gone: deleting it succeeded, whatever code the service used for the 404.
            }
            return Attributes.EMPTY;
        });
        List<Diagnostic> all = new ArrayList<>(notes);
        all.addAll(outcome.diagnostics());
        return new DeleteResponse(all);
    }

    @Override
    public ChangeResponse importResource(ImportRequest request) {
        RefreshResponse read = refresh(new RefreshRequest(List.of(new ResourceRef(request.address(), request.id()))));
        Attributes found = read.live().get(request.address());
        if (found == null && read.diagnostics().isEmpty()) {
            return ChangeResponse.failed(Diagnostic.error(request.address(), "ResourceNotFound",
                    "no " + request.address().type().typeName() + " with id " + request.id()));
        }
        return new ChangeResponse(Optional.ofNullable(found), read.diagnostics());
    }

    /** Runs a change: an expected failure is the resource's diagnostic; a bug propagates (see {@link Failures}). */
    private static ChangeResponse call(Address address, Supplier<Attributes> action) {
        try {
            return ChangeResponse.done(action.get());
        } catch (RuntimeException e) {
            return ChangeResponse.failed(Failures.reported(address, e));
        }
    }

    // ---- nodes -----------------------------------------------------------------------------------------------

    /** Reads pools' nodes on the data plane; made when first needed. */
    private volatile io.batchform.azure.resource.PoolNodes poolNodes;

    @Override
    public NodesResponse nodes(ResourceRef pool) {
        io.batchform.azure.resource.PoolNodes reader = poolNodes;
        if (reader == null) {
            reader = new io.batchform.azure.resource.PoolNodes(clients(azure, progress));
            poolNodes = reader;
        }
        try {
            return NodesResponse.of(reader.read(pool.id()));
        } catch (RuntimeException e) {
            return NodesResponse.failed(Failures.reported(pool.address(), e)); // a bug is thrown again
        }
    }

    // ---- quotas ----------------------------------------------------------------------------------------------

    /** Reads what regions offer (VM sizes, Compute usages); made when first needed. */
    private io.batchform.azure.resource.RegionOffers offers() {
        return new io.batchform.azure.resource.RegionOffers(new AzureClients(azure::batch, azure::storage,
                azure::network, azure::resources, azure.isEmulator(), azure.pollInterval()));
    }

    @Override
    public Optional<ComputeUsages> computeUsages(String location) {
        return expected(() -> offers().computeUsages(Region.canonical(location)));
    }

    /** The sizes each region offers, read once per provider (a run): the list changes rarely and is long. */
    private final Map<String, Set<String>> offered = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Optional<Set<String>> vmSizesOffered(String location) {
        String region = Region.canonical(location);
        Set<String> known = offered.get(region);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Set<String>> read = expected(() -> offers().vmSizes(region));
        read.ifPresent(sizes -> offered.put(region, sizes));
        return read;
    }

    /** A read whose expected failure (Azure said no, or did not answer) means "cannot tell"; a bug propagates. */
    private static <T> Optional<T> expected(Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (RuntimeException e) {
            if (!Failures.expected(e)) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /**
     * Where the subscription's Batch accounts are, listed once for every region the quota check asks about (a spec
     * over 50 regions listed every account 50 times), and listed again after this provider creates or deletes one.
     */
    private volatile List<String> accountLocations;

    private void accountsChanged(Address address) {
        if (address.type() == ResourceType.BATCH_ACCOUNT) {
            accountLocations = null;
        }
    }

    @Override
    public Optional<List<String>> resourcesIn(String resourceGroupId) {
        try {
            List<String> ids = new ArrayList<>();
            azure.resources().genericResources()
                    .listByResourceGroup(resourceGroupId.substring(resourceGroupId.lastIndexOf('/') + 1))
                    .forEach(resource -> ids.add(resource.id()));
            return Optional.of(ids);
        } catch (RuntimeException e) {
            if (!Failures.expected(e)) {
                throw e;
            }
            return Optional.empty(); // the plan then cannot say what the group holds
        }
    }

    @Override
    public Optional<RegionAccounts> regionAccounts(String location) {
        try {
            String region = Region.canonical(location);
            long quota = azure.batch().serviceClient().getLocations().getQuotas(region).accountQuota();
            List<String> regions = accountLocations;
            if (regions == null) {
                regions = new ArrayList<>();
                for (var account : azure.batch().serviceClient().getBatchAccounts().list()) {
                    if (account.location() != null) {
                        regions.add(account.location().replace(" ", ""));
                    }
                }
                accountLocations = regions;
            }
            long accounts = regions.stream().filter(region::equalsIgnoreCase).count();
            return Optional.of(new RegionAccounts(region, accounts, quota));
        } catch (RuntimeException e) {
            if (!Failures.expected(e)) {
                throw e;
            }
            return Optional.empty(); // the quota check then says the region's limit is unknown
        }
    }
}
