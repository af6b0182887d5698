package io.batchform.azure.resource;

import com.azure.resourcemanager.batch.fluent.ApplicationsClient;
import com.azure.resourcemanager.batch.fluent.models.ApplicationInner;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Batch applications: listed per account, together with their package versions when any is asked for (the
 * {@link ApplicationPackageHandler} reads through this one).
 */
final class ApplicationHandler implements ResourceHandler {
    private final AzureClients azure;

    ApplicationHandler(AzureClients azure) {
        this.azure = azure;
    }

    ApplicationsClient applications() {
        return azure.batch().serviceClient().getApplications();
    }

    @Override
    public String batchKey(String id) {
        return ArmId.parse(id).accountKey("applications");
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        ArmId arm = ArmId.parse(id);
        for (ApplicationInner app : applications().list(arm.resourceGroup(), arm.name(0))) {
            found.put(app.id(), attributes(app));
            if (types.contains(ResourceType.APPLICATION_PACKAGE)) {
                azure.batch().serviceClient().getApplicationPackages().list(arm.resourceGroup(), arm.name(0), app.name())
                        .forEach(v -> found.put(v.id(), ApplicationPackageHandler.attributes(v, app.defaultVersion())));
            }
        }
    }

    @Override
    public Attributes create(Provider.CreateRequest request) {
        ArmId id = ArmId.parse(request.id());
        applications().create(id.resourceGroup(), id.name(0), id.name(1));
        return attributes(applications().update(id.resourceGroup(), id.name(0), id.name(1), body(request.desired())));
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        ArmId id = ArmId.parse(request.id());
        return attributes(applications().update(id.resourceGroup(), id.name(0), id.name(1), body(request.desired())));
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        ArmId id = ArmId.parse(request.id());
        applications().delete(id.resourceGroup(), id.name(0), id.name(1));
    }

    private static ApplicationInner body(Attributes desired) {
        ApplicationInner body = new ApplicationInner();
        if (desired.get("displayName") != null) {
            body.withDisplayName(desired.string("displayName"));
        }
        body.withAllowUpdates(desired.get("allowUpdates") instanceof Boolean b ? b : Boolean.TRUE);
        if (desired.get("defaultVersion") != null) {
            body.withDefaultVersion(desired.string("defaultVersion"));
        }
        return body;
    }

    private static Attributes attributes(ApplicationInner app) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", app.id());
        a.put("name", app.name());
        a.put("account", app.id().replaceFirst("/applications/[^/]+/?$", ""));
        a.put("displayName", app.displayName());
        a.put("allowUpdates", app.allowUpdates());
        a.put("defaultVersion", app.defaultVersion());
        return Attributes.of(a);
    }
}
