package io.batchform.spec.validate;

import io.batchform.address.Address;
import io.batchform.source.Diagnostic;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import io.batchform.spec.BatchAccountSpec;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.SourceMap;
import io.batchform.spec.Spec;
import io.batchform.spec.rules.ServiceRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The service's rules on the pool properties of the current API ({@link PoolSpec#SETTINGS}), each reported at the
 * YAML position of the value at fault: node communication (Classic retired; no public IP addresses need
 * Simplified), public IP families and tags, identity references (each one of the pool's identities, compared in one
 * form whether written as a key or an ARM id: {@link IdentityForms}), which OS takes which disk encryption and
 * Windows settings, confidential VM disk settings, distinct data disk LUNs and extension names, UEFI settings only
 * with a security type, the metadata security protocol's modes, and a start task in a container only on a pool with
 * containers.
 */
final class PoolSettingsChecks {
    private final SourceMap sources;
    private final List<Diagnostic> diagnostics;
    private final Set<String> identityKeys;
    private final IdentityForms forms;

    PoolSettingsChecks(SourceMap sources, List<Diagnostic> diagnostics, Spec spec) {
        this.sources = sources;
        this.diagnostics = diagnostics;
        this.identityKeys = spec.userAssignedIdentities().keySet();
        this.forms = new IdentityForms(spec);
    }

    /** {@code account}: the pool's account when the spec declares it, else null. */
    void check(Address address, PoolSpec pool, BatchAccountSpec account) {
        communication(address, pool);
        publicIps(address, pool);
        identities(address, pool, account);
        operatingSystem(address, pool);
        confidentialDisks(address, pool, account);
        distinct(address, pool, "dataDisks", "lun", "data disk LUN");
        distinct(address, pool, "extensions", "name", "extension name");
        Map<String, Object> security = map(pool.settings().get("securityProfile"));
        if (security.containsKey("uefiSettings") && !security.containsKey("securityType")) {
            error(sources.keyPosition(address, "securityProfile.uefiSettings"), "uefiSettings need a securityType "
                    + "(trustedLaunch for Trusted Launch): the service ignores them otherwise");
        }
        for (String endpoint : List.of("imds", "wireServer")) {
            Map<String, Object> settings = map(map(security.get("proxyAgentSettings")).get(endpoint));
            if ("Enforce".equals(settings.get("mode")) && settings.containsKey("inVMAccessControlProfileReferenceId")) {
                error(sources.position(address, "securityProfile.proxyAgentSettings." + endpoint + ".mode"), "mode "
                        + "Enforce cannot be used with inVMAccessControlProfileReferenceId (the profile decides): "
                        + "leave one out");
            }
        }
        if (pool.startTask() != null && pool.startTask().containerSettings() != null
                && pool.containerConfiguration() == null) {
            error(sources.keyPosition(address, "startTask.containerSettings"), "a start task runs in a container "
                    + "only on a pool with containers: add a containerConfiguration");
        }
    }

    /** IP families are IPv4 (single stack) or IPv4 and IPv6 (dual stack); IP tags go on the IPs Batch makes. */
    private void publicIps(Address address, PoolSpec pool) {
        PoolSpec.PublicIpAddressConfiguration ip = pool.publicIPAddressConfiguration();
        if (ip == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ip.ipFamilies().size(); i++) {
            if (!seen.add(ip.ipFamilies().get(i))) {
                error(sources.position(address, "publicIPAddressConfiguration.ipFamilies[" + i + "]"), "IP family "
                        + ip.ipFamilies().get(i) + " is listed twice");
            }
        }
        if (!ip.ipFamilies().isEmpty() && !seen.contains("IPv4")) {
            error(sources.position(address, "publicIPAddressConfiguration.ipFamilies"), "ipFamilies must include "
                    + "IPv4: [IPv4] for a single-stack pool, [IPv4, IPv6] for a dual-stack one");
        }
        if (!ip.ipTags().isEmpty() && ip.provision() != null && !"BatchManaged".equals(ip.provision())) {
            error(sources.keyPosition(address, "publicIPAddressConfiguration.ipTags"), "ipTags apply to the public "
                    + "IPs Batch makes (provision: BatchManaged), not to " + ip.provision());
        }
    }

    /**
     * Managed disk security profiles are for confidential VMs (and their OS disk needs one), DiskWithVMGuestState is
     * for the OS disk only, and disk encryption sets are for UserSubscription accounts.
     */
    private void confidentialDisks(Address address, PoolSpec pool, BatchAccountSpec account) {
        boolean confidential = "confidentialVM".equals(map(pool.settings().get("securityProfile")).get("securityType"));
        Map<String, Map<String, Object>> disks = new java.util.LinkedHashMap<>(); // path -> managedDisk
        disks.put("osDisk.managedDisk", map(map(pool.settings().get("osDisk")).get("managedDisk")));
        if (pool.settings().get("dataDisks") instanceof List<?> data) {
            for (int i = 0; i < data.size(); i++) {
                disks.put("dataDisks[" + i + "].managedDisk", map(map(data.get(i)).get("managedDisk")));
            }
        }
        disks.forEach((path, disk) -> {
            Map<String, Object> security = map(disk.get("securityProfile"));
            if (!security.isEmpty() && !confidential) {
                error(sources.keyPosition(address, path + ".securityProfile"), "a managed disk's securityProfile is "
                        + "for confidential VMs: set securityProfile.securityType: confidentialVM, or leave it out");
            }
            if (path.startsWith("dataDisks") && "DiskWithVMGuestState".equals(security.get("securityEncryptionType"))) {
                error(sources.position(address, path + ".securityProfile.securityEncryptionType"), "a data disk cannot "
                        + "use DiskWithVMGuestState (OS disk only): use VMGuestStateOnly or NonPersistedTPM");
            }
            for (String set : List.of(path + ".diskEncryptionSet", path + ".securityProfile.diskEncryptionSet")) {
                boolean present = set.endsWith(".securityProfile.diskEncryptionSet")
                        ? security.containsKey("diskEncryptionSet") : disk.containsKey("diskEncryptionSet");
                if (present && account != null && account.batchServiceMode()) {
                    error(sources.keyPosition(address, set), "a disk encryption set can be used only by a pool of "
                            + "a UserSubscription account; batchAccount." + account.key() + " is BatchService");
                }
            }
        });
        if (confidential && !map(disks.get("osDisk.managedDisk").get("securityProfile"))
                .containsKey("securityEncryptionType")) {
            error(sources.position(address, "securityProfile.securityType"), "a confidential VM needs "
                    + "osDisk.managedDisk.securityProfile.securityEncryptionType (DiskWithVMGuestState, "
                    + "VMGuestStateOnly or NonPersistedTPM)");
        }
    }

    private void communication(Address address, PoolSpec pool) {
        Object mode = pool.settings().get("targetNodeCommunicationMode");
        if ("Classic".equals(mode)) {
            error(sources.keyPosition(address, "targetNodeCommunicationMode"),
                    ServiceRules.CLASSIC_COMMUNICATION.message());
        }
        boolean noPublicIp = pool.publicIPAddressConfiguration() != null
                && "NoPublicIPAddresses".equals(pool.publicIPAddressConfiguration().provision());
        if (noPublicIp && !"Simplified".equals(mode)) {
            error(sources.position(address, "publicIPAddressConfiguration.provision"), "a pool without public IP "
                    + "addresses needs targetNodeCommunicationMode: Simplified (its nodes reach the Batch service "
                    + "outbound on 443 only; https://learn.microsoft.com/azure/batch/simplified-node-communication-pool-no-public-ip)");
        }
        if (noPublicIp && pool.settings().containsKey("endpointConfiguration")) {
            error(sources.keyPosition(address, "endpointConfiguration"), "endpointConfiguration (inbound NAT pools) "
                    + "cannot be used by a pool without public IP addresses");
        }
    }

    /**
     * Every identityReference names one of the pool's user-assigned identities, and a pool that reads its account's
     * auto-storage has the account's node identity; each compared in one form (a key and the ARM id it resolves to
     * are the same identity).
     */
    private void identities(Address address, PoolSpec pool, BatchAccountSpec account) {
        Map<String, Object> identity = map(pool.settings().get("identity"));
        Set<String> known = new HashSet<>();
        if (identity.get("userAssignedIdentities") instanceof List<?> ids) {
            for (int i = 0; i < ids.size(); i++) {
                String id = String.valueOf(ids.get(i));
                known.add(forms.canonical(id));
                if (!id.startsWith("/") && !identityKeys.contains(id)) {
                    error(sources.position(address, "identity.userAssignedIdentities[" + i + "]"), "user-assigned "
                            + "identity '" + id + "' is not declared in userAssignedIdentities (write a key of it, or "
                            + "an ARM id)" + Suggestions.suffix(id, identityKeys));
                }
            }
        }
        if ("None".equals(identity.get("type")) && !known.isEmpty()) {
            error(sources.position(address, "identity.type"), "identity type None cannot list userAssignedIdentities");
        } else if ("UserAssigned".equals(identity.get("type")) && known.isEmpty()) {
            error(sources.position(address, "identity.type"), "identity type UserAssigned needs "
                    + "userAssignedIdentities");
        }
        List<String[]> references = new ArrayList<>(); // path, resource id
        if (pool.containerConfiguration() != null) {
            for (int i = 0; i < pool.containerConfiguration().containerRegistries().size(); i++) {
                references.add(new String[] {"containerConfiguration.containerRegistries[" + i + "]",
                        pool.containerConfiguration().containerRegistries().get(i).identityReference()});
            }
        }
        if (pool.startTask() != null) {
            for (int i = 0; i < pool.startTask().resourceFiles().size(); i++) {
                references.add(new String[] {"startTask.resourceFiles[" + i + "]",
                        pool.startTask().resourceFiles().get(i).identityReference()});
            }
            Object registry = map(pool.startTask().containerSettings()).get("registry");
            references.add(new String[] {"startTask.containerSettings.registry",
                    (String) map(map(registry).get("identityReference")).get("resourceId")});
        }
        for (int i = 0; i < pool.mountConfiguration().size(); i++) {
            if (pool.mountConfiguration().get(i) instanceof PoolSpec.AzureBlobFileSystem blob) {
                references.add(new String[] {"mountConfiguration[" + i + "].azureBlobFileSystem",
                        blob.identityResourceId()});
            }
        }
        Object key = map(map(pool.settings().get("diskEncryption")).get("customerManagedKey")).get("identityReference");
        references.add(new String[] {"diskEncryption.customerManagedKey", (String) map(key).get("resourceId")});
        for (String[] reference : references) {
            if (reference[1] != null && !known.contains(forms.canonical(reference[1]))) {
                error(sources.position(address, reference[0] + ".identityReference.resourceId"), "identity '"
                        + reference[1] + "' is not one of the pool's identity.userAssignedIdentities: add it there, "
                        + "so that the nodes have it");
            }
        }
        String node = account == null || account.autoStorage() == null ? null
                : account.autoStorage().nodeIdentityReference();
        if (node != null && !known.contains(forms.canonical(node)) && pool.startTask() != null) {
            for (int i = 0; i < pool.startTask().resourceFiles().size(); i++) {
                if (pool.startTask().resourceFiles().get(i).autoStorageContainerName() != null) {
                    warning(sources.position(address, "startTask.resourceFiles[" + i + "].autoStorageContainerName"),
                            "the nodes read auto-storage with batchAccount." + account.key() + "'s "
                            + "autoStorage.nodeIdentityReference '" + node + "', which is not one of this pool's "
                            + "identity.userAssignedIdentities: add it there, or the download fails");
                    break;
                }
            }
        }
    }

    /** Disk encryption targets and Windows settings follow the node agent's operating system. */
    private void operatingSystem(Address address, PoolSpec pool) {
        if (pool.nodeAgentSkuId() == null) {
            return;
        }
        boolean windows = pool.nodeAgentSkuId().toLowerCase(Locale.ROOT).startsWith("batch.node.windows");
        for (String windowsOnly : List.of("windowsConfiguration", "licenseType")) {
            if (!windows && pool.settings().containsKey(windowsOnly)) {
                error(sources.keyPosition(address, windowsOnly), windowsOnly + " is for Windows images; node agent '"
                        + pool.nodeAgentSkuId() + "' is Linux");
            }
        }
        for (int i = 0; i < pool.userAccounts().size(); i++) {
            if (!windows && pool.userAccounts().get(i).windowsUserConfiguration() != null) {
                error(sources.keyPosition(address, "userAccounts[" + i + "].windowsUserConfiguration"),
                        "windowsUserConfiguration is for Windows images; node agent '" + pool.nodeAgentSkuId()
                        + "' is Linux (use linuxUserConfiguration)");
            }
        }
        if (map(pool.settings().get("diskEncryption")).get("targets") instanceof List<?> targets) {
            Set<Object> wanted = windows ? Set.of("OsDisk", "TemporaryDisk") : Set.of("TemporaryDisk");
            if (!new HashSet<>(targets).equals(wanted)) {
                error(sources.position(address, "diskEncryption.targets"), (windows
                        ? "on Windows, diskEncryption targets must be OsDisk and TemporaryDisk"
                        : "on Linux, the only diskEncryption target is TemporaryDisk") + " (the service refuses others)");
            }
        }
    }

    /** Items of a list setting whose {@code field} repeats an earlier one's. */
    private void distinct(Address address, PoolSpec pool, String list, String field, String what) {
        if (!(pool.settings().get(list) instanceof List<?> items)) {
            return;
        }
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Object value = map(items.get(i)).get(field);
            if (value != null && !seen.add(value)) {
                error(sources.position(address, list + "[" + i + "]." + field), "the " + what + " " + value
                        + " is used twice in the pool");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private void error(SourceSpan position, String message) {
        diagnostics.add(Diagnostic.error(position, message));
    }

    private void warning(SourceSpan position, String message) {
        diagnostics.add(Diagnostic.warning(position, message));
    }
}
