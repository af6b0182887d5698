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
 * pool (pools and accounts are written at api-version 2025-06-01, where those changes are accepted on a pool with no
 * nodes, so the planner drains or replaces), what the service computes, and how values compare.
 */
final class AzureSchema {
    private AzureSchema() {
    }

    /**
     * Job schedules (the Batch data plane; planner/RESOURCES.md, "jobSchedule"): what the service cannot change
     * (the name, the account, the display name) forces replacement; the schedules, the job specification and the
     * metadata are updated in place; the defaults are those the service fills in (and the emulator with it), so an
     * unset value equals the one read back. {@code authentication} is how batchform signs its calls: never read.
     */
    private static final ResourceSchema JOB_SCHEDULE = new ResourceSchema(ResourceType.JOB_SCHEDULE, List.of(
            replace("name"), replace("account").normalized(Normalization.CASE_INSENSITIVE), replace("displayName"),
            updatable("cron"), updatable("timeZone").defaultsTo("UTC"),
            updatable("schedules").normalized(Normalization.SCHEDULES),
            updatable("pool").normalized(Normalization.CASE_INSENSITIVE), updatable("autoPool"),
            updatable("autoPool.keepAlive").defaultsTo(false),
            updatable("autoPool.pool.image.version").defaultsTo("latest"),
            updatable("autoPool.pool.vmSize").normalized(Normalization.CASE_INSENSITIVE),
            updatable("autoPool.pool.autoScale.evaluationInterval").normalized(Normalization.DURATION)
                    .defaultsTo("PT15M"),
            updatable("autoPool.pool.startTask.environment").asSensitive(),
            updatable("priority").defaultsTo(0L),
            updatable("constraints"), updatable("constraints.maxWallClockTime").normalized(Normalization.DURATION),
            updatable("constraints.maxTaskRetryCount").defaultsTo(0L),
            updatable("jobManagerTask"), updatable("jobManagerTask.id").defaultsTo("jobmanager"),
            updatable("jobManagerTask.environment").asSensitive(),
            updatable("jobManagerTask.requiredSlots").defaultsTo(1L),
            updatable("jobManagerTask.killJobOnCompletion").defaultsTo(true),
            updatable("jobManagerTask.runExclusive").defaultsTo(true),
            updatable("jobManagerTask.allowLowPriorityNode").defaultsTo(true),
            updatable("jobManagerTask.constraints.maxWallClockTime").normalized(Normalization.DURATION),
            updatable("jobManagerTask.constraints.retentionTime").normalized(Normalization.DURATION).defaultsTo("P7D"),
            updatable("jobManagerTask.constraints.maxTaskRetryCount").defaultsTo(0L),
            updatable("jobPreparationTask"), updatable("jobPreparationTask.id").defaultsTo("jobpreparation"),
            updatable("jobPreparationTask.environment").asSensitive(),
            updatable("jobPreparationTask.waitForSuccess").defaultsTo(true),
            updatable("jobPreparationTask.rerunOnNodeRebootAfterSuccess").defaultsTo(true),
            updatable("jobPreparationTask.constraints.maxWallClockTime").normalized(Normalization.DURATION),
            updatable("jobPreparationTask.constraints.retentionTime").normalized(Normalization.DURATION)
                    .defaultsTo("P7D"),
            updatable("jobPreparationTask.constraints.maxTaskRetryCount").defaultsTo(0L),
            updatable("jobReleaseTask"), updatable("jobReleaseTask.id").defaultsTo("jobrelease"),
            updatable("jobReleaseTask.environment").asSensitive(),
            updatable("jobReleaseTask.maxWallClockTime").normalized(Normalization.DURATION).defaultsTo("PT15M"),
            updatable("jobReleaseTask.retentionTime").normalized(Normalization.DURATION).defaultsTo("P7D"),
            updatable("commonEnvironment").asSensitive(),
            updatable("onAllTasksComplete").defaultsTo("noaction"), updatable("onTaskFailure").defaultsTo("noaction"),
            updatable("usesTaskDependencies").defaultsTo(false), updatable("allowTaskPreemption").defaultsTo(false),
            updatable("maxParallelTasks").defaultsTo(-1L), updatable("jobMetadata"), updatable("metadata"),
            updatable("authentication").asWriteOnly(),
            computed("id"), computed("state"), computed("nextRunTime"), computed("activeJobs"),
            computed("creationTime"), computed("etag")));

    static final Map<ResourceType, ResourceSchema> ALL = withJobSchedules(Map.of(
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
            ResourceType.USER_ASSIGNED_IDENTITY, new ResourceSchema(ResourceType.USER_ASSIGNED_IDENTITY, List.of(
                    replace("name"), replace("location").normalized(Normalization.REGION), updatable("tags"),
                    computed("id"), computed("clientId"), computed("principalId"), computed("tenantId"))),
            ResourceType.BATCH_ACCOUNT, new ResourceSchema(ResourceType.BATCH_ACCOUNT, List.of(
                    replace("name"), replace("location").normalized(Normalization.REGION),
                    replace("poolAllocationMode").defaultsTo("BatchService"), replace("keyVaultReference"),
                    // The account PATCH of 2025-06-01 takes publicNetworkAccess and networkProfile.
                    updatable("publicNetworkAccess").defaultsTo("Enabled"), updatable("networkProfile"),
                    updatable("networkProfile.accountAccess.ipRules").normalized(Normalization.UNORDERED),
                    updatable("networkProfile.nodeManagementAccess.ipRules").normalized(Normalization.UNORDERED),
                    updatable("autoStorage.storageAccount").normalized(Normalization.CASE_INSENSITIVE),
                    updatable("autoStorage.authenticationMode").defaultsTo("StorageKeys"),
                    updatable("autoStorage.nodeIdentityReference"), updatable("encryption"),
                    updatable("encryption.keySource").defaultsTo("Microsoft.Batch"),
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
                    emptyPool("taskSchedulingPolicy.jobDefaultOrder").defaultsTo("None"),
                    emptyPool("subnet").normalized(Normalization.CASE_INSENSITIVE),
                    emptyPool("interNodeCommunication").defaultsTo("Disabled"),
                    emptyPool("publicIPAddressConfiguration"),
                    emptyPool("publicIPAddressConfiguration.provision").defaultsTo("BatchManaged"),
                    emptyPool("publicIPAddressConfiguration.ipAddressIds").normalized(Normalization.UNORDERED),
                    emptyPool("publicIPAddressConfiguration.ipFamilies").normalized(Normalization.UNORDERED),
                    updatable("startTask"), updatable("startTask.maxTaskRetryCount").defaultsTo(0L),
                    updatable("startTask.waitForSuccess").defaultsTo(true),
                    // Start-task environment values often carry tokens: kept hashed, printed as (sensitive).
                    updatable("startTask.environment").asSensitive(),
                    updatable("startTask.userIdentity.autoUser.scope").defaultsTo("Pool"),
                    updatable("startTask.userIdentity.autoUser.elevationLevel").defaultsTo("NonAdmin"),
                    updatable("startTask.containerSettings.workingDirectory").defaultsTo("TaskWorkingDirectory"),
                    // x-ms-secret, like the pool's registries' passwords.
                    updatable("startTask.containerSettings.registry.password").asSensitive().asWriteOnly(),
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
                    emptyPool("userAccounts.windowsUserConfiguration.loginMode").defaultsTo("Interactive"),
                    emptyPool("containerConfiguration.containerRegistries.registryServer").defaultsTo("docker.io"),
                    updatable("certificates.storeLocation").defaultsTo("CurrentUser"),
                    updatable("certificates.storeName").defaultsTo("My"),
                    emptyPool("userAccounts.linuxUserConfiguration.sshPrivateKey").asSensitive().asWriteOnly(),
                    emptyPool("mountConfiguration"),
                    emptyPool("mountConfiguration.azureBlobFileSystem.accountKey").asSensitive().asWriteOnly(),
                    emptyPool("mountConfiguration.azureBlobFileSystem.sasKey").asSensitive().asWriteOnly(),
                    emptyPool("mountConfiguration.cifs.password").asSensitive().asWriteOnly(),
                    emptyPool("mountConfiguration.azureFileShare.accountKey").asSensitive().asWriteOnly(),
                    // Microsoft.Batch 2025-06-01 (docs/pool-updates.md): a new identity reaches only nodes made
                    // after the pool shrinks to zero, but the service takes the change on a pool with nodes.
                    updatable("identity"), updatable("identity.userAssignedIdentities").normalized(Normalization.UNORDERED),
                    updatable("targetNodeCommunicationMode").defaultsTo("Default"),
                    emptyPool("osDisk"), emptyPool("dataDisks"), emptyPool("dataDisks.caching").defaultsTo("None"),
                    emptyPool("dataDisks.storageAccountType").defaultsTo("Standard_LRS"),
                    emptyPool("diskEncryption"), emptyPool("diskEncryption.targets").normalized(Normalization.UNORDERED),
                    emptyPool("securityProfile"), emptyPool("nodePlacementConfiguration"),
                    emptyPool("securityProfile.proxyAgentSettings.enabled").defaultsTo(false),
                    emptyPool("nodePlacementConfiguration.policy").defaultsTo("Regional"),
                    emptyPool("extensions"),
                    // x-ms-secret: Azure never returns an extension's protected settings.
                    emptyPool("extensions.protectedSettings").asSensitive().asWriteOnly(),
                    emptyPool("windowsConfiguration"),
                    emptyPool("windowsConfiguration.enableAutomaticUpdates").defaultsTo(true),
                    emptyPool("upgradePolicy"), emptyPool("endpointConfiguration"),
                    emptyPool("enableAcceleratedNetworking").defaultsTo(false),
                    emptyPool("dynamicVnetAssignmentScope").defaultsTo("none"),
                    emptyPool("licenseType"), emptyPool("serviceArtifactReference"), updatable("tags"),
                    computed("currentNodeCommunicationMode"),
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
                    computed("id"), computed("provisioningState")))));

    private static Map<ResourceType, ResourceSchema> withJobSchedules(Map<ResourceType, ResourceSchema> arm) {
        Map<ResourceType, ResourceSchema> all = new java.util.EnumMap<>(arm);
        all.put(ResourceType.JOB_SCHEDULE, JOB_SCHEDULE);
        return Map.copyOf(all);
    }
}
