package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The pool properties Microsoft.Batch 2025-06-01 added over 2022-01-01, as the service treats them: the pool's
 * user-assigned identities (each answered with a clientId and principalId), identity references that must name one
 * of them, rules the REST API documents (inbound NAT pools need public IP addresses, data disk LUNs 0-63 and
 * distinct, the classic communication mode retired), and the defaults the service fills in.
 */
final class PoolSettings {
    private PoolSettings() {
    }

    /**
     * A pool's identity as the service keeps it: each user-assigned identity with the clientId and principalId of
     * the identity (made up, stable per id, as the emulator has no directory).
     */
    static JsonNode identity(JsonNode requested) {
        ObjectNode identity = ArmHandler.JSON.createObjectNode();
        String type = requested.path("type").asText("None");
        identity.put("type", type);
        if (!type.equals("None")) {
            ObjectNode ids = identity.putObject("userAssignedIdentities");
            requested.path("userAssignedIdentities").fieldNames().forEachRemaining(id -> ids.putObject(id)
                    .put("principalId", uuid("principal", id)).put("clientId", uuid("client", id)));
        }
        return identity;
    }

    /** A stable made-up GUID for an identity's {@code kind} of id. */
    static String uuid(String kind, String id) {
        return UUID.nameUUIDFromBytes((kind + ":" + id.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Every identityReference of the pool names one of its user-assigned identities, as the service requires. */
    static void checkIdentityReferences(JsonNode identity, ObjectNode properties) {
        Set<String> known = new HashSet<>();
        identity.path("userAssignedIdentities").fieldNames().forEachRemaining(id -> known.add(id.toLowerCase(Locale.ROOT)));
        JsonNode vm = properties.path("deploymentConfiguration").path("virtualMachineConfiguration");
        List<JsonNode> references = new ArrayList<>();
        vm.path("containerConfiguration").path("containerRegistries").forEach(r -> references.add(r.path("identityReference")));
        properties.path("startTask").path("resourceFiles").forEach(f -> references.add(f.path("identityReference")));
        properties.path("mountConfiguration").forEach(m -> references.add(m.path("azureBlobFileSystemConfiguration")
                .path("identityReference")));
        references.add(vm.path("diskEncryptionConfiguration").path("customerManagedKey").path("identityReference"));
        for (JsonNode reference : references) {
            String id = reference.path("resourceId").asText(null);
            if (id != null && !known.contains(id.toLowerCase(Locale.ROOT))) {
                throw ArmError.badRequest("InvalidPropertyValue", "The identity reference '" + id + "' is not one of "
                        + "the pool's user-assigned identities.", "identity");
            }
        }
    }

    /** The rules of the REST API on the newer properties. */
    static void validate(ObjectNode properties) {
        if ("Classic".equals(properties.path("targetNodeCommunicationMode").asText())) {
            throw ArmError.badRequest("InvalidPropertyValue", "The Classic node communication mode was retired on "
                    + "31 March 2026; use Simplified.", "properties.targetNodeCommunicationMode");
        }
        JsonNode network = properties.path("networkConfiguration");
        if (network.has("endpointConfiguration")
                && "NoPublicIPAddresses".equals(network.path("publicIPAddressConfiguration").path("provision").asText())) {
            throw ArmError.badRequest("InvalidPropertyValue", "endpointConfiguration cannot be specified when the "
                    + "IPAddressProvisioningType is NoPublicIPAddresses.", "properties.networkConfiguration");
        }
        JsonNode disks = properties.path("deploymentConfiguration").path("virtualMachineConfiguration").path("dataDisks");
        Set<Integer> luns = new HashSet<>();
        for (JsonNode disk : disks) {
            int lun = disk.path("lun").asInt(-1);
            if (lun < 0 || lun > 63 || !luns.add(lun)) {
                throw ArmError.badRequest("InvalidPropertyValue", "Each data disk needs a distinct lun between 0 and "
                        + "63; got " + disk.path("lun") + ".", "properties.deploymentConfiguration");
            }
        }
    }

    /** The defaults the service fills in and returns (so that a client reading them back sees no change). */
    static void applyDefaults(ObjectNode properties) {
        if (!properties.has("targetNodeCommunicationMode")) {
            properties.put("targetNodeCommunicationMode", "Default");
        }
        if (properties.path("networkConfiguration") instanceof ObjectNode network
                && !network.has("dynamicVnetAssignmentScope")) {
            network.put("dynamicVnetAssignmentScope", "none");
        }
        JsonNode vm = properties.path("deploymentConfiguration").path("virtualMachineConfiguration");
        for (JsonNode disk : vm.path("dataDisks")) {
            if (disk instanceof ObjectNode d) {
                if (!d.has("caching")) {
                    d.put("caching", "None");
                }
                if (!d.has("storageAccountType")) {
                    d.put("storageAccountType", "Standard_LRS");
                }
            }
        }
        if (vm.path("windowsConfiguration") instanceof ObjectNode windows && !windows.has("enableAutomaticUpdates")) {
            windows.put("enableAutomaticUpdates", true);
        }
    }
}
