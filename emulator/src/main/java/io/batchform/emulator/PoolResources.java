package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Batch pools: PUT is synchronous (200 with an ETag) and honours If-Match and If-None-Match, PATCH honours If-Match
 * (the conditions Microsoft's 2025-06-01 document lists for Pool_Create and Pool_Update; Pool_Delete lists none, so a
 * DELETE ignores them), each refused with 412 when not met; PATCH follows the service's rules on what
 * may change (some properties only on an empty pool, from api-version 2024-07-01); DELETE is 202 + Location. A pool
 * is validated as the service does (VM size, image, formula, task slots, subnet, package references), and secrets
 * are never kept. Its nodes are {@link PoolAllocation}'s.
 */
final class PoolResources {
    /** Pool properties that can change on a pool with nodes (docs/pool-updates.md, class A). */
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

    private final ArmHandler arm;
    private final ResourceStore store;
    private final ArmEmulator.Settings settings;
    private final VmSizes vmSizes;
    private final PoolAllocation allocation;
    /** Whether Batch offers a size (second) in a region (first). */
    private final java.util.function.BiPredicate<String, String> offered;

    PoolResources(ArmHandler arm, ResourceStore store, ArmEmulator.Settings settings, VmSizes vmSizes,
                  PoolAllocation allocation, java.util.function.BiPredicate<String, String> offered) {
        this.offered = offered;
        this.arm = arm;
        this.store = store;
        this.settings = settings;
        this.vmSizes = vmSizes;
        this.allocation = allocation;
    }

    Response pool(Request request, ObjectNode account, String name) {
        String accountId = account.get("id").asText();
        String id = accountId + "/pools/" + name;
        switch (request.method()) {
            case "GET" -> {
                ObjectNode pool = store.get(id).orElseThrow(() -> ArmError.notFound(BatchResources.POOL,
                        account.get("name").asText() + "/" + name, request.segment(3)));
                ObjectNode shown = allocation.present(pool);
                return Response.ok(shown).withHeader("ETag", shown.get("etag").asText());
            }
            case "PUT" -> {
                var existing = store.get(id);
                checkIfMatch(request, existing.orElse(null));
                checkIfNoneMatch(request, existing.orElse(null));
                ObjectNode pool = withoutSecrets(existing.isPresent() ? replacePool(request, allocation.advanced(existing.get()))
                        : createPool(request, account, id, name));
                store.put(pool);
                return Response.ok(pool).withHeader("ETag", pool.get("etag").asText());
            }
            case "PATCH" -> {
                ObjectNode current = allocation.advanced(store.get(id).orElseThrow(() -> ArmError.notFound(BatchResources.POOL,
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
                return arm.operations().start(request, id, account.get("location").asText(), "Microsoft.Batch",
                        Operations.Kind.DELETE, Operations.Style.LOCATION, null, path);
            }
            default -> throw ArmHandler.methodNotAllowed(request);
        }
    }

    /**
     * The pool actions, both answering 200 with the pool and its ETag. {@code disableAutoScale} turns an autoscale
     * pool into a fixed one whose targets are the formula's last result (the resize under way goes on);
     * {@code stopResize} ends a resize where it is: the pool is Steady with the nodes it has, its scale settings and
     * the last resize's status unchanged. On a pool that does not autoscale, or is not resizing, each leaves the pool
     * as it is (the emulator's choice; the published documents do not say).
     */
    Response action(Request request, ObjectNode account, String name, String action) {
        ArmHandler.requireMethod(request, "POST");
        String id = account.get("id").asText() + "/pools/" + name;
        ObjectNode current = allocation.advanced(store.get(id).orElseThrow(() -> ArmError.notFound(BatchResources.POOL,
                account.get("name").asText() + "/" + name, request.segment(3))));
        ObjectNode pool = current.deepCopy();
        ObjectNode properties = (ObjectNode) pool.get("properties");
        Instant now = Instant.now(settings.clock());
        switch (action) {
            case "disableautoscale" -> {
                if (!properties.path("scaleSettings").has("autoScale")) {
                    break;
                }
                JsonNode status = properties.path("resizeOperationStatus");
                ObjectNode fixed = properties.putObject("scaleSettings").putObject("fixedScale");
                fixed.put("targetDedicatedNodes", status.path("targetDedicatedNodes").asInt());
                fixed.put("targetLowPriorityNodes", status.path("targetLowPriorityNodes").asInt());
                fixed.put("resizeTimeout", "PT15M");
                properties.remove("autoScaleRun");
                properties.put("lastModified", now.toString());
                pool.put("etag", BatchResources.etag());
            }
            case "stopresize" -> {
                if (!properties.path("allocationState").asText().equals("Resizing")) {
                    break;
                }
                properties.put("allocationState", "Steady");
                properties.put("allocationStateTransitionTime", now.toString());
                pool.put("etag", BatchResources.etag());
            }
            default -> throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id()
                    + "' is not supported.");
        }
        store.put(pool);
        return Response.ok(pool).withHeader("ETag", pool.get("etag").asText());
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
        for (JsonNode extension : vm.path("extensions")) {
            remove(extension, "protectedSettings");
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

    /**
     * Pool_Create's {@code If-None-Match}: "set to '*' to allow a new pool to be created, but to prevent updating an
     * existing pool. Other values will be ignored." (Microsoft.Batch 2025-06-01). The document names no error code
     * for the refusal; the emulator answers 412 with the same code as an unmet If-Match.
     */
    private static void checkIfNoneMatch(Request request, ObjectNode current) {
        if ("*".equals(request.header("If-None-Match")) && current != null) {
            throw new ArmError(412, "PreconditionFailed", "The condition specified with If-None-Match was not met: "
                    + "the pool exists, with etag " + current.path("etag").asText() + ".");
        }
    }

    private ObjectNode createPool(Request request, ObjectNode account, String id, String name) {
        checkPackageReferences(account, ArmHandler.body(request).path("properties").path("applicationPackages"));
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ArmError.badRequest("InvalidResourceName", "Pool name '" + name + "' is invalid: 1 to 64 letters, "
                    + "digits, hyphens and underscores.", "name");
        }
        int pools = store.children(account.get("id").asText(), BatchResources.POOL).size();
        int quota = account.path("properties").path("poolQuota").asInt(settings.poolQuota());
        if (pools >= quota) {
            throw ArmError.conflict("PoolQuotaReached", "The pool quota of " + quota + " for account "
                    + account.get("name").asText() + " has been reached.");
        }
        ObjectNode body = ArmHandler.body(request);
        ObjectNode requested = requested(body);
        requireSecrets(requested);
        validatePool(requested);
        PoolSettings.checkAccount(account, requested);
        String region = account.path("location").asText();
        String vmSize = requested.path("vmSize").asText();
        if (!offered.test(region, vmSize)) {
            // The emulator's wording: the service's own message for a size it does not offer is not documented.
            throw ArmError.badRequest("InvalidPropertyValue", "The VM size '" + vmSize + "' is not offered by Batch in "
                    + region + " (see Microsoft.Batch/locations/" + RegionalCompute.key(region) + "/virtualMachineSkus).",
                    "properties.vmSize");
        }
        ObjectNode pool = ArmHandler.JSON.createObjectNode();
        pool.put("id", id);
        pool.put("name", name);
        pool.put("type", BatchResources.POOL);
        if (body.has("identity")) {
            pool.set("identity", PoolSettings.identity(body.get("identity")));
        }
        PoolSettings.checkIdentityReferences(pool.path("identity"), requested);
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
        properties.put("currentNodeCommunicationMode", "Simplified"); // Classic was retired on 2026-03-31
        pool.put("etag", BatchResources.etag());
        allocation.startResize(pool, now);
        return pool;
    }

    /** PUT on an existing pool replaces it; what cannot change follows the same rules as PATCH. */
    private ObjectNode replacePool(Request request, ObjectNode current) {
        ObjectNode body = ArmHandler.body(request);
        ObjectNode requested = requested(body);
        requireSecrets(requested);
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
        ObjectNode requested = requested(patch);
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
        requireSecrets(requested);
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
            pool.set("identity", PoolSettings.identity(patch.get("identity")));
        }
        PoolSettings.checkIdentityReferences(pool.path("identity"), (ObjectNode) pool.get("properties"));
        return finishUpdate(pool, current);
    }

    /** A copy of the properties a request body sets, without those the service sets itself. */
    private static ObjectNode requested(ObjectNode body) {
        ObjectNode requested = body.path("properties").isObject() ? ((ObjectNode) body.get("properties")).deepCopy()
                : ArmHandler.JSON.createObjectNode();
        READ_ONLY.forEach(requested::remove);
        return requested;
    }

    private ObjectNode finishUpdate(ObjectNode pool, ObjectNode before) {
        Instant now = Instant.now(settings.clock());
        ObjectNode properties = (ObjectNode) pool.get("properties");
        properties.put("lastModified", now.toString());
        pool.put("etag", BatchResources.etag());
        if (!properties.path("scaleSettings").equals(before.path("properties").path("scaleSettings"))) {
            // The last autoscale run stays when a pool turns to a fixed scale (PoolUpdate_ResizePool shows it).
            allocation.startResize(pool, now);
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

    /**
     * The secrets the REST API requires in a request (a user account's password): the service never returns them,
     * so a body built from what it returned (after an import) lacks them, and the service refuses it.
     */
    private static void requireSecrets(ObjectNode requested) {
        JsonNode users = requested.path("userAccounts");
        for (int i = 0; i < users.size(); i++) {
            if (!users.get(i).hasNonNull("password")) {
                throw ArmError.badRequest("InvalidRequestBody", "The property 'properties.userAccounts[" + i
                        + "].password' is required.", "properties.userAccounts[" + i + "].password");
            }
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
                Duration interval = PoolAllocation.duration(scale.path("autoScale").path("evaluationInterval").asText(),
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
        PoolSettings.validate(properties);
    }

    private static void applyDefaults(ObjectNode properties) {
        PoolSettings.applyDefaults(properties);
        if (!properties.has("taskSlotsPerNode")) {
            properties.put("taskSlotsPerNode", 1);
        }
        if (!properties.has("interNodeCommunication")) {
            properties.put("interNodeCommunication", "Disabled");
        }
        if (!properties.has("taskSchedulingPolicy")) {
            properties.putObject("taskSchedulingPolicy").put("nodeFillType", "Spread").put("jobDefaultOrder", "None");
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
}
