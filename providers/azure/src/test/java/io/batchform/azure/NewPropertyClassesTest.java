package io.batchform.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.ResourceType;
import io.batchform.plan.Action;
import io.batchform.plan.AttributeChange;
import io.batchform.plan.Differ;
import io.batchform.provider.Attributes;
import io.batchform.provider.Mutability;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A change of each property Microsoft.Batch 2025-06-01 added is planned with its class (docs/pool-updates.md): in
 * place on a pool with nodes, or only on an empty pool (drained or replaced by the pool's updateStrategy); the
 * account's network settings change in place. The planner diffs with the Azure provider's own schema.
 */
class NewPropertyClassesTest {
    private static final String ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/"
            + "userAssignedIdentities/";

    static Stream<Arguments> poolChanges() {
        return Stream.of(
                Arguments.of("identity", Map.of("type", "UserAssigned", "userAssignedIdentities", List.of(ID + "a")),
                        Map.of("type", "UserAssigned", "userAssignedIdentities", List.of(ID + "a", ID + "b")),
                        Mutability.UPDATABLE),
                Arguments.of("targetNodeCommunicationMode", "Default", "Simplified", Mutability.UPDATABLE),
                Arguments.of("startTask", Map.of("commandLine", "x", "resourceFiles", List.of(Map.of("httpUrl", "u"))),
                        Map.of("commandLine", "x", "resourceFiles", List.of(Map.of("httpUrl", "u",
                                "identityReference", Map.of("resourceId", ID + "a")))), Mutability.UPDATABLE),
                Arguments.of("osDisk", Map.of("diskSizeGB", 64L), Map.of("diskSizeGB", 128L), Mutability.EMPTY_POOL),
                Arguments.of("dataDisks", List.of(Map.of("lun", 0L, "diskSizeGB", 64L)),
                        List.of(Map.of("lun", 0L, "diskSizeGB", 128L)), Mutability.EMPTY_POOL),
                Arguments.of("diskEncryption", Map.of("targets", List.of("TemporaryDisk")),
                        Map.of("targets", List.of("OsDisk", "TemporaryDisk")), Mutability.EMPTY_POOL),
                Arguments.of("securityProfile", Map.of("encryptionAtHost", false),
                        Map.of("securityType", "trustedLaunch", "encryptionAtHost", false), Mutability.EMPTY_POOL),
                Arguments.of("nodePlacementConfiguration", Map.of("policy", "Regional"), Map.of("policy", "Zonal"),
                        Mutability.EMPTY_POOL),
                Arguments.of("extensions", List.of(Map.of("name", "kv", "publisher", "p", "type", "KeyVaultForLinux")),
                        List.of(Map.of("name", "kv", "publisher", "p", "type", "KeyVaultForLinux",
                                "typeHandlerVersion", "3.0")), Mutability.EMPTY_POOL),
                Arguments.of("windowsConfiguration", Map.of("enableAutomaticUpdates", true),
                        Map.of("enableAutomaticUpdates", false), Mutability.EMPTY_POOL),
                Arguments.of("upgradePolicy", Map.of("mode", "manual"), Map.of("mode", "automatic"),
                        Mutability.EMPTY_POOL),
                Arguments.of("endpointConfiguration", Map.of("inboundNatPools", List.of(Map.of("name", "ssh",
                        "backendPort", 22L))), Map.of("inboundNatPools", List.of(Map.of("name", "ssh",
                        "backendPort", 2222L))), Mutability.EMPTY_POOL),
                Arguments.of("enableAcceleratedNetworking", false, true, Mutability.EMPTY_POOL),
                Arguments.of("dynamicVnetAssignmentScope", "none", "job", Mutability.EMPTY_POOL),
                Arguments.of("containerConfiguration", Map.of("type", "DockerCompatible", "containerRegistries",
                        List.of(Map.of("registryServer", "r.azurecr.io"))), Map.of("type", "DockerCompatible",
                        "containerRegistries", List.of(Map.of("registryServer", "r.azurecr.io",
                                "identityReference", Map.of("resourceId", ID + "a")))), Mutability.EMPTY_POOL),
                // The last ones of 2025-06-01 (planner/RESOURCES.md: 41 of 41).
                Arguments.of("image", Map.of("sharedGalleryImageId", "/SharedGalleries/g/Images/i/Versions/1"),
                        Map.of("communityGalleryImageId", "/CommunityGalleries/g/Images/i/Versions/1"),
                        Mutability.EMPTY_POOL),
                Arguments.of("taskSchedulingPolicy", Map.of("nodeFillType", "Spread", "jobDefaultOrder", "None"),
                        Map.of("nodeFillType", "Spread", "jobDefaultOrder", "CreationTime"), Mutability.EMPTY_POOL),
                Arguments.of("publicIPAddressConfiguration", Map.of("provision", "BatchManaged", "ipFamilies",
                        List.of("IPv4")), Map.of("provision", "BatchManaged", "ipFamilies", List.of("IPv4", "IPv6"),
                        "ipTags", List.of(Map.of("ipTagType", "FirstPartyUsage", "displayName", "SQL"))),
                        Mutability.EMPTY_POOL),
                Arguments.of("userAccounts", List.of(Map.of("name", "u", "windowsUserConfiguration",
                        Map.of("loginMode", "Interactive"))), List.of(Map.of("name", "u", "windowsUserConfiguration",
                        Map.of("loginMode", "Batch"))), Mutability.EMPTY_POOL),
                Arguments.of("startTask", Map.of("commandLine", "x"), Map.of("commandLine", "x", "containerSettings",
                        Map.of("imageName", "setup:1.0")), Mutability.UPDATABLE),
                Arguments.of("osDisk", Map.of("managedDisk", Map.of("storageAccountType", "Premium_LRS")),
                        Map.of("managedDisk", Map.of("storageAccountType", "Premium_LRS", "securityProfile",
                                Map.of("securityEncryptionType", "VMGuestStateOnly"))), Mutability.EMPTY_POOL),
                Arguments.of("securityProfile", Map.of("securityType", "trustedLaunch"), Map.of("securityType",
                        "trustedLaunch", "proxyAgentSettings", Map.of("enabled", true)), Mutability.EMPTY_POOL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolChanges")
    void aPoolPropertyChangesWithItsClass(String attribute, Object before, Object after, Mutability expected) {
        Attributes live = Attributes.of(Map.of("name", "p", attribute, before));
        List<AttributeChange> changes = Differ.diff(AzureSchema.ALL.get(ResourceType.POOL),
                Attributes.of(Map.of("name", "p", attribute, after)), live, live);
        assertThat(changes).isNotEmpty().allSatisfy(change -> assertThat(change.mutability()).isEqualTo(expected));
        assertThat(Differ.actionFor(changes)).isEqualTo(Action.UPDATE);
    }

    /** What the service fills in when a new property is left out equals it being left out: the second plan is clean. */
    static Stream<Arguments> poolDefaults() {
        return Stream.of(
                Arguments.of("taskSchedulingPolicy", Map.of("nodeFillType", "Pack"),
                        Map.of("nodeFillType", "Pack", "jobDefaultOrder", "None")),
                Arguments.of("userAccounts", List.of(Map.of("name", "u", "windowsUserConfiguration", Map.of())),
                        List.of(Map.of("name", "u", "windowsUserConfiguration", Map.of("loginMode", "Interactive")))),
                Arguments.of("startTask", Map.of("commandLine", "x", "containerSettings", Map.of("imageName", "i")),
                        Map.of("commandLine", "x", "containerSettings", Map.of("imageName", "i", "workingDirectory",
                                "TaskWorkingDirectory"))),
                Arguments.of("securityProfile", Map.of("proxyAgentSettings", Map.of("imds", Map.of("mode", "Audit"))),
                        Map.of("proxyAgentSettings", Map.of("enabled", false, "imds", Map.of("mode", "Audit")))),
                Arguments.of("publicIPAddressConfiguration", Map.of("provision", "BatchManaged", "ipFamilies",
                        List.of("IPv6", "IPv4")), Map.of("provision", "BatchManaged", "ipFamilies",
                        List.of("IPv4", "IPv6"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolDefaults")
    void aServiceDefaultOfANewPropertyIsNoChange(String attribute, Object written, Object shown) {
        Attributes live = Attributes.of(Map.of("name", "p", attribute, shown));
        assertThat(Differ.diff(AzureSchema.ALL.get(ResourceType.POOL), Attributes.of(Map.of("name", "p", attribute,
                written)), live, live)).isEmpty();
    }

    static Stream<Arguments> accountChanges() {
        return Stream.of(
                Arguments.of("publicNetworkAccess", "Enabled", "Disabled"),
                Arguments.of("networkProfile", Map.of("accountAccess", Map.of("defaultAction", "Allow")),
                        Map.of("accountAccess", Map.of("defaultAction", "Deny", "ipRules",
                                List.of(Map.of("action", "Allow", "value", "203.0.113.0/24"))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accountChanges")
    void anAccountsNetworkSettingsChangeInPlace(String attribute, Object before, Object after) {
        Attributes live = Attributes.of(Map.of("name", "a", attribute, before));
        List<AttributeChange> changes = Differ.diff(AzureSchema.ALL.get(ResourceType.BATCH_ACCOUNT),
                Attributes.of(Map.of("name", "a", attribute, after)), live, live);
        assertThat(changes).isNotEmpty().allSatisfy(change -> assertThat(change.mutability())
                .isEqualTo(Mutability.UPDATABLE));
        assertThat(Differ.actionFor(changes)).isEqualTo(Action.UPDATE);
    }
}
