package io.batchform.azure.resource;

import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.source.Region;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * User-assigned managed identities (Microsoft.ManagedIdentity, api-version {@value #API_VERSION}), with JSON bodies
 * through the SDK's pipeline ({@link ArmJson}; no typed library for the namespace is in the build): listed per
 * resource group; a PUT creates one (Azure answers its clientId and principalId); tags change with a PATCH.
 */
final class UserAssignedIdentityHandler implements ResourceHandler {
    static final String API_VERSION = "2023-01-31";

    private final AzureClients azure;

    UserAssignedIdentityHandler(AzureClients azure) {
        this.azure = azure;
    }

    private ArmJson arm() {
        return azure.armJson(API_VERSION);
    }

    @Override
    public String batchKey(String id) {
        return ArmId.parse(id).groupKey("userAssignedIdentities");
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        ArmId arm = ArmId.parse(id);
        arm().list("/subscriptions/" + arm.subscription() + "/resourceGroups/" + arm.resourceGroup()
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities")
                .forEach(identity -> found.put(String.valueOf(identity.get("id")), attributes(identity)));
    }

    @Override
    public Attributes create(Provider.CreateRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("location", request.desired().string("location"));
        body.put("tags", Values.tags(request.desired()));
        return attributes(arm().send("PUT", request.id(), body));
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        return attributes(arm().send("PATCH", request.id(), Map.of("tags", Values.tags(request.desired()))));
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        arm().deleteAndWait(request.id());
    }

    private static Attributes attributes(Map<String, Object> identity) {
        Map<String, Object> properties = identity.get("properties") instanceof Map<?, ?> p
                ? new TreeMap<>(castMap(p)) : Map.of();
        Map<String, Object> a = new TreeMap<>();
        a.put("id", identity.get("id"));
        a.put("name", identity.get("name"));
        a.put("location", identity.get("location") == null ? null : Region.canonical(String.valueOf(identity.get("location"))));
        a.put("tags", identity.get("tags") instanceof Map<?, ?> tags ? tags : Map.of());
        a.put("clientId", properties.get("clientId"));
        a.put("principalId", properties.get("principalId"));
        a.put("tenantId", properties.get("tenantId"));
        return Attributes.of(a);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
