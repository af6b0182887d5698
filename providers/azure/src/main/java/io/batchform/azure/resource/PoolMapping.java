package io.batchform.azure.resource;

import static io.batchform.azure.resource.ServiceMaps.map;
import static io.batchform.azure.resource.ServiceMaps.unpair;

import io.batchform.provider.Attributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A pool's attributes (the spec's names, planner/RESOURCES.md) to and from the {@code properties} of Azure's pool
 * resource. Where the two differ the mapping says so in one place: the image, node agent and container settings
 * live under {@code deploymentConfiguration.virtualMachineConfiguration}, the subnet and public IPs under
 * {@code networkConfiguration}, maps of metadata and environment are lists of name/value pairs, references hold ARM
 * ids under {@code id}, and each mount kind is a {@code ...Configuration}. The tree is the JSON body of Microsoft.Batch at
 * {@value AzureClients#BATCH_API_VERSION}, as its OpenAPI names it.
 */
final class PoolMapping {
    /** Mount kinds: attribute name, ARM name. */
    private static final Map<String, String> MOUNTS = Map.of("azureBlobFileSystem", "azureBlobFileSystemConfiguration",
            "nfs", "nfsMountConfiguration", "cifs", "cifsMountConfiguration",
            "azureFileShare", "azureFileShareConfiguration");
    /** Attributes that live in {@code deploymentConfiguration.virtualMachineConfiguration}: attribute, ARM name. */
    private static final Map<String, String> VM = ordered("image", "imageReference", "nodeAgentSkuId", "nodeAgentSkuId",
            "containerConfiguration", "containerConfiguration", "osDisk", "osDisk", "dataDisks", "dataDisks",
            "diskEncryption", "diskEncryptionConfiguration", "securityProfile", "securityProfile",
            "nodePlacementConfiguration", "nodePlacementConfiguration", "extensions", "extensions",
            "windowsConfiguration", "windowsConfiguration", "licenseType", "licenseType", "serviceArtifactReference",
            "serviceArtifactReference");
    /** Attributes that live in {@code networkConfiguration}: attribute, ARM name. */
    private static final Map<String, String> NETWORK = ordered("subnet", "subnetId", "publicIPAddressConfiguration",
            "publicIPAddressConfiguration", "endpointConfiguration", "endpointConfiguration",
            "enableAcceleratedNetworking", "enableAcceleratedNetworking", "dynamicVnetAssignmentScope",
            "dynamicVnetAssignmentScope");

    private PoolMapping() {
    }

    /**
     * The ARM properties for {@code desired}: all of them for a create ({@code include} always true), or those of
     * the top-level attributes {@code include} accepts for a PATCH ({@code patch}), where a removed start task is an
     * empty object and removed references are empty lists, as the service documents.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Attributes desired, Predicate<String> include, boolean patch) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (include.test("displayName")) {
            put(p, "displayName", desired.get("displayName"));
        }
        if (include.test("vmSize")) {
            put(p, "vmSize", desired.get("vmSize"));
        }
        if (VM.keySet().stream().anyMatch(include)) {
            Map<String, Object> vm = new LinkedHashMap<>();
            Map<String, Object> image = new LinkedHashMap<>(map(desired.get("image")));
            if (image.containsKey("publisher")) { // a marketplace image; the gallery ones take no version
                image.putIfAbsent("version", "latest");
            }
            vm.put("imageReference", image);
            VM.forEach((attribute, arm) -> {
                if (!attribute.equals("image")) {
                    put(vm, arm, desired.get(attribute));
                }
            });
            p.put("deploymentConfiguration", Map.of("virtualMachineConfiguration", vm));
        }
        if (include.test("fixedScale") || include.test("autoScale")) {
            if (desired.get("autoScale") != null) {
                p.put("scaleSettings", Map.of("autoScale", desired.get("autoScale")));
            } else if (desired.get("fixedScale") != null) {
                p.put("scaleSettings", Map.of("fixedScale", desired.get("fixedScale")));
            }
        }
        if (include.test("taskSlotsPerNode")) {
            put(p, "taskSlotsPerNode", desired.get("taskSlotsPerNode"));
        }
        if (include.test("taskSchedulingPolicy")) {
            put(p, "taskSchedulingPolicy", desired.get("taskSchedulingPolicy"));
        }
        if (include.test("interNodeCommunication")) {
            put(p, "interNodeCommunication", desired.get("interNodeCommunication"));
        }
        if (NETWORK.keySet().stream().anyMatch(include)) {
            Map<String, Object> network = new LinkedHashMap<>();
            NETWORK.forEach((attribute, arm) -> put(network, arm, desired.get(attribute)));
            if (!network.isEmpty()) {
                p.put("networkConfiguration", network);
            }
        }
        for (String same : List.of("targetNodeCommunicationMode", "upgradePolicy")) {
            if (include.test(same)) {
                put(p, same, desired.get(same));
            }
        }
        if (include.test("startTask")) {
            if (desired.get("startTask") instanceof Map<?, ?> task) {
                Map<String, Object> start = new LinkedHashMap<>((Map<String, Object>) task);
                Object environment = start.remove("environment");
                if (environment instanceof Map<?, ?> variables) {
                    start.put("environmentSettings", pairs((Map<String, Object>) variables));
                }
                p.put("startTask", start);
            } else if (patch) {
                p.put("startTask", Map.of());
            }
        }
        if (include.test("metadata")) {
            List<Object> items = pairs(map(desired.get("metadata")));
            if (!items.isEmpty() || patch) {
                p.put("metadata", items);
            }
        }
        if (include.test("applicationPackages")) {
            references(p, "applicationPackages", desired.get("applicationPackages"), "application", patch);
        }
        // Pool certificates are not in 2025-06-01 (retired in 2024); the spec refuses them before a plan.
        if (include.test("userAccounts")) {
            list(p, "userAccounts", desired.get("userAccounts"), patch);
        }
        if (include.test("mountConfiguration")) {
            Object mounts = desired.get("mountConfiguration");
            list(p, "mountConfiguration", mounts instanceof List<?> l ? l.stream()
                    .map(m -> rename((Map<String, Object>) m, MOUNTS)).toList() : null, patch);
        }
        return p;
    }

    /** The attributes of a pool as Azure shows it (computed ones included), from its JSON resource. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> attributes(Map<String, Object> pool) {
        Map<String, Object> p = map(pool.get("properties"));
        Map<String, Object> a = new TreeMap<>();
        String id = String.valueOf(pool.get("id"));
        a.put("id", id);
        a.put("name", pool.get("name"));
        a.put("account", id.replaceFirst("/pools/[^/]+/?$", ""));
        put(a, "etag", pool.get("etag"));
        for (String same : List.of("displayName", "vmSize", "taskSlotsPerNode", "taskSchedulingPolicy",
                "interNodeCommunication", "userAccounts", "allocationState", "currentDedicatedNodes",
                "currentLowPriorityNodes", "provisioningState", "creationTime")) {
            put(a, same, p.get(same));
        }
        if (p.get("autoScaleRun") instanceof Map<?, ?> autoScaleRun) {
            Map<String, Object> run = new TreeMap<>();
            put(run, "evaluationTime", autoScaleRun.get("evaluationTime"));
            put(run, "results", autoScaleRun.get("results"));
            if (autoScaleRun.get("error") instanceof Map<?, ?> error) {
                put(run, "error", error.get("code") + ": " + error.get("message"));
            }
            put(a, "autoScaleRun", run);
        }
        if (map(p.get("resizeOperationStatus")).get("errors") instanceof List<?> errors) {
            put(a, "resizeErrors", errors.stream().map(e -> map(e).get("code") + ": " + map(e).get("message")).toList());
        }
        Map<String, Object> vm = map(map(p.get("deploymentConfiguration")).get("virtualMachineConfiguration"));
        VM.forEach((attribute, arm) -> put(a, attribute, vm.get(arm)));
        put(a, "targetNodeCommunicationMode", p.get("targetNodeCommunicationMode"));
        put(a, "currentNodeCommunicationMode", p.get("currentNodeCommunicationMode"));
        put(a, "upgradePolicy", p.get("upgradePolicy"));
        put(a, "identity", identity(map(pool.get("identity"))));
        put(a, "tags", pool.get("tags"));
        Map<String, Object> scale = map(p.get("scaleSettings"));
        if (scale.get("autoScale") != null) {
            a.put("autoScale", scale.get("autoScale"));
        } else {
            put(a, "fixedScale", scale.get("fixedScale"));
        }
        Map<String, Object> network = map(p.get("networkConfiguration"));
        NETWORK.forEach((attribute, arm) -> put(a, attribute, network.get(arm)));
        if (p.get("startTask") instanceof Map<?, ?> task && !task.isEmpty()) {
            Map<String, Object> start = new TreeMap<>((Map<String, Object>) task);
            Object settings = start.remove("environmentSettings");
            if (settings instanceof List<?> list && !list.isEmpty()) {
                start.put("environment", unpair(list));
            }
            a.put("startTask", start);
        }
        if (p.get("metadata") instanceof List<?> metadata && !metadata.isEmpty()) {
            a.put("metadata", unpair(metadata));
        }
        put(a, "applicationPackages", unreference(p.get("applicationPackages"), "application"));
        if (p.get("mountConfiguration") instanceof List<?> mounts && !mounts.isEmpty()) {
            Map<String, String> back = new TreeMap<>();
            MOUNTS.forEach((attribute, arm) -> back.put(arm, attribute));
            a.put("mountConfiguration", mounts.stream()
                    .map(m -> rename((Map<String, Object>) m, back)).toList());
        }
        return a;
    }

    /**
     * The pool's {@code identity} for a request: its type and user-assigned identities (ARM wants them as the keys of
     * a map), or type None to remove them ({@code identity} absent).
     */
    static Map<String, Object> identityBody(Object identity) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> wanted = map(identity);
        body.put("type", wanted.getOrDefault("type", "None"));
        if (wanted.get("userAssignedIdentities") instanceof List<?> ids && !ids.isEmpty()) {
            Map<String, Object> byId = new TreeMap<>();
            ids.forEach(id -> byId.put(String.valueOf(id), Map.of()));
            body.put("userAssignedIdentities", byId);
        }
        return body;
    }

    /** A pool's identity as the attribute keeps it (ids sorted, clientId and principalId left out), or null. */
    private static Map<String, Object> identity(Map<String, Object> identity) {
        if (identity.get("type") == null || "None".equals(identity.get("type"))) {
            return null;
        }
        Map<String, Object> out = new TreeMap<>();
        out.put("type", identity.get("type"));
        if (identity.get("userAssignedIdentities") instanceof Map<?, ?> ids && !ids.isEmpty()) {
            out.put("userAssignedIdentities", ids.keySet().stream().map(String::valueOf).sorted().toList());
        }
        return out;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null && !(value instanceof Map<?, ?> m && m.isEmpty()) && !(value instanceof List<?> l && l.isEmpty())) {
            map.put(key, value);
        }
    }

    private static List<Object> pairs(Map<String, Object> values) {
        List<Object> out = new ArrayList<>();
        values.forEach((name, value) -> out.add(Map.of("name", name, "value", String.valueOf(value))));
        return out;
    }


    /** A list of references whose target attribute ({@code application}) is the ARM {@code id}. */
    @SuppressWarnings("unchecked")
    private static void references(Map<String, Object> p, String key, Object value, String target, boolean patch) {
        list(p, key, value instanceof List<?> l ? l.stream()
                .map(r -> rename((Map<String, Object>) r, Map.of(target, "id"))).toList() : null, patch);
    }

    private static Object unreference(Object value, String target) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        return list.stream().map(r -> rename(map(r), Map.of("id", target))).toList();
    }

    private static void list(Map<String, Object> p, String key, Object value, boolean patch) {
        if (value instanceof List<?> l && !l.isEmpty()) {
            p.put(key, value);
        } else if (patch) {
            p.put(key, List.of()); // every item removed: an empty list says so
        }
    }

    private static Map<String, Object> rename(Map<String, Object> map, Map<String, String> names) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, value) -> out.put(names.getOrDefault(key, key), value));
        return out;
    }
}
