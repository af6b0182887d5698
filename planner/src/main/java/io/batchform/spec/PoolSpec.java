package io.batchform.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Batch pool ({@code pools.<key>}) with every property a user sets in the management API, plus the spec-only
 * {@code maxNodes} (a bound for quota checks) and {@code updateStrategy}. Null fields take the service's default.
 * The properties the current API added ({@link #SETTINGS}) are in {@code settings}, by their spec key, as the plain
 * JSON-like trees the schema checked: batchform passes them to Azure unchanged and reads them only to validate
 * (PoolChecks) and to resolve identity references.
 */
public record PoolSpec(String key, String name, String account, String displayName, String vmSize, Image image,
                       String nodeAgentSkuId, FixedScale fixedScale, AutoScale autoScale, Long taskSlotsPerNode,
                       String nodeFillType, String jobDefaultOrder, String subnet, PublicIpAddressConfiguration publicIPAddressConfiguration,
                       String interNodeCommunication, StartTask startTask, ContainerConfiguration containerConfiguration,
                       List<ApplicationPackageReference> applicationPackages, List<CertificateReference> certificates,
                       List<UserAccount> userAccounts, List<Mount> mountConfiguration,
                       Map<String, String> metadata, Map<String, Object> settings, Long maxNodes,
                       UpdateStrategy updateStrategy, Lifecycle lifecycle) {
    /**
     * The keys of {@link #settings()}: properties of Microsoft.Batch 2025-06-01 that go to Azure as written, kept
     * as the plain trees the schema checked (maps, lists, strings, longs, booleans).
     */
    public static final List<String> SETTINGS = List.of("identity", "targetNodeCommunicationMode", "osDisk",
            "dataDisks", "diskEncryption", "securityProfile", "nodePlacementConfiguration", "extensions",
            "windowsConfiguration", "upgradePolicy", "endpointConfiguration", "enableAcceleratedNetworking",
            "dynamicVnetAssignmentScope", "licenseType", "serviceArtifactReference", "tags");

    public PoolSpec {
        settings = Spec.sorted(settings);
        applicationPackages = List.copyOf(applicationPackages);
        certificates = List.copyOf(certificates);
        userAccounts = List.copyOf(userAccounts);
        mountConfiguration = List.copyOf(mountConfiguration);
        metadata = Spec.sorted(metadata);
    }

    public enum UpdateStrategy {
        REPLACE, DRAIN
    }

    /**
     * A marketplace image (publisher, offer, sku, version), an Azure Compute Gallery image (id), or a shared or
     * community gallery image (its unique id): exactly one of the four.
     */
    public record Image(String publisher, String offer, String sku, String version, String id,
                        String sharedGalleryImageId, String communityGalleryImageId) {
    }

    public record FixedScale(Long targetDedicatedNodes, Long targetLowPriorityNodes, Duration resizeTimeout,
                             String nodeDeallocationOption) {
    }

    /**
     * An autoscale formula: its text (read from {@code formulaFile} when given, whose path is then kept) and how
     * often it runs.
     */
    public record AutoScale(String formula, Path formulaFile, Duration evaluationInterval) {
    }

    /** Public IPs: who provides them, the user's ids, the IP families (dual stack) and the tags of Batch's IPs. */
    public record PublicIpAddressConfiguration(String provision, List<String> ipAddressIds, List<String> ipFamilies,
                                               List<IpTag> ipTags) {
        public PublicIpAddressConfiguration {
            ipAddressIds = List.copyOf(ipAddressIds);
            ipFamilies = List.copyOf(ipFamilies);
            ipTags = List.copyOf(ipTags);
        }
    }

    public record IpTag(String ipTagType, String displayName) {
    }

    /**
     * The start task; {@code containerSettings} (a container to run it in) is the plain tree the schema checked, as
     * it goes to Azure, or null.
     */
    public record StartTask(String commandLine, List<ResourceFile> resourceFiles, Map<String, String> environment,
                            UserIdentity userIdentity, Long maxTaskRetryCount, Boolean waitForSuccess,
                            Map<String, Object> containerSettings) {
        public StartTask {
            resourceFiles = List.copyOf(resourceFiles);
            environment = Spec.sorted(environment);
        }
    }

    /** A file to download; {@code identityReference} is a user-assigned identity of the pool (an ARM id). */
    public record ResourceFile(String httpUrl, String storageContainerUrl, String autoStorageContainerName,
                               String filePath, String fileMode, String identityReference) {
    }

    /** A named user of the pool, or an automatic user. */
    public record UserIdentity(String userName, AutoUser autoUser) {
    }

    public record AutoUser(String scope, String elevationLevel) {
    }

    public record ContainerConfiguration(String type, List<String> containerImageNames,
                                         List<ContainerRegistry> containerRegistries) {
        public ContainerConfiguration {
            containerImageNames = List.copyOf(containerImageNames);
            containerRegistries = List.copyOf(containerRegistries);
        }
    }

    /** A registry: a user name and password, or {@code identityReference}, a user-assigned identity of the pool. */
    public record ContainerRegistry(String registryServer, String username, Secret password, String identityReference) {
    }

    /** An application of the spec (key) or an ARM id; no version means the application's default. */
    public record ApplicationPackageReference(String application, String version) {
    }

    public record CertificateReference(String certificate, String storeLocation, String storeName,
                                       List<String> visibility) {
        public CertificateReference {
            visibility = List.copyOf(visibility);
        }
    }

    public record UserAccount(String name, Secret password, String elevationLevel,
                              LinuxUserConfiguration linuxUserConfiguration,
                              WindowsUserConfiguration windowsUserConfiguration) {
    }

    /** Windows settings of a user: its login mode (Batch or Interactive, the default). */
    public record WindowsUserConfiguration(String loginMode) {
    }

    public record LinuxUserConfiguration(Long uid, Long gid, Secret sshPrivateKey) {
    }

    /** A file system to mount: one of four kinds. */
    public sealed interface Mount {
        String relativeMountPath();
    }

    public record AzureBlobFileSystem(String accountName, String containerName, Secret accountKey, Secret sasKey,
                                      String identityResourceId, String blobfuseOptions, String relativeMountPath)
            implements Mount {
    }

    public record Nfs(String source, String relativeMountPath, String mountOptions) implements Mount {
    }

    public record Cifs(String source, String userName, Secret password, String relativeMountPath, String mountOptions)
            implements Mount {
    }

    public record AzureFileShare(String accountName, String azureFileUrl, Secret accountKey, String relativeMountPath,
                                 String mountOptions) implements Mount {
    }
}
