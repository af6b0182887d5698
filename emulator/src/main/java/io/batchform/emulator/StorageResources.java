package io.batchform.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;
import java.util.List;

/**
 * {@code Microsoft.Storage/storageAccounts}: PUT answers 202 with a Location to poll (the body comes with the final
 * poll), DELETE is synchronous (200, or 204 when absent), {@code listKeys} gives two keys.
 */
final class StorageResources {
    private static final String TYPE = "Microsoft.Storage/storageAccounts";
    private static final List<String> SKUS = List.of("Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS",
            "Premium_LRS", "Premium_ZRS", "Standard_GZRS", "Standard_RAGZRS");

    private final ArmHandler arm;
    private final ResourceStore store;

    StorageResources(ArmHandler arm, ResourceStore store) {
        this.arm = arm;
        this.store = store;
    }

    Response handle(Request request, int typeIndex) {
        if (!request.lower().get(typeIndex).equals("storageaccounts")) {
            throw new ArmError(400, "InvalidResourceType", "The resource type '" + request.segment(typeIndex)
                    + "' is not emulated in Microsoft.Storage.");
        }
        String groupId = "/subscriptions/" + request.segment(1) + "/resourceGroups/" + request.segment(3);
        if (request.size() == typeIndex + 1) {
            ArmHandler.requireMethod(request, "GET");
            return arm.list(request, store.children(groupId, TYPE));
        }
        String name = request.segment(typeIndex + 1);
        String id = groupId + "/providers/Microsoft.Storage/storageAccounts/" + name;
        if (request.size() == typeIndex + 3 && request.lower().get(typeIndex + 2).equals("listkeys")) {
            ArmHandler.requireMethod(request, "POST");
            find(id, name, request);
            ObjectNode body = ArmHandler.JSON.createObjectNode();
            var keys = body.putArray("keys");
            for (String keyName : List.of("key1", "key2")) {
                keys.addObject().put("keyName", keyName).put("value", AccessKeys.derive(id + keyName)).put("permissions", "Full");
            }
            return Response.ok(body);
        }
        if (request.size() != typeIndex + 2) {
            throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id() + "' is not supported.");
        }
        synchronized (store) {
            switch (request.method()) {
                case "GET" -> {
                    return Response.ok(find(id, name, request));
                }
                case "PUT" -> {
                    return create(request, id, name);
                }
                case "PATCH" -> {
                    ObjectNode account = find(id, name, request).deepCopy();
                    ObjectNode patch = ArmHandler.body(request);
                    if (patch.has("tags")) {
                        account.set("tags", patch.get("tags"));
                    }
                    if (patch.has("properties")) {
                        ObjectNode properties = (ObjectNode) account.get("properties");
                        patch.get("properties").fields().forEachRemaining(e -> properties.set(e.getKey(), e.getValue()));
                    }
                    store.put(account);
                    return Response.ok(account);
                }
                case "DELETE" -> {
                    return ArmHandler.deleteNow(store, id);
                }
                default -> throw ArmHandler.methodNotAllowed(request);
            }
        }
    }

    private Response create(Request request, String id, String name) {
        if (!name.matches("[a-z0-9]{3,24}")) {
            throw ArmError.badRequest("AccountNameInvalid", name + " is not a valid storage account name. Storage "
                    + "account name must be between 3 and 24 characters in length and use numbers and lower-case "
                    + "letters only.", "name");
        }
        ObjectNode body = ArmHandler.body(request);
        if (store.get(id).isPresent()) {
            ObjectNode account = store.get(id).get().deepCopy();
            if (body.has("tags")) {
                account.set("tags", body.get("tags"));
            }
            store.put(account);
            return Response.ok(account);
        }
        String location = ArmHandler.text(body, "location", "location");
        String sku = body.path("sku").path("name").asText("");
        if (!SKUS.contains(sku)) {
            throw ArmError.badRequest("InvalidValuesForRequestParameters", "Values for request parameters are invalid: "
                    + "sku.name. The SKU '" + sku + "' is not one of " + String.join(", ", SKUS) + ".", "sku.name");
        }
        ObjectNode account = ArmHandler.JSON.createObjectNode();
        account.put("id", id);
        account.put("name", name);
        account.put("type", TYPE);
        account.put("location", location);
        account.set("tags", body.has("tags") ? body.get("tags") : ArmHandler.JSON.createObjectNode());
        account.put("kind", body.path("kind").asText("StorageV2"));
        account.putObject("sku").put("name", sku).put("tier", sku.startsWith("Premium") ? "Premium" : "Standard");
        ObjectNode requested = body.path("properties").isObject() ? (ObjectNode) body.get("properties")
                : ArmHandler.JSON.createObjectNode();
        // What the emulator does not interpret is kept and returned, as the service returns what it was sent.
        ObjectNode properties = account.putObject("properties");
        properties.setAll(requested.deepCopy());
        if (body.has("extendedLocation")) {
            account.set("extendedLocation", body.get("extendedLocation"));
        }
        properties.put("provisioningState", "Creating");
        properties.put("accessTier", requested.path("accessTier").asText("Hot"));
        properties.put("allowBlobPublicAccess", requested.path("allowBlobPublicAccess").asBoolean(false));
        properties.put("minimumTlsVersion", requested.path("minimumTlsVersion").asText("TLS1_2"));
        properties.put("supportsHttpsTrafficOnly", requested.path("supportsHttpsTrafficOnly").asBoolean(true));
        properties.put("creationTime", java.time.Instant.now().toString());
        ObjectNode endpoints = properties.putObject("primaryEndpoints");
        for (String service : List.of("blob", "queue", "table", "file", "dfs")) {
            endpoints.put(service, "https://" + name + "." + service + ".core.windows.net/");
        }
        properties.put("primaryLocation", location);
        properties.put("statusOfPrimary", "available");
        store.put(account);
        return arm.operations().start(request, id, location, "Microsoft.Storage", Operations.Kind.CREATE,
                Operations.Style.LOCATION, null);
    }

    private ObjectNode find(String id, String name, Request request) {
        return store.get(id).orElseThrow(() -> ArmError.notFound(TYPE, name, request.segment(3)));
    }
}
