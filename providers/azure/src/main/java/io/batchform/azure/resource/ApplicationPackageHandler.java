package io.batchform.azure.resource;

import com.azure.resourcemanager.batch.fluent.ApplicationPackagesClient;
import com.azure.resourcemanager.batch.fluent.models.ApplicationInner;
import com.azure.resourcemanager.batch.fluent.models.ApplicationPackageInner;
import com.azure.resourcemanager.batch.models.ActivateApplicationPackageParameters;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Application package versions: read with their application; created, uploaded and activated. Two changes are made
 * in place: becoming the application's default version, and a new zip for the same version, which is uploaded again
 * to that version (Azure allows it while the application's {@code allowUpdates} is true, its default). Replacing the
 * version instead would delete it first: pools and tasks that name it by its version would lose it in between.
 */
final class ApplicationPackageHandler implements ResourceHandler {
    private final AzureClients azure;
    private final ApplicationHandler applications;

    ApplicationPackageHandler(AzureClients azure, ApplicationHandler applications) {
        this.azure = azure;
        this.applications = applications;
    }

    private ApplicationPackagesClient packages() {
        return azure.batch().serviceClient().getApplicationPackages();
    }

    @Override
    public String batchKey(String id) {
        return applications.batchKey(id);
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        applications.read(id, types, found);
    }

    /**
     * A package version: created (Azure answers with a storage URL), its zip uploaded there, then activated.
     * batchform's emulator has no blob service, so against it the upload is skipped and the version activated as is.
     */
    @Override
    public Attributes create(Provider.CreateRequest request) {
        ArmId id = ArmId.parse(request.id());
        Attributes desired = request.desired();
        String rg = id.resourceGroup();
        ApplicationPackageInner active = upload(id, desired);
        if (Boolean.TRUE.equals(desired.get("default"))) {
            applications.applications().update(rg, id.name(0), id.name(1), new ApplicationInner().withDefaultVersion(id.name(2)));
        }
        Attributes read = attributes(active, Boolean.TRUE.equals(desired.get("default")) ? id.name(2) : null);
        // Azure cannot report what was uploaded: the content hash is kept from the desired state.
        return desired.get("contentHash") == null ? read : read.with("contentHash", desired.get("contentHash"));
    }

    /**
     * Makes a package version its application's default (the only change a version takes in place). Azure cannot
     * unset a default, only move it to another version.
     */
    @Override
    public Attributes update(Provider.UpdateRequest request) {
        ArmId id = ArmId.parse(request.id());
        if (request.changedPaths().contains("contentHash")) {
            // A new zip for the same version: uploaded again in place, the default stays where it is.
            if (!Boolean.TRUE.equals(applications.applications().get(id.resourceGroup(), id.name(0), id.name(1))
                    .allowUpdates())) {
                throw new ResourceFailure("ApplicationPackageUpdatesNotAllowed", "the application does not allow "
                        + "updates (allowUpdates: false): a new zip cannot replace version " + id.name(2)
                        + "; give it a new version, or set allowUpdates: true");
            }
            upload(id, request.desired());
        }
        String current = applications.applications().get(id.resourceGroup(), id.name(0), id.name(1)).defaultVersion();
        if (Boolean.TRUE.equals(request.desired().get("default"))) {
            applications.applications().update(id.resourceGroup(), id.name(0), id.name(1),
                    new ApplicationInner().withDefaultVersion(id.name(2)));
            current = id.name(2);
        } else if (id.name(2).equals(current)) {
            throw new ResourceFailure("DefaultVersionCannotBeUnset", "Azure cannot unset an application's default "
                    + "version, only move it: set defaultVersion to another version of the application");
        }
        Attributes read = attributes(packages().get(id.resourceGroup(), id.name(0), id.name(1), id.name(2)), current);
        Object hash = request.desired().get("contentHash");
        return hash == null ? read : read.with("contentHash", hash);
    }

    /**
     * Creates the version (or, for one that exists, asks for a new upload URL), uploads its zip there and activates
     * it. batchform's emulator has no blob service, so against it the upload is skipped.
     */
    private ApplicationPackageInner upload(ArmId id, Attributes desired) {
        String rg = id.resourceGroup();
        ApplicationPackageInner created = packages().create(rg, id.name(0), id.name(1), id.name(2));
        String file = desired.string("file");
        if (file != null && !azure.emulator()) {
            PackageUpload.put(Path.of(file), created.storageUrl());
        }
        return packages().activate(rg, id.name(0), id.name(1), id.name(2), new ActivateApplicationPackageParameters()
                .withFormat(Optional.ofNullable(desired.string("format")).orElse("zip")));
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        ArmId id = ArmId.parse(request.id());
        packages().delete(id.resourceGroup(), id.name(0), id.name(1), id.name(2));
    }

    static Attributes attributes(ApplicationPackageInner pkg, String defaultVersion) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", pkg.id());
        a.put("version", pkg.name());
        a.put("application", pkg.id().replaceFirst("/versions/[^/]+/?$", ""));
        a.put("format", pkg.format());
        a.put("state", Values.text(pkg.state()));
        a.put("default", pkg.name().equals(defaultVersion));
        return Attributes.of(a);
    }
}
