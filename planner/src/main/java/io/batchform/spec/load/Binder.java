package io.batchform.spec.load;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.source.Diagnostic;
import io.batchform.source.Durations;
import io.batchform.source.SourceFiles;
import io.batchform.spec.ApplicationSpec.PackageSpec;
import io.batchform.spec.ApplicationSpec;
import io.batchform.spec.BatchAccountSpec.AutoStorage;
import io.batchform.spec.BatchAccountSpec.Identity;
import io.batchform.spec.BatchAccountSpec.KeyVaultReference;
import io.batchform.spec.BatchAccountSpec.Quotas;
import io.batchform.spec.BatchAccountSpec;
import io.batchform.spec.CertificateSpec;
import io.batchform.spec.FailoverSpec;
import io.batchform.spec.JobScheduleSpec;
import io.batchform.spec.Lifecycle;
import io.batchform.spec.PoolSpec.ApplicationPackageReference;
import io.batchform.spec.PoolSpec.AutoScale;
import io.batchform.spec.PoolSpec.AutoUser;
import io.batchform.spec.PoolSpec.AzureBlobFileSystem;
import io.batchform.spec.PoolSpec.AzureFileShare;
import io.batchform.spec.PoolSpec.CertificateReference;
import io.batchform.spec.PoolSpec.Cifs;
import io.batchform.spec.PoolSpec.ContainerConfiguration;
import io.batchform.spec.PoolSpec.ContainerRegistry;
import io.batchform.spec.PoolSpec.FixedScale;
import io.batchform.spec.PoolSpec.Image;
import io.batchform.spec.PoolSpec.LinuxUserConfiguration;
import io.batchform.spec.PoolSpec.Mount;
import io.batchform.spec.PoolSpec.Nfs;
import io.batchform.spec.PoolSpec.PublicIpAddressConfiguration;
import io.batchform.spec.PoolSpec.ResourceFile;
import io.batchform.spec.PoolSpec.StartTask;
import io.batchform.spec.PoolSpec.UserAccount;
import io.batchform.spec.PoolSpec.UserIdentity;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.Secret;
import io.batchform.spec.SourceMap;
import io.batchform.spec.Spec.ResourceGroupSpec;
import io.batchform.spec.Spec;
import io.batchform.spec.StorageAccountSpec;
import io.batchform.spec.UserAssignedIdentitySpec;
import io.batchform.spec.VirtualNetworkSpec.SubnetSpec;
import io.batchform.spec.VirtualNetworkSpec;
import io.batchform.spec.yaml.Scalars;
import io.batchform.spec.yaml.YNode.ScalarKind;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import io.batchform.spec.yaml.YNode.YSeq;
import io.batchform.spec.yaml.YNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Builds the typed {@link Spec} from checked YAML, recording every value's position in the {@link SourceMap}.
 * Values of the wrong type were reported by the shape check and are read as absent here. Durations are parsed and
 * formula files read here, with a diagnostic at the value when that fails.
 */
final class Binder {
    /** A value of a top-level key, with the directory its file's relative paths start from. */
    record Sourced(YScalar key, YNode value, Path baseDirectory) {
    }

    private final List<Diagnostic> diagnostics;
    private final SourceMap sources = new SourceMap();
    private final SpecPaths paths;

    Binder(List<Diagnostic> diagnostics) {
        this(diagnostics, SpecPaths.confined());
    }

    /** @param paths where the files the spec names may be */
    Binder(List<Diagnostic> diagnostics, SpecPaths paths) {
        this.diagnostics = diagnostics;
        this.paths = paths;
    }

    SourceMap sources() {
        return sources;
    }

    Spec bind(Map<String, Sourced> scalars, Map<String, List<Sourced>> sections) {
        String subscription = scalars.containsKey("subscription") ? text(scalars.get("subscription").value()) : null;
        ResourceGroupSpec group = resourceGroup(scalars.get("resourceGroup"), scalars.get("location"));
        Map<String, StorageAccountSpec> storage = new TreeMap<>();
        Map<String, VirtualNetworkSpec> networks = new TreeMap<>();
        Map<String, UserAssignedIdentitySpec> identities = new TreeMap<>();
        Map<String, BatchAccountSpec> accounts = new TreeMap<>();
        Map<String, PoolSpec> pools = new TreeMap<>();
        Map<String, CertificateSpec> certificates = new TreeMap<>();
        Map<String, ApplicationSpec> applications = new TreeMap<>();
        for (Sourced s : sections.getOrDefault("storageAccounts", List.of())) {
            if (s.value() instanceof YMap m) {
                storage.put(key(s), storageAccount(s.key(), m));
            }
        }
        for (Sourced s : sections.getOrDefault("virtualNetworks", List.of())) {
            if (s.value() instanceof YMap m) {
                networks.put(key(s), virtualNetwork(s.key(), m));
            }
        }
        for (Sourced s : sections.getOrDefault("userAssignedIdentities", List.of())) {
            if (s.value() instanceof YMap m) {
                Address address = Address.of(ResourceType.USER_ASSIGNED_IDENTITY, key(s));
                record(address, "", s.key(), m);
                identities.put(key(s), new UserAssignedIdentitySpec(key(s), str(m, "name"), str(m, "location"),
                        texts(m, "tags"), lifecycle(m)));
            }
        }
        for (Sourced s : sections.getOrDefault("batchAccounts", List.of())) {
            if (s.value() instanceof YMap m) {
                accounts.put(key(s), batchAccount(s.key(), m));
            }
        }
        for (Sourced s : sections.getOrDefault("pools", List.of())) {
            if (s.value() instanceof YMap m) {
                pools.put(key(s), pool(s.key(), m, s.baseDirectory()));
            }
        }
        for (Sourced s : sections.getOrDefault("certificates", List.of())) {
            if (s.value() instanceof YMap m) {
                certificates.put(key(s), certificate(s.key(), m, s.baseDirectory()));
            }
        }
        for (Sourced s : sections.getOrDefault("applications", List.of())) {
            if (s.value() instanceof YMap m) {
                applications.put(key(s), application(s.key(), m, s.baseDirectory()));
            }
        }
        Map<String, JobScheduleSpec> schedules = new TreeMap<>();
        for (Sourced s : sections.getOrDefault("jobSchedules", List.of())) {
            if (s.value() instanceof YMap m) {
                record(Address.of(ResourceType.JOB_SCHEDULE, key(s)), "", s.key(), m);
                schedules.put(key(s), new JobScheduleBinding(diagnostics).bind(key(s), m, lifecycle(m)));
            }
        }
        FailoverSpec failover = scalars.containsKey("failover") && scalars.get("failover").value() instanceof YMap f
                ? failover(f) : null;
        List<Spec.Moved> moved = new ArrayList<>();
        if (scalars.containsKey("moved") && scalars.get("moved").value() instanceof YSeq entries) {
            sources.putSection("moved", entries); // for the validator's positions
            for (YNode item : entries.items()) {
                if (item instanceof YMap m && str(m, "from") != null && str(m, "to") != null) {
                    moved.add(new Spec.Moved(str(m, "from"), str(m, "to")));
                }
            }
        }
        return new Spec(subscription, group, storage, networks, identities, accounts, pools, certificates, applications, failover,
                moved, schedules);
    }

    /** The largest formula file read, checked before and while reading (the service's own limit is 8 KB). */
    private static final int MAX_FORMULA_FILE = 1024 * 1024;

    /** {@code failover:}; its map is kept in the source map for the validator's reference checks. */
    private FailoverSpec failover(YMap m) {
        sources.putSection("failover", m);
        return FailoverBinding.bind(m);
    }

    private static String key(Sourced s) {
        return s.key().value();
    }

    private ResourceGroupSpec resourceGroup(Sourced group, Sourced location) {
        Address address = Address.of(ResourceType.RESOURCE_GROUP, "main");
        String loc = location == null ? null : text(location.value());
        if (location != null) {
            sources.put(address, "location", location.key(), location.value());
        }
        if (group == null) {
            return new ResourceGroupSpec(null, loc, Map.of(), Lifecycle.DEFAULT);
        }
        if (group.value() instanceof YMap m) {
            record(address, "", group.key(), m);
            return new ResourceGroupSpec(str(m, "name"), loc, texts(m, "tags"), lifecycle(m));
        }
        sources.put(address, "", group.key(), group.value());
        sources.put(address, "name", group.key(), group.value());
        return new ResourceGroupSpec(text(group.value()), loc, Map.of(), Lifecycle.DEFAULT);
    }

    private StorageAccountSpec storageAccount(YScalar key, YMap m) {
        record(Address.of(ResourceType.STORAGE_ACCOUNT, key.value()), "", key, m);
        return new StorageAccountSpec(key.value(), str(m, "name"), str(m, "location"), str(m, "sku"), str(m, "kind"),
                str(m, "accessTier"), bool(m, "allowBlobPublicAccess"), str(m, "minimumTlsVersion"),
                texts(m, "tags"), lifecycle(m));
    }

    private VirtualNetworkSpec virtualNetwork(YScalar key, YMap m) {
        record(Address.of(ResourceType.VIRTUAL_NETWORK, key.value()), "", key, m);
        Map<String, SubnetSpec> subnets = new TreeMap<>();
        YMap subnetMap = map(m, "subnets");
        if (subnetMap != null) {
            for (YNode.Entry e : subnetMap.entries()) {
                if (e.value() instanceof YMap s) {
                    record(Address.of(ResourceType.SUBNET, key.value(), e.key().value()), "", e.key(), s);
                    subnets.put(e.key().value(), new SubnetSpec(e.key().value(), str(s, "name"),
                            str(s, "addressPrefix"), strings(s, "serviceEndpoints"), lifecycle(s)));
                }
            }
        }
        return new VirtualNetworkSpec(key.value(), str(m, "name"), str(m, "location"), strings(m, "addressSpace"),
                subnets, texts(m, "tags"), lifecycle(m));
    }

    private BatchAccountSpec batchAccount(YScalar key, YMap m) {
        record(Address.of(ResourceType.BATCH_ACCOUNT, key.value()), "", key, m);
        YMap kv = map(m, "keyVaultReference");
        YMap auto = map(m, "autoStorage");
        YMap identity = map(m, "identity");
        YMap quotas = map(m, "quotas");
        Quotas q = null;
        if (quotas != null) {
            Map<String, Long> families = new TreeMap<>();
            YMap f = map(quotas, "vmFamilyCores");
            if (f != null) {
                for (YNode.Entry e : f.entries()) {
                    if (e.value() instanceof YScalar s) {
                        Scalars.integer(s).ifPresent(n -> families.put(e.key().value(), n));
                    }
                }
            }
            q = new Quotas(integer(quotas, "dedicatedCores"), integer(quotas, "lowPriorityCores"), families,
                    integer(quotas, "pools"), integer(quotas, "activeJobs"));
        }
        return new BatchAccountSpec(key.value(), str(m, "name"), str(m, "location"), str(m, "poolAllocationMode"),
                kv == null ? null : new KeyVaultReference(str(kv, "id"), str(kv, "url")),
                auto == null ? null : new AutoStorage(str(auto, "storageAccount"), str(auto, "authenticationMode"),
                        identityReference(auto, "nodeIdentityReference")),
                str(m, "publicNetworkAccess"),
                SettingsBinding.settings(m, BatchAccountSpec.SETTINGS),
                identity == null ? null : new Identity(str(identity, "type"), strings(identity, "userAssignedIdentities")),
                strings(m, "allowedAuthenticationModes"), texts(m, "tags"), q, lifecycle(m));
    }

    private PoolSpec pool(YScalar key, YMap m, Path base) {
        Address address = Address.of(ResourceType.POOL, key.value());
        record(address, "", key, m);
        YMap image = map(m, "image");
        YMap fixed = map(m, "fixedScale");
        YMap auto = map(m, "autoScale");
        YMap policy = map(m, "taskSchedulingPolicy");
        YMap ip = map(m, "publicIPAddressConfiguration");
        YMap container = map(m, "containerConfiguration");
        String strategy = str(m, "updateStrategy");
        return new PoolSpec(key.value(), str(m, "name"), str(m, "account"), str(m, "displayName"), str(m, "vmSize"),
                image == null ? null : new Image(str(image, "publisher"), str(image, "offer"), str(image, "sku"),
                        str(image, "version"), str(image, "id"), str(image, "sharedGalleryImageId"),
                        str(image, "communityGalleryImageId")),
                str(m, "nodeAgentSkuId"),
                fixed == null ? null : new FixedScale(integer(fixed, "targetDedicatedNodes"),
                        integer(fixed, "targetLowPriorityNodes"), duration(fixed, "resizeTimeout"),
                        str(fixed, "nodeDeallocationOption")),
                auto == null ? null : autoScale(auto, base),
                integer(m, "taskSlotsPerNode"), policy == null ? null : str(policy, "nodeFillType"),
                policy == null ? null : str(policy, "jobDefaultOrder"), str(m, "subnet"),
                ip == null ? null : new PublicIpAddressConfiguration(str(ip, "provision"), strings(ip, "ipAddressIds"),
                        strings(ip, "ipFamilies"), maps(ip, "ipTags").stream().map(t -> new PoolSpec.IpTag(
                                str(t, "ipTagType"), str(t, "displayName"))).toList()),
                str(m, "interNodeCommunication"), startTask(map(m, "startTask")),
                container == null ? null : new ContainerConfiguration(str(container, "type"),
                        strings(container, "containerImageNames"),
                        maps(container, "containerRegistries").stream().map(r -> new ContainerRegistry(
                                str(r, "registryServer"), str(r, "username"), secret(r, "password"),
                                identityReference(r))).toList()),
                maps(m, "applicationPackages").stream().map(r -> new ApplicationPackageReference(
                        str(r, "application"), str(r, "version"))).toList(),
                maps(m, "certificates").stream().map(r -> new CertificateReference(str(r, "certificate"),
                        str(r, "storeLocation"), str(r, "storeName"), strings(r, "visibility"))).toList(),
                maps(m, "userAccounts").stream().map(this::userAccount).toList(),
                mounts(m),
                texts(m, "metadata"), SettingsBinding.settings(m, PoolSpec.SETTINGS), integer(m, "maxNodes"),
                strategy == null ? null : PoolSpec.UpdateStrategy.valueOf(strategy.toUpperCase(java.util.Locale.ROOT)),
                lifecycle(m));
    }

    /** {@code identityReference.resourceId} of an item, or null. */
    private static String identityReference(YMap item) {
        return identityReference(item, "identityReference");
    }

    /** {@code <key>.resourceId} of an item, or null. */
    private static String identityReference(YMap item, String key) {
        YMap reference = map(item, key);
        return reference == null ? null : str(reference, "resourceId");
    }

    private AutoScale autoScale(YMap auto, Path base) {
        String formula = str(auto, "formula");
        Path file = null;
        YNode fileNode = auto.get("formulaFile").orElse(null);
        if (fileNode instanceof YScalar s && s.kind() == ScalarKind.STRING) {
            file = file(base, s, "formula file");
            if (formula == null && file != null) {
                formula = readText(file, s);
            }
        }
        return new AutoScale(formula, file, duration(auto, "evaluationInterval"));
    }

    /** The {@code file:} of {@code m}, resolved; null when absent or refused (reported). */
    private Path file(Path base, YMap m, String noun) {
        return m.get("file").orElse(null) instanceof YScalar s && s.kind() == ScalarKind.STRING
                ? file(base, s, noun) : null;
    }

    /** A path the spec names, resolved against its file's directory; null when it may not be read (reported). */
    private Path file(Path base, YScalar written, String noun) {
        SpecPaths.Resolved resolved = paths.resolve(base, written.value());
        if (resolved instanceof SpecPaths.Inside inside) {
            return inside.path();
        }
        error(written, noun + " '" + written.value() + "' " + ((SpecPaths.Refused) resolved).reason());
        return null;
    }

    private String readText(Path file, YScalar at) {
        try {
            return SourceFiles.read(file, MAX_FORMULA_FILE).text();
        } catch (SourceFiles.Refused e) {
            String named = "formula file '" + file + "'";
            error(at, switch (e.reason()) {
                case MISSING -> named + " does not exist";
                // /dev/zero never ends and a pipe may never be written to: neither is read at all.
                case DIRECTORY, NOT_A_FILE -> named + " is not a regular file (a device, a pipe or a directory)";
                case TOO_LARGE -> named + " is larger than 1 MB";
                case NOT_TEXT -> named + " is not UTF-8 text";
                case UNREADABLE -> "cannot read " + named + ": " + e.detail();
            });
            return null;
        }
    }

    private StartTask startTask(YMap t) {
        if (t == null) {
            return null;
        }
        YMap identity = map(t, "userIdentity");
        UserIdentity user = null;
        if (identity != null) {
            YMap auto = map(identity, "autoUser");
            user = new UserIdentity(str(identity, "userName"),
                    auto == null ? null : new AutoUser(str(auto, "scope"), str(auto, "elevationLevel")));
        }
        return new StartTask(str(t, "commandLine"), maps(t, "resourceFiles").stream().map(f -> new ResourceFile(
                str(f, "httpUrl"), str(f, "storageContainerUrl"), str(f, "autoStorageContainerName"),
                str(f, "filePath"), str(f, "fileMode"), identityReference(f))).toList(),
                texts(t, "environment"), user, integer(t, "maxTaskRetryCount"), bool(t, "waitForSuccess"),
                SettingsBinding.object(t, "containerSettings"));
    }

    private UserAccount userAccount(YMap u) {
        YMap linux = map(u, "linuxUserConfiguration");
        YMap windows = map(u, "windowsUserConfiguration");
        return new UserAccount(str(u, "name"), secret(u, "password"), str(u, "elevationLevel"),
                linux == null ? null : new LinuxUserConfiguration(integer(linux, "uid"), integer(linux, "gid"),
                        secret(linux, "sshPrivateKey")),
                windows == null ? null : new PoolSpec.WindowsUserConfiguration(str(windows, "loginMode")));
    }

    private List<Mount> mounts(YMap pool) {
        List<Mount> mounts = new ArrayList<>();
        for (YMap entry : maps(pool, "mountConfiguration")) {
            YMap blob = map(entry, "azureBlobFileSystem");
            YMap nfs = map(entry, "nfs");
            YMap cifs = map(entry, "cifs");
            YMap share = map(entry, "azureFileShare");
            if (blob != null) {
                YMap identity = map(blob, "identityReference");
                mounts.add(new AzureBlobFileSystem(str(blob, "accountName"), str(blob, "containerName"),
                        secret(blob, "accountKey"), secret(blob, "sasKey"),
                        identity == null ? null : str(identity, "resourceId"), str(blob, "blobfuseOptions"),
                        str(blob, "relativeMountPath")));
            } else if (nfs != null) {
                mounts.add(new Nfs(str(nfs, "source"), str(nfs, "relativeMountPath"), str(nfs, "mountOptions")));
            } else if (cifs != null) {
                mounts.add(new Cifs(str(cifs, "source"), str(cifs, "userName"), secret(cifs, "password"),
                        str(cifs, "relativeMountPath"), str(cifs, "mountOptions")));
            } else if (share != null) {
                mounts.add(new AzureFileShare(str(share, "accountName"), str(share, "azureFileUrl"),
                        secret(share, "accountKey"), str(share, "relativeMountPath"), str(share, "mountOptions")));
            }
        }
        return mounts;
    }

    private CertificateSpec certificate(YScalar key, YMap m, Path base) {
        record(Address.of(ResourceType.CERTIFICATE, key.value()), "", key, m);
        return new CertificateSpec(key.value(), str(m, "account"), file(base, m, "certificate file"),
                str(m, "format"), secret(m, "password"), lifecycle(m));
    }

    private ApplicationSpec application(YScalar key, YMap m, Path base) {
        record(Address.of(ResourceType.APPLICATION, key.value()), "", key, m);
        Map<String, PackageSpec> packages = new TreeMap<>();
        YMap versions = map(m, "packages");
        if (versions != null) {
            for (YNode.Entry e : versions.entries()) {
                if (e.value() instanceof YMap p) {
                    record(Address.of(ResourceType.APPLICATION_PACKAGE, key.value(), e.key().value()), "", e.key(), p);
                    packages.put(e.key().value(), new PackageSpec(e.key().value(), file(base, p, "package file"),
                            lifecycle(p)));
                }
            }
        }
        return new ApplicationSpec(key.value(), str(m, "name"), str(m, "account"), str(m, "displayName"),
                bool(m, "allowUpdates"), str(m, "defaultVersion"), packages, lifecycle(m));
    }

    private Lifecycle lifecycle(YMap m) {
        Boolean protect = bool(m, "protect");
        return new Lifecycle(protect != null && protect, strings(m, "ignoreChanges"), strings(m, "dependsOn"));
    }

    // --- source map ---

    private void record(Address address, String path, YScalar key, YNode value) {
        sources.put(address, path, key, value);
        if (value instanceof YMap map) {
            for (YNode.Entry e : map.entries()) {
                record(address, path.isEmpty() ? e.key().value() : path + "." + e.key().value(), e.key(), e.value());
            }
        } else if (value instanceof YSeq seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                record(address, path + "[" + i + "]", key, seq.items().get(i));
            }
        }
    }

    // --- typed access; a value of the wrong type reads as absent (the shape check reported it) ---

    private static String text(YNode node) {
        return node instanceof YScalar s && s.kind() == ScalarKind.STRING ? s.value() : null;
    }

    static String str(YMap m, String key) {
        return m.get(key).map(Binder::text).orElse(null);
    }

    private static Secret secret(YMap m, String key) {
        String value = str(m, key);
        return value == null ? null : new Secret(value);
    }

    static Long integer(YMap m, String key) {
        return m.get(key).filter(YScalar.class::isInstance).map(n -> Scalars.integer((YScalar) n))
                .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).orElse(null);
    }

    private static Boolean bool(YMap m, String key) {
        return m.get(key).filter(n -> n instanceof YScalar s && s.kind() == ScalarKind.BOOLEAN)
                .map(n -> Scalars.bool((YScalar) n)).orElse(null);
    }

    static YMap map(YMap m, String key) {
        return m.get(key).filter(YMap.class::isInstance).map(YMap.class::cast).orElse(null);
    }

    static List<YMap> maps(YMap m, String key) {
        return m.get(key).filter(YSeq.class::isInstance).map(n -> ((YSeq) n).items().stream()
                .filter(YMap.class::isInstance).map(YMap.class::cast).toList()).orElse(List.of());
    }

    static List<String> strings(YMap m, String key) {
        return m.get(key).filter(YSeq.class::isInstance).map(n -> ((YSeq) n).items().stream()
                .map(Binder::text).filter(java.util.Objects::nonNull).toList()).orElse(List.of());
    }

    static Map<String, String> texts(YMap m, String key) {
        Map<String, String> out = new TreeMap<>();
        YMap map = map(m, key);
        if (map != null) {
            for (YNode.Entry e : map.entries()) {
                YNode value = e.value() instanceof YMap marked && marked.entries().size() == 1
                        ? marked.get(io.batchform.spec.schema.Shape.MaybeSecret.KEY).orElse(e.value()) : e.value();
                if (value instanceof YScalar s && s.kind() != ScalarKind.NULL) {
                    out.put(e.key().value(), s.value());
                }
            }
        }
        return out;
    }

    private Duration duration(YMap m, String key) {
        YNode node = m.get(key).orElse(null);
        if (!(node instanceof YScalar s) || s.kind() != ScalarKind.STRING) {
            return null;
        }
        return Durations.parse(s.value()).orElseGet(() -> {
            error(s, "'" + s.value() + "' is not a duration: write an ISO-8601 duration such as PT15M, or 15m, 1h30m");
            return null;
        });
    }

    private void error(YScalar at, String message) {
        diagnostics.add(Diagnostic.error(at.position(), message));
    }
}
