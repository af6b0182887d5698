package io.batchform.spec.validate;

import io.batchform.address.Address;
import io.batchform.source.Diagnostic;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.SourceMap;
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
 * Simplified), identity references (each one of the pool's identities), which OS takes which disk encryption and
 * Windows settings, distinct data disk LUNs and extension names, and UEFI settings only with a security type.
 */
final class PoolSettingsChecks {
    private final SourceMap sources;
    private final List<Diagnostic> diagnostics;
    private final Set<String> identityKeys;

    /** {@code identityKeys}: the spec's user-assigned identities, which pools may name by key. */
    PoolSettingsChecks(SourceMap sources, List<Diagnostic> diagnostics, Set<String> identityKeys) {
        this.sources = sources;
        this.diagnostics = diagnostics;
        this.identityKeys = identityKeys;
    }

    void check(Address address, PoolSpec pool) {
        communication(address, pool);
        identities(address, pool);
        operatingSystem(address, pool);
        distinct(address, pool, "dataDisks", "lun", "data disk LUN");
        distinct(address, pool, "extensions", "name", "extension name");
        if (map(pool.settings().get("securityProfile")).containsKey("uefiSettings")
                && !map(pool.settings().get("securityProfile")).containsKey("securityType")) {
            error(sources.keyPosition(address, "securityProfile.uefiSettings"), "uefiSettings need a securityType "
                    + "(trustedLaunch for Trusted Launch): the service ignores them otherwise");
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

    /** Every identityReference names one of the pool's user-assigned identities. */
    private void identities(Address address, PoolSpec pool) {
        Map<String, Object> identity = map(pool.settings().get("identity"));
        Set<String> known = new HashSet<>();
        if (identity.get("userAssignedIdentities") instanceof List<?> ids) {
            for (int i = 0; i < ids.size(); i++) {
                String id = String.valueOf(ids.get(i));
                known.add(id.toLowerCase(Locale.ROOT));
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
            if (reference[1] != null && !known.contains(reference[1].toLowerCase(Locale.ROOT))) {
                error(sources.position(address, reference[0] + ".identityReference.resourceId"), "identity '"
                        + reference[1] + "' is not one of the pool's identity.userAssignedIdentities: add it there, "
                        + "so that the nodes have it");
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
}
