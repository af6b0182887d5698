package io.batchform.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.batch.fluent.models.ApplicationInner;
import com.azure.resourcemanager.batch.fluent.models.ApplicationPackageInner;
import com.azure.resourcemanager.batch.fluent.models.BatchAccountInner;
import com.azure.resourcemanager.batch.fluent.models.CertificateInner;
import com.azure.resourcemanager.batch.fluent.models.PoolInner;
import com.azure.resourcemanager.batch.models.ActivateApplicationPackageParameters;
import com.azure.resourcemanager.batch.models.AuthenticationMode;
import com.azure.resourcemanager.batch.models.AutoStorageAuthenticationMode;
import com.azure.resourcemanager.batch.models.AutoStorageBaseProperties;
import com.azure.resourcemanager.batch.models.BatchAccountCreateParameters;
import com.azure.resourcemanager.batch.models.BatchAccountIdentity;
import com.azure.resourcemanager.batch.models.BatchAccountUpdateParameters;
import com.azure.resourcemanager.batch.models.CertificateCreateOrUpdateParameters;
import com.azure.resourcemanager.batch.models.CertificateFormat;
import com.azure.resourcemanager.batch.models.ComputeNodeDeallocationOption;
import com.azure.resourcemanager.batch.models.FixedScaleSettings;
import com.azure.resourcemanager.batch.models.KeyVaultReference;
import com.azure.resourcemanager.batch.models.PoolAllocationMode;
import com.azure.resourcemanager.batch.models.PublicNetworkAccessType;
import com.azure.resourcemanager.batch.models.ResourceIdentityType;
import com.azure.resourcemanager.batch.models.ScaleSettings;
import com.azure.resourcemanager.batch.models.UserAssignedIdentities;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.network.models.AddressSpace;
import com.azure.resourcemanager.network.models.ServiceEndpointPropertiesFormat;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.AccessTier;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.MinimumTlsVersion;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Mutability;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.source.Diagnostic;
import io.batchform.source.Region;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The planner's {@link Provider} on the Azure SDK: resource groups, storage accounts, virtual networks, subnets,
 * Batch accounts, pools, applications, application packages and (retired) certificates. Reads list per resource group (and per account for pools), in parallel; updates send
 * minimal PATCH bodies through the SDK's service clients; every Azure failure becomes a diagnostic naming the
 * resource and Azure's error code and message.
 */
public final class AzureProvider implements Provider {
    private final AzureConnection azure;
    private final String target;

    public AzureProvider(AzureConnection azure, String target) {
        this.azure = azure;
        this.target = target;
    }

    @Override
    public Map<ResourceType, ResourceSchema> schema() {
        return AzureSchema.ALL;
    }

    @Override
    public String target() {
        return target;
    }

    // ---- refresh ---------------------------------------------------------------------------------------------

    @Override
    public RefreshResponse refresh(RefreshRequest request) {
        Map<Address, Attributes> live = new TreeMap<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, List<ResourceRef>> byParent = new TreeMap<>();
        for (ResourceRef ref : request.resources()) {
            ArmId id = ArmId.parse(ref.id());
            String parent = switch (ref.address().type()) {
                case POOL -> "pools:" + id.resourceGroup() + "/" + id.name(0);
                case APPLICATION, APPLICATION_PACKAGE -> "applications:" + id.resourceGroup() + "/" + id.name(0);
                case CERTIFICATE -> "certificates:" + id.resourceGroup() + "/" + id.name(0);
                case SUBNET, VIRTUAL_NETWORK -> "vnets:" + id.resourceGroup();
                default -> ref.address().type() + ":" + id.resourceGroup();
            };
            byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(ref);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(byParent.size(), 16)));
        try {
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            for (Map.Entry<String, List<ResourceRef>> group : byParent.entrySet()) {
                reads.add(CompletableFuture.runAsync(() -> {
                    Map<Address, Attributes> found = new LinkedHashMap<>();
                    List<Diagnostic> problems = new ArrayList<>();
                    readGroup(group.getKey(), group.getValue(), found, problems);
                    synchronized (live) {
                        live.putAll(found);
                        diagnostics.addAll(problems);
                    }
                }, pool));
            }
            reads.forEach(CompletableFuture::join);
        } finally {
            pool.shutdown();
        }
        return new RefreshResponse(live, diagnostics);
    }

    private void readGroup(String key, List<ResourceRef> refs, Map<Address, Attributes> live,
                           List<Diagnostic> diagnostics) {
        ResourceRef first = refs.get(0);
        ArmId id = ArmId.parse(first.id());
        String rg = id.resourceGroup();
        Map<String, Attributes> byId = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try {
            if (key.startsWith("pools:")) {
                azure.batch().serviceClient().getPools().listByBatchAccount(rg, id.name(0))
                        .forEach(p -> byId.put(p.id(), pool(p)));
            } else if (key.startsWith("applications:")) {
                for (ApplicationInner app : azure.batch().serviceClient().getApplications().list(rg, id.name(0))) {
                    byId.put(app.id(), application(app));
                    if (refs.stream().anyMatch(r -> r.address().type() == ResourceType.APPLICATION_PACKAGE)) {
                        azure.batch().serviceClient().getApplicationPackages().list(rg, id.name(0), app.name())
                                .forEach(v -> byId.put(v.id(), applicationPackage(v, app.defaultVersion())));
                    }
                }
            } else if (key.startsWith("certificates:")) {
                azure.batch().serviceClient().getCertificates().listByBatchAccount(rg, id.name(0))
                        .forEach(c -> byId.put(c.id(), certificate(c)));
            } else if (key.startsWith("vnets:")) {
                for (VirtualNetworkInner vnet : azure.network().serviceClient().getVirtualNetworks().listByResourceGroup(rg)) {
                    byId.put(vnet.id(), virtualNetwork(vnet));
                    if (vnet.subnets() != null) {
                        vnet.subnets().forEach(s -> byId.put(s.id(), subnet(s)));
                    }
                }
            } else {
                switch (first.address().type()) {
                    case RESOURCE_GROUP -> readOne(() -> azure.resources().resourceGroups().getByName(rg).innerModel())
                            .ifPresent(g -> byId.put(g.id(), resourceGroup(g)));
                    case STORAGE_ACCOUNT -> azure.storage().serviceClient().getStorageAccounts().listByResourceGroup(rg)
                            .forEach(s -> byId.put(s.id(), storageAccount(s)));
                    case BATCH_ACCOUNT -> azure.batch().serviceClient().getBatchAccounts().listByResourceGroup(rg)
                            .forEach(a -> byId.put(a.id(), batchAccount(a)));
                    default -> throw new IllegalArgumentException("the Azure provider does not manage "
                            + first.address().type().typeName());
                }
            }
        } catch (ManagementException e) {
            if (!isNotFound(e)) {
                diagnostics.add(diagnostic(first.address(), e));
                return;
            }
        } catch (RuntimeException e) {
            diagnostics.add(Diagnostic.error(first.address(), "RequestFailed", describe(e)));
            return;
        }
        for (ResourceRef ref : refs) {
            Attributes attributes = byId.get(trimSlash(ref.id()));
            if (attributes != null) {
                live.put(ref.address(), attributes);
            }
        }
    }

    private static <T> Optional<T> readOne(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (ManagementException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // ---- create, update, delete, import ----------------------------------------------------------------------

    @Override
    public ChangeResponse create(CreateRequest request) {
        return call(request.address(), () -> {
            ArmId id = ArmId.parse(request.id());
            Attributes desired = request.desired();
            return switch (request.address().type()) {
                case RESOURCE_GROUP -> resourceGroup(azure.resources().resourceGroups().define(id.resourceGroup())
                        .withRegion(desired.string("location")).withTags(tags(desired)).create().innerModel());
                case STORAGE_ACCOUNT -> storageAccount(azure.storage().serviceClient().getStorageAccounts()
                        .create(id.resourceGroup(), id.name(0), storageCreate(desired)));
                case VIRTUAL_NETWORK -> virtualNetwork(azure.network().serviceClient().getVirtualNetworks()
                        .createOrUpdate(id.resourceGroup(), id.name(0), vnetBody(new VirtualNetworkInner(), desired)));
                case SUBNET -> subnet(azure.network().serviceClient().getSubnets().createOrUpdate(id.resourceGroup(),
                        id.name(0), id.name(1), subnetBody(new SubnetInner(), desired)));
                case BATCH_ACCOUNT -> batchAccount(azure.batch().serviceClient().getBatchAccounts()
                        .create(id.resourceGroup(), id.name(0), accountCreate(desired)));
                case POOL -> pool(azure.batch().serviceClient().getPools().create(id.resourceGroup(), id.name(0),
                        id.name(1), poolBody(desired, null)));
                case APPLICATION -> {
                    azure.batch().serviceClient().getApplications().create(id.resourceGroup(), id.name(0), id.name(1));
                    yield application(azure.batch().serviceClient().getApplications().update(id.resourceGroup(),
                            id.name(0), id.name(1), applicationBody(desired)));
                }
                case APPLICATION_PACKAGE -> createPackage(id, desired);
                case CERTIFICATE -> certificate(azure.batch().serviceClient().getCertificates().create(id.resourceGroup(),
                        id.name(0), id.name(1), new CertificateCreateOrUpdateParameters()
                                .withData(desired.string("data")).withPassword(desired.string("password"))
                                .withFormat(CertificateFormat.fromString(Optional.ofNullable(desired.string("format")).orElse("Pfx")))
                                .withThumbprint(desired.string("thumbprint"))
                                .withThumbprintAlgorithm(Optional.ofNullable(desired.string("thumbprintAlgorithm")).orElse("SHA1"))));
            };
        });
    }

    /**
     * A package version: created (Azure answers with a storage URL), its zip uploaded there, then activated.
     * batchform's emulator has no blob service, so against it the upload is skipped and the version activated as is.
     */
    private Attributes createPackage(ArmId id, Attributes desired) {
        String rg = id.resourceGroup();
        ApplicationPackageInner created = azure.batch().serviceClient().getApplicationPackages()
                .create(rg, id.name(0), id.name(1), id.name(2));
        String file = desired.string("file");
        if (file != null && !azure.isEmulator()) {
            PackageUpload.put(java.nio.file.Path.of(file), created.storageUrl());
        }
        ApplicationPackageInner active = azure.batch().serviceClient().getApplicationPackages().activate(rg, id.name(0),
                id.name(1), id.name(2), new ActivateApplicationPackageParameters()
                        .withFormat(Optional.ofNullable(desired.string("format")).orElse("zip")));
        if (Boolean.TRUE.equals(desired.get("default"))) {
            azure.batch().serviceClient().getApplications().update(rg, id.name(0), id.name(1),
                    new ApplicationInner().withDefaultVersion(id.name(2)));
        }
        Attributes read = applicationPackage(active, Boolean.TRUE.equals(desired.get("default")) ? id.name(2) : null);
        // Azure cannot report what was uploaded: the content hash is kept from the desired state.
        return desired.get("contentHash") == null ? read : read.with("contentHash", desired.get("contentHash"));
    }

    @Override
    public ChangeResponse update(UpdateRequest request) {
        return call(request.address(), () -> {
            ArmId id = ArmId.parse(request.id());
            Attributes desired = request.desired();
            String rg = id.resourceGroup();
            return switch (request.address().type()) {
                case RESOURCE_GROUP -> resourceGroup(azure.resources().resourceGroups().getByName(rg).update()
                        .withTags(tags(desired)).apply().innerModel());
                case STORAGE_ACCOUNT -> storageAccount(azure.storage().serviceClient().getStorageAccounts()
                        .update(rg, id.name(0), new StorageAccountUpdateParameters().withTags(tags(desired))
                                .withAccessTier(AccessTier.fromString(desired.string("accessTier")))
                                .withAllowBlobPublicAccess((Boolean) desired.get("allowBlobPublicAccess"))
                                .withMinimumTlsVersion(MinimumTlsVersion.fromString(desired.string("minimumTlsVersion")))));
                case VIRTUAL_NETWORK -> {
                    // A PUT replaces the VNet whole, and one without its subnets deletes them: start from the live
                    // one, so its subnets, DNS servers and peerings stay.
                    VirtualNetworkInner live = azure.network().serviceClient().getVirtualNetworks()
                            .getByResourceGroup(rg, id.name(0));
                    yield virtualNetwork(azure.network().serviceClient().getVirtualNetworks()
                            .createOrUpdate(rg, id.name(0), vnetBody(live, desired)));
                }
                case SUBNET -> {
                    // A subnet PUT replaces it whole: start from the live one, so that what batchform does not
                    // manage (a network security group, a route table, delegations) is kept.
                    SubnetInner live = azure.network().serviceClient().getSubnets().get(rg, id.name(0), id.name(1));
                    yield subnet(azure.network().serviceClient().getSubnets().createOrUpdate(rg, id.name(0),
                            id.name(1), subnetBody(live, desired)));
                }
                case BATCH_ACCOUNT -> batchAccount(azure.batch().serviceClient().getBatchAccounts()
                        .update(rg, id.name(0), accountUpdate(desired, request.changedPaths())));
                case POOL -> pool(azure.batch().serviceClient().getPools().updateWithResponse(rg, id.name(0), id.name(1),
                        poolBody(desired, request.changedPaths()), null, Context.NONE).getValue());
                case APPLICATION -> application(azure.batch().serviceClient().getApplications().update(rg, id.name(0),
                        id.name(1), applicationBody(desired)));
                case APPLICATION_PACKAGE -> defaultVersion(id, desired);
                case CERTIFICATE -> throw new Refusal("CannotUpdateInPlace",
                        request.address().type().typeName() + " has no attribute that changes in place; it is replaced");
            };
        });
    }

    /**
     * Makes a package version its application's default (the only change a version takes in place). Azure cannot
     * unset a default, only move it to another version.
     */
    private Attributes defaultVersion(ArmId id, Attributes desired) {
        var applications = azure.batch().serviceClient().getApplications();
        String current = applications.get(id.resourceGroup(), id.name(0), id.name(1)).defaultVersion();
        if (Boolean.TRUE.equals(desired.get("default"))) {
            applications.update(id.resourceGroup(), id.name(0), id.name(1), new ApplicationInner().withDefaultVersion(id.name(2)));
            current = id.name(2);
        } else if (id.name(2).equals(current)) {
            throw new Refusal("DefaultVersionCannotBeUnset", "Azure cannot unset an application's default "
                    + "version, only move it: set defaultVersion to another version of the application");
        }
        return applicationPackage(azure.batch().serviceClient().getApplicationPackages().get(id.resourceGroup(),
                id.name(0), id.name(1), id.name(2)), current);
    }

    @Override
    public Optional<RegionAccounts> regionAccounts(String location) {
        try {
            String region = Region.canonical(location);
            long quota = azure.batch().serviceClient().getLocations().getQuotas(region).accountQuota();
            long accounts = 0;
            for (var account : azure.batch().serviceClient().getBatchAccounts().list()) {
                if (account.location() != null
                        && Region.same(account.location(), region)) {
                    accounts++;
                }
            }
            return Optional.of(new RegionAccounts(region, accounts, quota));
        } catch (RuntimeException e) {
            return Optional.empty(); // the quota check then says the region's limit is unknown
        }
    }

    /** The api-version that lets vmSize, image, network, task slots, ... change on a pool with no nodes. */
    static final String EMPTY_POOL_API_VERSION = "2024-07-01";
    /** How long a drain waits for a pool to reach zero nodes. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofHours(1);

    @Override
    public ChangeResponse drainAndUpdate(UpdateRequest request) {
        if (request.address().type() != ResourceType.POOL) {
            return update(request);
        }
        return call(request.address(), () -> {
            ArmId id = ArmId.parse(request.id());
            Attributes desired = request.desired();
            var pools = azure.batch().serviceClient().getPools();
            String rg = id.resourceGroup();
            String deallocation = Optional.ofNullable(desired.string("fixedScale.nodeDeallocationOption"))
                    .orElse("TaskCompletion");
            FixedScaleSettings zero = new FixedScaleSettings().withTargetDedicatedNodes(0).withTargetLowPriorityNodes(0)
                    .withNodeDeallocationOption(ComputeNodeDeallocationOption.fromString(deallocation));
            pools.updateWithResponse(rg, id.name(0), id.name(1), new PoolInner().withScaleSettings(
                    new ScaleSettings().withFixedScale(zero)), null, Context.NONE);
            waitUntilEmpty(rg, id.name(0), id.name(1));
            java.util.Set<String> emptyPool = new java.util.TreeSet<>();
            java.util.Set<String> live = new java.util.TreeSet<>();
            for (String path : request.changedPaths()) {
                (AzureSchema.ALL.get(ResourceType.POOL).lookup(path).mutability() == Mutability.EMPTY_POOL
                        ? emptyPool : live).add(path);
            }
            if (!emptyPool.isEmpty()) {
                GenericResourceInner body = new GenericResourceInner().withProperties(poolProperties(desired, emptyPool));
                azure.resources().genericResources().manager().serviceClient().getResources()
                        .updateById(request.id().replaceFirst("^/+", ""), EMPTY_POOL_API_VERSION, body);
            }
            live.add(desired.get("autoScale") != null ? "autoScale" : "fixedScale"); // restore the scale settings
            return pool(pools.updateWithResponse(rg, id.name(0), id.name(1), poolBody(desired, live), null,
                    Context.NONE).getValue());
        });
    }

    private void waitUntilEmpty(String group, String account, String pool) {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (true) {
            PoolInner now = azure.batch().serviceClient().getPools().get(group, account, pool);
            boolean steady = now.allocationState() != null && "Steady".equalsIgnoreCase(now.allocationState().toString());
            int nodes = Optional.ofNullable(now.currentDedicatedNodes()).orElse(0)
                    + Optional.ofNullable(now.currentLowPriorityNodes()).orElse(0);
            if (steady && nodes == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pool still has " + nodes + " nodes after " + DRAIN_TIMEOUT.toMinutes()
                        + " minutes of draining; it is left at zero targets: run apply again once it is empty");
            }
            try {
                Thread.sleep(azure.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while draining the pool", e);
            }
        }
    }

    @Override
    public DeleteResponse delete(DeleteRequest request) {
        ChangeResponse outcome = call(request.address(), () -> {
            try {
                deleteNow(request);
            } catch (ManagementException e) {
                if (!isNotFound(e)) {
                    throw e;
                }
                // Already gone: deleting it succeeded, whatever code the service used for the 404.
            }
            return Attributes.EMPTY;
        });
        return new DeleteResponse(outcome.diagnostics());
    }

    private void deleteNow(DeleteRequest request) {
            ArmId id = ArmId.parse(request.id());
            String rg = id.resourceGroup();
            switch (request.address().type()) {
                case RESOURCE_GROUP -> azure.resources().resourceGroups().deleteByName(rg);
                case STORAGE_ACCOUNT -> azure.storage().serviceClient().getStorageAccounts().delete(rg, id.name(0));
                case VIRTUAL_NETWORK -> azure.network().serviceClient().getVirtualNetworks().delete(rg, id.name(0));
                case SUBNET -> azure.network().serviceClient().getSubnets().delete(rg, id.name(0), id.name(1));
                case BATCH_ACCOUNT -> azure.batch().serviceClient().getBatchAccounts().delete(rg, id.name(0));
                case POOL -> azure.batch().serviceClient().getPools().delete(rg, id.name(0), id.name(1));
                case APPLICATION -> azure.batch().serviceClient().getApplications().delete(rg, id.name(0), id.name(1));
                case APPLICATION_PACKAGE -> azure.batch().serviceClient().getApplicationPackages()
                        .delete(rg, id.name(0), id.name(1), id.name(2));
                case CERTIFICATE -> azure.batch().serviceClient().getCertificates().delete(rg, id.name(0), id.name(1));
            }
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

    private ChangeResponse call(Address address, Supplier<Attributes> action) {
        try {
            return ChangeResponse.done(action.get());
        } catch (ManagementException e) {
            return ChangeResponse.failed(diagnostic(address, e));
        } catch (Refusal e) {
            return ChangeResponse.failed(Diagnostic.error(address, e.code, e.getMessage()));
        } catch (RuntimeException e) {
            // Also the SDK's own argument checks (a required property missing): the resource's diagnostic, not a crash.
            return ChangeResponse.failed(Diagnostic.error(address, "RequestFailed", describe(e)));
        }
    }

    /** A change this provider refuses before asking Azure, with a code of its own. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        Refusal(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private static Diagnostic diagnostic(Address address, ManagementException e) {
        String code = e.getValue() != null && e.getValue().getCode() != null ? e.getValue().getCode()
                : "HTTP" + e.getResponse().getStatusCode();
        String message = e.getValue() != null && e.getValue().getMessage() != null ? e.getValue().getMessage()
                : e.getMessage();
        return Diagnostic.error(address, code, message);
    }

    private static boolean isNotFound(ManagementException e) {
        return e.getResponse() != null && e.getResponse().getStatusCode() == 404;
    }

    private static String describe(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String trimSlash(String id) {
        return id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
    }

    // ---- SDK models → attributes -----------------------------------------------------------------------------

    private static Attributes resourceGroup(ResourceGroupInner group) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", group.id());
        a.put("name", group.name());
        a.put("location", Region.canonical(group.location()));
        a.put("tags", group.tags() == null ? Map.of() : group.tags());
        return Attributes.of(a);
    }

    private static Attributes storageAccount(StorageAccountInner account) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", account.id());
        a.put("name", account.name());
        a.put("location", Region.canonical(account.location()));
        a.put("sku", account.sku() == null ? null : account.sku().name().toString());
        a.put("kind", account.kind() == null ? null : account.kind().toString());
        a.put("accessTier", account.accessTier() == null ? null : account.accessTier().toString());
        a.put("allowBlobPublicAccess", account.allowBlobPublicAccess());
        a.put("minimumTlsVersion", account.minimumTlsVersion() == null ? null : account.minimumTlsVersion().toString());
        a.put("tags", account.tags() == null ? Map.of() : account.tags());
        if (account.primaryEndpoints() != null) {
            a.put("primaryBlobEndpoint", account.primaryEndpoints().blob());
        }
        return Attributes.of(a);
    }

    private static Attributes virtualNetwork(VirtualNetworkInner vnet) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", vnet.id());
        a.put("name", vnet.name());
        a.put("location", Region.canonical(vnet.location()));
        a.put("addressSpace", vnet.addressSpace() == null ? List.of() : vnet.addressSpace().addressPrefixes());
        a.put("tags", vnet.tags() == null ? Map.of() : vnet.tags());
        return Attributes.of(a);
    }

    private static Attributes subnet(SubnetInner subnet) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", subnet.id());
        a.put("name", subnet.name());
        a.put("addressPrefix", subnet.addressPrefix());
        if (subnet.serviceEndpoints() != null && !subnet.serviceEndpoints().isEmpty()) {
            a.put("serviceEndpoints", subnet.serviceEndpoints().stream().map(ServiceEndpointPropertiesFormat::service).toList());
        }
        return Attributes.of(a);
    }

    private static Attributes batchAccount(BatchAccountInner account) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", account.id());
        a.put("name", account.name());
        a.put("location", Region.canonical(account.location()));
        a.put("poolAllocationMode", account.poolAllocationMode() == null ? null : account.poolAllocationMode().toString());
        a.put("publicNetworkAccess", account.publicNetworkAccess() == null ? null : account.publicNetworkAccess().toString());
        if (account.autoStorage() != null) {
            Map<String, Object> auto = new TreeMap<>();
            auto.put("storageAccount", account.autoStorage().storageAccountId());
            auto.put("authenticationMode", account.autoStorage().authenticationMode() == null ? null
                    : account.autoStorage().authenticationMode().toString());
            a.put("autoStorage", auto);
        }
        if (account.keyVaultReference() != null) {
            a.put("keyVaultReference", Map.of("id", account.keyVaultReference().id(), "url", account.keyVaultReference().url()));
        }
        if (account.identity() != null && account.identity().type() != null) {
            Map<String, Object> identity = new TreeMap<>();
            identity.put("type", account.identity().type().toString());
            if (account.identity().userAssignedIdentities() != null && !account.identity().userAssignedIdentities().isEmpty()) {
                identity.put("userAssignedIdentities", List.copyOf(new java.util.TreeSet<>(account.identity().userAssignedIdentities().keySet())));
            }
            a.put("identity", identity);
        }
        if (account.allowedAuthenticationModes() != null) {
            a.put("allowedAuthenticationModes", account.allowedAuthenticationModes().stream().map(Object::toString).toList());
        }
        a.put("tags", account.tags() == null ? Map.of() : account.tags());
        a.put("accountEndpoint", account.accountEndpoint());
        a.put("dedicatedCoreQuota", account.dedicatedCoreQuota());
        a.put("lowPriorityCoreQuota", account.lowPriorityCoreQuota());
        a.put("poolQuota", account.poolQuota());
        a.put("activeJobAndJobScheduleQuota", account.activeJobAndJobScheduleQuota());
        a.put("dedicatedCoreQuotaPerVMFamilyEnforced", account.dedicatedCoreQuotaPerVMFamilyEnforced());
        if (account.dedicatedCoreQuotaPerVMFamily() != null) {
            Map<String, Object> families = new TreeMap<>();
            account.dedicatedCoreQuotaPerVMFamily().forEach(f -> families.put(f.name(), f.coreQuota()));
            a.put("dedicatedCoreQuotaPerVMFamily", families);
        }
        a.put("provisioningState", account.provisioningState() == null ? null : account.provisioningState().toString());
        return Attributes.of(a);
    }

    private static Attributes pool(PoolInner pool) {
        return Attributes.of(PoolMapping.attributes(pool));
    }

    private static Attributes application(ApplicationInner app) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", app.id());
        a.put("name", app.name());
        a.put("account", app.id().replaceFirst("/applications/[^/]+/?$", ""));
        a.put("displayName", app.displayName());
        a.put("allowUpdates", app.allowUpdates());
        a.put("defaultVersion", app.defaultVersion());
        return Attributes.of(a);
    }

    private static ApplicationInner applicationBody(Attributes desired) {
        ApplicationInner body = new ApplicationInner();
        if (desired.get("displayName") != null) {
            body.withDisplayName(desired.string("displayName"));
        }
        body.withAllowUpdates(desired.get("allowUpdates") instanceof Boolean b ? b : Boolean.TRUE);
        if (desired.get("defaultVersion") != null) {
            body.withDefaultVersion(desired.string("defaultVersion"));
        }
        return body;
    }

    private static Attributes applicationPackage(ApplicationPackageInner pkg, String defaultVersion) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", pkg.id());
        a.put("version", pkg.name());
        a.put("application", pkg.id().replaceFirst("/versions/[^/]+/?$", ""));
        a.put("format", pkg.format());
        a.put("state", pkg.state() == null ? null : pkg.state().toString());
        a.put("default", pkg.name().equals(defaultVersion));
        return Attributes.of(a);
    }

    private static Attributes certificate(CertificateInner certificate) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", certificate.id());
        a.put("name", certificate.name());
        a.put("format", certificate.format() == null ? null : certificate.format().toString());
        a.put("thumbprint", certificate.thumbprint());
        a.put("thumbprintAlgorithm", certificate.thumbprintAlgorithm());
        a.put("provisioningState", certificate.provisioningState() == null ? null : certificate.provisioningState().toString());
        return Attributes.of(a);
    }


    // ---- attributes → SDK models -----------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, String> tags(Attributes attributes) {
        Object tags = attributes.get("tags");
        Map<String, String> out = new TreeMap<>();
        if (tags instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, String.valueOf(v)));
        }
        return out;
    }

    private static StorageAccountCreateParameters storageCreate(Attributes desired) {
        StorageAccountCreateParameters body = new StorageAccountCreateParameters()
                .withLocation(desired.string("location"))
                .withSku(new Sku().withName(SkuName.fromString(Optional.ofNullable(desired.string("sku")).orElse("Standard_LRS"))))
                .withKind(Kind.fromString(Optional.ofNullable(desired.string("kind")).orElse("StorageV2")))
                .withTags(tags(desired));
        if (desired.get("accessTier") != null) {
            body.withAccessTier(AccessTier.fromString(desired.string("accessTier")));
        }
        if (desired.get("allowBlobPublicAccess") != null) {
            body.withAllowBlobPublicAccess((Boolean) desired.get("allowBlobPublicAccess"));
        }
        if (desired.get("minimumTlsVersion") != null) {
            body.withMinimumTlsVersion(MinimumTlsVersion.fromString(desired.string("minimumTlsVersion")));
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private static VirtualNetworkInner vnetBody(VirtualNetworkInner body, Attributes desired) {
        List<String> prefixes = new ArrayList<>((Collection<String>) desired.get("addressSpace"));
        body.withAddressSpace(new AddressSpace().withAddressPrefixes(prefixes));
        if (body.subnets() == null) {
            body.withSubnets(new ArrayList<>());
        }
        body.withLocation(desired.string("location"));
        body.withTags(tags(desired));
        return body;
    }

    private static SubnetInner subnetBody(SubnetInner body, Attributes desired) {
        body.withAddressPrefix(desired.string("addressPrefix"));
        body.withServiceEndpoints(desired.get("serviceEndpoints") instanceof List<?> services
                ? services.stream().map(service -> new ServiceEndpointPropertiesFormat()
                .withService(String.valueOf(service))).toList() : List.of());
        return body;
    }

    private static BatchAccountCreateParameters accountCreate(Attributes desired) {
        BatchAccountCreateParameters body = new BatchAccountCreateParameters().withLocation(desired.string("location"))
                .withTags(tags(desired));
        if (desired.get("poolAllocationMode") != null) {
            body.withPoolAllocationMode(PoolAllocationMode.fromString(desired.string("poolAllocationMode")));
        }
        if (desired.get("publicNetworkAccess") != null) {
            body.withPublicNetworkAccess(PublicNetworkAccessType.fromString(desired.string("publicNetworkAccess")));
        }
        if (desired.get("autoStorage.storageAccount") != null) {
            body.withAutoStorage(autoStorage(desired));
        }
        if (desired.get("keyVaultReference") != null) {
            body.withKeyVaultReference(new KeyVaultReference().withId(desired.string("keyVaultReference.id"))
                    .withUrl(desired.string("keyVaultReference.url")));
        }
        if (desired.get("identity") != null) {
            body.withIdentity(identity(desired));
        }
        if (desired.get("allowedAuthenticationModes") != null) {
            body.withAllowedAuthenticationModes(authenticationModes(desired));
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private static BatchAccountIdentity identity(Attributes desired) {
        BatchAccountIdentity identity = new BatchAccountIdentity().withType(ResourceIdentityType.fromString(
                Optional.ofNullable(desired.string("identity.type")).orElse("None")));
        if (desired.get("identity.userAssignedIdentities") instanceof List<?> ids && !ids.isEmpty()) {
            Map<String, UserAssignedIdentities> byId = new TreeMap<>();
            ((List<Object>) ids).forEach(id -> byId.put(String.valueOf(id), new UserAssignedIdentities()));
            identity.withUserAssignedIdentities(byId);
        }
        return identity;
    }

    private static List<AuthenticationMode> authenticationModes(Attributes desired) {
        return ((List<?>) desired.get("allowedAuthenticationModes")).stream()
                .map(mode -> AuthenticationMode.fromString(String.valueOf(mode))).toList();
    }

    private static AutoStorageBaseProperties autoStorage(Attributes desired) {
        AutoStorageBaseProperties auto = new AutoStorageBaseProperties()
                .withStorageAccountId(desired.string("autoStorage.storageAccount"));
        if (desired.get("autoStorage.authenticationMode") != null) {
            auto.withAuthenticationMode(AutoStorageAuthenticationMode.fromString(desired.string("autoStorage.authenticationMode")));
        }
        return auto;
    }

    private static BatchAccountUpdateParameters accountUpdate(Attributes desired, java.util.Set<String> changed) {
        BatchAccountUpdateParameters body = new BatchAccountUpdateParameters();
        if (changed.stream().anyMatch(p -> p.startsWith("tags"))) {
            body.withTags(tags(desired));
        }
        if (changed.stream().anyMatch(p -> p.startsWith("autoStorage")) && desired.get("autoStorage.storageAccount") != null) {
            body.withAutoStorage(autoStorage(desired));
        }
        if (changed.stream().anyMatch(p -> p.startsWith("identity"))) {
            body.withIdentity(desired.get("identity") != null ? identity(desired)
                    : new BatchAccountIdentity().withType(ResourceIdentityType.NONE));
        }
        if (changed.contains("allowedAuthenticationModes")) {
            body.withAllowedAuthenticationModes(desired.get("allowedAuthenticationModes") != null
                    ? authenticationModes(desired) : List.of(AuthenticationMode.SHARED_KEY, AuthenticationMode.AAD,
                    AuthenticationMode.TASK_AUTHENTICATION_TOKEN));
        }
        return body;
    }

    /**
     * A pool body: everything for a create ({@code changed} null), or only the changed top-level attributes for a
     * PATCH, so that properties the service cannot change are never sent.
     */
    private static PoolInner poolBody(Attributes desired, java.util.Set<String> changed) {
        return PoolMapping.inner(poolProperties(desired, changed));
    }

    private static Map<String, Object> poolProperties(Attributes desired, java.util.Set<String> changed) {
        return PoolMapping.properties(desired, top -> changed == null
                || changed.stream().anyMatch(p -> p.equals(top) || p.startsWith(top + ".")), changed != null);
    }
}
