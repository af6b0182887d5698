package io.batchform.spec.schema;

import io.batchform.spec.rules.ServiceRules;
import io.batchform.spec.schema.Shape.Bool;
import io.batchform.spec.schema.Shape.Dict;
import io.batchform.spec.schema.Shape.Field;
import io.batchform.spec.schema.Shape.Int;
import io.batchform.spec.schema.Shape.ListOf;
import io.batchform.spec.schema.Shape.Obj;
import io.batchform.spec.schema.Shape.Retired;
import io.batchform.spec.schema.Shape.Str;
import io.batchform.spec.schema.Shape.StrOrObj;
import io.batchform.spec.schema.Shape.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The spec's keys and value shapes, written once (names as in RESOURCES.md). Semantic rules (names, references,
 * CIDRs, durations, formulas) live in the validator; this is what the YAML must look like.
 */
public final class SpecSchema {
    /** ISO-8601 ({@code PT15M}) or friendly ({@code 15m}, {@code 1h30m}) durations. */
    public static final String DURATION_PATTERN =
            "^(P(?!$)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?|(\\d+[dhms])+)$";

    public static final Obj ROOT = root();

    private SpecSchema() {
    }

    private static Obj root() {
        return obj("A batchform spec: the Azure Batch resources one environment needs.",
                opt("subscription", str("The Azure subscription id used in resource ids (else AZURE_SUBSCRIPTION_ID, "
                        + "else the emulator's all-zero subscription).")),
                opt("variables", new Dict("Variables: name to default value (empty: must be set with --var). "
                        + "Use them as ${var.NAME}; ${env.NAME} reads the environment.",
                        new Text("The default value.", true))),
                opt("resourceGroup", new StrOrObj(str("The resource group's name."), obj("The resource group.",
                        req("name", str("The resource group's name (1-90 characters).")),
                        opt("tags", tags()), opt("protect", protect()), opt("ignoreChanges", ignoreChanges())))),
                opt("location", str("The Azure region of every resource that does not set its own, e.g. westeurope.")),
                opt("storageAccounts", new Dict("Storage accounts by key.", storageAccount())),
                opt("virtualNetworks", new Dict("Virtual networks by key.", virtualNetwork())),
                opt("userAssignedIdentities", new Dict("User-assigned managed identities by key: pools name them in "
                        + "identity and identityReference.", resource("A user-assigned managed identity "
                        + "(Microsoft.ManagedIdentity).",
                        opt("name", str("The identity's name (default: the key): 3 to 128 letters, digits, hyphens "
                                + "and underscores.")),
                        opt("location", str("Region (default: the spec's location).")),
                        opt("tags", tags())))),
                opt("batchAccounts", new Dict("Batch accounts by key.", batchAccount())),
                opt("pools", new Dict("Batch pools by key.", pool())),
                opt("certificates", new Dict("Batch account certificates by key (retired by Azure on 2024-02-29).",
                        certificate())),
                opt("applications", new Dict("Batch applications by key.", application())),
                opt("jobSchedules", new Dict("Batch job schedules by key: recurring jobs on a pool, from a cron or the "
                        + "service's own interval.", JobScheduleSchema.jobSchedule())),
                opt("failover", failover()),
                opt("outputs", new Dict("Outputs: values computed from resources' attributes, recorded in the state "
                        + "by apply and read with batchform output NAME.", obj("One output.",
                        req("value", new Text("The value: text with ${ADDRESS.ATTRIBUTE} references, e.g. "
                                + "${batchAccount.main.accountEndpoint} or ${pool.render.id}.", false)),
                        opt("description", str("What the output is for.")),
                        opt("sensitive", new Bool("Mask the value wherever it is shown, except batchform output "
                                + "NAME --raw (default false)."))))),
                opt("moved", new ListOf("Resources whose key changed: the state's resource at from is now the one at "
                        + "to, re-keyed without being touched.", obj("One re-keyed resource.",
                        req("from", str("The old address, as the state has it, e.g. pool.old.")),
                        req("to", str("The new address, declared in this spec, e.g. pool.new."))))));
    }

    private static Obj failover() {
        Str mode = oneOf("How standby pools wait: cold (no nodes), warm (warmNodes dedicated nodes, autoscale off) or "
                + "active-active (every region serves its weight of the work).", "cold", "warm", "active-active");
        return obj("Multi-region failover: the storage accounts, networks, Batch accounts and pools are kept in every "
                        + "region; the active one runs the pools as defined, the others wait as their mode says. "
                        + "batchform failover plan|apply --to REGION switches.",
                req("primary", str("The region active at first, e.g. westeurope.")),
                req("secondary", str("The region to switch to, e.g. northeurope.")),
                opt("more", new ListOf("Further regions kept in standby too.", str("A region."))),
                opt("mode", mode),
                opt("warmNodes", count("Dedicated nodes a warm standby pool keeps (default 1).")),
                opt("weights", new Dict("For active-active pools: the percentage of the work each region serves while "
                        + "the primary is active (default: equal shares; they add up to 100). Fixed targets are split "
                        + "by weight; a switchover gives the new active region the primary's share.",
                        count("A percentage."))),
                opt("maxDrillAge", new Str("How old the last successful drill (failover apply --drill) to each standby "
                        + "region may be before batchform failover check fails, e.g. P30D or 30d.", List.of(),
                        DURATION_PATTERN)),
                opt("pools", new Dict("Mode per pool key.", mode)),
                opt("batchAccounts", new Dict("Mode for the pools of an account, by account key.", mode)),
                opt("regions", new Dict("Values per region that override the shared definition.", obj("One region.",
                        opt("resourceGroup", str("Its resource group (default: the spec's, suffixed with -REGION).")),
                        opt("names", new Dict("Azure names by section.key, e.g. batchAccounts.main: bfprodne "
                                + "(default: the name shortened and suffixed with the region).",
                                str("An Azure name."))),
                        opt("virtualNetworks", new Dict("Networks by key.", obj("A network in this region.",
                                req("addressSpace", new ListOf("Address prefixes (CIDR).", str("A CIDR."))),
                                opt("subnets", new Dict("Subnet prefixes by subnet key.", str("A CIDR.")))))),
                        opt("pools", new Dict("Pools by key.", obj("A pool in this region.",
                                opt("vmSize", str("The VM size here, where the shared one is not offered.")))))))));
    }

    private static Obj storageAccount() {
        return resource("A storage account.",
                opt("name", str("Azure name: 3-24 lowercase letters and digits (default: the key).")),
                opt("location", str("Region (default: the spec's location).")),
                opt("sku", str("SKU name (default Standard_LRS).")),
                opt("kind", str("Kind (default StorageV2).")),
                opt("accessTier", oneOf("Access tier.", "Hot", "Cool")),
                opt("allowBlobPublicAccess", new Bool("Allow public blob access (default false).")),
                opt("minimumTlsVersion", oneOf("Minimum TLS version (default TLS1_2).", "TLS1_0", "TLS1_1", "TLS1_2")),
                opt("tags", tags()));
    }

    private static Obj virtualNetwork() {
        return resource("A virtual network.",
                opt("name", str("Azure name (default: the key).")),
                opt("location", str("Region (default: the spec's location).")),
                req("addressSpace", new ListOf("Address prefixes (CIDR).", str("A CIDR such as 10.0.0.0/16."))),
                opt("subnets", new Dict("Subnets by key.", resource("A subnet.",
                        opt("name", str("Azure name (default: the key).")),
                        req("addressPrefix", str("The subnet's CIDR, inside the network's address space.")),
                        opt("serviceEndpoints", new ListOf("Service endpoints, e.g. Microsoft.Storage.",
                                str("A service name.")))))),
                opt("tags", tags()));
    }

    private static Obj batchAccount() {
        return resource("A Batch account.",
                opt("name", str("Azure name: 3-24 lowercase letters and digits (default: the key).")),
                opt("location", str("Region (default: the spec's location).")),
                opt("poolAllocationMode", oneOf("Where pool VMs live (default BatchService).",
                        "BatchService", "UserSubscription")),
                opt("keyVaultReference", obj("The Key Vault (UserSubscription accounts).",
                        req("id", str("The Key Vault's ARM id.")), req("url", str("The Key Vault's URL.")))),
                opt("autoStorage", obj("The auto-storage account (needed by application packages).",
                        req("storageAccount", str("A storage account key, or an ARM id.")),
                        opt("authenticationMode", oneOf("How Batch reaches the storage account (default StorageKeys).",
                                "StorageKeys", "BatchAccountManagedIdentity")),
                        opt("nodeIdentityReference", identityReference()))),
                opt("encryption", obj("How the account's data is encrypted (default: Microsoft-managed keys).",
                        opt("keySource", oneOf("Microsoft.Batch (default) or Microsoft.KeyVault (a customer-managed "
                                + "key; needs an identity).", "Microsoft.Batch", "Microsoft.KeyVault")),
                        opt("keyVaultProperties", obj("The customer-managed key.",
                                req("keyIdentifier", str("The key's URL, e.g. https://vault.vault.azure.net/keys/k/v.")))))),
                opt("publicNetworkAccess", oneOf("Public network access (default Enabled).", "Enabled", "Disabled",
                        "SecuredByPerimeter")),
                opt("networkProfile", obj("Network rules of the account's endpoints (with publicNetworkAccess "
                        + "Enabled).", opt("accountAccess", endpointAccess("The Batch account (data plane) endpoint.")),
                        opt("nodeManagementAccess", endpointAccess("The node management endpoint.")))),
                opt("identity", obj("The account's managed identity.",
                        req("type", oneOf("Identity type.", "None", "SystemAssigned", "UserAssigned")),
                        opt("userAssignedIdentities", new ListOf("User-assigned identity ARM ids.", str("An ARM id."))))),
                opt("allowedAuthenticationModes", new ListOf("Data-plane authentication modes.",
                        oneOf("A mode.", "SharedKey", "AAD", "TaskAuthenticationToken"))),
                opt("tags", tags()),
                opt("quotas", obj("The quotas this spec expects the account to have (checked at plan time).",
                        opt("dedicatedCores", count("Dedicated cores.")),
                        opt("lowPriorityCores", count("Low-priority/Spot cores.")),
                        opt("vmFamilyCores", new Dict("Dedicated cores per VM family, e.g. standardDv3Family: 64.",
                                count("Cores."))),
                        opt("pools", count("Pools.")),
                        opt("activeJobs", count("Active jobs and job schedules.")))));
    }

    private static Obj pool() {
        Str duration = new Str("An ISO-8601 duration (PT15M) or a friendly one (15m, 1h30m).", List.of(), DURATION_PATTERN);
        return resource("A Batch pool.",
                opt("name", str("The pool id (default: the key): letters, digits, hyphens and underscores, up to 64.")),
                req("account", str("The Batch account key (or ARM id) the pool belongs to.")),
                opt("displayName", str("Display name (up to 1024 characters).")),
                req("vmSize", str("VM size, e.g. Standard_D2s_v3.")),
                req("image", obj("The VM image: exactly one of publisher/offer/sku[/version], id, "
                                + "sharedGalleryImageId and communityGalleryImageId.",
                        opt("publisher", str("Publisher, e.g. canonical.")),
                        opt("offer", str("Offer, e.g. 0001-com-ubuntu-server-jammy.")),
                        opt("sku", str("SKU, e.g. 22_04-lts.")),
                        opt("version", str("Version (default latest).")),
                        opt("id", str("An Azure Compute Gallery image ARM id.")),
                        opt("sharedGalleryImageId", str("A shared gallery image's unique id, as its GET shows it "
                                + "(/SharedGalleries/GALLERY/Images/IMAGE[/Versions/VERSION]).")),
                        opt("communityGalleryImageId", str("A community gallery image's unique id, as its GET shows "
                                + "it (/CommunityGalleries/GALLERY/Images/IMAGE[/Versions/VERSION]).")))),
                req("nodeAgentSkuId", str("Node agent SKU matching the image, e.g. batch.node.ubuntu 22.04.")),
                opt("fixedScale", obj("A fixed number of nodes (give this or autoScale).",
                        opt("targetDedicatedNodes", count("Dedicated nodes.")),
                        opt("targetLowPriorityNodes", count("Low-priority/Spot nodes.")),
                        opt("resizeTimeout", withDescription(duration, "Resize timeout (default PT15M, at least 5m).")),
                        opt("nodeDeallocationOption", oneOf("What happens to running tasks when nodes leave.",
                                "Requeue", "Terminate", "TaskCompletion", "RetainedData")))),
                opt("autoScale", obj("An autoscale formula (give this or fixedScale).",
                        opt("formula", str("The formula text.")),
                        opt("formulaFile", str("A file holding the formula, relative to this spec file.")),
                        opt("evaluationInterval", withDescription(duration, "How often the formula runs (5m..168h, "
                                + "default PT15M).")))),
                opt("taskSlotsPerNode", new Int("Task slots per node (default 1).", 1, 256)),
                opt("taskSchedulingPolicy", obj("How tasks spread over nodes.",
                        req("nodeFillType", oneOf("Spread (default) or Pack.", "Spread", "Pack")),
                        opt("jobDefaultOrder", oneOf("Which of equal-priority jobs' tasks run first: None (default, "
                                + "uniformly) or CreationTime (older jobs first).", "None", "CreationTime")))),
                opt("subnet", str("A subnet as VNET_KEY.SUBNET_KEY, or an ARM id.")),
                opt("publicIPAddressConfiguration", obj("Public IP addresses of the nodes.",
                        req("provision", oneOf("Who provides them.", "BatchManaged", "UserManaged", "NoPublicIPAddresses")),
                        opt("ipAddressIds", new ListOf("Public IP ARM ids (UserManaged).", str("An ARM id."))),
                        opt("ipFamilies", new ListOf("IP versions of the pool: [IPv4] (single stack) or [IPv4, IPv6] "
                                + "(dual stack).", oneOf("An IP family.", "IPv4", "IPv6"))),
                        opt("ipTags", new ListOf("IP tags of the public IPs Batch makes (BatchManaged).",
                                obj("An IP tag.", req("ipTagType", str("The tag type, e.g. FirstPartyUsage.")),
                                        req("displayName", str("The tag's value, e.g. SQL."))))))),
                opt("interNodeCommunication", oneOf("Inter-node communication (default Disabled).", "Enabled", "Disabled")),
                opt("startTask", startTask()),
                opt("containerConfiguration", obj("Containers on the nodes.",
                        req("type", oneOf("Container runtime.", "DockerCompatible", "CriCompatible")),
                        opt("containerImageNames", new ListOf("Images to prefetch.", str("An image name."))),
                        opt("containerRegistries", new ListOf("Private registries.", obj("A registry.",
                                req("registryServer", str("Registry host, e.g. myregistry.azurecr.io.")),
                                opt("username", str("User name.")),
                                opt("password", str("Password: use ${env.NAME}, never a literal.")),
                                opt("identityReference", identityReference())))))),
                opt("applicationPackages", new ListOf("Application packages to install (at most 10).",
                        obj("A package reference.", req("application", str("An application key, or an ARM id.")),
                                opt("version", str("Version (default: the application's default version)."))))),
                opt("certificates", new ListOf("Certificate references (retired by Azure on 2024-02-29).",
                        obj("A certificate reference.", req("certificate", str("A certificate key, or an ARM id.")),
                                opt("storeLocation", oneOf("Store location.", "CurrentUser", "LocalMachine")),
                                opt("storeName", str("Store name, e.g. My.")),
                                opt("visibility", new ListOf("Who sees it.",
                                        oneOf("A visibility.", "StartTask", "Task", "RemoteUser")))))),
                opt("userAccounts", new ListOf("User accounts on the nodes.", obj("A user account.",
                        req("name", str("User name.")),
                        req("password", str("Password: use ${env.NAME}, never a literal.")),
                        opt("elevationLevel", elevation()),
                        opt("linuxUserConfiguration", obj("Linux settings.",
                                opt("uid", count("User id.")), opt("gid", count("Group id.")),
                                opt("sshPrivateKey", str("SSH private key: use ${env.NAME}, never a literal.")))),
                        opt("windowsUserConfiguration", obj("Windows settings (Windows images only).",
                                opt("loginMode", oneOf("Batch or Interactive (default).", "Batch",
                                        "Interactive"))))))),
                opt("mountConfiguration", new ListOf("File systems to mount (one kind per entry).", mount())),
                opt("metadata", new Dict("Name/value pairs kept with the pool.", new Text("A value.", false))),
                opt("identity", obj("The pool's user-assigned managed identities: what identityReference and VM "
                                + "extensions such as Key Vault's use.",
                        opt("type", oneOf("UserAssigned (the default when identities are listed) or None.",
                                "UserAssigned", "None")),
                        opt("userAssignedIdentities", new ListOf("The identities.",
                                str("A user-assigned identity's ARM id."))))),
                opt("targetNodeCommunicationMode", oneOf("How nodes reach the Batch service: Simplified (outbound "
                        + "443 only; required by a pool without public IP addresses) or Default (the service "
                        + "chooses). Classic was retired on 2026-03-31.", "Default", "Simplified", "Classic")),
                opt("osDisk", obj("The nodes' operating system disk.",
                        opt("ephemeralOSDiskSettings", obj("An ephemeral OS disk.",
                                req("placement", oneOf("Where it lives.", "CacheDisk")))),
                        opt("caching", caching()),
                        opt("managedDisk", managedDisk()),
                        opt("diskSizeGB", new Int("Size in GB.", 1, 4095)),
                        opt("writeAcceleratorEnabled", new Bool("Write accelerator (M-series sizes).")))),
                opt("dataDisks", new ListOf("Empty data disks attached to each node (format and mount them in the "
                        + "start task).", obj("A data disk.",
                        req("lun", new Int("Logical unit number, unique in the pool.", 0, 63)),
                        req("diskSizeGB", new Int("Size in GB.", 1, 32767)),
                        opt("caching", caching()),
                        opt("storageAccountType", storageType("Storage type (default Standard_LRS).")),
                        opt("managedDisk", managedDisk())))),
                opt("diskEncryption", obj("Disks Batch encrypts on each node (diskEncryptionConfiguration).",
                        req("targets", new ListOf("On Linux only TemporaryDisk; on Windows OsDisk and TemporaryDisk.",
                                oneOf("A disk.", "OsDisk", "TemporaryDisk"))),
                        opt("customerManagedKey", obj("A customer-managed key for the OS disk.",
                                req("keyUrl", str("The versioned Key Vault key URL.")),
                                opt("rotationToLatestKeyVersionEnabled", new Bool("Follow the key's latest version.")),
                                opt("identityReference", identityReference()))))),
                opt("securityProfile", obj("VM security: Trusted Launch or confidential VMs.",
                        opt("securityType", oneOf("The security type.", "trustedLaunch", "confidentialVM")),
                        opt("encryptionAtHost", new Bool("Encryption at host of every disk.")),
                        opt("uefiSettings", obj("UEFI settings.",
                                opt("secureBootEnabled", new Bool("Secure Boot.")),
                                opt("vTpmEnabled", new Bool("Virtual TPM.")))),
                        opt("proxyAgentSettings", obj("The Metadata Security Protocol (ProxyAgent) of the nodes.",
                                opt("enabled", new Bool("Whether it is on (default false).")),
                                opt("imds", hostEndpoint("The IMDS endpoint.")),
                                opt("wireServer", hostEndpoint("The WireServer endpoint.")))))),
                opt("nodePlacementConfiguration", obj("How nodes are placed.",
                        opt("policy", oneOf("Regional (default) or Zonal (spread over availability zones).",
                                "Regional", "Zonal")))),
                opt("extensions", new ListOf("VM extensions installed on each node (the Key Vault extension "
                        + "replaces certificates).", obj("A VM extension.",
                        req("name", str("The extension's name in the pool.")),
                        req("publisher", str("Publisher, e.g. Microsoft.Azure.KeyVault.")),
                        req("type", str("Type, e.g. KeyVaultForLinux.")),
                        opt("typeHandlerVersion", str("Version, e.g. 3.0.")),
                        opt("autoUpgradeMinorVersion", new Bool("Use a newer minor version at deployment.")),
                        opt("enableAutomaticUpgrade", new Bool("Upgrade when a newer version is published.")),
                        opt("settings", new Shape.Json("Public settings, as the extension documents them.")),
                        opt("protectedSettings", new Shape.Json("Protected settings: use ${env.NAME} for secrets; "
                                + "kept hashed, never printed.")),
                        opt("provisionAfterExtensions", new ListOf("Extensions installed first.",
                                str("An extension name.")))))),
                opt("windowsConfiguration", obj("Windows settings (Windows images only).",
                        opt("enableAutomaticUpdates", new Bool("Windows Update on the nodes (default true).")))),
                opt("upgradePolicy", obj("How node OS images are upgraded.",
                        req("mode", oneOf("automatic, manual or rolling.", "automatic", "manual", "rolling")),
                        opt("automaticOSUpgradePolicy", obj("Automatic OS upgrades.",
                                opt("disableAutomaticRollback", new Bool("No rollback of a failed image upgrade.")),
                                opt("enableAutomaticOSUpgrade", new Bool("Apply new OS images automatically.")),
                                opt("useRollingUpgradePolicy", new Bool("Use the rolling policy.")),
                                opt("osRollingUpgradeDeferral", new Bool("Defer upgrades of nodes running tasks.")))),
                        opt("rollingUpgradePolicy", obj("Rolling upgrades.",
                                opt("enableCrossZoneUpgrade", new Bool("Ignore zone boundaries (Zonal pools).")),
                                opt("maxBatchInstancePercent", new Int("Most nodes per batch, percent.", 5, 100)),
                                opt("maxUnhealthyInstancePercent", new Int("Most unhealthy nodes, percent.", 5, 100)),
                                opt("maxUnhealthyUpgradedInstancePercent", new Int("Most unhealthy upgraded nodes, "
                                        + "percent.", 0, 100)),
                                opt("pauseTimeBetweenBatches", str("ISO-8601 pause between batches, e.g. PT5S.")),
                                opt("prioritizeUnhealthyInstances", new Bool("Upgrade unhealthy nodes first.")),
                                opt("rollbackFailedInstancesOnPolicyBreach", new Bool("Roll back on a breach.")))))),
                opt("endpointConfiguration", obj("Inbound NAT pools to reach nodes from outside (not without "
                        + "public IP addresses).",
                        req("inboundNatPools", new ListOf("At most 5.", obj("An inbound NAT pool.",
                                req("name", str("Name, unique in the pool.")),
                                req("protocol", oneOf("Protocol.", "TCP", "UDP")),
                                req("backendPort", new Int("Port on the node (not 29876, 29877).", 1, 65535)),
                                req("frontendPortRangeStart", new Int("First external port.", 1, 65534)),
                                req("frontendPortRangeEnd", new Int("Last external port.", 1, 65534)),
                                opt("networkSecurityGroupRules", new ListOf("NSG rules (at most 25 per pool).",
                                        obj("A rule.",
                                                req("priority", new Int("Priority, unique in the pool.", 150, 4096)),
                                                req("access", oneOf("Allow or Deny.", "Allow", "Deny")),
                                                req("sourceAddressPrefix", str("An address, CIDR, tag or *.")),
                                                opt("sourcePortRanges", new ListOf("Ports or ranges (default *).",
                                                        str("A port or range."))))))))))),
                opt("enableAcceleratedNetworking", new Bool("Accelerated networking (SR-IOV) on the nodes.")),
                opt("dynamicVnetAssignmentScope", oneOf("none (default) or job: each job names its own subnet.",
                        "none", "job")),
                opt("licenseType", oneOf("An on-premises Windows licence the nodes use (Windows images only).",
                        "Windows_Server", "Windows_Client")),
                opt("serviceArtifactReference", obj("A gallery service artifact that pins one image version for "
                        + "every node when the image version is latest.",
                        req("id", str("The vmArtifactsProfiles ARM id.")))),
                opt("tags", tags()),
                opt("maxNodes", count("Most nodes a formula may reach, for quota checks when it cannot be bounded.")),
                opt("updateStrategy", oneOf("How changes that need an empty pool are made (default replace).",
                        "replace", "drain")),
                retired(ServiceRules.CLOUD_SERVICES), retired(ServiceRules.APPLICATION_LICENSES));
    }

    static Obj startTask() {
        return obj("A task every node runs when it joins the pool.",
                req("commandLine", str("The command line.")),
                opt("resourceFiles", new ListOf("Files to download first.", obj(
                        "A file: one of httpUrl, storageContainerUrl, autoStorageContainerName.",
                        opt("httpUrl", str("A URL.")),
                        opt("storageContainerUrl", str("A blob container URL.")),
                        opt("autoStorageContainerName", str("A container in the auto-storage account.")),
                        opt("filePath", str("Where to put it on the node.")),
                        opt("fileMode", str("Unix file mode, e.g. 0755.")),
                        opt("identityReference", identityReference())))),
                opt("environment", new Dict("Environment variables. Their values are kept hashed in state and "
                        + "plans; {secret: VALUE} also keeps a clear value out of warnings.",
                        new Shape.MaybeSecret(new Text("A value.", false)))),
                opt("userIdentity", obj("Who runs it: userName or autoUser.",
                        opt("userName", str("A user account of the pool.")),
                        opt("autoUser", obj("An automatic user.",
                                opt("scope", oneOf("Scope.", "Task", "Pool")),
                                opt("elevationLevel", elevation()))))),
                opt("maxTaskRetryCount", new Int("Retries (-1 = unlimited, default 0).", -1, 100)),
                opt("waitForSuccess", new Bool("Wait for the task before scheduling others (default true).")),
                opt("containerSettings", obj("Run the start task in a container (the pool needs a "
                                + "containerConfiguration).",
                        req("imageName", str("The image, as docker pull takes it (tag default :latest).")),
                        opt("containerRunOptions", str("Extra options of the container create command.")),
                        opt("registry", obj("The private registry of the image (may be left out when the pool's "
                                        + "containerRegistries hold it).",
                                req("registryServer", str("Registry host, e.g. myregistry.azurecr.io.")),
                                opt("username", str("User name.")),
                                opt("password", str("Password: use ${env.NAME}, never a literal.")),
                                opt("identityReference", identityReference()))),
                        opt("workingDirectory", oneOf("TaskWorkingDirectory (default) or ContainerImageDefault.",
                                "TaskWorkingDirectory", "ContainerImageDefault")),
                        opt("containerHostBatchBindMounts", new ListOf("Batch directories mounted into the "
                                + "container (absent: all of them; empty: none).", obj("A bind mount.",
                                req("source", oneOf("The Batch directory.", "Shared", "Startup", "VfsMounts", "Task",
                                        "JobPrep", "Applications")),
                                opt("isReadOnly", new Bool("Mounted read-only (default false)."))))))));
    }

    private static Obj mount() {
        return obj("A mount: exactly one of azureBlobFileSystem, nfs, cifs, azureFileShare.",
                opt("azureBlobFileSystem", obj("Blob container through blobfuse.",
                        req("accountName", str("Storage account name.")),
                        req("containerName", str("Container.")),
                        opt("accountKey", str("Account key: use ${env.NAME}.")),
                        opt("sasKey", str("SAS key: use ${env.NAME}.")),
                        opt("identityReference", identityReference()),
                        opt("blobfuseOptions", str("Extra blobfuse options.")),
                        req("relativeMountPath", str("Mount path under the Batch mounts directory.")))),
                opt("nfs", obj("An NFS share.",
                        req("source", str("Server and path.")),
                        req("relativeMountPath", str("Mount path.")),
                        opt("mountOptions", str("Mount options.")))),
                opt("cifs", obj("A CIFS/SMB share.",
                        req("source", str("Server and share.")),
                        req("userName", str("User name.")),
                        req("password", str("Password: use ${env.NAME}.")),
                        req("relativeMountPath", str("Mount path.")),
                        opt("mountOptions", str("Mount options.")))),
                opt("azureFileShare", obj("An Azure Files share.",
                        req("accountName", str("Storage account name.")),
                        req("azureFileUrl", str("The share's URL.")),
                        req("accountKey", str("Account key: use ${env.NAME}.")),
                        req("relativeMountPath", str("Mount path.")),
                        opt("mountOptions", str("Mount options.")))));
    }

    private static Obj certificate() {
        return resource("A Batch account certificate (retired by Azure on 2024-02-29).",
                req("account", str("The Batch account key.")),
                req("file", str("The certificate file, relative to this spec file.")),
                opt("format", oneOf("File format (default Pfx).", "Pfx", "Cer")),
                opt("password", str("The PFX password: use ${env.NAME}, never a literal.")));
    }

    private static Obj application() {
        return resource("A Batch application.",
                opt("name", str("Application name (default: the key).")),
                req("account", str("The Batch account key.")),
                opt("displayName", str("Display name.")),
                opt("allowUpdates", new Bool("Whether a version may be uploaded again (default true).")),
                opt("defaultVersion", str("The version pools get when they name none; one of packages.")),
                opt("packages", new Dict("Package versions: version to {file}.", resource("A package version.",
                        req("file", str("The zip file, relative to this spec file."))))));
    }

    // --- building blocks ---

    /** A reference to one of the pool's user-assigned identities ({@code identity.userAssignedIdentities}). */
    static Obj identityReference() {
        return obj("A user-assigned identity of the pool.",
                req("resourceId", str("The identity's ARM id, listed in the pool's identity.")));
    }

    private static Obj endpointAccess(String description) {
        return obj(description,
                req("defaultAction", oneOf("What happens when no rule matches.", "Allow", "Deny")),
                opt("ipRules", new ListOf("Addresses allowed.", obj("A rule.",
                        req("action", oneOf("The action.", "Allow")),
                        req("value", str("An IPv4 address or CIDR range."))))));
    }

    private static Str caching() {
        return oneOf("Caching (default None for Standard, ReadOnly for Premium storage).", "None", "ReadOnly",
                "ReadWrite");
    }

    private static Str storageType(String description) {
        return oneOf(description, "Standard_LRS", "Premium_LRS", "StandardSSD_LRS");
    }

    private static Obj managedDisk() {
        return obj("Managed disk settings.", opt("storageAccountType", storageType("Storage type.")),
                opt("securityProfile", obj("The disk's security profile (confidential VMs only, and required by them "
                                + "on the OS disk).",
                        opt("securityEncryptionType", oneOf("What is encrypted: DiskWithVMGuestState (OS disk only), "
                                + "VMGuestStateOnly or NonPersistedTPM.", "DiskWithVMGuestState", "VMGuestStateOnly",
                                "NonPersistedTPM")),
                        opt("diskEncryptionSet", diskEncryptionSet()))),
                opt("diskEncryptionSet", diskEncryptionSet()));
    }

    /** A customer-managed disk encryption set: UserSubscription accounts only, as the service documents. */
    private static Obj diskEncryptionSet() {
        return obj("A disk encryption set (UserSubscription accounts only).",
                req("id", str("The disk encryption set's ARM id, in the account's subscription.")));
    }

    private static Obj hostEndpoint(String description) {
        return obj(description,
                opt("mode", oneOf("Audit or Enforce (not with inVMAccessControlProfileReferenceId).", "Audit",
                        "Enforce")),
                opt("inVMAccessControlProfileReferenceId", str("An inVMAccessControlProfiles version ARM id.")));
    }

    static Obj resource(String description, Field... fields) {
        List<Field> all = new ArrayList<>(Arrays.asList(fields));
        all.add(opt("protect", protect()));
        all.add(opt("ignoreChanges", ignoreChanges()));
        all.add(opt("dependsOn", new ListOf("Extra dependencies, as addresses such as storageAccount.data.",
                str("An address."))));
        return new Obj(description, all);
    }

    private static Bool protect() {
        return new Bool("Never delete or replace this resource: a plan that would fails instead.");
    }

    private static ListOf ignoreChanges() {
        return new ListOf("Attribute paths whose changes plans ignore, e.g. startTask.commandLine.", str("A path."));
    }

    static Dict tags() {
        return new Dict("Azure tags.", new Text("A tag value.", false));
    }

    static Str elevation() {
        return oneOf("Elevation level.", "NonAdmin", "Admin");
    }

    static Int count(String description) {
        return new Int(description, 0, Integer.MAX_VALUE);
    }

    static Str str(String description) {
        return new Str(description, List.of(), null);
    }

    private static Str withDescription(Str s, String description) {
        return new Str(description, s.allowed(), s.pattern());
    }

    static Str oneOf(String description, String... values) {
        return new Str(description, List.of(values), null);
    }

    static Obj obj(String description, Field... fields) {
        return new Obj(description, List.of(fields));
    }

    static Field req(String name, Shape shape) {
        return new Field(name, shape, true);
    }

    static Field opt(String name, Shape shape) {
        return new Field(name, shape, false);
    }

    private static Field retired(ServiceRules.Retirement retirement) {
        return retired(retirement.feature(), retirement.message());
    }

    private static Field retired(String name, String message) {
        return new Field(name, new Retired(message), false);
    }
}
