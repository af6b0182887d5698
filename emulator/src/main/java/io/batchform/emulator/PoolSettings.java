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
 * distinct, the classic communication mode retired, an image is exactly one kind, a start task runs in a container
 * only on a pool with containers, Windows user settings only on Windows, IP families and tags, confidential VM disk
 * settings, disk encryption sets only in UserSubscription accounts, the metadata security protocol's modes), and the
 * defaults the service fills in.
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
        references.add(properties.path("startTask").path("containerSettings").path("registry").path("identityReference"));
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
        image(properties.path("deploymentConfiguration").path("virtualMachineConfiguration"));
        newerRules(properties);
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

    /** The image: exactly one of a marketplace image, a gallery image id, a shared or a community gallery image. */
    private static void image(JsonNode vm) {
        JsonNode image = vm.path("imageReference");
        int kinds = (image.has("publisher") || image.has("offer") || image.has("sku") || image.has("version") ? 1 : 0)
                + (image.has("id") ? 1 : 0) + (image.has("sharedGalleryImageId") ? 1 : 0)
                + (image.has("communityGalleryImageId") ? 1 : 0);
        if (kinds != 1) {
            throw ArmError.badRequest("InvalidPropertyValue", "The imageReference must have exactly one of "
                    + "publisher/offer/sku, id, sharedGalleryImageId and communityGalleryImageId; these are mutually "
                    + "exclusive.", "properties.deploymentConfiguration.virtualMachineConfiguration.imageReference");
        }
        if (image.has("publisher") && (!image.has("offer") || !image.has("sku"))) {
            throw ArmError.badRequest("InvalidPropertyValue", "A marketplace imageReference needs publisher, offer "
                    + "and sku.", "properties.deploymentConfiguration.virtualMachineConfiguration.imageReference");
        }
    }

    /** Rules that hold whatever the pool's account: containers, OS, IPs, confidential disks, ProxyAgent. */
    private static void newerRules(ObjectNode properties) {
        JsonNode vm = properties.path("deploymentConfiguration").path("virtualMachineConfiguration");
        String vmPath = "properties.deploymentConfiguration.virtualMachineConfiguration";
        if (properties.path("startTask").has("containerSettings") && !vm.has("containerConfiguration")) {
            throw ArmError.badRequest("InvalidPropertyValue", "The start task's containerSettings need a pool with a "
                    + "containerConfiguration.", "properties.startTask.containerSettings");
        }
        boolean windows = vm.path("nodeAgentSkuId").asText("").toLowerCase(Locale.ROOT).startsWith("batch.node.windows");
        JsonNode users = properties.path("userAccounts");
        for (int i = 0; i < users.size(); i++) {
            if (!windows && users.get(i).has("windowsUserConfiguration")) {
                throw ArmError.badRequest("InvalidPropertyValue", "windowsUserConfiguration can only be specified "
                        + "for a user on a Windows pool.", "properties.userAccounts[" + i + "].windowsUserConfiguration");
            }
        }
        JsonNode ip = properties.path("networkConfiguration").path("publicIPAddressConfiguration");
        String ipPath = "properties.networkConfiguration.publicIPAddressConfiguration";
        if (ip.path("ipFamilies").isArray() && !ip.path("ipFamilies").isEmpty()) {
            Set<String> families = new HashSet<>();
            ip.path("ipFamilies").forEach(f -> families.add(f.asText()));
            if (families.size() != ip.path("ipFamilies").size() || !families.contains("IPv4")) {
                throw ArmError.badRequest("InvalidPropertyValue", "ipFamilies must be [IPv4] (single stack) or "
                        + "[IPv4, IPv6] (dual stack).", ipPath + ".ipFamilies");
            }
        }
        if (!ip.path("ipTags").isEmpty() && !ip.path("provision").asText("BatchManaged").equals("BatchManaged")) {
            throw ArmError.badRequest("InvalidPropertyValue", "ipTags apply only to public IPs Batch provisions "
                    + "(BatchManaged).", ipPath + ".ipTags");
        }
        boolean confidential = "confidentialVM".equals(vm.path("securityProfile").path("securityType").asText());
        List<JsonNode> disks = new ArrayList<>();
        disks.add(vm.path("osDisk").path("managedDisk"));
        vm.path("dataDisks").forEach(d -> disks.add(d.path("managedDisk")));
        for (int i = 0; i < disks.size(); i++) {
            JsonNode security = disks.get(i).path("securityProfile");
            if (!security.isMissingNode() && !confidential) {
                throw ArmError.badRequest("InvalidPropertyValue", "A managed disk's securityProfile can only be set "
                        + "for confidential VMs (securityProfile.securityType confidentialVM).", vmPath);
            }
            if (i > 0 && "DiskWithVMGuestState".equals(security.path("securityEncryptionType").asText())) {
                throw ArmError.badRequest("InvalidPropertyValue", "DiskWithVMGuestState is not supported in data "
                        + "disks.", vmPath + ".dataDisks[" + (i - 1) + "].managedDisk.securityProfile");
            }
        }
        if (confidential && !vm.path("osDisk").path("managedDisk").path("securityProfile").has("securityEncryptionType")) {
            throw ArmError.badRequest("InvalidPropertyValue", "A confidential VM needs "
                    + "osDisk.managedDisk.securityProfile.securityEncryptionType.", vmPath + ".osDisk");
        }
        for (String endpoint : List.of("imds", "wireServer")) {
            JsonNode settings = vm.path("securityProfile").path("proxyAgentSettings").path(endpoint);
            if ("Enforce".equals(settings.path("mode").asText()) && settings.has("inVMAccessControlProfileReferenceId")) {
                throw ArmError.badRequest("InvalidPropertyValue", "The Enforce mode cannot be used together with "
                        + "inVMAccessControlProfileReferenceId.", vmPath + ".securityProfile.proxyAgentSettings."
                        + endpoint);
            }
        }
    }

    /** Disk encryption sets can be set only in UserSubscription mode, as the service documents. */
    static void checkAccount(JsonNode account, ObjectNode properties) {
        if (account.path("properties").path("poolAllocationMode").asText("BatchService").equals("UserSubscription")) {
            return;
        }
        JsonNode vm = properties.path("deploymentConfiguration").path("virtualMachineConfiguration");
        List<JsonNode> disks = new ArrayList<>();
        disks.add(vm.path("osDisk").path("managedDisk"));
        vm.path("dataDisks").forEach(d -> disks.add(d.path("managedDisk")));
        for (JsonNode disk : disks) {
            if (disk.has("diskEncryptionSet") || disk.path("securityProfile").has("diskEncryptionSet")) {
                throw ArmError.badRequest("InvalidPropertyValue", "A diskEncryptionSet can be set only in "
                        + "UserSubscription mode.", "properties.deploymentConfiguration.virtualMachineConfiguration");
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
        if (properties.path("taskSchedulingPolicy") instanceof ObjectNode policy && !policy.has("jobDefaultOrder")) {
            policy.put("jobDefaultOrder", "None"); // "If not specified, the default is none."
        }
    }
}
