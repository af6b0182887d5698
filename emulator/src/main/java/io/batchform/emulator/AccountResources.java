package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Batch accounts: PUT answers 202 + Location, then 200 with the body (never 201); PATCH changes only what the service
 * lets change; DELETE is 202 + Location. An account carries its quotas (cores, per VM family, pools) in its
 * properties, and a subscription has at most the configured number of accounts per region.
 */
final class AccountResources {
    private static final Set<String> ACCOUNT_UPDATABLE = Set.of("autoStorage", "encryption",
            "allowedAuthenticationModes", "publicNetworkAccess", "networkProfile");

    private final ArmHandler arm;
    private final ResourceStore store;
    private final ArmEmulator.Settings settings;
    private final VmSizes vmSizes;

    AccountResources(ArmHandler arm, ResourceStore store, ArmEmulator.Settings settings, VmSizes vmSizes) {
        this.arm = arm;
        this.store = store;
        this.settings = settings;
        this.vmSizes = vmSizes;
    }

    Response account(Request request, String id, String name) {
        switch (request.method()) {
            case "GET" -> {
                return Response.ok(arm.present(store.get(id).orElseThrow(() -> ArmError.notFound(BatchResources.ACCOUNT,
                        name, request.segment(3)))));
            }
            case "PUT" -> {
                if (store.get(id).isPresent()) {
                    throw ArmError.conflict("AccountAlreadyExists", "The specified account already exists; update "
                            + "it with PATCH (Update Batch Account).");
                }
                return createAccount(request, id, name);
            }
            case "PATCH" -> {
                ObjectNode account = store.get(id).orElseThrow(() -> ArmError.notFound(BatchResources.ACCOUNT, name, request.segment(3)))
                        .deepCopy();
                ObjectNode patch = ArmHandler.body(request);
                for (Iterator<Map.Entry<String, JsonNode>> it = patch.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!ACCOUNT_UPDATABLE.contains(field.getKey())) {
                        throw ArmError.badRequest("PropertyCannotBeUpdated", "The property '" + field.getKey()
                                + "' cannot be updated on an existing Batch account.", "properties." + field.getKey());
                    }
                    if (field.getKey().equals("autoStorage")) {
                        ((ObjectNode) account.get("properties")).set("autoStorage", autoStorage(field.getValue(), request));
                    } else {
                        ((ObjectNode) account.get("properties")).set(field.getKey(), field.getValue());
                    }
                }
                if (patch.has("tags")) {
                    account.set("tags", patch.get("tags"));
                }
                if (patch.has("identity")) {
                    account.set("identity", patch.get("identity"));
                }
                store.put(account);
                return Response.ok(arm.present(account));
            }
            case "DELETE" -> {
                ObjectNode account = store.get(id).orElse(null);
                if (account == null) {
                    return Response.empty(204);
                }
                String location = account.get("location").asText();
                String path = "/subscriptions/" + request.segment(1) + "/providers/Microsoft.Batch/locations/"
                        + io.batchform.source.Region.canonical(location) + "/accountOperationResults/" + name + "-";
                return arm.operations().start(request, id, location, "Microsoft.Batch", Operations.Kind.DELETE,
                        Operations.Style.LOCATION, null, path);
            }
            default -> throw ArmHandler.methodNotAllowed(request);
        }
    }

    private Response createAccount(Request request, String id, String name) {
        if (!name.matches("[a-z0-9]{3,24}")) {
            throw ArmError.badRequest("AccountNameInvalid", "Batch account name '" + name + "' is invalid: it must be 3 "
                    + "to 24 characters, lower-case letters and digits only.", "name");
        }
        ObjectNode body = ArmHandler.body(request);
        String location = ArmHandler.text(body, "location", "location");
        String region = io.batchform.source.Region.canonical(location);
        long inRegion = store.ofType("/subscriptions/" + request.segment(1), BatchResources.ACCOUNT).stream()
                .filter(a -> io.batchform.source.Region.canonical(a.path("location").asText()).equals(region)).count();
        if (inRegion >= settings.accountsPerRegion()) {
            throw ArmError.conflict("SubscriptionQuotaExceeded", "The regional Batch account quota of "
                    + settings.accountsPerRegion() + " for subscription " + request.segment(1) + " in region "
                    + location + " has been reached.");
        }
        JsonNode requested = body.path("properties");
        String mode = requested.path("poolAllocationMode").asText("BatchService");
        if (!mode.equals("BatchService") && !mode.equals("UserSubscription")) {
            throw ArmError.badRequest("InvalidParameter", "poolAllocationMode must be BatchService or "
                    + "UserSubscription; got '" + mode + "'.", "properties.poolAllocationMode");
        }
        if (mode.equals("UserSubscription") && !requested.has("keyVaultReference")) {
            throw ArmError.badRequest("InvalidParameter", "A keyVaultReference is required when poolAllocationMode "
                    + "is UserSubscription.", "properties.keyVaultReference");
        }
        ObjectNode account = ArmHandler.JSON.createObjectNode();
        account.put("id", id);
        account.put("name", name);
        account.put("type", BatchResources.ACCOUNT);
        account.put("location", location);
        account.set("tags", body.has("tags") ? body.get("tags") : ArmHandler.JSON.createObjectNode());
        account.set("identity", body.has("identity") ? body.get("identity")
                : ArmHandler.JSON.createObjectNode().put("type", "None"));
        ObjectNode properties = account.putObject("properties");
        // Shown as this emulator's data plane (ArmHandler#present): 127.0.0.1:PORT/batchaccounts/<name>.<region>.
        properties.put("accountEndpoint", name + "." + region + ".batch.azure.com");
        properties.put("nodeManagementEndpoint", name + ".nodes." + region + ".batch.azure.com");
        properties.put("provisioningState", "Creating");
        properties.put("poolAllocationMode", mode);
        if (requested.has("keyVaultReference")) {
            properties.set("keyVaultReference", requested.get("keyVaultReference"));
        }
        if (requested.has("autoStorage")) {
            properties.set("autoStorage", autoStorage(requested.get("autoStorage"), request));
        }
        properties.put("publicNetworkAccess", requested.path("publicNetworkAccess").asText("Enabled"));
        properties.set("allowedAuthenticationModes", requested.has("allowedAuthenticationModes")
                ? requested.get("allowedAuthenticationModes")
                : ArmHandler.JSON.createArrayNode().add("SharedKey").add("AAD").add("TaskAuthenticationToken"));
        if (requested.has("encryption")) {
            properties.set("encryption", requested.get("encryption"));
        }
        if (requested.has("networkProfile")) {
            properties.set("networkProfile", requested.get("networkProfile"));
        }
        if (mode.equals("BatchService")) {
            properties.put("dedicatedCoreQuota", settings.dedicatedCoreQuota());
            properties.put("lowPriorityCoreQuota", settings.lowPriorityCoreQuota());
            ArrayNode families = properties.putArray("dedicatedCoreQuotaPerVMFamily");
            for (String family : vmSizes.commonFamilies()) {
                families.addObject().put("name", family).put("coreQuota", settings.vmFamilyCoreQuota());
            }
            properties.put("dedicatedCoreQuotaPerVMFamilyEnforced", true);
        }
        properties.put("poolQuota", settings.poolQuota());
        properties.put("activeJobAndJobScheduleQuota", 300);
        store.put(account);
        String path = "/subscriptions/" + request.segment(1) + "/providers/Microsoft.Batch/locations/" + region
                + "/accountOperationResults/" + name + "-";
        return arm.operations().start(request, id, location, "Microsoft.Batch", Operations.Kind.CREATE,
                Operations.Style.LOCATION, null, path);
    }

    private ObjectNode autoStorage(JsonNode requested, Request request) {
        String storageId = requested.path("storageAccountId").asText("");
        if (storageId.isEmpty() || store.get(storageId).isEmpty()) {
            throw ArmError.badRequest("InvalidParameter", "The auto-storage account '" + storageId + "' was not found.",
                    "properties.autoStorage.storageAccountId");
        }
        ObjectNode out = ArmHandler.JSON.createObjectNode();
        out.put("storageAccountId", storageId);
        out.put("authenticationMode", requested.path("authenticationMode").asText("StorageKeys"));
        if (requested.has("nodeIdentityReference")) {
            out.set("nodeIdentityReference", requested.get("nodeIdentityReference"));
        }
        out.put("lastKeySync", Instant.now(settings.clock()).toString());
        return out;
    }
}
