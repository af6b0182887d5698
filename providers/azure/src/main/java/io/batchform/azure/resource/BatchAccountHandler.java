package io.batchform.azure.resource;

import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.source.Region;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Batch accounts, at {@value AzureClients#BATCH_API_VERSION} with JSON bodies ({@link ArmJson}): listed per resource
 * group, with their quotas; a create is a long-running PUT; an update PATCHes only the changed groups of attributes
 * (the account PATCH takes tags, identity, autoStorage, allowedAuthenticationModes, publicNetworkAccess,
 * networkProfile and encryption).
 */
final class BatchAccountHandler implements ResourceHandler {
    /** What Azure allows when {@code allowedAuthenticationModes} is not given. */
    private static final List<String> ALL_AUTHENTICATION_MODES = List.of("SharedKey", "AAD", "TaskAuthenticationToken");

    private final AzureClients azure;

    BatchAccountHandler(AzureClients azure) {
        this.azure = azure;
    }

    @Override
    public String batchKey(String id) {
        return ArmId.parse(id).groupKey("batchAccounts");
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        ArmId arm = ArmId.parse(id);
        azure.batchJson().list("/subscriptions/" + arm.subscription() + "/resourceGroups/" + arm.resourceGroup()
                + "/providers/Microsoft.Batch/batchAccounts").forEach(a -> found.put(String.valueOf(a.get("id")),
                attributes(a)));
    }

    @Override
    public Attributes create(Provider.CreateRequest request) {
        Attributes desired = request.desired();
        Map<String, Object> properties = new LinkedHashMap<>();
        put(properties, "poolAllocationMode", desired.get("poolAllocationMode"));
        put(properties, "publicNetworkAccess", desired.get("publicNetworkAccess"));
        if (desired.get("autoStorage.storageAccount") != null) {
            properties.put("autoStorage", autoStorage(desired));
        }
        put(properties, "keyVaultReference", desired.get("keyVaultReference"));
        put(properties, "allowedAuthenticationModes", desired.get("allowedAuthenticationModes"));
        put(properties, "networkProfile", desired.get("networkProfile"));
        put(properties, "encryption", desired.get("encryption"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("location", desired.string("location"));
        body.put("tags", Values.tags(desired));
        if (desired.get("identity") != null) {
            body.put("identity", identity(desired));
        }
        body.put("properties", properties);
        return attributes(azure.batchJson().putAndWait(request.id(), body));
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        Attributes desired = request.desired();
        Set<String> changed = request.changedPaths();
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> properties = new LinkedHashMap<>();
        if (changed.stream().anyMatch(p -> p.startsWith("tags"))) {
            body.put("tags", Values.tags(desired));
        }
        if (changed.stream().anyMatch(p -> p.startsWith("identity"))) {
            body.put("identity", desired.get("identity") != null ? identity(desired) : Map.of("type", "None"));
        }
        if (changed.stream().anyMatch(p -> p.startsWith("autoStorage")) && desired.get("autoStorage.storageAccount") != null) {
            properties.put("autoStorage", autoStorage(desired));
        }
        if (changed.contains("allowedAuthenticationModes")) {
            properties.put("allowedAuthenticationModes", desired.get("allowedAuthenticationModes") != null
                    ? desired.get("allowedAuthenticationModes") : ALL_AUTHENTICATION_MODES);
        }
        if (changed.contains("publicNetworkAccess")) {
            properties.put("publicNetworkAccess", desired.get("publicNetworkAccess") != null
                    ? desired.get("publicNetworkAccess") : "Enabled");
        }
        if (changed.stream().anyMatch(p -> p.startsWith("encryption"))) {
            properties.put("encryption", desired.get("encryption") != null ? desired.get("encryption")
                    : Map.of("keySource", "Microsoft.Batch"));
        }
        if (changed.stream().anyMatch(p -> p.startsWith("networkProfile"))) {
            // An empty profile removes the rules: the service then applies its defaults (no rules).
            properties.put("networkProfile", desired.get("networkProfile") != null ? desired.get("networkProfile")
                    : Map.of());
        }
        body.put("properties", properties);
        return attributes(azure.batchJson().send("PATCH", request.id(), body));
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        azure.batchJson().deleteAndWait(request.id());
    }

    private static Map<String, Object> identity(Attributes desired) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("type", desired.get("identity.type") != null ? desired.string("identity.type") : "None");
        if (desired.get("identity.userAssignedIdentities") instanceof List<?> ids && !ids.isEmpty()) {
            Map<String, Object> byId = new TreeMap<>();
            ids.forEach(id -> byId.put(String.valueOf(id), Map.of()));
            identity.put("userAssignedIdentities", byId);
        }
        return identity;
    }

    private static Map<String, Object> autoStorage(Attributes desired) {
        Map<String, Object> auto = new LinkedHashMap<>();
        auto.put("storageAccountId", desired.string("autoStorage.storageAccount"));
        put(auto, "authenticationMode", desired.get("autoStorage.authenticationMode"));
        put(auto, "nodeIdentityReference", desired.get("autoStorage.nodeIdentityReference"));
        return auto;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Map<String, Object> map(Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return map;
    }

    /** The attributes of an account's JSON resource. */
    private static Attributes attributes(Map<String, Object> account) {
        Map<String, Object> p = map(account.get("properties"));
        Map<String, Object> a = new TreeMap<>();
        a.put("id", account.get("id"));
        a.put("name", account.get("name"));
        a.put("location", account.get("location") == null ? null : Region.canonical(String.valueOf(account.get("location"))));
        a.put("poolAllocationMode", p.get("poolAllocationMode"));
        a.put("publicNetworkAccess", p.get("publicNetworkAccess"));
        if (p.get("autoStorage") instanceof Map<?, ?> storage) {
            Map<String, Object> auto = new TreeMap<>();
            auto.put("storageAccount", storage.get("storageAccountId"));
            auto.put("authenticationMode", storage.get("authenticationMode"));
            if (storage.get("nodeIdentityReference") != null) {
                auto.put("nodeIdentityReference", storage.get("nodeIdentityReference"));
            }
            a.put("autoStorage", auto);
        }
        if (p.get("keyVaultReference") instanceof Map<?, ?> vault) {
            a.put("keyVaultReference", Map.of("id", vault.get("id"), "url", vault.get("url")));
        }
        Map<String, Object> identity = map(account.get("identity"));
        if (identity.get("type") != null) {
            Map<String, Object> shown = new TreeMap<>();
            shown.put("type", identity.get("type"));
            if (identity.get("userAssignedIdentities") instanceof Map<?, ?> ids && !ids.isEmpty()) {
                shown.put("userAssignedIdentities", ids.keySet().stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.toCollection(TreeSet::new)).stream().toList());
            }
            a.put("identity", shown);
        }
        if (p.get("allowedAuthenticationModes") instanceof List<?> modes) {
            a.put("allowedAuthenticationModes", modes);
        }
        if (p.get("networkProfile") instanceof Map<?, ?> profile && !profile.isEmpty()) {
            a.put("networkProfile", profile);
        }
        if (p.get("encryption") instanceof Map<?, ?> encryption && !encryption.isEmpty()) {
            a.put("encryption", encryption);
        }
        a.put("tags", account.get("tags") instanceof Map<?, ?> tags ? tags : Map.of());
        for (String computed : List.of("accountEndpoint", "dedicatedCoreQuota", "lowPriorityCoreQuota", "poolQuota",
                "activeJobAndJobScheduleQuota", "dedicatedCoreQuotaPerVMFamilyEnforced", "provisioningState")) {
            a.put(computed, p.get(computed));
        }
        if (p.get("dedicatedCoreQuotaPerVMFamily") instanceof List<?> families) {
            Map<String, Object> byFamily = new TreeMap<>();
            families.forEach(f -> byFamily.put(String.valueOf(map(f).get("name")), map(f).get("coreQuota")));
            a.put("dedicatedCoreQuotaPerVMFamily", byFamily);
        }
        return Attributes.of(a);
    }
}
