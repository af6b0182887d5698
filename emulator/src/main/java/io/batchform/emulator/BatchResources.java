package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.eval.AutoScaleRun;
import io.batchform.autoscale.eval.EvaluationContext;
import io.batchform.autoscale.eval.Evaluator;
import io.batchform.autoscale.eval.PoolState;
import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;
import io.batchform.source.Diagnostic;
import io.batchform.source.Region;
import io.batchform.source.Source;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@code Microsoft.Batch}: Batch accounts (PUT 202 + Location then 200 with the body, never 201; DELETE 202 +
 * Location; {@code listKeys}; quotas in the account's properties) and pools (PUT synchronous 200 with an ETag;
 * PATCH with the service's rules on what may change; DELETE 202 + Location). Pools move from Resizing to Steady
 * after the configured time, capped by the account's core quotas; autoscale pools are evaluated with batchform's own
 * formula evaluator and expose {@code autoScaleRun}.
 */
final class BatchResources {
    private static final String ACCOUNT = "Microsoft.Batch/batchAccounts";
    private static final String POOL = "Microsoft.Batch/batchAccounts/pools";
    private static final String APPLICATION = "Microsoft.Batch/batchAccounts/applications";
    private static final String VERSION = "Microsoft.Batch/batchAccounts/applications/versions";
    private static final String CERTIFICATE = "Microsoft.Batch/batchAccounts/certificates";
    /** Pool properties that can change on a pool with nodes (azure-batch-model.md, class A). */
    private static final Set<String> LIVE_UPDATABLE = Set.of("scaleSettings", "startTask", "applicationPackages",
            "certificates", "metadata", "targetNodeCommunicationMode");
    /** Pool properties that api-version 2024-07-01 lets change on an empty pool (class B). */
    private static final Set<String> EMPTY_POOL_UPDATABLE = Set.of("vmSize", "displayName", "deploymentConfiguration",
            "networkConfiguration", "interNodeCommunication", "taskSlotsPerNode", "taskSchedulingPolicy",
            "userAccounts", "mountConfiguration", "upgradePolicy", "resourceTags", "securityProfile");
    /** Properties the service sets; ignored in requests. */
    private static final Set<String> READ_ONLY = Set.of("provisioningState", "provisioningStateTransitionTime",
            "allocationState", "allocationStateTransitionTime", "currentDedicatedNodes", "currentLowPriorityNodes",
            "creationTime", "lastModified", "autoScaleRun", "resizeOperationStatus", "currentNodeCommunicationMode");
    private static final Set<String> ACCOUNT_UPDATABLE = Set.of("autoStorage", "encryption",
            "allowedAuthenticationModes", "publicNetworkAccess", "networkProfile");

    private final ArmHandler arm;
    private final ResourceStore store;
    private final ArmEmulator.Settings settings;
    private final VmSizes vmSizes = VmSizes.load();

    BatchResources(ArmHandler arm, ResourceStore store, ArmEmulator.Settings settings) {
        this.arm = arm;
        this.store = store;
        this.settings = settings;
    }

    Response handle(Request request, int typeIndex) {
        if (!request.lower().get(typeIndex).equals("batchaccounts")) {
            throw new ArmError(400, "InvalidResourceType", "The resource type '" + request.segment(typeIndex)
                    + "' is not emulated in Microsoft.Batch.");
        }
        String groupId = "/subscriptions/" + request.segment(1) + "/resourceGroups/" + request.segment(3);
        synchronized (store) {
            if (request.size() == typeIndex + 1) {
                ArmHandler.requireMethod(request, "GET");
                return arm.list(request, store.children(groupId, ACCOUNT));
            }
            String accountName = request.segment(typeIndex + 1);
            String accountId = groupId + "/providers/Microsoft.Batch/batchAccounts/" + accountName;
            if (request.size() == typeIndex + 2) {
                return account(request, accountId, accountName);
            }
            ObjectNode account = store.get(accountId)
                    .orElseThrow(() -> ArmError.notFound(ACCOUNT, accountName, request.segment(3)));
            String child = request.lower().get(typeIndex + 2);
            if (child.equals("listkeys") && request.size() == typeIndex + 3) {
                ArmHandler.requireMethod(request, "POST");
                ObjectNode keys = ArmHandler.JSON.createObjectNode();
                keys.put("accountName", account.get("name").asText());
                keys.put("primary", AccessKeys.derive(accountId + "primary"));
                keys.put("secondary", AccessKeys.derive(accountId + "secondary"));
                return Response.ok(keys);
            }
            if (child.equals("pooloperationresults") && request.size() == typeIndex + 4) {
                return arm.pollOperation(request, request.segment(typeIndex + 3));
            }
            if (child.equals("applications")) {
                return applications(request, account, typeIndex + 3);
            }
            if (child.equals("certificates")) {
                if (request.size() == typeIndex + 3) {
                    ArmHandler.requireMethod(request, "GET");
                    return arm.list(request, store.children(accountId, CERTIFICATE));
                }
                if (request.method().equals("GET") && request.size() == typeIndex + 4) {
                    String name = request.segment(typeIndex + 3);
                    return Response.ok(store.get(accountId + "/certificates/" + name).orElseThrow(() ->
                            ArmError.notFound(CERTIFICATE, account.get("name").asText() + "/" + name, request.segment(3))));
                }
                throw ArmError.badRequest("CertificateRetired", "The 'Azure Batch Certificates' feature was retired "
                        + "on 02/29/2024. Use the Azure Key Vault VM extension instead.", "certificates");
            }
            if (child.equals("pools")) {
                if (request.size() == typeIndex + 3) {
                    ArmHandler.requireMethod(request, "GET");
                    return arm.list(request, store.children(accountId, POOL).stream().map(this::present).toList());
                }
                if (request.size() == typeIndex + 4) {
                    return pool(request, account, request.segment(typeIndex + 3));
                }
            }
        }
        throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id() + "' is not supported.");
    }

    // ---- accounts --------------------------------------------------------------------------------------------

    private Response account(Request request, String id, String name) {
        switch (request.method()) {
            case "GET" -> {
                return Response.ok(store.get(id).orElseThrow(() -> ArmError.notFound(ACCOUNT, name, request.segment(3))));
            }
            case "PUT" -> {
                if (store.get(id).isPresent()) {
                    throw ArmError.conflict("AccountAlreadyExists", "The specified account already exists; update "
                            + "it with PATCH (Update Batch Account).");
                }
                return createAccount(request, id, name);
            }
            case "PATCH" -> {
                ObjectNode account = store.get(id).orElseThrow(() -> ArmError.notFound(ACCOUNT, name, request.segment(3)))
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
                return Response.ok(account);
            }
            case "DELETE" -> {
                ObjectNode account = store.get(id).orElse(null);
                if (account == null) {
                    return Response.empty(204);
                }
                String location = account.get("location").asText();
                String path = "/subscriptions/" + request.segment(1) + "/providers/Microsoft.Batch/locations/"
                        + Region.canonical(location) + "/accountOperationResults/" + name + "-";
                return arm.startOperation(request, id, location, "Microsoft.Batch", ArmHandler.Operation.Kind.DELETE,
                        ArmHandler.Operation.Style.LOCATION, null, path);
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
        String region = Region.canonical(location);
        long inRegion = store.ofType("/subscriptions/" + request.segment(1), ACCOUNT).stream()
                .filter(a -> Region.canonical(a.path("location").asText()).equals(region)).count();
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
        account.put("type", ACCOUNT);
        account.put("location", location);
        account.set("tags", body.has("tags") ? body.get("tags") : ArmHandler.JSON.createObjectNode());
        account.set("identity", body.has("identity") ? body.get("identity")
                : ArmHandler.JSON.createObjectNode().put("type", "None"));
        ObjectNode properties = account.putObject("properties");
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
        return arm.startOperation(request, id, location, "Microsoft.Batch", ArmHandler.Operation.Kind.CREATE,
                ArmHandler.Operation.Style.LOCATION, null, path);
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

    // ---- applications and their package versions ------------------------------------------------------------

    /** Applications are synchronous (200); a version is created Pending with a storage URL and activated by POST. */
    private Response applications(Request request, ObjectNode account, int nameIndex) {
        String accountId = account.get("id").asText();
        if (request.size() == nameIndex) {
            ArmHandler.requireMethod(request, "GET");
            return arm.list(request, store.children(accountId, APPLICATION));
        }
        String appName = request.segment(nameIndex);
        String appId = accountId + "/applications/" + appName;
        if (request.size() == nameIndex + 1) {
            return application(request, account, appId, appName);
        }
        ObjectNode application = store.get(appId).orElseThrow(() -> ArmError.notFound(APPLICATION,
                account.get("name").asText() + "/" + appName, request.segment(3)));
        if (!request.lower().get(nameIndex + 1).equals("versions")) {
            throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id() + "' is not supported.");
        }
        if (request.size() == nameIndex + 2) {
            ArmHandler.requireMethod(request, "GET");
            return arm.list(request, store.children(appId, VERSION));
        }
        String version = request.segment(nameIndex + 2);
        String versionId = appId + "/versions/" + version;
        if (request.size() == nameIndex + 4 && request.lower().get(nameIndex + 3).equals("activate")) {
            ArmHandler.requireMethod(request, "POST");
            ObjectNode pkg = store.get(versionId).orElseThrow(() -> ArmError.notFound(VERSION, version, request.segment(3)))
                    .deepCopy();
            String format = ArmHandler.body(request).path("format").asText("");
            if (format.isEmpty()) {
                throw ArmError.badRequest("InvalidParameter", "The property 'format' is required to activate a "
                        + "package.", "format");
            }
            ObjectNode properties = (ObjectNode) pkg.get("properties");
            properties.put("state", "Active");
            properties.put("format", format);
            properties.put("lastActivationTime", Instant.now(settings.clock()).toString());
            store.put(pkg);
            return Response.ok(pkg);
        }
        if (request.size() != nameIndex + 3) {
            throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id() + "' is not supported.");
        }
        switch (request.method()) {
            case "GET" -> {
                return Response.ok(store.get(versionId).orElseThrow(() -> ArmError.notFound(VERSION,
                        appName + "/" + version, request.segment(3))));
            }
            case "PUT" -> {
                if (!account.path("properties").has("autoStorage")) {
                    throw ArmError.conflict("AutoStorageNotConfigured", "Application packages need an auto-storage "
                            + "account on the Batch account.");
                }
                var existing = store.get(versionId);
                if (existing.isPresent() && !application.path("properties").path("allowUpdates").asBoolean(true)) {
                    throw ArmError.conflict("ApplicationPackageAlreadyExists", "Version '" + version + "' exists and "
                            + "the application does not allow updates.");
                }
                ObjectNode pkg = ArmHandler.JSON.createObjectNode();
                pkg.put("id", versionId);
                pkg.put("name", version);
                pkg.put("type", VERSION);
                pkg.put("etag", etag());
                ObjectNode properties = pkg.putObject("properties");
                properties.put("state", "Pending");
                Instant expiry = Instant.now(settings.clock()).plus(Duration.ofHours(4));
                properties.put("storageUrl", "https://" + storageName(account) + ".blob.core.windows.net/app-"
                        + appName.toLowerCase() + "/" + version + "?sv=2023-01-03&sig=emulated");
                properties.put("storageUrlExpiry", expiry.toString());
                store.put(pkg);
                return Response.ok(pkg);
            }
            case "DELETE" -> {
                if (store.get(versionId).isEmpty()) {
                    return Response.empty(204);
                }
                if (version.equals(application.path("properties").path("defaultVersion").asText(null))) {
                    throw ArmError.conflict("ApplicationPackageIsDefault", "Version '" + version + "' is the "
                            + "application's default version; change the default first.");
                }
                store.remove(versionId);
                return Response.empty(200);
            }
            default -> throw ArmHandler.methodNotAllowed(request);
        }
    }

    private Response application(Request request, ObjectNode account, String id, String name) {
        switch (request.method()) {
            case "GET" -> {
                return Response.ok(store.get(id).orElseThrow(() -> ArmError.notFound(APPLICATION,
                        account.get("name").asText() + "/" + name, request.segment(3))));
            }
            case "PUT", "PATCH" -> {
                if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                    throw ArmError.badRequest("InvalidResourceName", "Application name '" + name + "' is invalid: 1 to"
                            + " 64 letters, digits, hyphens and underscores.", "name");
                }
                var existing = store.get(id);
                if (request.method().equals("PATCH") && existing.isEmpty()) {
                    throw ArmError.notFound(APPLICATION, account.get("name").asText() + "/" + name, request.segment(3));
                }
                ObjectNode app = existing.map(ObjectNode::deepCopy).orElseGet(() -> {
                    ObjectNode created = ArmHandler.JSON.createObjectNode();
                    created.put("id", id);
                    created.put("name", name);
                    created.put("type", APPLICATION);
                    created.putObject("properties").put("allowUpdates", true);
                    return created;
                });
                ObjectNode properties = (ObjectNode) app.get("properties");
                // The body is optional: the service (and the SDK's simple create) accept a PUT without one.
                JsonNode requested = request.body() == null ? ArmHandler.JSON.createObjectNode()
                        : ArmHandler.body(request).path("properties");
                for (String key : new String[] {"displayName", "allowUpdates", "defaultVersion"}) {
                    if (requested.has(key)) {
                        properties.set(key, requested.get(key));
                    }
                }
                String defaultVersion = properties.path("defaultVersion").asText(null);
                if (defaultVersion != null && store.get(id + "/versions/" + defaultVersion)
                        .filter(v -> v.path("properties").path("state").asText().equals("Active")).isEmpty()) {
                    throw ArmError.conflict("ApplicationPackageNotFound", "The default version '" + defaultVersion
                            + "' must be an existing, activated package of application '" + name + "'.");
                }
                app.put("etag", etag());
                store.put(app);
                return Response.ok(app);
            }
            case "DELETE" -> {
                return ArmHandler.deleteNow(store, id);
            }
            default -> throw ArmHandler.methodNotAllowed(request);
        }
    }

    private static String storageName(ObjectNode account) {
        String id = account.path("properties").path("autoStorage").path("storageAccountId").asText("");
        return id.substring(id.lastIndexOf('/') + 1);
    }

    // ---- pools -----------------------------------------------------------------------------------------------

    private Response pool(Request request, ObjectNode account, String name) {
        String accountId = account.get("id").asText();
        String id = accountId + "/pools/" + name;
        switch (request.method()) {
            case "GET" -> {
                ObjectNode pool = store.get(id).orElseThrow(() -> ArmError.notFound(POOL,
                        account.get("name").asText() + "/" + name, request.segment(3)));
                ObjectNode shown = present(pool);
                return Response.ok(shown).withHeader("ETag", shown.get("etag").asText());
            }
            case "PUT" -> {
                var existing = store.get(id);
                checkIfMatch(request, existing.orElse(null));
                ObjectNode pool = withoutSecrets(existing.isPresent() ? replacePool(request, present(existing.get()))
                        : createPool(request, account, id, name));
                store.put(pool);
                return Response.ok(pool).withHeader("ETag", pool.get("etag").asText());
            }
            case "PATCH" -> {
                ObjectNode current = present(store.get(id).orElseThrow(() -> ArmError.notFound(POOL,
                        account.get("name").asText() + "/" + name, request.segment(3))));
                checkIfMatch(request, current);
                ObjectNode pool = withoutSecrets(patchPool(request, current));
                store.put(pool);
                return Response.ok(pool).withHeader("ETag", pool.get("etag").asText());
            }
            case "DELETE" -> {
                ObjectNode pool = store.get(id).orElse(null);
                if (pool == null) {
                    return Response.empty(204);
                }
                ObjectNode deleting = pool.deepCopy();
                ((ObjectNode) deleting.get("properties")).put("provisioningState", "Deleting");
                store.put(deleting);
                String path = accountId.replaceFirst("^/", "/") + "/poolOperationResults/delete-" + name + "-";
                return arm.startOperation(request, id, account.get("location").asText(), "Microsoft.Batch",
                        ArmHandler.Operation.Kind.DELETE, ArmHandler.Operation.Style.LOCATION, null, path);
            }
            default -> throw ArmHandler.methodNotAllowed(request);
        }
    }

    /**
     * A pool without the secrets it was given (the REST API marks them {@code x-ms-secret}: registry and user
     * passwords, SSH keys, storage keys and SAS tokens of mounts). The service never returns them; the emulator goes
     * further and never keeps them, so its data directory holds no secret either.
     */
    static ObjectNode withoutSecrets(ObjectNode pool) {
        ObjectNode shown = pool.deepCopy();
        JsonNode properties = shown.path("properties");
        JsonNode vm = properties.path("deploymentConfiguration").path("virtualMachineConfiguration");
        remove(vm.path("containerConfiguration").path("containerRegistries"), "password");
        remove(properties.path("startTask").path("containerSettings").path("registry"), "password");
        for (JsonNode user : properties.path("userAccounts")) {
            remove(user, "password");
            remove(user.path("linuxUserConfiguration"), "sshPrivateKey");
        }
        for (JsonNode mount : properties.path("mountConfiguration")) {
            remove(mount.path("azureBlobFileSystemConfiguration"), "accountKey");
            remove(mount.path("azureBlobFileSystemConfiguration"), "sasKey");
            remove(mount.path("cifsMountConfiguration"), "password");
            remove(mount.path("azureFileShareConfiguration"), "accountKey");
        }
        return shown;
    }

    /** Removes {@code field} from an object, or from each object of an array. */
    private static void remove(JsonNode node, String field) {
        if (node instanceof ObjectNode object) {
            object.remove(field);
        } else if (node.isArray()) {
            node.forEach(item -> remove(item, field));
        }
    }

    /** A pool's package references must name existing applications, and versions (or a default) that exist. */
    private void checkPackageReferences(ObjectNode account, JsonNode references) {
        if (references.size() > 10) {
            throw ArmError.badRequest("TooManyApplicationPackageReferences", "A pool can reference at most 10 "
                    + "application packages.", "properties.applicationPackages");
        }
        for (JsonNode reference : references) {
            String appId = reference.path("id").asText("");
            ObjectNode app = store.get(appId).orElse(null);
            String version = reference.path("version").asText(app == null ? null
                    : app.path("properties").path("defaultVersion").asText(null));
            if (app == null || version == null || store.get(appId + "/versions/" + version).isEmpty()) {
                throw ArmError.conflict("InvalidApplicationPackageReferences", "The application package reference '"
                        + appId + (version == null ? "" : "/versions/" + version) + "' of the pool is not valid: the "
                        + "application or version does not exist, and no default version is set.");
            }
        }
    }

    private void checkIfMatch(Request request, ObjectNode current) {
        String ifMatch = request.header("If-Match");
        if (ifMatch == null || ifMatch.equals("*") && current != null) {
            return;
        }
        if (current == null || !ifMatch.equals(current.path("etag").asText())) {
            throw new ArmError(412, "PreconditionFailed", "The condition specified with If-Match was not met: the "
                    + "pool's etag is " + (current == null ? "absent" : current.path("etag").asText()) + ".");
        }
    }

    private ObjectNode createPool(Request request, ObjectNode account, String id, String name) {
        checkPackageReferences(account, ArmHandler.body(request).path("properties").path("applicationPackages"));
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ArmError.badRequest("InvalidResourceName", "Pool name '" + name + "' is invalid: 1 to 64 letters, "
                    + "digits, hyphens and underscores.", "name");
        }
        int pools = store.children(account.get("id").asText(), POOL).size();
        int quota = account.path("properties").path("poolQuota").asInt(settings.poolQuota());
        if (pools >= quota) {
            throw ArmError.conflict("PoolQuotaReached", "The pool quota of " + quota + " for account "
                    + account.get("name").asText() + " has been reached.");
        }
        ObjectNode body = ArmHandler.body(request);
        ObjectNode requested = body.path("properties").isObject() ? ((ObjectNode) body.get("properties")).deepCopy()
                : ArmHandler.JSON.createObjectNode();
        READ_ONLY.forEach(requested::remove);
        validatePool(requested);
        ObjectNode pool = ArmHandler.JSON.createObjectNode();
        pool.put("id", id);
        pool.put("name", name);
        pool.put("type", POOL);
        if (body.has("identity")) {
            pool.set("identity", body.get("identity"));
        }
        if (body.has("tags")) {
            pool.set("tags", body.get("tags"));
        }
        ObjectNode properties = pool.putObject("properties");
        properties.setAll(requested);
        applyDefaults(properties);
        Instant now = Instant.now(settings.clock());
        properties.put("creationTime", now.toString());
        properties.put("lastModified", now.toString());
        properties.put("provisioningState", "Succeeded");
        properties.put("provisioningStateTransitionTime", now.toString());
        properties.put("currentDedicatedNodes", 0);
        properties.put("currentLowPriorityNodes", 0);
        pool.put("etag", etag());
        startResize(pool, now);
        return pool;
    }

    /** PUT on an existing pool replaces it; what cannot change follows the same rules as PATCH. */
    private ObjectNode replacePool(Request request, ObjectNode current) {
        ObjectNode body = ArmHandler.body(request);
        ObjectNode requested = body.path("properties").isObject() ? ((ObjectNode) body.get("properties")).deepCopy()
                : ArmHandler.JSON.createObjectNode();
        READ_ONLY.forEach(requested::remove);
        validatePool(requested);
        ObjectNode candidate = ArmHandler.JSON.createObjectNode();
        candidate.setAll(requested);
        applyDefaults(candidate);
        checkChanges(request, current, candidate);
        ObjectNode pool = current.deepCopy();
        ObjectNode properties = (ObjectNode) pool.get("properties");
        Map<String, JsonNode> kept = new java.util.HashMap<>();
        READ_ONLY.forEach(key -> {
            if (properties.has(key)) {
                kept.put(key, properties.get(key));
            }
        });
        properties.removeAll();
        properties.setAll(candidate);
        kept.forEach(properties::set);
        return finishUpdate(pool, current);
    }

    private ObjectNode patchPool(Request request, ObjectNode current) {
        ObjectNode patch = ArmHandler.body(request);
        ObjectNode requested = patch.path("properties").isObject() ? ((ObjectNode) patch.get("properties")).deepCopy()
                : ArmHandler.JSON.createObjectNode();
        READ_ONLY.forEach(requested::remove);
        ObjectNode merged = ((ObjectNode) current.get("properties")).deepCopy();
        READ_ONLY.forEach(merged::remove);
        if (requested.has("scaleSettings")) {
            merged.remove("scaleSettings");
        }
        requested.fields().forEachRemaining(e -> {
            if (e.getKey().equals("startTask") && e.getValue().isObject() && e.getValue().isEmpty()) {
                merged.remove("startTask"); // an empty start task removes it, as the service documents
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        });
        validatePool(merged);
        applyDefaults(merged);
        checkChanges(request, current, merged);
        ObjectNode pool = current.deepCopy();
        ObjectNode properties = (ObjectNode) pool.get("properties");
        requested.fields().forEachRemaining(e -> properties.set(e.getKey(), merged.get(e.getKey())));
        if (!merged.has("startTask")) {
            properties.remove("startTask");
        }
        if (patch.has("tags")) {
            pool.set("tags", patch.get("tags"));
        }
        if (patch.has("identity")) {
            pool.set("identity", patch.get("identity"));
        }
        return finishUpdate(pool, current);
    }

    private ObjectNode finishUpdate(ObjectNode pool, ObjectNode before) {
        Instant now = Instant.now(settings.clock());
        ObjectNode properties = (ObjectNode) pool.get("properties");
        properties.put("lastModified", now.toString());
        pool.put("etag", etag());
        if (!properties.path("scaleSettings").equals(before.path("properties").path("scaleSettings"))) {
            properties.remove("autoScaleRun");
            startResize(pool, now);
        }
        return pool;
    }

    /** Rejects changes the service rejects: fixed properties, and empty-pool properties on a pool with nodes. */
    private static void checkChanges(Request request, ObjectNode current, ObjectNode candidate) {
        ObjectNode before = (ObjectNode) current.get("properties");
        boolean extended = request.apiVersion().compareTo("2024-07-01") >= 0;
        boolean empty = before.path("allocationState").asText().equals("Steady")
                && before.path("currentDedicatedNodes").asInt() == 0 && before.path("currentLowPriorityNodes").asInt() == 0;
        java.util.TreeSet<String> keys = new java.util.TreeSet<>();
        before.fieldNames().forEachRemaining(keys::add);
        candidate.fieldNames().forEachRemaining(keys::add);
        keys.removeAll(READ_ONLY);
        for (String key : keys) {
            JsonNode was = before.get(key);
            JsonNode now = candidate.get(key);
            if (java.util.Objects.equals(was, now) || LIVE_UPDATABLE.contains(key)) {
                continue;
            }
            if (extended && EMPTY_POOL_UPDATABLE.contains(key)) {
                if (!empty) {
                    throw ArmError.conflict("PoolNotEmpty", "The property '" + key + "' can be changed only when the "
                            + "pool has no nodes and its allocation state is Steady; the pool has "
                            + before.path("currentDedicatedNodes").asInt() + " dedicated and "
                            + before.path("currentLowPriorityNodes").asInt() + " low-priority nodes.");
                }
                continue;
            }
            throw ArmError.badRequest("PropertyCannotBeUpdated", "The property '" + key + "' cannot be updated"
                    + (EMPTY_POOL_UPDATABLE.contains(key) ? " with api-version " + request.apiVersion()
                    + " (2024-07-01 or later allows it on an empty pool)" : "") + ".", "properties." + key);
        }
    }

    private void validatePool(ObjectNode properties) {
        String vmSize = properties.path("vmSize").asText("");
        if (vmSize.isEmpty()) {
            throw ArmError.badRequest("InvalidParameter", "The property 'properties.vmSize' is required.",
                    "properties.vmSize");
        }
        VmSizes.Size size = vmSizes.find(vmSize).orElseThrow(() -> ArmError.badRequest("InvalidPropertyValue",
                "The VM size '" + vmSize + "' is not supported.", "properties.vmSize"));
        JsonNode deployment = properties.path("deploymentConfiguration");
        if (deployment.has("cloudServiceConfiguration")) {
            throw ArmError.badRequest("CloudServiceConfigurationRetired", "Cloud Services configuration pools were "
                    + "retired on 29 February 2024; use virtualMachineConfiguration.",
                    "properties.deploymentConfiguration.cloudServiceConfiguration");
        }
        JsonNode vm = deployment.path("virtualMachineConfiguration");
        if (!vm.has("imageReference") || !vm.has("nodeAgentSkuId")) {
            throw ArmError.badRequest("InvalidParameter", "deploymentConfiguration.virtualMachineConfiguration needs "
                    + "an imageReference and a nodeAgentSkuId.", "properties.deploymentConfiguration");
        }
        JsonNode scale = properties.path("scaleSettings");
        if (scale.has("fixedScale") && scale.has("autoScale")) {
            throw ArmError.badRequest("InvalidParameter", "scaleSettings takes either fixedScale or autoScale, not both.",
                    "properties.scaleSettings");
        }
        if (scale.has("autoScale")) {
            String formula = scale.path("autoScale").path("formula").asText("");
            CheckedFormula checked = FormulaCompiler.compile(new Source("formula", formula));
            var error = checked.diagnostics().stream().filter(Diagnostic::isError)
                    .filter(d -> !d.code().equals("F010") && !d.code().equals("F016")).findFirst();
            if (formula.isBlank() || error.isPresent()) {
                throw ArmError.badRequest("InvalidAutoScaleFormula", "The autoscale formula is invalid: "
                        + error.map(d -> "line " + d.span().line() + ", column " + d.span().column() + ": " + d.message())
                        .orElse("it is empty"), "properties.scaleSettings.autoScale.formula");
            }
            if (scale.path("autoScale").has("evaluationInterval")) {
                Duration interval = duration(scale.path("autoScale").path("evaluationInterval").asText(),
                        "properties.scaleSettings.autoScale.evaluationInterval");
                if (interval.compareTo(Duration.ofMinutes(5)) < 0 || interval.compareTo(Duration.ofHours(168)) > 0) {
                    throw ArmError.badRequest("InvalidPropertyValue", "The evaluation interval must be between 5 "
                            + "minutes and 168 hours.", "properties.scaleSettings.autoScale.evaluationInterval");
                }
            }
        }
        int slots = properties.path("taskSlotsPerNode").asInt(1);
        int maxSlots = Math.min(4 * size.vcpus(), 256);
        if (slots < 1 || slots > maxSlots) {
            throw ArmError.badRequest("InvalidPropertyValue", "taskSlotsPerNode must be between 1 and " + maxSlots
                    + " for " + vmSize + ".", "properties.taskSlotsPerNode");
        }
        String subnetId = properties.path("networkConfiguration").path("subnetId").asText(null);
        if (subnetId != null && store.get(subnetId).isEmpty()) {
            throw ArmError.badRequest("InvalidPropertyValue", "The subnet '" + subnetId + "' does not exist.",
                    "properties.networkConfiguration.subnetId");
        }
    }

    private static void applyDefaults(ObjectNode properties) {
        if (!properties.has("taskSlotsPerNode")) {
            properties.put("taskSlotsPerNode", 1);
        }
        if (!properties.has("interNodeCommunication")) {
            properties.put("interNodeCommunication", "Disabled");
        }
        if (!properties.has("taskSchedulingPolicy")) {
            properties.putObject("taskSchedulingPolicy").put("nodeFillType", "Spread");
        }
        ObjectNode scale = properties.has("scaleSettings") ? (ObjectNode) properties.get("scaleSettings")
                : properties.putObject("scaleSettings");
        if (!scale.has("autoScale") && !scale.has("fixedScale")) {
            scale.putObject("fixedScale");
        }
        if (scale.has("fixedScale")) {
            ObjectNode fixed = (ObjectNode) scale.get("fixedScale");
            if (!fixed.has("targetDedicatedNodes")) {
                fixed.put("targetDedicatedNodes", 0);
            }
            if (!fixed.has("targetLowPriorityNodes")) {
                fixed.put("targetLowPriorityNodes", 0);
            }
            if (!fixed.has("resizeTimeout")) {
                fixed.put("resizeTimeout", "PT15M");
            }
        } else {
            ObjectNode auto = (ObjectNode) scale.get("autoScale");
            if (!auto.has("evaluationInterval")) {
                auto.put("evaluationInterval", "PT15M");
            }
        }
    }

    /** Begins a resize to the pool's targets (evaluating its formula first when it autoscales). */
    private void startResize(ObjectNode pool, Instant now) {
        ObjectNode properties = (ObjectNode) pool.get("properties");
        int[] targets = targets(pool, now);
        properties.put("allocationState", "Resizing");
        properties.put("allocationStateTransitionTime", now.toString());
        ObjectNode status = properties.putObject("resizeOperationStatus");
        status.put("targetDedicatedNodes", targets[0]);
        status.put("targetLowPriorityNodes", targets[1]);
        status.put("startTime", now.toString());
        status.put("resizeTimeout", properties.path("scaleSettings").path("fixedScale").path("resizeTimeout")
                .asText("PT15M"));
        // The deallocation option is write-only: the service never returns it.
        JsonNode fixed = properties.path("scaleSettings").path("fixedScale");
        if (fixed.isObject()) {
            ((ObjectNode) fixed).remove("nodeDeallocationOption");
        }
    }

    /** The node targets: fixed ones, or the formula's, truncated as the service applies them. */
    private int[] targets(ObjectNode pool, Instant now) {
        ObjectNode properties = (ObjectNode) pool.get("properties");
        JsonNode scale = properties.path("scaleSettings");
        if (!scale.has("autoScale")) {
            return new int[] {scale.path("fixedScale").path("targetDedicatedNodes").asInt(),
                    scale.path("fixedScale").path("targetLowPriorityNodes").asInt()};
        }
        JsonNode status = properties.path("resizeOperationStatus");
        PoolState state = new PoolState(status.path("targetDedicatedNodes").asDouble(),
                status.path("targetLowPriorityNodes").asDouble(), properties.path("currentDedicatedNodes").asDouble(),
                properties.path("currentLowPriorityNodes").asDouble(), properties.path("taskSlotsPerNode").asDouble(1),
                DeallocationOption.REQUEUE);
        CheckedFormula formula = FormulaCompiler.compile(new Source("formula",
                scale.path("autoScale").path("formula").asText()));
        AutoScaleRun run = Evaluator.evaluate(formula, new EvaluationContext(now, state));
        ObjectNode runNode = properties.putObject("autoScaleRun");
        runNode.put("evaluationTime", now.toString());
        runNode.put("results", run.results());
        run.error().ifPresent(error -> {
            ObjectNode e = runNode.putObject("error");
            e.put("code", error.code());
            e.put("message", error.message());
            ArrayNode details = e.putArray("details");
            error.values().forEach(v -> details.addObject().put("code", v.name()).put("message", v.value()));
        });
        return new int[] {(int) Math.max(0, run.targetDedicatedNodes()), (int) Math.max(0, run.targetLowPriorityNodes())};
    }

    /**
     * The pool as GET shows it now: a resize that has run for the configured time ends in Steady, with as many nodes
     * as the account's core quotas allow; an autoscale pool is evaluated again when its interval has passed.
     */
    ObjectNode present(ObjectNode stored) {
        ObjectNode pool = stored;
        ObjectNode properties = (ObjectNode) pool.get("properties");
        Instant now = Instant.now(settings.clock());
        JsonNode auto = properties.path("scaleSettings").path("autoScale");
        if (auto.isObject() && properties.path("allocationState").asText().equals("Steady")) {
            Instant last = Instant.parse(properties.path("autoScaleRun").path("evaluationTime").asText(now.toString()));
            Duration interval = duration(auto.path("evaluationInterval").asText("PT15M"), "evaluationInterval");
            if (!now.isBefore(last.plus(interval))) {
                pool = pool.deepCopy();
                startResize(pool, now);
                store.put(pool);
                properties = (ObjectNode) pool.get("properties");
            }
        }
        if (properties.path("allocationState").asText().equals("Resizing")) {
            Instant started = Instant.parse(properties.path("allocationStateTransitionTime").asText());
            if (!now.isBefore(started.plus(settings.resizeDuration()))) {
                pool = pool.deepCopy();
                settle(pool, started.plus(settings.resizeDuration()));
                store.put(pool);
            }
        }
        return pool;
    }

    private void settle(ObjectNode pool, Instant at) {
        ObjectNode properties = (ObjectNode) pool.get("properties");
        ObjectNode status = (ObjectNode) properties.get("resizeOperationStatus");
        int wantDedicated = status.path("targetDedicatedNodes").asInt();
        int wantLowPriority = status.path("targetLowPriorityNodes").asInt();
        String accountId = pool.get("id").asText().replaceFirst("/pools/[^/]+$", "");
        ObjectNode account = store.get(accountId).orElseThrow();
        VmSizes.Size size = vmSizes.find(properties.path("vmSize").asText()).orElseThrow();
        ArrayNode errors = ArmHandler.JSON.createArrayNode();
        int dedicated = wantDedicated;
        int lowPriority = wantLowPriority;
        JsonNode quotas = account.path("properties");
        if (quotas.has("dedicatedCoreQuota")) {
            int usedDedicated = 0;
            int usedFamily = 0;
            int usedLowPriority = 0;
            for (ObjectNode other : store.children(accountId, POOL)) {
                if (other.get("id").asText().equalsIgnoreCase(pool.get("id").asText())) {
                    continue;
                }
                JsonNode p = other.path("properties");
                int cores = vmSizes.find(p.path("vmSize").asText()).map(VmSizes.Size::vcpus).orElse(0);
                usedDedicated += p.path("currentDedicatedNodes").asInt() * cores;
                usedLowPriority += p.path("currentLowPriorityNodes").asInt() * cores;
                if (vmSizes.find(p.path("vmSize").asText()).map(s -> s.family().equalsIgnoreCase(size.family()))
                        .orElse(false)) {
                    usedFamily += p.path("currentDedicatedNodes").asInt() * cores;
                }
            }
            int dedicatedRoom = quotas.path("dedicatedCoreQuota").asInt() - usedDedicated;
            int familyQuota = familyQuota(quotas, size.family());
            if (quotas.path("dedicatedCoreQuotaPerVMFamilyEnforced").asBoolean(false)) {
                dedicatedRoom = Math.min(dedicatedRoom, familyQuota - usedFamily);
            }
            int maxDedicated = Math.max(0, dedicatedRoom / size.vcpus());
            if (dedicated > maxDedicated) {
                dedicated = maxDedicated;
                errors.addObject().put("code", "AccountCoreQuotaReached").put("message", "The specified account has "
                        + "reached its dedicated core quota (" + quotas.path("dedicatedCoreQuota").asInt()
                        + " cores; " + familyQuota + " for " + size.family() + "): " + wantDedicated + " nodes of "
                        + size.name() + " need " + wantDedicated * size.vcpus() + " cores.");
            }
            int maxLowPriority = Math.max(0, (quotas.path("lowPriorityCoreQuota").asInt() - usedLowPriority) / size.vcpus());
            if (lowPriority > maxLowPriority) {
                lowPriority = maxLowPriority;
                errors.addObject().put("code", "AccountLowPriorityCoreQuotaReached").put("message", "The specified "
                        + "account has reached its low-priority core quota (" + quotas.path("lowPriorityCoreQuota").asInt()
                        + " cores).");
            }
        }
        properties.put("currentDedicatedNodes", dedicated);
        properties.put("currentLowPriorityNodes", lowPriority);
        properties.put("allocationState", "Steady");
        properties.put("allocationStateTransitionTime", at.toString());
        if (errors.isEmpty()) {
            status.remove("errors");
        } else {
            status.set("errors", errors);
        }
    }

    private static int familyQuota(JsonNode quotas, String family) {
        for (JsonNode entry : quotas.path("dedicatedCoreQuotaPerVMFamily")) {
            if (entry.path("name").asText().equalsIgnoreCase(family)) {
                return entry.path("coreQuota").asInt();
            }
        }
        return 0;
    }

    private static Duration duration(String text, String target) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw ArmError.badRequest("InvalidPropertyValue", "'" + text + "' is not an ISO 8601 duration.", target);
        }
    }

    private static String etag() {
        return "W/\"0x" + Long.toHexString(System.nanoTime() ^ 0x8D000000000000L).toUpperCase() + "\"";
    }
}
