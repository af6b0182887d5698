package io.batchform.azure.resource;

import com.azure.resourcemanager.storage.fluent.StorageAccountsClient;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.AccessTier;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.MinimumTlsVersion;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.source.Region;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Storage accounts: listed per resource group; an update sends tags, access tier, public access and TLS version. */
final class StorageAccountHandler implements ResourceHandler {
    private final AzureClients azure;

    StorageAccountHandler(AzureClients azure) {
        this.azure = azure;
    }

    private StorageAccountsClient accounts() {
        return azure.storage().serviceClient().getStorageAccounts();
    }

    @Override
    public String batchKey(String id) {
        return ArmId.parse(id).groupKey("storageAccounts");
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        accounts().listByResourceGroup(ArmId.parse(id).resourceGroup()).forEach(s -> found.put(s.id(), attributes(s)));
    }

    @Override
    public Attributes create(Provider.CreateRequest request) {
        ArmId id = ArmId.parse(request.id());
        Attributes desired = request.desired();
        StorageAccountCreateParameters body = new StorageAccountCreateParameters()
                .withLocation(desired.string("location"))
                .withSku(new Sku().withName(SkuName.fromString(Optional.ofNullable(desired.string("sku")).orElse("Standard_LRS"))))
                .withKind(Kind.fromString(Optional.ofNullable(desired.string("kind")).orElse("StorageV2")))
                .withTags(Values.tags(desired));
        if (desired.get("accessTier") != null) {
            body.withAccessTier(AccessTier.fromString(desired.string("accessTier")));
        }
        if (desired.get("allowBlobPublicAccess") != null) {
            body.withAllowBlobPublicAccess((Boolean) desired.get("allowBlobPublicAccess"));
        }
        if (desired.get("minimumTlsVersion") != null) {
            body.withMinimumTlsVersion(MinimumTlsVersion.fromString(desired.string("minimumTlsVersion")));
        }
        return attributes(accounts().create(id.resourceGroup(), id.name(0), body));
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        ArmId id = ArmId.parse(request.id());
        Attributes desired = request.desired();
        return attributes(accounts().update(id.resourceGroup(), id.name(0), new StorageAccountUpdateParameters()
                .withTags(Values.tags(desired))
                .withAccessTier(AccessTier.fromString(desired.string("accessTier")))
                .withAllowBlobPublicAccess((Boolean) desired.get("allowBlobPublicAccess"))
                .withMinimumTlsVersion(MinimumTlsVersion.fromString(desired.string("minimumTlsVersion")))));
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        ArmId id = ArmId.parse(request.id());
        accounts().delete(id.resourceGroup(), id.name(0));
    }

    private static Attributes attributes(StorageAccountInner account) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", account.id());
        a.put("name", account.name());
        a.put("location", Region.canonical(account.location()));
        a.put("sku", account.sku() == null ? null : account.sku().name().toString());
        a.put("kind", Values.text(account.kind()));
        a.put("accessTier", Values.text(account.accessTier()));
        a.put("allowBlobPublicAccess", account.allowBlobPublicAccess());
        a.put("minimumTlsVersion", Values.text(account.minimumTlsVersion()));
        a.put("tags", Values.tags(account.tags()));
        if (account.primaryEndpoints() != null) {
            a.put("primaryBlobEndpoint", account.primaryEndpoints().blob());
        }
        return Attributes.of(a);
    }
}
