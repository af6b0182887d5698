package io.batchform.spec.validate;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.catalog.VmSizeCatalog.VmSize;
import io.batchform.catalog.VmSizeCatalog;
import io.batchform.source.Diagnostic;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import io.batchform.spec.ApplicationSpec;
import io.batchform.spec.BatchAccountSpec;
import io.batchform.spec.CertificateFile;
import io.batchform.spec.CertificateSpec;
import io.batchform.spec.Lifecycle;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.SourceMap;
import io.batchform.spec.Spec;
import io.batchform.spec.StorageAccountSpec;
import io.batchform.spec.VirtualNetworkSpec.SubnetSpec;
import io.batchform.spec.VirtualNetworkSpec;
import io.batchform.spec.rules.AzureRegions;
import io.batchform.spec.rules.ServiceRules;
import io.batchform.spec.yaml.YNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The semantic checks of a loaded spec, all run before anything talks to a cloud: Azure naming rules, references
 * between resources, CIDRs and subnet layout, durations, VM sizes, scale settings, every autoscale formula (compiled
 * by the formula checker, its diagnostics placed at the YAML's own line and column), secrets written in clear, and
 * warnings for what Azure has retired, naming the replacement.
 */
public final class Validator {
    static final Duration MIN_INTERVAL = Duration.ofMinutes(5);
    static final Duration MAX_INTERVAL = Duration.ofHours(168);

    private static final Pattern STORAGE_OR_BATCH = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern POOL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    private static final Pattern RESOURCE_GROUP = Pattern.compile("[-\\w._()]{0,89}[-\\w_()]", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern APPLICATION = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    static final String CERTIFICATES_RETIRED = ServiceRules.CERTIFICATES.message();
    static final String LOW_PRIORITY_RETIRED = ServiceRules.LOW_PRIORITY.message();

    private final Spec spec;
    private final SourceMap sources;
    private final List<Diagnostic> diagnostics;
    private final VmSizeCatalog catalog = VmSizeCatalog.shipped();
    private final PoolChecks pools;

    private Validator(Spec spec, SourceMap sources, List<Diagnostic> diagnostics) {
        this.spec = spec;
        this.sources = sources;
        this.diagnostics = diagnostics;
        this.pools = new PoolChecks(sources, diagnostics);
    }

    /** Adds a diagnostic for every problem in the spec. */
    public static void validate(Spec spec, SourceMap sources, List<Diagnostic> diagnostics) {
        new Validator(spec, sources, diagnostics).run();
    }

    private void run() {
        resourceGroup();
        spec.storageAccounts().values().forEach(this::storageAccount);
        spec.virtualNetworks().values().forEach(this::virtualNetwork);
        spec.batchAccounts().values().forEach(this::batchAccount);
        spec.pools().values().forEach(this::pool);
        spec.certificates().values().forEach(this::certificate);
        spec.applications().values().forEach(this::application);
        dependsOn();
        IdentityCheck.check(spec, sources, diagnostics);
        JobScheduleChecks.check(spec, sources, diagnostics);
        sources.section("moved").filter(YNode.YSeq.class::isInstance)
                .ifPresent(moved -> IdentityCheck.moved((YNode.YSeq) moved, spec, diagnostics));
        sources.section("failover").filter(YNode.YMap.class::isInstance)
                .ifPresent(failover -> FailoverCheck.check((YNode.YMap) failover, spec, diagnostics));
    }

    // --- resources ---

    private void resourceGroup() {
        Address address = Address.of(ResourceType.RESOURCE_GROUP, "main");
        String name = spec.resourceGroup().name();
        if (name != null && !RESOURCE_GROUP.matcher(name).matches()) {
            error(sources.position(address, "name"), "resource group name '" + name + "' must be 1-90 letters, digits, "
                    + "underscores, hyphens, periods and parentheses, not ending with a period");
        }
        location(address, spec.resourceGroup().location());
    }

    /** A location must be an Azure region ({@link AzureRegions}). */
    private void location(Address address, String location) {
        AzureRegions.problem(location).ifPresent(problem -> error(sources.position(address, "location"), problem));
    }

    private void storageAccount(StorageAccountSpec account) {
        Address address = Address.of(ResourceType.STORAGE_ACCOUNT, account.key());
        name(address, account.name(), account.key(), STORAGE_OR_BATCH, "storage account name", "3-24 lowercase letters and digits");
        location(address, account.location());
    }

    private void virtualNetwork(VirtualNetworkSpec network) {
        Address address = Address.of(ResourceType.VIRTUAL_NETWORK, network.key());
        String name = network.name() != null ? network.name() : network.key();
        if (name.length() < 2 || name.length() > 64 || !NETWORK.matcher(name).matches()) {
            error(namePosition(address, network.name()), "virtual network name '" + name + "' must be 2-64 letters, "
                    + "digits, underscores, periods and hyphens, starting with a letter or digit and ending with a "
                    + "letter, digit or underscore");
        }
        location(address, network.location());
        List<Cidr> space = new ArrayList<>();
        for (int i = 0; i < network.addressSpace().size(); i++) {
            String path = "addressSpace[" + i + "]";
            cidr(address, path, network.addressSpace().get(i)).ifPresent(c -> {
                for (Cidr other : space) {
                    if (other.overlaps(c)) {
                        error(sources.position(address, path), "address space " + c + " overlaps " + other
                                + " of the same virtual network");
                    }
                }
                space.add(c);
            });
        }
        List<SubnetPrefix> placed = new ArrayList<>();
        for (SubnetSpec subnet : network.subnets().values()) {
            Address subnetAddress = Address.of(ResourceType.SUBNET, network.key(), subnet.key());
            String subnetName = subnet.name() != null ? subnet.name() : subnet.key();
            if (subnetName.isEmpty() || subnetName.length() > 80 || !NETWORK.matcher(subnetName).matches()) {
                error(namePosition(subnetAddress, subnet.name()), "subnet name '" + subnetName + "' must be 1-80 "
                        + "letters, digits, underscores, periods and hyphens, starting with a letter or digit and "
                        + "ending with a letter, digit or underscore");
            }
            if (subnet.addressPrefix() == null) {
                continue;
            }
            Optional<Cidr> prefix = cidr(subnetAddress, "addressPrefix", subnet.addressPrefix());
            if (prefix.isEmpty()) {
                continue;
            }
            SourceSpan at = sources.position(subnetAddress, "addressPrefix");
            if (!space.isEmpty() && space.stream().noneMatch(s -> s.contains(prefix.get()))) {
                error(at, "subnet '" + subnet.key() + "' (" + prefix.get() + ") is outside the address space of "
                        + "virtual network '" + network.key() + "' (" + String.join(", ",
                        space.stream().map(Cidr::toString).toList()) + ")");
            }
            for (SubnetPrefix other : placed) {
                if (other.cidr().overlaps(prefix.get())) {
                    error(at, "subnet '" + subnet.key() + "' (" + prefix.get() + ") overlaps subnet '" + other.key()
                            + "' (" + other.cidr() + ")");
                }
            }
            placed.add(new SubnetPrefix(subnet.key(), prefix.get()));
        }
    }

    private record SubnetPrefix(String key, Cidr cidr) {
    }

    private Optional<Cidr> cidr(Address address, String path, String text) {
        Cidr.Parsed parsed = Cidr.parse(text);
        if (parsed instanceof Cidr.Ok ok) {
            return Optional.of(ok.cidr());
        }
        error(sources.position(address, path), ((Cidr.Bad) parsed).reason());
        return Optional.empty();
    }

    private void batchAccount(BatchAccountSpec account) {
        Address address = Address.of(ResourceType.BATCH_ACCOUNT, account.key());
        name(address, account.name(), account.key(), STORAGE_OR_BATCH, "batch account name", "3-24 lowercase letters and digits");
        location(address, account.location());
        if (account.autoStorage() != null && account.autoStorage().storageAccount() != null) {
            reference(address, "autoStorage.storageAccount", account.autoStorage().storageAccount(),
                    spec.storageAccounts().keySet(), "storage account");
        }
        if (account.autoStorage() != null && account.autoStorage().nodeIdentityReference() != null) {
            reference(address, "autoStorage.nodeIdentityReference.resourceId",
                    account.autoStorage().nodeIdentityReference(), spec.userAssignedIdentities().keySet(),
                    "user-assigned identity");
        }
        if (account.quotas() != null) {
            java.util.Set<String> families = catalog.families();
            account.quotas().vmFamilyCores().keySet().forEach(family -> {
                if (families.stream().noneMatch(f -> f.equalsIgnoreCase(family))) {
                    warning(sources.keyPosition(address, "quotas.vmFamilyCores." + family), "'" + family
                            + "' is not a VM family of the catalog" + Suggestions.suffix(family, families));
                }
            });
        }
        if ("UserSubscription".equals(account.poolAllocationMode()) && account.keyVaultReference() == null) {
            error(sources.position(address, "poolAllocationMode"), "an account with poolAllocationMode: UserSubscription "
                    + "needs a keyVaultReference");
        }
        if ("BatchAccountManagedIdentity".equals(account.autoStorage() == null ? null
                : account.autoStorage().authenticationMode())
                && (account.identity() == null || "None".equals(account.identity().type()))) {
            error(sources.position(address, "autoStorage.authenticationMode"), "authenticationMode "
                    + "BatchAccountManagedIdentity needs an identity on the account");
        }
    }

    private void pool(PoolSpec pool) {
        Address address = Address.of(ResourceType.POOL, pool.key());
        name(address, pool.name(), pool.key(), POOL_ID, "pool id", "1-64 letters, digits, hyphens and underscores");
        BatchAccountSpec account = null;
        if (pool.account() != null) {
            reference(address, "account", pool.account(), spec.batchAccounts().keySet(), "batch account");
            account = spec.batchAccounts().get(pool.account());
        }
        Optional<VmSize> size = Optional.empty();
        if (pool.vmSize() != null) {
            size = catalog.find(pool.vmSize());
            if (size.isEmpty()) {
                error(sources.position(address, "vmSize"), "unknown VM size '" + pool.vmSize() + "'"
                        + Suggestions.suffix(pool.vmSize(), catalog.names()));
            }
        }
        pools.image(address, pool);
        pools.scale(address, pool, account, size);
        if (pool.taskSlotsPerNode() != null && pool.taskSlotsPerNode() <= 256 && size.isPresent()) {
            long most = Math.min(4L * size.get().vcpus(), 256);
            if (pool.taskSlotsPerNode() > most) {
                error(sources.position(address, "taskSlotsPerNode"), "taskSlotsPerNode " + pool.taskSlotsPerNode()
                        + " is more than " + most + ", the most a " + size.get().name() + " (" + size.get().vcpus()
                        + " vCPUs) allows (4 per vCPU, at most 256)");
            }
        }
        if (pool.subnet() != null && !external(pool.subnet())) {
            Set<String> subnets = new TreeSet<>();
            spec.virtualNetworks().values().forEach(n -> n.subnets().keySet().forEach(s -> subnets.add(n.key() + "." + s)));
            if (!pool.subnet().contains(".")) {
                error(sources.position(address, "subnet"), "subnet '" + pool.subnet() + "' must be written "
                        + "VNET.SUBNET (a virtual network key, a dot, a subnet key), or an ARM id"
                        + Suggestions.suffix(pool.subnet(), subnets));
            } else {
                reference(address, "subnet", pool.subnet(), subnets, "subnet");
            }
        }
        if (pool.publicIPAddressConfiguration() != null && !pool.publicIPAddressConfiguration().ipAddressIds().isEmpty()
                && !"UserManaged".equals(pool.publicIPAddressConfiguration().provision())) {
            error(sources.position(address, "publicIPAddressConfiguration.ipAddressIds"), "ipAddressIds need "
                    + "provision: UserManaged");
        }
        pools.startTask(address, pool);
        applicationPackages(address, pool);
        for (int i = 0; i < pool.certificates().size(); i++) {
            String certificate = pool.certificates().get(i).certificate();
            if (certificate != null) {
                String path = "certificates[" + i + "].certificate";
                reference(address, path, certificate, spec.certificates().keySet(), "certificate");
                sameAccount(address, path, pool, Optional.ofNullable(spec.certificates().get(certificate))
                        .map(CertificateSpec::account).orElse(null), "certificate '" + certificate + "'");
            }
        }
        if (!pool.certificates().isEmpty()) {
            error(sources.keyPosition(address, "certificates"), "pool certificate references: " + CERTIFICATES_RETIRED);
        }
        pools.mounts(address, pool);
        pools.secrets(address, pool);
        new PoolSettingsChecks(sources, diagnostics, spec).check(address, pool, account);
        serviceRules(address, pool);
    }

    /** The rule table's node-agent end-of-life dates and image/agent pairs ({@link ServiceRules}). */
    private void serviceRules(Address address, PoolSpec pool) {
        LocalDate today = ServiceRules.today();
        ServiceRules.agent(pool.nodeAgentSkuId(), today).ifPresent(finding -> {
            if (finding instanceof ServiceRules.PastEndOfLife) {
                error(sources.position(address, "nodeAgentSkuId"), finding.message());
            } else {
                warning(sources.position(address, "nodeAgentSkuId"), finding.message());
            }
        });
        PoolSpec.Image image = pool.image();
        if (image != null && pool.nodeAgentSkuId() != null) {
            ServiceRules.imageFamily(image.publisher(), image.offer(), image.sku())
                    .filter(family -> !family.agent().equalsIgnoreCase(pool.nodeAgentSkuId().strip()))
                    .ifPresent(family -> error(sources.position(address, "nodeAgentSkuId"), "image " + image.publisher()
                            + "/" + image.offer() + "/" + image.sku() + " runs on node agent '" + family.agent()
                            + "', not '" + pool.nodeAgentSkuId() + "': the service refuses the pool (source: "
                            + family.source() + ")"));
        }
    }

    private void applicationPackages(Address address, PoolSpec pool) {
        if (pool.applicationPackages().size() > 10) {
            error(sources.keyPosition(address, "applicationPackages"), "a pool can reference at most 10 application "
                    + "packages; this one references " + pool.applicationPackages().size());
        }
        for (int i = 0; i < pool.applicationPackages().size(); i++) {
            PoolSpec.ApplicationPackageReference ref = pool.applicationPackages().get(i);
            String path = "applicationPackages[" + i + "]";
            if (ref.application() == null || external(ref.application())) {
                continue;
            }
            if (!reference(address, path + ".application", ref.application(), spec.applications().keySet(),
                    "application")) {
                continue;
            }
            ApplicationSpec application = spec.applications().get(ref.application());
            sameAccount(address, path + ".application", pool, application.account(),
                    "application '" + ref.application() + "'");
            if (ref.version() != null && !application.packages().containsKey(ref.version())) {
                error(sources.position(address, path + ".version"), "application '" + ref.application()
                        + "' has no package version '" + ref.version() + "'" + versions(application));
            } else if (ref.version() == null && application.defaultVersion() == null) {
                error(sources.keyPosition(address, path + ".application"), "application '" + ref.application()
                        + "' has no defaultVersion: give a version here" + versions(application));
            }
        }
    }

    private static String versions(ApplicationSpec application) {
        return application.packages().isEmpty() ? " (it declares no packages)"
                : " (versions: " + String.join(", ", application.packages().keySet()) + ")";
    }

    private void sameAccount(Address address, String path, PoolSpec pool, String otherAccount, String what) {
        if (otherAccount != null && pool.account() != null && !otherAccount.equals(pool.account())
                && spec.batchAccounts().containsKey(otherAccount)) {
            error(sources.position(address, path), what + " belongs to batch account '" + otherAccount
                    + "', not to this pool's account '" + pool.account() + "'");
        }
    }

    private void certificate(CertificateSpec certificate) {
        Address address = Address.of(ResourceType.CERTIFICATE, certificate.key());
        error(sources.keyPosition(address, ""), "certificate '" + certificate.key() + "': " + CERTIFICATES_RETIRED);
        if (certificate.account() != null) {
            reference(address, "account", certificate.account(), spec.batchAccounts().keySet(), "batch account");
        }
        if (certificate.file() != null) {
            if (!Files.isRegularFile(certificate.file())) {
                error(sources.position(address, "file"), "certificate file '" + certificate.file() + "' does not exist");
            } else if (CertificateFile.read(certificate.file(), certificate.format(), certificate.password())
                    instanceof CertificateFile.Failed failed) {
                error(sources.position(address, "file"), failed.reason());
            }
        }
        if ("Cer".equals(certificate.format()) && certificate.password() != null) {
            error(sources.position(address, "password"), "a Cer certificate has no password; only Pfx files do");
        }
        pools.clearSecret(address, "password");
    }

    private void application(ApplicationSpec application) {
        Address address = Address.of(ResourceType.APPLICATION, application.key());
        String name = application.name() != null ? application.name() : application.key();
        if (!APPLICATION.matcher(name).matches()) {
            error(namePosition(address, application.name()), "application name '" + name + "' must be 1-64 letters, "
                    + "digits, hyphens and underscores");
        }
        if (application.account() != null) {
            reference(address, "account", application.account(), spec.batchAccounts().keySet(), "batch account");
            BatchAccountSpec account = spec.batchAccounts().get(application.account());
            if (account != null && account.autoStorage() == null && !application.packages().isEmpty()) {
                error(sources.keyPosition(address, "packages"), "application packages need autoStorage on batch "
                        + "account '" + application.account() + "'");
            }
        }
        if (application.defaultVersion() != null && !application.packages().containsKey(application.defaultVersion())) {
            error(sources.position(address, "defaultVersion"), "defaultVersion '" + application.defaultVersion()
                    + "' is not one of the application's packages" + versions(application));
        }
        for (ApplicationSpec.PackageSpec pkg : application.packages().values()) {
            Address pkgAddress = Address.of(ResourceType.APPLICATION_PACKAGE, application.key(), pkg.version());
            if (!VERSION.matcher(pkg.version()).matches()) {
                error(sources.keyPosition(pkgAddress, ""), "package version '" + pkg.version() + "' must be 1-64 "
                        + "letters, digits, hyphens, underscores and periods");
            }
            if (pkg.file() != null && !Files.isRegularFile(pkg.file())) {
                error(sources.position(pkgAddress, "file"), "package file '" + pkg.file() + "' does not exist");
            }
        }
    }

    private void dependsOn() {
        Set<Address> declared = declaredAddresses();
        spec.storageAccounts().values().forEach(r -> dependsOn(Address.of(ResourceType.STORAGE_ACCOUNT, r.key()), r.lifecycle(), declared));
        spec.virtualNetworks().values().forEach(r -> {
            dependsOn(Address.of(ResourceType.VIRTUAL_NETWORK, r.key()), r.lifecycle(), declared);
            r.subnets().values().forEach(s -> dependsOn(Address.of(ResourceType.SUBNET, r.key(), s.key()), s.lifecycle(), declared));
        });
        spec.batchAccounts().values().forEach(r -> dependsOn(Address.of(ResourceType.BATCH_ACCOUNT, r.key()), r.lifecycle(), declared));
        spec.pools().values().forEach(r -> dependsOn(Address.of(ResourceType.POOL, r.key()), r.lifecycle(), declared));
        spec.certificates().values().forEach(r -> dependsOn(Address.of(ResourceType.CERTIFICATE, r.key()), r.lifecycle(), declared));
        spec.applications().values().forEach(r -> {
            dependsOn(Address.of(ResourceType.APPLICATION, r.key()), r.lifecycle(), declared);
            r.packages().values().forEach(p -> dependsOn(Address.of(ResourceType.APPLICATION_PACKAGE, r.key(), p.version()),
                    p.lifecycle(), declared));
        });
    }

    private void dependsOn(Address address, Lifecycle lifecycle, Set<Address> declared) {
        if (lifecycle.dependsOn().isEmpty()) {
            return;
        }
        List<String> names = declared.stream().map(Address::toString).toList();
        for (int i = 0; i < lifecycle.dependsOn().size(); i++) {
            String text = lifecycle.dependsOn().get(i);
            SourceSpan at = sources.position(address, "dependsOn[" + i + "]");
            try {
                Address target = Address.parse(text);
                if (!declared.contains(target)) {
                    error(at, "dependsOn: " + text + " is not declared in this spec" + Suggestions.suffix(text, names));
                } else if (target.equals(address)) {
                    error(at, "dependsOn: a resource cannot depend on itself");
                }
            } catch (IllegalArgumentException e) {
                error(at, "dependsOn: " + e.getMessage() + Suggestions.suffix(text, names));
            }
        }
    }

    /** Every address the spec declares. */
    public static Set<Address> declaredAddresses(Spec spec) {
        Set<Address> out = new TreeSet<>();
        out.add(Address.of(ResourceType.RESOURCE_GROUP, "main"));
        spec.storageAccounts().keySet().forEach(k -> out.add(Address.of(ResourceType.STORAGE_ACCOUNT, k)));
        spec.virtualNetworks().values().forEach(n -> {
            out.add(Address.of(ResourceType.VIRTUAL_NETWORK, n.key()));
            n.subnets().keySet().forEach(s -> out.add(Address.of(ResourceType.SUBNET, n.key(), s)));
        });
        spec.batchAccounts().keySet().forEach(k -> out.add(Address.of(ResourceType.BATCH_ACCOUNT, k)));
        spec.pools().keySet().forEach(k -> out.add(Address.of(ResourceType.POOL, k)));
        spec.certificates().keySet().forEach(k -> out.add(Address.of(ResourceType.CERTIFICATE, k)));
        spec.applications().values().forEach(a -> {
            out.add(Address.of(ResourceType.APPLICATION, a.key()));
            a.packages().keySet().forEach(v -> out.add(Address.of(ResourceType.APPLICATION_PACKAGE, a.key(), v)));
        });
        return out;
    }

    private Set<Address> declaredAddresses() {
        return declaredAddresses(spec);
    }

    // --- helpers ---

    private void name(Address address, String name, String key, Pattern rule, String what, String explanation) {
        String effective = name != null ? name : key;
        if (!rule.matcher(effective).matches()) {
            error(namePosition(address, name), what + " '" + effective + "' must be " + explanation
                    + (name == null ? " (the name defaults to the key; set name: to choose another)" : ""));
        }
    }

    private SourceSpan namePosition(Address address, String name) {
        return name != null ? sources.position(address, "name") : sources.keyPosition(address, "");
    }

    /** Reports a reference to an undeclared resource; true when the reference resolves (or is an ARM id). */
    private boolean reference(Address address, String path, String value, Set<String> declared, String what) {
        if (external(value) || declared.contains(value)) {
            return true;
        }
        error(sources.position(address, path), what + " '" + value + "' is not declared in this spec"
                + Suggestions.suffix(value, declared));
        return false;
    }

    static boolean external(String reference) {
        return reference.regionMatches(true, 0, "/subscriptions/", 0, "/subscriptions/".length());
    }

    private void error(SourceSpan position, String message) {
        diagnostics.add(Diagnostic.error(position, message));
    }

    private void warning(SourceSpan position, String message) {
        diagnostics.add(Diagnostic.warning(position, message));
    }
}
