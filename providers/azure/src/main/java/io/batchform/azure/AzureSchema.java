package io.batchform.azure;

import static io.batchform.provider.AttributeSchema.computed;
import static io.batchform.provider.AttributeSchema.emptyPool;
import static io.batchform.provider.AttributeSchema.replace;
import static io.batchform.provider.AttributeSchema.updatable;

import io.batchform.address.ResourceType;
import io.batchform.provider.Normalization;
import io.batchform.provider.ResourceSchema;
import java.util.List;
import java.util.Map;

/**
 * What the Azure provider's attributes mean for planning: what forces replacement, what changes only on an empty
 * pool (api-version 2024-07-01; the SDK used here speaks 2022-01-01, where the service refuses those changes, so
 * the planner must replace or drain), what the service computes, and how values compare.
 */
final class AzureSchema {
    private AzureSchema() {
    }

    static final Map<ResourceType, ResourceSchema> ALL = Map.of(
            ResourceType.RESOURCE_GROUP, new ResourceSchema(ResourceType.RESOURCE_GROUP, List.of(
                    replace("name"), replace("location").normalized(Normalization.REGION), updatable("tags"),
                    computed("id"))),
            ResourceType.STORAGE_ACCOUNT, new ResourceSchema(ResourceType.STORAGE_ACCOUNT, List.of(
                    replace("name"), replace("location").normalized(Normalization.REGION),
                    replace("sku").normalized(Normalization.CASE_INSENSITIVE).defaultsTo("Standard_LRS"),
                    replace("kind").defaultsTo("StorageV2"), updatable("accessTier").defaultsTo("Hot"),
                    updatable("allowBlobPublicAccess").defaultsTo(false),
                    updatable("minimumTlsVersion").defaultsTo("TLS1_2"), updatable("tags"),
                    computed("id"), computed("primaryBlobEndpoint"))),
            ResourceType.VIRTUAL_NETWORK, new ResourceSchema(ResourceType.VIRTUAL_NETWORK, List.of(
                    replace("name"), replace("location").normalized(Normalization.REGION),
                    updatable("addressSpace").normalized(Normalization.UNORDERED), updatable("tags"), computed("id"))),
            ResourceType.SUBNET, new ResourceSchema(ResourceType.SUBNET, List.of(
                    replace("name"), updatable("addressPrefix"),
                    updatable("serviceEndpoints").normalized(Normalization.UNORDERED), computed("id"))),
            ResourceType.BATCH_ACCOUNT, new ResourceSchema(ResourceType.BATCH_ACCOUNT, List.of(
                    replace("name"), replace("location").normalized(Normalization.REGION),
                    replace("poolAllocationMode").defaultsTo("BatchService"), replace("keyVaultReference"),
                    // The SDK's account PATCH (api-version 2022-01-01) cannot carry publicNetworkAccess.
                    replace("publicNetworkAccess").defaultsTo("Enabled"),
                    updatable("autoStorage.storageAccount").normalized(Normalization.CASE_INSENSITIVE),
                    updatable("autoStorage.authenticationMode").defaultsTo("StorageKeys"),
                    updatable("identity.type").defaultsTo("None"),
                    updatable("identity.userAssignedIdentities").normalized(Normalization.UNORDERED),
                    updatable("allowedAuthenticationModes").normalized(Normalization.UNORDERED)
                            .defaultsTo(List.of("SharedKey", "AAD", "TaskAuthenticationToken")), updatable("tags"),
                    computed("id"), computed("accountEndpoint"), computed("dedicatedCoreQuota"),
                    computed("lowPriorityCoreQuota"), computed("poolQuota"), computed("dedicatedCoreQuotaPerVMFamily"),
                    computed("dedicatedCoreQuotaPerVMFamilyEnforced"), computed("activeJobAndJobScheduleQuota"),
                    computed("provisioningState"))),
            ResourceType.POOL, new ResourceSchema(ResourceType.POOL, List.of(
                    replace("name"), replace("account").normalized(Normalization.CASE_INSENSITIVE),
                    emptyPool("displayName"), emptyPool("vmSize").normalized(Normalization.CASE_INSENSITIVE),
                    emptyPool("image"), emptyPool("image.version").defaultsTo("latest"), emptyPool("nodeAgentSkuId"),
                    updatable("fixedScale"), updatable("autoScale"),
                    updatable("fixedScale.targetDedicatedNodes").defaultsTo(0L),
                    updatable("fixedScale.targetLowPriorityNodes").defaultsTo(0L),
                    updatable("autoScale.evaluationInterval").normalized(Normalization.DURATION).defaultsTo("PT15M"),
                    updatable("fixedScale.resizeTimeout").normalized(Normalization.DURATION).defaultsTo("PT15M"),
                    updatable("fixedScale.nodeDeallocationOption").asWriteOnly(),
                    emptyPool("taskSlotsPerNode").defaultsTo(1L),
                    emptyPool("taskSchedulingPolicy.nodeFillType").defaultsTo("Spread"),
                    emptyPool("subnet").normalized(Normalization.CASE_INSENSITIVE),
                    emptyPool("interNodeCommunication").defaultsTo("Disabled"),
                    emptyPool("publicIPAddressConfiguration"),
                    emptyPool("publicIPAddressConfiguration.provision").defaultsTo("BatchManaged"),
                    emptyPool("publicIPAddressConfiguration.ipAddressIds").normalized(Normalization.UNORDERED),
                    updatable("startTask"), updatable("startTask.maxTaskRetryCount").defaultsTo(0L),
                    updatable("startTask.waitForSuccess").defaultsTo(true),
                    // Start-task environment values often carry tokens: kept hashed, printed as (sensitive).
                    updatable("startTask.environment").asSensitive(),
                    updatable("startTask.userIdentity.autoUser.scope").defaultsTo("Pool"),
                    updatable("startTask.userIdentity.autoUser.elevationLevel").defaultsTo("NonAdmin"),
                    updatable("metadata"),
                    updatable("applicationPackages").normalized(Normalization.UNORDERED),
                    updatable("certificates").normalized(Normalization.UNORDERED),
                    emptyPool("containerConfiguration"),
                    emptyPool("containerConfiguration.containerImageNames").normalized(Normalization.UNORDERED),
                    // Azure never returns these secrets (x-ms-secret): the planner compares them with the state.
                    emptyPool("containerConfiguration.containerRegistries.password").asSensitive().asWriteOnly(),
                    emptyPool("userAccounts"), emptyPool("userAccounts.password").asSensitive().asWriteOnly(),
                    // Defaults the service documents for list items ("If omitted, the default is ...").
                    emptyPool("userAccounts.elevationLevel").defaultsTo("NonAdmin"),
                    emptyPool("containerConfiguration.containerRegistries.registryServer").defaultsTo("docker.io"),
                    updatable("certificates.storeLocation").defaultsTo("CurrentUser"),
                    updatable("certificates.storeName").defaultsTo("My"),
                    emptyPool("userAccounts.linuxUserConfiguration.sshPrivateKey").asSensitive().asWriteOnly(),
                    emptyPool("mountConfiguration"),
                    emptyPool("mountConfiguration.azureBlobFileSystem.accountKey").asSensitive().asWriteOnly(),
                    emptyPool("mountConfiguration.azureBlobFileSystem.sasKey").asSensitive().asWriteOnly(),
                    emptyPool("mountConfiguration.cifs.password").asSensitive().asWriteOnly(),
                    emptyPool("mountConfiguration.azureFileShare.accountKey").asSensitive().asWriteOnly(),
                    computed("id"), computed("etag"), computed("allocationState"), computed("currentDedicatedNodes"),
                    computed("currentLowPriorityNodes"), computed("provisioningState"), computed("creationTime"),
                    computed("autoScaleRun"), computed("resizeErrors"))),
            ResourceType.APPLICATION, new ResourceSchema(ResourceType.APPLICATION, List.of(
                    replace("name"), replace("account").normalized(Normalization.CASE_INSENSITIVE),
                    updatable("displayName"), updatable("allowUpdates").defaultsTo(true), computed("defaultVersion"),
                    computed("id"))),
            ResourceType.APPLICATION_PACKAGE, new ResourceSchema(ResourceType.APPLICATION_PACKAGE, List.of(
                    replace("application").normalized(Normalization.CASE_INSENSITIVE), replace("version"),
                    // A new zip is uploaded again to the same version (ApplicationPackageHandler#update).
                    updatable("contentHash").asWriteOnly(), replace("format").defaultsTo("zip"), computed("file"),
                    updatable("default").defaultsTo(false),
                    computed("id"), computed("state"))),
            ResourceType.CERTIFICATE, new ResourceSchema(ResourceType.CERTIFICATE, List.of(
                    replace("name"), replace("account").normalized(Normalization.CASE_INSENSITIVE),
                    replace("data").asSensitive().asWriteOnly(), replace("password").asSensitive().asWriteOnly(),
                    replace("format").defaultsTo("Pfx"), replace("thumbprint"), replace("thumbprintAlgorithm"),
                    computed("id"), computed("provisioningState"))));
}
