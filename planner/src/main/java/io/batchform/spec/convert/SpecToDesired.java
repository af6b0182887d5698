package io.batchform.spec.convert;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.plan.DesiredResource.UpdateStrategy;
import io.batchform.plan.DesiredResource;
import io.batchform.provider.Attributes;
import io.batchform.source.Diagnostic;
import io.batchform.source.SourceSpan;
import io.batchform.spec.ApplicationSpec;
import io.batchform.spec.BatchAccountSpec;
import io.batchform.spec.CertificateFile;
import io.batchform.spec.CertificateSpec;
import io.batchform.spec.Lifecycle;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.Secret;
import io.batchform.spec.SourceMap;
import io.batchform.spec.Spec;
import io.batchform.spec.StorageAccountSpec;
import io.batchform.spec.VirtualNetworkSpec.SubnetSpec;
import io.batchform.spec.VirtualNetworkSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Converts a valid spec into the planner's desired resources. Attribute names are the spec's (RESOURCES.md); a
 * reference holds the referenced resource's ARM id, computed from subscription, resource group and names, and adds a
 * dependency edge (an ARM id written in the spec is external: no edge). Durations become ISO-8601; spec-only keys
 * ({@code quotas}, {@code maxNodes}, {@code updateStrategy}, lifecycle) stay out of the attributes.
 */
public final class SpecToDesired {
    /** The emulator's subscription, used when neither the spec nor AZURE_SUBSCRIPTION_ID names one. */
    public static final String DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

    private final Spec spec;
    private final Map<String, String> env;
    private final SourceMap sources;
    private final String subscription;
    private final String groupId;
    private final List<DesiredResource> resources = new ArrayList<>();
    private final Map<Address, SourceSpan> locations = new TreeMap<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private SpecToDesired(Spec spec, SourceMap sources, String subscription, Map<String, String> env) {
        this.spec = spec;
        this.env = env;
        this.sources = sources;
        this.subscription = subscription;
        this.groupId = "/subscriptions/" + subscription + "/resourceGroups/" + spec.resourceGroup().name();
    }

    /** The subscription ids are computed in: the spec's, else AZURE_SUBSCRIPTION_ID, else the emulator's. */
    public static String subscription(Spec spec, Map<String, String> env) {
        if (spec.subscription() != null && !spec.subscription().isBlank()) {
            return spec.subscription();
        }
        String fromEnv = env.get("AZURE_SUBSCRIPTION_ID");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_SUBSCRIPTION;
    }

    /** The instant job schedules' crons are compiled at: {@code BATCHFORM_NOW} in {@code env} when set, else now. */
    public static java.time.Instant scheduleInstant(Map<String, String> env) {
        return JobScheduleConversion.now(env);
    }

    /** Converts a spec that loaded without errors. */
    public static DesiredState convert(Spec spec, SourceMap sources, Map<String, String> env) {
        SpecToDesired conversion = new SpecToDesired(spec, sources, subscription(spec, env), env);
        conversion.run();
        return new DesiredState(conversion.subscription, conversion.resources, conversion.locations,
                conversion.diagnostics);
    }

    private void run() {
        Address group = Address.of(ResourceType.RESOURCE_GROUP, "main");
        Map<String, Object> rg = new LinkedHashMap<>();
        rg.put("name", spec.resourceGroup().name());
        rg.put("location", spec.resourceGroup().location());
        putMap(rg, "tags", spec.resourceGroup().tags());
        add(group, groupId, rg, Set.of(), spec.resourceGroup().lifecycle(), UpdateStrategy.REPLACE);
        spec.storageAccounts().values().forEach(this::storageAccount);
        spec.virtualNetworks().values().forEach(this::virtualNetwork);
        spec.userAssignedIdentities().values().forEach(u -> add(Address.of(ResourceType.USER_ASSIGNED_IDENTITY,
                u.key()), identityId(u.key()), map("name", nameOr(u.name(), u.key()), "location",
                locationOr(u.location()), "tags", new TreeMap<>(u.tags())), Set.of(group()), u.lifecycle(),
                UpdateStrategy.REPLACE));
        spec.batchAccounts().values().forEach(this::batchAccount);
        spec.applications().values().forEach(this::application);
        spec.certificates().values().forEach(this::certificate);
        spec.pools().values().forEach(this::pool);
        JobScheduleConversion schedules = new JobScheduleConversion(this::accountId,
                key -> accountId(spec.pools().get(key).account()) + "/pools/" + nameOr(spec.pools().get(key).name(), key),
                sources, env, diagnostics);
        spec.jobSchedules().values().forEach(s -> add(Address.of(ResourceType.JOB_SCHEDULE, s.key()),
                schedules.id(s), schedules.attributes(s), schedules.dependencies(s), s.lifecycle(),
                UpdateStrategy.REPLACE));
    }

    // --- ids ---

    private String storageId(String key) {
        StorageAccountSpec s = spec.storageAccounts().get(key);
        return groupId + "/providers/Microsoft.Storage/storageAccounts/" + nameOr(s.name(), key);
    }

    private String networkId(String key) {
        return groupId + "/providers/Microsoft.Network/virtualNetworks/"
                + nameOr(spec.virtualNetworks().get(key).name(), key);
    }

    private String subnetId(String vnet, String subnet) {
        return networkId(vnet) + "/subnets/" + nameOr(spec.virtualNetworks().get(vnet).subnets().get(subnet).name(), subnet);
    }

    /** The ARM id of the spec's user-assigned identity {@code key}, or null when there is none by that key. */
    private String identityId(String key) {
        var identity = spec.userAssignedIdentities().get(key);
        return identity == null ? null : groupId + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
                + nameOr(identity.name(), key);
    }

    private String accountId(String key) {
        if (external(key)) {
            return key;
        }
        return groupId + "/providers/Microsoft.Batch/batchAccounts/" + nameOr(spec.batchAccounts().get(key).name(), key);
    }

    private String applicationId(String key) {
        ApplicationSpec a = spec.applications().get(key);
        return accountId(a.account()) + "/applications/" + nameOr(a.name(), key);
    }

    // --- resources ---

    private void storageAccount(StorageAccountSpec s) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", nameOr(s.name(), s.key()));
        a.put("location", locationOr(s.location()));
        a.put("sku", s.sku());
        a.put("kind", s.kind());
        a.put("accessTier", s.accessTier());
        a.put("allowBlobPublicAccess", s.allowBlobPublicAccess());
        a.put("minimumTlsVersion", s.minimumTlsVersion());
        putMap(a, "tags", s.tags());
        add(Address.of(ResourceType.STORAGE_ACCOUNT, s.key()), storageId(s.key()), a, Set.of(group()), s.lifecycle(),
                UpdateStrategy.REPLACE);
    }

    private void virtualNetwork(VirtualNetworkSpec n) {
        Address address = Address.of(ResourceType.VIRTUAL_NETWORK, n.key());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", nameOr(n.name(), n.key()));
        a.put("location", locationOr(n.location()));
        a.put("addressSpace", n.addressSpace());
        putMap(a, "tags", n.tags());
        add(address, networkId(n.key()), a, Set.of(group()), n.lifecycle(), UpdateStrategy.REPLACE);
        for (SubnetSpec s : n.subnets().values()) {
            Map<String, Object> sa = new LinkedHashMap<>();
            sa.put("name", nameOr(s.name(), s.key()));
            sa.put("addressPrefix", s.addressPrefix());
            if (!s.serviceEndpoints().isEmpty()) {
                sa.put("serviceEndpoints", s.serviceEndpoints());
            }
            add(Address.of(ResourceType.SUBNET, n.key(), s.key()), subnetId(n.key(), s.key()), sa, Set.of(address),
                    s.lifecycle(), UpdateStrategy.REPLACE);
        }
    }

    private void batchAccount(BatchAccountSpec b) {
        Map<String, Object> a = new LinkedHashMap<>();
        Set<Address> deps = new TreeSet<>(Set.of(group()));
        a.put("name", nameOr(b.name(), b.key()));
        a.put("location", locationOr(b.location()));
        a.put("poolAllocationMode", b.poolAllocationMode());
        if (b.keyVaultReference() != null) {
            a.put("keyVaultReference", map("id", b.keyVaultReference().id(), "url", b.keyVaultReference().url()));
        }
        if (b.autoStorage() != null) {
            String storage = b.autoStorage().storageAccount();
            String id = external(storage) ? storage : storageId(storage);
            if (!external(storage)) {
                deps.add(Address.of(ResourceType.STORAGE_ACCOUNT, storage));
            }
            a.put("autoStorage", map("storageAccount", id, "authenticationMode", b.autoStorage().authenticationMode(),
                    "nodeIdentityReference", reference(b.autoStorage().nodeIdentityReference())));
        }
        a.put("publicNetworkAccess", b.publicNetworkAccess());
        a.putAll(b.settings()); // the current API's properties, as written (BatchAccountSpec.SETTINGS)
        if (b.identity() != null) {
            a.put("identity", map("type", b.identity().type(), "userAssignedIdentities",
                    b.identity().userAssignedIdentities().isEmpty() ? null : b.identity().userAssignedIdentities()));
        }
        if (!b.allowedAuthenticationModes().isEmpty()) {
            a.put("allowedAuthenticationModes", b.allowedAuthenticationModes());
        }
        putMap(a, "tags", b.tags());
        add(Address.of(ResourceType.BATCH_ACCOUNT, b.key()), accountId(b.key()), IdentityReferences.resolve(a,
                this::identityId, key -> deps.add(Address.of(ResourceType.USER_ASSIGNED_IDENTITY, key))), deps,
                b.lifecycle(), UpdateStrategy.REPLACE);
    }

    private void application(ApplicationSpec app) {
        Address address = Address.of(ResourceType.APPLICATION, app.key());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", nameOr(app.name(), app.key()));
        a.put("account", accountId(app.account()));
        a.put("displayName", app.displayName());
        a.put("allowUpdates", app.allowUpdates());
        // The default version is a package's attribute: it can be set only once that package exists.
        add(address, applicationId(app.key()), a, accountEdge(app.account()), app.lifecycle(), UpdateStrategy.REPLACE);
        for (ApplicationSpec.PackageSpec pkg : app.packages().values()) {
            Address pkgAddress = Address.of(ResourceType.APPLICATION_PACKAGE, app.key(), pkg.version());
            String hash = sha256(pkg.file(), pkgAddress);
            if (hash == null) {
                continue;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("application", applicationId(app.key()));
            p.put("version", pkg.version());
            p.put("file", pkg.file().toAbsolutePath().normalize().toString());
            p.put("contentHash", hash);
            p.put("format", "zip");
            p.put("default", pkg.version().equals(app.defaultVersion()));
            // The other versions wait for the default one, so that moving the default sets the new one first.
            Set<Address> deps = new TreeSet<>(Set.of(address));
            if (app.defaultVersion() != null && !pkg.version().equals(app.defaultVersion())
                    && app.packages().containsKey(app.defaultVersion())) {
                deps.add(Address.of(ResourceType.APPLICATION_PACKAGE, app.key(), app.defaultVersion()));
            }
            add(pkgAddress, applicationId(app.key()) + "/versions/" + pkg.version(), p, deps, pkg.lifecycle(),
                    UpdateStrategy.REPLACE);
        }
    }

    private void certificate(CertificateSpec c) {
        Address address = Address.of(ResourceType.CERTIFICATE, c.key());
        CertificateFile.Result result = CertificateFile.read(c.file(), c.format(), c.password());
        if (result instanceof CertificateFile.Failed failed) {
            diagnostics.add(Diagnostic.error(sources.position(address, "file"), failed.reason()));
            return;
        }
        CertificateFile.Read read = (CertificateFile.Read) result;
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", read.azureName());
        a.put("account", accountId(c.account()));
        a.put("format", c.format() == null ? "Pfx" : c.format());
        a.put("data", read.base64());
        a.put("password", secret(c.password()));
        a.put("thumbprint", read.thumbprint());
        a.put("thumbprintAlgorithm", "SHA1");
        add(address, accountId(c.account()) + "/certificates/" + read.azureName(), a, accountEdge(c.account()),
                c.lifecycle(), UpdateStrategy.REPLACE);
    }

    private void pool(PoolSpec p) {
        Address address = Address.of(ResourceType.POOL, p.key());
        Set<Address> deps = new TreeSet<>(accountEdge(p.account()));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", nameOr(p.name(), p.key()));
        a.put("account", accountId(p.account()));
        a.put("displayName", p.displayName());
        a.put("vmSize", p.vmSize());
        if (p.image() != null) {
            PoolSpec.Image image = p.image();
            a.put("image", image.id() != null ? map("id", image.id())
                    : image.sharedGalleryImageId() != null ? map("sharedGalleryImageId", image.sharedGalleryImageId())
                    : image.communityGalleryImageId() != null
                    ? map("communityGalleryImageId", image.communityGalleryImageId())
                    : map("publisher", image.publisher(), "offer", image.offer(), "sku", image.sku(),
                    "version", image.version()));
        }
        a.put("nodeAgentSkuId", p.nodeAgentSkuId());
        if (p.fixedScale() != null) {
            a.put("fixedScale", map("targetDedicatedNodes", p.fixedScale().targetDedicatedNodes(),
                    "targetLowPriorityNodes", p.fixedScale().targetLowPriorityNodes(),
                    "resizeTimeout", iso(p.fixedScale().resizeTimeout()),
                    "nodeDeallocationOption", p.fixedScale().nodeDeallocationOption()));
        }
        if (p.autoScale() != null) {
            a.put("autoScale", map("formula", p.autoScale().formula(),
                    "evaluationInterval", iso(p.autoScale().evaluationInterval())));
        }
        a.put("taskSlotsPerNode", p.taskSlotsPerNode());
        if (p.nodeFillType() != null) {
            a.put("taskSchedulingPolicy", map("nodeFillType", p.nodeFillType(), "jobDefaultOrder",
                    p.jobDefaultOrder()));
        }
        if (p.subnet() != null) {
            if (external(p.subnet())) {
                a.put("subnet", p.subnet());
            } else {
                String[] parts = p.subnet().split("\\.", 2);
                a.put("subnet", subnetId(parts[0], parts[1]));
                deps.add(Address.of(ResourceType.SUBNET, parts[0], parts[1]));
            }
        }
        if (p.publicIPAddressConfiguration() != null) {
            PoolSpec.PublicIpAddressConfiguration ip = p.publicIPAddressConfiguration();
            a.put("publicIPAddressConfiguration", map("provision", ip.provision(),
                    "ipAddressIds", emptyToNull(ip.ipAddressIds()), "ipFamilies", emptyToNull(ip.ipFamilies()),
                    "ipTags", emptyToNull(ip.ipTags().stream().map(t -> (Object) map("ipTagType", t.ipTagType(),
                            "displayName", t.displayName())).toList())));
        }
        a.put("interNodeCommunication", p.interNodeCommunication());
        if (p.startTask() != null) {
            a.put("startTask", startTask(p.startTask()));
        }
        if (p.containerConfiguration() != null) {
            PoolSpec.ContainerConfiguration c = p.containerConfiguration();
            a.put("containerConfiguration", map("type", c.type(),
                    "containerImageNames", emptyToNull(c.containerImageNames()),
                    "containerRegistries", emptyToNull(c.containerRegistries().stream().map(r -> map(
                            "registryServer", r.registryServer(), "username", r.username(),
                            "password", secret(r.password()), "identityReference", reference(r.identityReference())))
                            .toList())));
        }
        if (!p.applicationPackages().isEmpty()) {
            List<Object> refs = new ArrayList<>();
            for (PoolSpec.ApplicationPackageReference ref : p.applicationPackages()) {
                if (external(ref.application())) {
                    refs.add(map("application", ref.application(), "version", ref.version()));
                    continue;
                }
                ApplicationSpec app = spec.applications().get(ref.application());
                refs.add(map("application", applicationId(ref.application()), "version", ref.version()));
                deps.add(Address.of(ResourceType.APPLICATION, ref.application()));
                String version = ref.version() != null ? ref.version() : app.defaultVersion();
                if (version != null && app.packages().containsKey(version)) {
                    deps.add(Address.of(ResourceType.APPLICATION_PACKAGE, ref.application(), version));
                }
            }
            a.put("applicationPackages", refs);
        }
        if (!p.certificates().isEmpty()) {
            List<Object> refs = new ArrayList<>();
            for (PoolSpec.CertificateReference ref : p.certificates()) {
                String id = ref.certificate();
                if (!external(id)) {
                    deps.add(Address.of(ResourceType.CERTIFICATE, ref.certificate()));
                    id = certificateId(ref.certificate());
                }
                refs.add(map("certificate", id, "storeLocation", ref.storeLocation(), "storeName", ref.storeName(),
                        "visibility", emptyToNull(ref.visibility())));
            }
            a.put("certificates", refs);
        }
        if (!p.userAccounts().isEmpty()) {
            a.put("userAccounts", p.userAccounts().stream().map(u -> map("name", u.name(),
                    "password", secret(u.password()), "elevationLevel", u.elevationLevel(),
                    "linuxUserConfiguration", u.linuxUserConfiguration() == null ? null : map(
                            "uid", u.linuxUserConfiguration().uid(), "gid", u.linuxUserConfiguration().gid(),
                            "sshPrivateKey", secret(u.linuxUserConfiguration().sshPrivateKey())),
                    "windowsUserConfiguration", u.windowsUserConfiguration() == null ? null
                            : map("loginMode", u.windowsUserConfiguration().loginMode()))).toList());
        }
        if (!p.mountConfiguration().isEmpty()) {
            a.put("mountConfiguration", p.mountConfiguration().stream().map(SpecToDesired::mount).toList());
        }
        putMap(a, "metadata", p.metadata());
        a.putAll(p.settings()); // the current API's properties, as written (PoolSpec.SETTINGS)
        Map<String, Object> resolved = IdentityReferences.resolve(a, this::identityId,
                key -> deps.add(Address.of(ResourceType.USER_ASSIGNED_IDENTITY, key)));
        UpdateStrategy strategy = p.updateStrategy() == PoolSpec.UpdateStrategy.DRAIN ? UpdateStrategy.DRAIN
                : UpdateStrategy.REPLACE;
        add(address, accountId(p.account()) + "/pools/" + nameOr(p.name(), p.key()), resolved, deps, p.lifecycle(),
                strategy);
    }

    private String certificateId(String key) {
        CertificateSpec c = spec.certificates().get(key);
        CertificateFile.Result result = CertificateFile.read(c.file(), c.format(), c.password());
        String name = result instanceof CertificateFile.Read read ? read.azureName() : key;
        return accountId(c.account()) + "/certificates/" + name;
    }

    private static Map<String, Object> startTask(PoolSpec.StartTask t) {
        Map<String, Object> task = map("commandLine", t.commandLine(), "maxTaskRetryCount", t.maxTaskRetryCount(),
                "waitForSuccess", t.waitForSuccess());
        if (!t.resourceFiles().isEmpty()) {
            task.put("resourceFiles", t.resourceFiles().stream().map(f -> map("httpUrl", f.httpUrl(),
                    "storageContainerUrl", f.storageContainerUrl(), "autoStorageContainerName",
                    f.autoStorageContainerName(), "filePath", f.filePath(), "fileMode", f.fileMode(),
                    "identityReference", reference(f.identityReference()))).toList());
        }
        if (!t.environment().isEmpty()) {
            task.put("environment", new TreeMap<>(t.environment()));
        }
        if (t.userIdentity() != null) {
            task.put("userIdentity", t.userIdentity().userName() != null ? map("userName", t.userIdentity().userName())
                    : map("autoUser", map("scope", t.userIdentity().autoUser().scope(),
                    "elevationLevel", t.userIdentity().autoUser().elevationLevel())));
        }
        if (t.containerSettings() != null) {
            task.put("containerSettings", t.containerSettings()); // as written; its registry's identity resolves below
        }
        return task;
    }

    private static Map<String, Object> mount(PoolSpec.Mount mount) {
        if (mount instanceof PoolSpec.AzureBlobFileSystem b) {
            return map("azureBlobFileSystem", map("accountName", b.accountName(), "containerName", b.containerName(),
                    "accountKey", secret(b.accountKey()), "sasKey", secret(b.sasKey()),
                    "identityReference", reference(b.identityResourceId()),
                    "blobfuseOptions", b.blobfuseOptions(), "relativeMountPath", b.relativeMountPath()));
        }
        if (mount instanceof PoolSpec.Nfs n) {
            return map("nfs", map("source", n.source(), "relativeMountPath", n.relativeMountPath(),
                    "mountOptions", n.mountOptions()));
        }
        if (mount instanceof PoolSpec.Cifs c) {
            return map("cifs", map("source", c.source(), "userName", c.userName(), "password", secret(c.password()),
                    "relativeMountPath", c.relativeMountPath(), "mountOptions", c.mountOptions()));
        }
        PoolSpec.AzureFileShare f = (PoolSpec.AzureFileShare) mount;
        return map("azureFileShare", map("accountName", f.accountName(), "azureFileUrl", f.azureFileUrl(),
                "accountKey", secret(f.accountKey()), "relativeMountPath", f.relativeMountPath(),
                "mountOptions", f.mountOptions()));
    }

    // --- helpers ---

    private void add(Address address, String id, Map<String, Object> attributes, Set<Address> dependsOn,
                     Lifecycle lifecycle, UpdateStrategy strategy) {
        Set<Address> deps = new TreeSet<>(dependsOn);
        for (String extra : lifecycle.dependsOn()) {
            try {
                deps.add(Address.parse(extra));
            } catch (IllegalArgumentException e) {
                diagnostics.add(Diagnostic.error(sources.keyPosition(address, "dependsOn"), "dependsOn: "
                        + e.getMessage()));
            }
        }
        Map<String, Object> clean = new TreeMap<>();
        attributes.forEach((k, v) -> {
            if (v != null) {
                clean.put(k, v);
            }
        });
        resources.add(new DesiredResource(address, id, Attributes.of(clean), deps, lifecycle.protect(),
                new TreeSet<>(lifecycle.ignoreChanges()), strategy));
        locations.put(address, sources.keyPosition(address, ""));
    }

    private Address group() {
        return Address.of(ResourceType.RESOURCE_GROUP, "main");
    }

    private Set<Address> accountEdge(String account) {
        return external(account) ? Set.of() : Set.of(Address.of(ResourceType.BATCH_ACCOUNT, account));
    }

    private String locationOr(String location) {
        return location != null ? location : spec.resourceGroup().location();
    }

    private static String nameOr(String name, String key) {
        return name != null ? name : key;
    }

    private static boolean external(String reference) {
        return reference != null && reference.regionMatches(true, 0, "/subscriptions/", 0, "/subscriptions/".length());
    }

    private static String iso(Duration duration) {
        return duration == null ? null : duration.toString();
    }

    /** An {@code identityReference}: the ARM id of one of the pool's user-assigned identities. */
    private static Map<String, Object> reference(String identity) {
        return identity == null ? null : map("resourceId", identity);
    }

    private static String secret(Secret secret) {
        return secret == null ? null : secret.value();
    }

    private static <T> List<T> emptyToNull(List<T> list) {
        return list.isEmpty() ? null : list;
    }

    private static void putMap(Map<String, Object> attributes, String key, Map<String, String> values) {
        if (!values.isEmpty()) {
            attributes.put(key, new TreeMap<>(values));
        }
    }

    /** A sorted map of the pairs given whose value is not null. */
    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> out = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                out.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return out;
    }

    private String sha256(Path file, Address address) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(sources.position(address, "file"), "cannot read package file '"
                    + file + "'"));
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
