package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.spec.load.LoadResult;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One table row per kind of problem: the YAML after {@link Specs#HEADER} and the exact diagnostic printed. */
class ValidationTableTest {
    @TempDir
    Path dir;

    // A row's YAML follows Specs.HEADER, so it starts on line 6; a row starting "HEADER:" replaces the header.

    /** A valid pool on lines 6-12, with {@code extra} appended at line 13. */
    static String pool(String extra) {
        return """
                pools:
                  p:
                    account: main
                    vmSize: Standard_D2s_v3
                    image: {publisher: canonical, offer: ubuntu, sku: "22_04"}
                    nodeAgentSkuId: batch.node.ubuntu 22.04
                """ + extra;
    }

    static String fixed = "    fixedScale: {targetDedicatedNodes: 1}\n";

    /** The ARM id of the user-assigned identity {@code puller} of a spec whose resource group is {@code rg}. */
    static final String PULLER = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
            + "Microsoft.ManagedIdentity/userAssignedIdentities/puller";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("unknown key with a suggestion", pool(fixed + "    vmSzie: Standard_D2s_v3\n"),
                        "spec.yaml:13:5: error: unknown key 'vmSzie' in pools.p (did you mean 'vmSize'?)"),
                Arguments.of("unknown top-level key", "pool: {}\n",
                        "spec.yaml:6:1: error: unknown key 'pool' at the top level (did you mean 'pools'?)"),
                Arguments.of("a string where a number goes", pool(fixed + "    taskSlotsPerNode: four\n"),
                        "spec.yaml:13:23: error: pools.p.taskSlotsPerNode: expected a whole number, got a string"),
                Arguments.of("a number where a string goes", pool(fixed + "    displayName: 42\n"),
                        "spec.yaml:13:18: error: pools.p.displayName: expected a string, got a number (put it in quotes)"),
                Arguments.of("a list where a map goes", pool("    fixedScale: [1, 2]\n"),
                        "spec.yaml:12:17: error: pools.p.fixedScale: expected a map, got a list"),
                Arguments.of("a number out of range", pool(fixed + "    taskSlotsPerNode: 300\n"),
                        "spec.yaml:13:23: error: pools.p.taskSlotsPerNode must be between 1 and 256, got 300"),
                Arguments.of("a value outside a fixed set", "storageAccounts:\n  data: {accessTier: hot}\n",
                        "spec.yaml:7:22: error: storageAccounts.data.accessTier: expected one of Hot, Cool, got 'hot' "
                                + "(did you mean 'Hot'?)"),
                Arguments.of("a missing required key", "pools:\n  p:\n    account: main\n    fixedScale: {}\n",
                        List.of("spec.yaml:7:3: error: pools.p is missing the required key 'image'",
                                "spec.yaml:7:3: error: pools.p is missing the required key 'nodeAgentSkuId'",
                                "spec.yaml:7:3: error: pools.p is missing the required key 'vmSize'")),
                Arguments.of("storage account name", "storageAccounts:\n  Data_1: {}\n",
                        "spec.yaml:7:3: error: storage account name 'Data_1' must be 3-24 lowercase letters and digits "
                                + "(the name defaults to the key; set name: to choose another)"),
                Arguments.of("batch account name", "HEADER:" + Specs.HEADER.replace("mainacct", "Main-Account"),
                        "spec.yaml:5:11: error: batch account name 'Main-Account' must be 3-24 lowercase letters and digits"),
                Arguments.of("pool id", pool(fixed + "    name: render pool\n"),
                        "spec.yaml:13:11: error: pool id 'render pool' must be 1-64 letters, digits, hyphens and underscores"),
                Arguments.of("virtual network name", "virtualNetworks:\n  net:\n    name: -net\n    addressSpace: [10.0.0.0/16]\n",
                        "spec.yaml:8:11: error: virtual network name '-net' must be 2-64 letters, digits, underscores, "
                                + "periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore"),
                Arguments.of("subnet name", "virtualNetworks:\n  net:\n    addressSpace: [10.0.0.0/16]\n    subnets:\n"
                                + "      a: {name: bad., addressPrefix: 10.0.0.0/24}\n",
                        "spec.yaml:10:17: error: subnet name 'bad.' must be 1-80 letters, digits, underscores, periods "
                                + "and hyphens, starting with a letter or digit and ending with a letter, digit or underscore"),
                Arguments.of("pool.account reference", pool(fixed).replace("account: main", "account: mian"),
                        "spec.yaml:8:14: error: batch account 'mian' is not declared in this spec (did you mean 'main'?)"),
                Arguments.of("pool.subnet reference", pool(fixed + "    subnet: net.pool\n"),
                        "spec.yaml:13:13: error: subnet 'net.pool' is not declared in this spec"),
                Arguments.of("autoStorage reference", "    autoStorage: {storageAccount: dta}\nstorageAccounts:\n  data: {}\n",
                        "spec.yaml:6:35: error: storage account 'dta' is not declared in this spec (did you mean 'data'?)"),
                Arguments.of("applicationPackages reference", pool(fixed + "    applicationPackages:\n"
                                + "      - {application: blendr}\napplications:\n  blender: {account: main}\n"),
                        "spec.yaml:14:23: error: application 'blendr' is not declared in this spec (did you mean 'blender'?)"),
                Arguments.of("certificates reference", pool(fixed + "    certificates:\n      - {certificate: sign}\n"),
                        List.of("spec.yaml:13:5: error: pool certificate references: " + "Batch account certificates were retired on 2024-02-29 and the service refuses them (CertificateRetired); install "
                                + "certificates on the nodes with the Azure Key Vault VM extension (KeyVaultForLinux or "
                                + "KeyVaultForWindows) and a user-assigned identity instead "
                                + "(https://learn.microsoft.com/azure/batch/batch-certificate-migration-guide); "
                                + "'batchform migrate certificates' prints the YAML that replaces them",
                                "spec.yaml:14:23: error: certificate 'sign' is not declared in this spec")),
                Arguments.of("two storage accounts with one name", "storageAccounts:\n  data: {name: shared1}\n"
                                + "  logs: {name: shared1}\n",
                        List.of("spec.yaml:7:16: error: storageAccount.data and storageAccount.logs are both the storage account "
                                        + "'shared1': every apply would replace one with the other; give each its own name",
                                "spec.yaml:8:16: error: storageAccount.logs and storageAccount.data are both the storage "
                                        + "account 'shared1': every apply would replace one with the other; give each its own name")),
                Arguments.of("two pools with one name in one account", pool(fixed) + "  q:\n    name: p\n"
                                + "    account: main\n    vmSize: Standard_D2s_v3\n"
                                + "    image: {publisher: canonical, offer: ubuntu, sku: \"22_04\"}\n"
                                + "    nodeAgentSkuId: batch.node.ubuntu 22.04\n" + fixed,
                        List.of("spec.yaml:7:3: error: pool.p and pool.q are both the pool 'p' of the Batch account 'mainacct': "
                                        + "every apply would replace one with the other; give each its own name",
                                "spec.yaml:14:11: error: pool.q and pool.p are both the pool 'p' of the Batch account "
                                        + "'mainacct': every apply would replace one with the other; give each its own name")),
                Arguments.of("a dependsOn cycle", "storageAccounts:\n  a1a:\n    dependsOn: [storageAccount.b1b]\n"
                                + "  b1b:\n    dependsOn: [storageAccount.a1a]\n",
                        List.of("spec.yaml:8:17: error: dependency cycle: storageAccount.a1a -> storageAccount.b1b -> "
                                        + "storageAccount.a1a (storageAccount.a1a depends on storageAccount.b1b here); no "
                                        + "order can create them, remove one dependsOn",
                                "spec.yaml:10:17: error: dependency cycle: storageAccount.a1a -> storageAccount.b1b -> "
                                        + "storageAccount.a1a (storageAccount.b1b depends on storageAccount.a1a here); no "
                                        + "order can create them, remove one dependsOn")),
                Arguments.of("a cycle through a reference", "HEADER:" + Specs.HEADER
                                + "    dependsOn: [pool.p]\n" + pool(fixed),
                        List.of("spec.yaml:6:17: error: dependency cycle: batchAccount.main -> pool.p -> batchAccount.main "
                                        + "(batchAccount.main depends on pool.p here); no order can create them, remove one "
                                        + "dependsOn",
                                "spec.yaml:9:14: error: dependency cycle: batchAccount.main -> pool.p -> batchAccount.main "
                                        + "(pool.p depends on batchAccount.main here); no order can create them, remove one "
                                        + "dependsOn")),
                Arguments.of("moved entries that cannot be", pool(fixed) + "moved:\n"
                                + "  - {from: pool.old, to: pool.gone}\n"
                                + "  - {from: pool.p, to: pool.p}\n"
                                + "  - {from: storageAccount.old, to: pool.p}\n",
                        List.of("spec.yaml:14:26: error: moved: pool.gone is not declared in this spec",
                                "spec.yaml:15:12: error: moved: pool.p is still declared in this spec; the old address of "
                                        + "a moved resource must be gone from it",
                                "spec.yaml:16:36: error: moved: storageAccount.old cannot move to pool.p: a resource keeps "
                                        + "its type",
                                "spec.yaml:16:36: error: moved: two resources move to pool.p")),
                Arguments.of("dependsOn reference", "storageAccounts:\n  data:\n    dependsOn: [storageAccount.dta]\n",
                        "spec.yaml:8:17: error: dependsOn: storageAccount.dta is not declared in this spec "
                                + "(did you mean 'storageAccount.data'?)"),
                Arguments.of("dependsOn that is no address", "storageAccounts:\n  data:\n    dependsOn: [storage.data]\n",
                        "spec.yaml:8:17: error: dependsOn: unknown resource type 'storage' in address 'storage.data'"),
                Arguments.of("a CIDR that does not parse", "virtualNetworks:\n  net:\n    addressSpace: [10.0.0/16]\n",
                        "spec.yaml:8:20: error: '10.0.0/16' is not a CIDR: '10.0.0' is not an IP address"),
                Arguments.of("a CIDR with host bits", "virtualNetworks:\n  net:\n    addressSpace: [10.0.1.0/16]\n",
                        "spec.yaml:8:20: error: '10.0.1.0/16' has host bits set: the network is 10.0.0.0/16"),
                Arguments.of("a prefix too long", "virtualNetworks:\n  net:\n    addressSpace: [10.0.0.0/33]\n",
                        "spec.yaml:8:20: error: '10.0.0.0/33' is not a CIDR: the prefix length must be 0 to 32"),
                Arguments.of("a subnet outside its network", "virtualNetworks:\n  net:\n    addressSpace: [10.0.0.0/16]\n"
                                + "    subnets:\n      a: {addressPrefix: 10.1.0.0/24}\n",
                        "spec.yaml:10:26: error: subnet 'a' (10.1.0.0/24) is outside the address space of virtual "
                                + "network 'net' (10.0.0.0/16)"),
                Arguments.of("overlapping subnets", "virtualNetworks:\n  net:\n    addressSpace: [10.0.0.0/16]\n"
                                + "    subnets:\n      a: {addressPrefix: 10.0.0.0/23}\n      b: {addressPrefix: 10.0.1.0/24}\n",
                        "spec.yaml:11:26: error: subnet 'b' (10.0.1.0/24) overlaps subnet 'a' (10.0.0.0/23)"),
                Arguments.of("an evaluation interval too short", pool("    autoScale: {formula: '$TargetDedicatedNodes = 1;', "
                                + "evaluationInterval: PT4M}\n"),
                        "spec.yaml:12:76: error: evaluationInterval 4m is outside the service's range of 5m to 168h"),
                Arguments.of("an evaluation interval too long", pool("    autoScale: {formula: '$TargetDedicatedNodes = 1;', "
                                + "evaluationInterval: 7d1h}\n"),
                        "spec.yaml:12:76: error: evaluationInterval 169h is outside the service's range of 5m to 168h"),
                Arguments.of("a duration that does not parse", pool("    autoScale: {formula: '$TargetDedicatedNodes = 1;', "
                                + "evaluationInterval: 15 minutes}\n"),
                        "spec.yaml:12:76: error: '15 minutes' is not a duration: write an ISO-8601 duration such as PT15M, "
                                + "or 15m, 1h30m"),
                Arguments.of("a duration with a unit twice", pool("    autoScale: {formula: '$TargetDedicatedNodes = 1;', "
                                + "evaluationInterval: 5m5m}\n"),
                        "spec.yaml:12:76: error: '5m5m' is not a duration: write an ISO-8601 duration such as PT15M, "
                                + "or 15m, 1h30m"),
                Arguments.of("an unknown VM size", pool(fixed).replace("Standard_D2s_v3", "Standard_D2s_v9"),
                        "spec.yaml:9:13: error: unknown VM size 'Standard_D2s_v9' (did you mean 'Standard_D2s_v3'?)"),
                Arguments.of("both fixedScale and autoScale", pool(fixed + "    autoScale: {formula: '$TargetDedicatedNodes = 1;'}\n"),
                        "spec.yaml:13:5: error: pool 'p' sets both fixedScale and autoScale: keep one"),
                Arguments.of("neither fixedScale nor autoScale", pool(""),
                        "spec.yaml:7:3: error: pool 'p' needs fixedScale or autoScale"),
                Arguments.of("a duplicate key", pool(fixed + "    vmSize: Standard_D4s_v3\n"),
                        "spec.yaml:13:5: error: duplicate key 'vmSize' (first at line 9)"),
                Arguments.of("a Cloud Services pool", pool(fixed + "    cloudServiceConfiguration: {osFamily: 6}\n"),
                        "spec.yaml:13:5: error: Cloud Services pools (cloudServiceConfiguration) were retired on "
                                + "2024-02-29: use image and nodeAgentSkuId (a virtual machine configuration)"),
                Arguments.of("a location that is no Azure region", "storageAccounts:\n  data: {location: mars-north}\n",
                        "spec.yaml:7:20: error: 'mars-north' is not an Azure region (az account list-locations names "
                                + "them; westeurope, eastus, ...)"),
                Arguments.of("a region misspelt", "storageAccounts:\n  data: {location: westeruope}\n",
                        "spec.yaml:7:20: error: 'westeruope' is not an Azure region (did you mean 'westeurope'?) "
                                + "(az account list-locations names them; westeurope, eastus, ...)"),
                Arguments.of("a node agent past its end of life",
                        pool(fixed).replace("ubuntu 22.04", "ubuntu 20.04"),
                        "spec.yaml:11:21: error: node agent 'batch.node.ubuntu 20.04' reached its end of support on "
                                + "2025-04-23: new pools and resizes fail; use batch.node.ubuntu 24.04 with a matching "
                                + "image (source: https://github.com/Azure/Batch/issues/174)"),
                Arguments.of("centos 7, past its end of life",
                        pool(fixed).replace("batch.node.ubuntu 22.04", "batch.node.centos 7"),
                        "spec.yaml:11:21: error: node agent 'batch.node.centos 7' reached its end of support on "
                                + "2024-12-31: new pools and resizes fail; use batch.node.el 9 with a matching image "
                                + "(source: https://github.com/Azure/Batch/issues/180 (no new pools after 2024-12-31))"),
                Arguments.of("an image whose agent is another",
                        pool(fixed).replace("offer: ubuntu, sku: \"22_04\"",
                                "offer: ubuntu-24_04-lts, sku: server"),
                        "spec.yaml:11:21: error: image canonical/ubuntu-24_04-lts/server runs on node agent "
                                + "'batch.node.ubuntu 24.04', not 'batch.node.ubuntu 22.04': the service refuses the pool "
                                + "(source: Account - List Supported Images (nodeAgentSKUId per image), "
                                + "https://learn.microsoft.com/rest/api/batchservice/account/list-supported-images)"),
                Arguments.of("no public IP addresses without simplified communication",
                        pool(fixed + "    publicIPAddressConfiguration: {provision: NoPublicIPAddresses}\n"),
                        "spec.yaml:13:47: error: a pool without public IP addresses needs targetNodeCommunicationMode: "
                                + "Simplified (its nodes reach the Batch service outbound on 443 only; "
                                + "https://learn.microsoft.com/azure/batch/simplified-node-communication-pool-no-public-ip)"),
                Arguments.of("inbound NAT pools without public IP addresses",
                        pool(fixed + "    publicIPAddressConfiguration: {provision: NoPublicIPAddresses}\n"
                                + "    targetNodeCommunicationMode: Simplified\n"
                                + "    endpointConfiguration: {inboundNatPools: []}\n"),
                        "spec.yaml:15:5: error: endpointConfiguration (inbound NAT pools) cannot be used by a pool "
                                + "without public IP addresses"),
                Arguments.of("an identity reference to an identity the pool does not have",
                        pool(fixed + "    containerConfiguration: {type: DockerCompatible, containerRegistries: [{registryServer: r.azurecr.io, identityReference: {resourceId: /ids/puller}}]}\n"),
                        "spec.yaml:13:139: error: identity '/ids/puller' is not one of the pool's "
                                + "identity.userAssignedIdentities: add it there, so that the nodes have it"),
                Arguments.of("a pool identity by a key no identity has",
                        pool(fixed + "    identity: {userAssignedIdentities: [nodez]}\n"),
                        "spec.yaml:13:41: error: user-assigned identity 'nodez' is not declared in "
                                + "userAssignedIdentities (write a key of it, or an ARM id)"),
                Arguments.of("Windows settings on a Linux pool",
                        pool(fixed + "    windowsConfiguration: {enableAutomaticUpdates: true}\n"),
                        "spec.yaml:13:5: error: windowsConfiguration is for Windows images; node agent "
                                + "'batch.node.ubuntu 22.04' is Linux"),
                Arguments.of("a Windows licence on a Linux pool", pool(fixed + "    licenseType: Windows_Server\n"),
                        "spec.yaml:13:5: error: licenseType is for Windows images; node agent "
                                + "'batch.node.ubuntu 22.04' is Linux"),
                Arguments.of("two data disks on one LUN", pool(fixed + "    dataDisks: [{lun: 0, diskSizeGB: 8}, {lun: 0, diskSizeGB: 8}]\n"),
                        "spec.yaml:13:48: error: the data disk LUN 0 is used twice in the pool"),
                Arguments.of("an OS disk encrypted on Linux", pool(fixed + "    diskEncryption: {targets: [OsDisk]}\n"),
                        "spec.yaml:13:31: error: on Linux, the only diskEncryption target is TemporaryDisk (the "
                                + "service refuses others)"),
                Arguments.of("classic node communication", pool(fixed + "    targetNodeCommunicationMode: Classic\n"),
                        "spec.yaml:13:5: error: the classic node communication mode was retired on 2026-03-31: every "
                                + "pool uses simplified communication (outbound 443 only); write "
                                + "targetNodeCommunicationMode: Simplified, or leave it out"),
                Arguments.of("application licenses", pool(fixed + "    applicationLicenses: [maya]\n"),
                        "spec.yaml:13:5: error: application licenses were retired on 2024-02-29: install licensed "
                                + "software with an application package or the start task"),
                Arguments.of("low-priority nodes in a Batch-service account",
                        pool("    fixedScale: {targetDedicatedNodes: 1, targetLowPriorityNodes: 2}\n"),
                        "spec.yaml:12:67: warning: low-priority nodes were retired on 2025-09-30: a pool in a "
                                + "Batch-service account can no longer get them; use Spot nodes (targetLowPriorityNodes "
                                + "in an account with poolAllocationMode: UserSubscription) or dedicated nodes"),
                Arguments.of("a resize timeout under 5 minutes",
                        pool("    fixedScale: {targetDedicatedNodes: 1, resizeTimeout: 2m}\n"),
                        "spec.yaml:12:58: error: resizeTimeout 2m is shorter than the service's minimum of 5m"),
                Arguments.of("more than 100 nodes with inter-node communication",
                        pool("    fixedScale: {targetDedicatedNodes: 101}\n    interNodeCommunication: Enabled\n"),
                        "spec.yaml:13:29: error: a pool with interNodeCommunication: Enabled holds at most 100 nodes in "
                                + "a Batch-service account, and this one asks for 101: the service refuses more (Pool "
                                + "size limits, https://learn.microsoft.com/azure/batch/batch-quota-limit); lower "
                                + "fixedScale, or split the work across pools"),
                Arguments.of("task slots beyond 4 per vCPU", pool(fixed + "    taskSlotsPerNode: 9\n"),
                        "spec.yaml:13:23: error: taskSlotsPerNode 9 is more than 8, the most a Standard_D2s_v3 "
                                + "(2 vCPUs) allows (4 per vCPU, at most 256)"),
                Arguments.of("an unknown VM family in the expected quotas", "    quotas:\n      vmFamilyCores: {standardDv9Family: 10}\n",
                        "spec.yaml:7:23: warning: 'standardDv9Family' is not a VM family of the catalog (did you mean 'standardDv2Family'?)"),
                Arguments.of("an image of two kinds", pool(fixed).replace("image: {publisher: canonical, offer: ubuntu, "
                                + "sku: \"22_04\"}", "image: {id: /x, sharedGalleryImageId: /SharedGalleries/g/Images/i}"),
                        "spec.yaml:10:5: error: image: give exactly one of publisher/offer/sku, id, sharedGalleryImageId and "
                                + "communityGalleryImageId; this one has id and sharedGalleryImageId"),
                Arguments.of("a start task in a container on a pool without containers",
                        pool(fixed + "    startTask: {commandLine: x, containerSettings: {imageName: i}}\n"),
                        "spec.yaml:13:33: error: a start task runs in a container only on a pool with containers: add a "
                                + "containerConfiguration"),
                Arguments.of("Windows user settings on a Linux pool", "HEADER:variables: {p: x}\n" + Specs.HEADER + pool(fixed + "    userAccounts:\n"
                                + "      - {name: u, password: \"${var.p}\", windowsUserConfiguration: {loginMode: Batch}}\n"),
                        List.of("spec.yaml:15:29: warning: password is written in the spec in clear: read it from the "
                                + "environment with ${env.NAME}", "spec.yaml:15:41: error: windowsUserConfiguration is for "
                                + "Windows images; node agent 'batch.node.ubuntu 22.04' is Linux (use linuxUserConfiguration)")),
                Arguments.of("IPv6 alone", pool(fixed + "    publicIPAddressConfiguration: {provision: BatchManaged, "
                                + "ipFamilies: [IPv6]}\n"),
                        "spec.yaml:13:73: error: ipFamilies must include IPv4: [IPv4] for a single-stack pool, [IPv4, IPv6] for a "
                                + "dual-stack one"),
                Arguments.of("IP tags on user-managed IPs", pool(fixed + "    publicIPAddressConfiguration: {provision: "
                                + "UserManaged, ipAddressIds: [/ip], ipTags: [{ipTagType: FirstPartyUsage, displayName: SQL}]}\n"),
                        "spec.yaml:13:81: error: ipTags apply to the public IPs Batch makes (provision: BatchManaged), not to "
                                + "UserManaged"),
                Arguments.of("a disk security profile without a confidential VM", pool(fixed + "    osDisk: {managedDisk: "
                                + "{securityProfile: {securityEncryptionType: VMGuestStateOnly}}}\n"),
                        "spec.yaml:13:28: error: a managed disk's securityProfile is for confidential VMs: set "
                                + "securityProfile.securityType: confidentialVM, or leave it out"),
                Arguments.of("a confidential VM without an OS disk encryption type", pool(fixed + "    securityProfile: "
                                + "{securityType: confidentialVM}\n"),
                        "spec.yaml:13:37: error: a confidential VM needs osDisk.managedDisk.securityProfile.securityEncryptionType "
                                + "(DiskWithVMGuestState, VMGuestStateOnly or NonPersistedTPM)"),
                Arguments.of("DiskWithVMGuestState on a data disk", pool(fixed + "    securityProfile: {securityType: "
                                + "confidentialVM}\n    osDisk: {managedDisk: {securityProfile: {securityEncryptionType: "
                                + "VMGuestStateOnly}}}\n    dataDisks: [{lun: 0, diskSizeGB: 8, managedDisk: {securityProfile: "
                                + "{securityEncryptionType: DiskWithVMGuestState}}}]\n"),
                        "spec.yaml:15:97: error: a data disk cannot use DiskWithVMGuestState (OS disk only): use VMGuestStateOnly "
                                + "or NonPersistedTPM"),
                Arguments.of("a disk encryption set in a Batch-service account", pool(fixed + "    osDisk: {managedDisk: "
                                + "{diskEncryptionSet: {id: /des}}}\n"),
                        "spec.yaml:13:28: error: a disk encryption set can be used only by a pool of a UserSubscription account; "
                                + "batchAccount.main is BatchService"),
                Arguments.of("Enforce with an access control profile", pool(fixed + "    securityProfile: "
                                + "{proxyAgentSettings: {imds: {mode: Enforce, inVMAccessControlProfileReferenceId: /p}}}\n"),
                        "spec.yaml:13:57: error: mode Enforce cannot be used with inVMAccessControlProfileReferenceId (the profile "
                                + "decides): leave one out"),
                Arguments.of("an identity listed by key and referred to by its ARM id", pool(fixed
                                + "    identity: {userAssignedIdentities: [puller]}\n"
                                + "    containerConfiguration: {type: DockerCompatible, containerRegistries: [{registryServer: "
                                + "r.azurecr.io, identityReference: {resourceId: " + PULLER + "}}]}\n"
                                + "userAssignedIdentities:\n  puller: {}\n"), List.of()),
                Arguments.of("an identity listed by ARM id and referred to by key", pool(fixed
                                + "    identity: {userAssignedIdentities: [" + PULLER.toUpperCase(java.util.Locale.ROOT)
                                .replace("/SUBSCRIPTIONS/", "/subscriptions/") + "]}\n"
                                + "    mountConfiguration: [{azureBlobFileSystem: {accountName: a, containerName: c, "
                                + "relativeMountPath: m, identityReference: {resourceId: puller}}}]\n"
                                + "userAssignedIdentities:\n  puller: {}\n"), List.of()),
                Arguments.of("a named identity of another resource group is another identity", pool(fixed
                                + "    identity: {userAssignedIdentities: [puller]}\n"
                                + "    startTask: {commandLine: x, resourceFiles: [{httpUrl: h, filePath: f, "
                                + "identityReference: {resourceId: " + PULLER.replace("/rg/", "/other/") + "}}]}\n"
                                + "userAssignedIdentities:\n  puller: {}\n"),
                        "spec.yaml:14:107: error: identity '" + PULLER.replace("/rg/", "/other/") + "' is not one of the pool's "
                                + "identity.userAssignedIdentities: add it there, so that the nodes have it"),
                Arguments.of("a pool reading auto-storage without the account's node identity",
                        "    autoStorage: {storageAccount: data, authenticationMode: BatchAccountManagedIdentity, "
                                + "nodeIdentityReference: {resourceId: " + PULLER + "}}\n    identity: {type: SystemAssigned}\n"
                                + pool(fixed + "    startTask: {commandLine: x, resourceFiles: [{autoStorageContainerName: c}]}\n")
                                + "storageAccounts:\n  data: {}\nuserAssignedIdentities:\n  puller: {}\n",
                        "spec.yaml:15:76: warning: the nodes read auto-storage with batchAccount.main's "
                                + "autoStorage.nodeIdentityReference '" + PULLER + "', which is not one of this pool's "
                                + "identity.userAssignedIdentities: add it there, or the download fails"),
                Arguments.of("a drill age that is not a duration", pool(fixed + "failover:\n  primary: westeurope\n"
                                + "  secondary: northeurope\n  maxDrillAge: 30 days\n"),
                        "spec.yaml:16:16: error: failover.maxDrillAge: '30 days' is not a duration: write an ISO-8601 "
                                + "duration such as P30D, or 30d"),
                Arguments.of("a drill age of no time", pool(fixed + "failover:\n  primary: westeurope\n"
                                + "  secondary: northeurope\n  maxDrillAge: PT0S\n"),
                        "spec.yaml:16:16: error: failover.maxDrillAge: PT0S is no time at all; give how old the last "
                                + "successful drill may be, e.g. P30D"),
                Arguments.of("a password in clear", pool(fixed + "    userAccounts:\n      - {name: u, password: hunter2}\n"),
                        "spec.yaml:14:29: warning: password is written in the spec in clear: read it from the "
                                + "environment with ${env.NAME}")
        ).map(a -> a.get()[2] instanceof String one ? Arguments.of(a.get()[0], a.get()[1], List.of(one)) : a);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachProblemAtItsPosition(String name, String yaml, List<String> expected) {
        String text = yaml.startsWith("HEADER:") ? yaml.substring("HEADER:".length()) : Specs.HEADER + yaml;
        LoadResult result = Specs.load(dir, text);
        assertThat(Specs.printed(dir, result)).containsExactlyElementsOf(expected);
    }
}
