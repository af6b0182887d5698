package io.batchform.azure.resource;

import com.azure.resourcemanager.batch.fluent.BatchAccountsClient;
import com.azure.resourcemanager.batch.fluent.models.BatchAccountInner;
import com.azure.resourcemanager.batch.models.AuthenticationMode;
import com.azure.resourcemanager.batch.models.AutoStorageAuthenticationMode;
import com.azure.resourcemanager.batch.models.AutoStorageBaseProperties;
import com.azure.resourcemanager.batch.models.BatchAccountCreateParameters;
import com.azure.resourcemanager.batch.models.BatchAccountIdentity;
import com.azure.resourcemanager.batch.models.BatchAccountUpdateParameters;
import com.azure.resourcemanager.batch.models.KeyVaultReference;
import com.azure.resourcemanager.batch.models.PoolAllocationMode;
import com.azure.resourcemanager.batch.models.PublicNetworkAccessType;
import com.azure.resourcemanager.batch.models.ResourceIdentityType;
import com.azure.resourcemanager.batch.models.UserAssignedIdentities;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.source.Region;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Batch accounts: listed per resource group, with their quotas; an update PATCHes only the changed groups of
 * attributes (the SDK's account PATCH cannot carry every property a create takes).
 */
final class BatchAccountHandler implements ResourceHandler {
    private final AzureClients azure;

    BatchAccountHandler(AzureClients azure) {
        this.azure = azure;
    }

    private BatchAccountsClient accounts() {
        return azure.batch().serviceClient().getBatchAccounts();
    }

    @Override
    public String batchKey(String id) {
        return ArmId.parse(id).groupKey("batchAccounts");
    }

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        accounts().listByResourceGroup(ArmId.parse(id).resourceGroup()).forEach(a -> found.put(a.id(), attributes(a)));
    }

    @Override
    public Attributes create(Provider.CreateRequest request) {
        ArmId id = ArmId.parse(request.id());
        Attributes desired = request.desired();
        BatchAccountCreateParameters body = new BatchAccountCreateParameters().withLocation(desired.string("location"))
                .withTags(Values.tags(desired));
        if (desired.get("poolAllocationMode") != null) {
            body.withPoolAllocationMode(PoolAllocationMode.fromString(desired.string("poolAllocationMode")));
        }
        if (desired.get("publicNetworkAccess") != null) {
            body.withPublicNetworkAccess(PublicNetworkAccessType.fromString(desired.string("publicNetworkAccess")));
        }
        if (desired.get("autoStorage.storageAccount") != null) {
            body.withAutoStorage(autoStorage(desired));
        }
        if (desired.get("keyVaultReference") != null) {
            body.withKeyVaultReference(new KeyVaultReference().withId(desired.string("keyVaultReference.id"))
                    .withUrl(desired.string("keyVaultReference.url")));
        }
        if (desired.get("identity") != null) {
            body.withIdentity(identity(desired));
        }
        if (desired.get("allowedAuthenticationModes") != null) {
            body.withAllowedAuthenticationModes(authenticationModes(desired));
        }
        return attributes(accounts().create(id.resourceGroup(), id.name(0), body));
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        ArmId id = ArmId.parse(request.id());
        Attributes desired = request.desired();
        Set<String> changed = request.changedPaths();
        BatchAccountUpdateParameters body = new BatchAccountUpdateParameters();
        if (changed.stream().anyMatch(p -> p.startsWith("tags"))) {
            body.withTags(Values.tags(desired));
        }
        if (changed.stream().anyMatch(p -> p.startsWith("autoStorage")) && desired.get("autoStorage.storageAccount") != null) {
            body.withAutoStorage(autoStorage(desired));
        }
        if (changed.stream().anyMatch(p -> p.startsWith("identity"))) {
            body.withIdentity(desired.get("identity") != null ? identity(desired)
                    : new BatchAccountIdentity().withType(ResourceIdentityType.NONE));
        }
        if (changed.contains("allowedAuthenticationModes")) {
            body.withAllowedAuthenticationModes(desired.get("allowedAuthenticationModes") != null
                    ? authenticationModes(desired) : List.of(AuthenticationMode.SHARED_KEY, AuthenticationMode.AAD,
                    AuthenticationMode.TASK_AUTHENTICATION_TOKEN));
        }
        return attributes(accounts().update(id.resourceGroup(), id.name(0), body));
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        ArmId id = ArmId.parse(request.id());
        accounts().delete(id.resourceGroup(), id.name(0));
    }

    @SuppressWarnings("unchecked")
    private static BatchAccountIdentity identity(Attributes desired) {
        BatchAccountIdentity identity = new BatchAccountIdentity().withType(ResourceIdentityType.fromString(
                Optional.ofNullable(desired.string("identity.type")).orElse("None")));
        if (desired.get("identity.userAssignedIdentities") instanceof List<?> ids && !ids.isEmpty()) {
            Map<String, UserAssignedIdentities> byId = new TreeMap<>();
            ((List<Object>) ids).forEach(id -> byId.put(String.valueOf(id), new UserAssignedIdentities()));
            identity.withUserAssignedIdentities(byId);
        }
        return identity;
    }

    private static List<AuthenticationMode> authenticationModes(Attributes desired) {
        return ((List<?>) desired.get("allowedAuthenticationModes")).stream()
                .map(mode -> AuthenticationMode.fromString(String.valueOf(mode))).toList();
    }

    private static AutoStorageBaseProperties autoStorage(Attributes desired) {
        AutoStorageBaseProperties auto = new AutoStorageBaseProperties()
                .withStorageAccountId(desired.string("autoStorage.storageAccount"));
        if (desired.get("autoStorage.authenticationMode") != null) {
            auto.withAuthenticationMode(AutoStorageAuthenticationMode.fromString(desired.string("autoStorage.authenticationMode")));
        }
        return auto;
    }

    private static Attributes attributes(BatchAccountInner account) {
        Map<String, Object> a = new TreeMap<>();
        a.put("id", account.id());
        a.put("name", account.name());
        a.put("location", Region.canonical(account.location()));
        a.put("poolAllocationMode", Values.text(account.poolAllocationMode()));
        a.put("publicNetworkAccess", Values.text(account.publicNetworkAccess()));
        if (account.autoStorage() != null) {
            Map<String, Object> auto = new TreeMap<>();
            auto.put("storageAccount", account.autoStorage().storageAccountId());
            auto.put("authenticationMode", Values.text(account.autoStorage().authenticationMode()));
            a.put("autoStorage", auto);
        }
        if (account.keyVaultReference() != null) {
            a.put("keyVaultReference", Map.of("id", account.keyVaultReference().id(), "url", account.keyVaultReference().url()));
        }
        if (account.identity() != null && account.identity().type() != null) {
            Map<String, Object> identity = new TreeMap<>();
            identity.put("type", account.identity().type().toString());
            if (account.identity().userAssignedIdentities() != null && !account.identity().userAssignedIdentities().isEmpty()) {
                identity.put("userAssignedIdentities", List.copyOf(new TreeSet<>(account.identity().userAssignedIdentities().keySet())));
            }
            a.put("identity", identity);
        }
        if (account.allowedAuthenticationModes() != null) {
            a.put("allowedAuthenticationModes", account.allowedAuthenticationModes().stream().map(Object::toString).toList());
        }
        a.put("tags", Values.tags(account.tags()));
        a.put("accountEndpoint", account.accountEndpoint());
        a.put("dedicatedCoreQuota", account.dedicatedCoreQuota());
        a.put("lowPriorityCoreQuota", account.lowPriorityCoreQuota());
        a.put("poolQuota", account.poolQuota());
        a.put("activeJobAndJobScheduleQuota", account.activeJobAndJobScheduleQuota());
        a.put("dedicatedCoreQuotaPerVMFamilyEnforced", account.dedicatedCoreQuotaPerVMFamilyEnforced());
        if (account.dedicatedCoreQuotaPerVMFamily() != null) {
            Map<String, Object> families = new TreeMap<>();
            account.dedicatedCoreQuotaPerVMFamily().forEach(f -> families.put(f.name(), f.coreQuota()));
            a.put("dedicatedCoreQuotaPerVMFamily", families);
        }
        a.put("provisioningState", Values.text(account.provisioningState()));
        return Attributes.of(a);
    }
}
