package io.batchform.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;

/**
 * {@code Microsoft.ManagedIdentity/userAssignedIdentities}: PUT is synchronous (201, then 200 for an existing one)
 * and answers the identity's clientId, principalId and tenantId, the same ones a pool shows for it
 * ({@link PoolSettings#uuid}); PATCH changes tags; DELETE is synchronous.
 */
final class IdentityResources {
    static final String TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
    private static final String TENANT = "00000000-0000-0000-0000-000000000000";

    private final ArmHandler arm;
    private final ResourceStore store;

    IdentityResources(ArmHandler arm, ResourceStore store) {
        this.arm = arm;
        this.store = store;
    }

    Response handle(Request request, int typeIndex) {
        if (!request.lower().get(typeIndex).equals("userassignedidentities")) {
            throw new ArmError(400, "InvalidResourceType", "The resource type '" + request.segment(typeIndex)
                    + "' is not emulated in Microsoft.ManagedIdentity.");
        }
        String groupId = "/subscriptions/" + request.segment(1) + "/resourceGroups/" + request.segment(3);
        if (request.size() == typeIndex + 1) {
            ArmHandler.requireMethod(request, "GET");
            return arm.list(request, store.children(groupId, TYPE));
        }
        if (request.size() != typeIndex + 2) {
            throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id() + "' is not supported.");
        }
        String name = request.segment(typeIndex + 1);
        String id = groupId + "/providers/" + TYPE + "/" + name;
        synchronized (store) {
            switch (request.method()) {
                case "GET" -> {
                    return Response.ok(find(id, name, request));
                }
                case "PUT" -> {
                    return put(request, id, name);
                }
                case "PATCH" -> {
                    ObjectNode identity = find(id, name, request).deepCopy();
                    ObjectNode patch = ArmHandler.body(request);
                    if (patch.has("tags")) {
                        identity.set("tags", patch.get("tags"));
                    }
                    store.put(identity);
                    return Response.ok(identity);
                }
                case "DELETE" -> {
                    return ArmHandler.deleteNow(store, id);
                }
                default -> throw ArmHandler.methodNotAllowed(request);
            }
        }
    }

    private Response put(Request request, String id, String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{2,127}")) {
            throw ArmError.badRequest("InvalidResourceName", "The identity name '" + name + "' is invalid: 3 to 128 "
                    + "letters, digits, hyphens and underscores, starting with a letter or digit.", "name");
        }
        ObjectNode body = ArmHandler.body(request);
        boolean existed = store.get(id).isPresent();
        ObjectNode identity = ArmHandler.JSON.createObjectNode();
        identity.put("id", id);
        identity.put("name", name);
        identity.put("type", TYPE);
        identity.put("location", ArmHandler.text(body, "location", "location"));
        identity.set("tags", body.has("tags") ? body.get("tags") : ArmHandler.JSON.createObjectNode());
        ObjectNode properties = identity.putObject("properties");
        properties.put("tenantId", TENANT);
        properties.put("principalId", PoolSettings.uuid("principal", id));
        properties.put("clientId", PoolSettings.uuid("client", id));
        store.put(identity);
        return Response.of(existed ? 200 : 201, identity);
    }

    private ObjectNode find(String id, String name, Request request) {
        return store.get(id).orElseThrow(() -> ArmError.notFound(TYPE, name, request.segment(3)));
    }
}
