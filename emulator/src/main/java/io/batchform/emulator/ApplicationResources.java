package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;
import java.time.Duration;
import java.time.Instant;

/**
 * Batch applications and their package versions. Applications are synchronous (200); a version is created Pending
 * with a storage URL and activated by POST; the default version must be an activated one, and cannot be deleted.
 */
final class ApplicationResources {
    private final ArmHandler arm;
    private final ResourceStore store;
    private final ArmEmulator.Settings settings;

    ApplicationResources(ArmHandler arm, ResourceStore store, ArmEmulator.Settings settings) {
        this.arm = arm;
        this.store = store;
        this.settings = settings;
    }

    Response applications(Request request, ObjectNode account, int nameIndex) {
        String accountId = account.get("id").asText();
        if (request.size() == nameIndex) {
            ArmHandler.requireMethod(request, "GET");
            return arm.list(request, store.children(accountId, BatchResources.APPLICATION));
        }
        String appName = request.segment(nameIndex);
        String appId = accountId + "/applications/" + appName;
        if (request.size() == nameIndex + 1) {
            return application(request, account, appId, appName);
        }
        ObjectNode application = store.get(appId).orElseThrow(() -> ArmError.notFound(BatchResources.APPLICATION,
                account.get("name").asText() + "/" + appName, request.segment(3)));
        if (!request.lower().get(nameIndex + 1).equals("versions")) {
            throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id() + "' is not supported.");
        }
        if (request.size() == nameIndex + 2) {
            ArmHandler.requireMethod(request, "GET");
            return arm.list(request, store.children(appId, BatchResources.VERSION));
        }
        String version = request.segment(nameIndex + 2);
        String versionId = appId + "/versions/" + version;
        if (request.size() == nameIndex + 4 && request.lower().get(nameIndex + 3).equals("activate")) {
            ArmHandler.requireMethod(request, "POST");
            ObjectNode pkg = store.get(versionId).orElseThrow(() -> ArmError.notFound(BatchResources.VERSION, version, request.segment(3)))
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
                return Response.ok(store.get(versionId).orElseThrow(() -> ArmError.notFound(BatchResources.VERSION,
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
                pkg.put("type", BatchResources.VERSION);
                pkg.put("etag", BatchResources.etag());
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
                // Our reading: deleting the default version leaves the application without a default. Microsoft
                // documents no refusal, its API gives no way to unset defaultVersion (a string, never null), and an
                // application cannot be deleted while it has versions (Azure/BatchExplorer#831): a refusal would make
                // an application with a default impossible to delete. (This emulator refused until 2026-12-06.)
                if (version.equals(application.path("properties").path("defaultVersion").asText(null))) {
                    ObjectNode changed = application.deepCopy();
                    ((ObjectNode) changed.get("properties")).remove("defaultVersion");
                    store.put(changed);
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
                return Response.ok(store.get(id).orElseThrow(() -> ArmError.notFound(BatchResources.APPLICATION,
                        account.get("name").asText() + "/" + name, request.segment(3))));
            }
            case "PUT", "PATCH" -> {
                if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                    throw ArmError.badRequest("InvalidResourceName", "Application name '" + name + "' is invalid: 1 to"
                            + " 64 letters, digits, hyphens and underscores.", "name");
                }
                var existing = store.get(id);
                if (request.method().equals("PATCH") && existing.isEmpty()) {
                    throw ArmError.notFound(BatchResources.APPLICATION, account.get("name").asText() + "/" + name, request.segment(3));
                }
                ObjectNode app = existing.map(ObjectNode::deepCopy).orElseGet(() -> {
                    ObjectNode created = ArmHandler.JSON.createObjectNode();
                    created.put("id", id);
                    created.put("name", name);
                    created.put("type", BatchResources.APPLICATION);
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
                app.put("etag", BatchResources.etag());
                store.put(app);
                return Response.ok(app).withHeader("ETag", app.get("etag").asText());
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
}
