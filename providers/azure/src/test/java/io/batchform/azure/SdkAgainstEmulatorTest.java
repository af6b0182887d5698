package io.batchform.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.Region;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.batch.fluent.models.PoolInner;
import com.azure.resourcemanager.batch.models.AutoStorageBaseProperties;
import com.azure.resourcemanager.batch.models.BatchAccount;
import com.azure.resourcemanager.batch.models.DeploymentConfiguration;
import com.azure.resourcemanager.batch.models.FixedScaleSettings;
import com.azure.resourcemanager.batch.models.ImageReference;
import com.azure.resourcemanager.batch.models.NetworkConfiguration;
import com.azure.resourcemanager.batch.models.Pool;
import com.azure.resourcemanager.batch.models.ScaleSettings;
import com.azure.resourcemanager.batch.models.VirtualMachineConfiguration;
import com.azure.resourcemanager.network.models.Network;
import com.azure.resourcemanager.storage.models.StorageAccount;
import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.contract.ContractRecorder;
import io.batchform.emulator.FaultConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real Azure SDK for Java, over HTTPS, against batchform's emulator: every call below is a real SDK call that
 * crosses the wire. One emulator serves the class; the tests build on each other in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SdkAgainstEmulatorTest {
    private static final String RG = "rg-sdk";
    private static ArmEmulator emulator;
    private static AzureConnection azure;
    private static String subnetId;
    private static String storageId;
    /** Every request the SDK sends and every answer, checked against Microsoft's published API. */
    private static final ContractRecorder CONTRACT = ContractRecorder.requestsAndResponses();

    @BeforeAll
    static void start() {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ZERO).pageSize(2).observer(CONTRACT).build()
                .start();
        azure = EmulatorConnections.connection(emulator, Duration.ofMillis(5), 3);
    }

    @AfterAll
    static void stop() {
        emulator.close();
        CONTRACT.assertConforms();
        assertThat(CONTRACT.judgedOperations()).contains("BatchAccount_Create@2022-01-01", "BatchAccount_Update@2022-01-01",
                "BatchAccount_Delete@2022-01-01", "Pool_Create@2022-01-01", "Pool_Update@2022-01-01",
                "Pool_ListByBatchAccount@2022-01-01", "Pool_Delete@2022-01-01");
        // The api-versions the Storage and Network libraries send (2025-06-01, 2025-03-01) have their documents too.
        assertThat(CONTRACT.judgedOperations()).contains("StorageAccounts_Create@2025-06-01",
                "VirtualNetworks_CreateOrUpdate@2025-03-01");
        assertThat(CONTRACT.unjudgedRequests()).noneMatch(r -> r.contains("/Microsoft.Storage/")
                || r.contains("/Microsoft.Network/"));
    }

    private static DeploymentConfiguration ubuntu() {
        return new DeploymentConfiguration().withVirtualMachineConfiguration(new VirtualMachineConfiguration()
                .withImageReference(new ImageReference().withPublisher("canonical")
                        .withOffer("0001-com-ubuntu-server-jammy").withSku("22_04-lts").withVersion("latest"))
                .withNodeAgentSkuId("batch.node.ubuntu 22.04"));
    }

    @Test
    @Order(1)
    void createsAResourceGroupStorageAndANetworkThroughTheFluentLibraries() {
        azure.resources().resourceGroups().define(RG).withRegion(Region.EUROPE_WEST).create();
        assertThat(azure.resources().resourceGroups().getByName(RG).regionName()).isEqualTo("westeurope");

        StorageAccount storage = azure.storage().storageAccounts().define("stsdk01").withRegion(Region.EUROPE_WEST)
                .withExistingResourceGroup(RG).create();
        storageId = storage.id();
        assertThat(storage.endPoints().primary().blob()).isEqualTo("https://stsdk01.blob.core.windows.net/");
        assertThat(storage.getKeys()).hasSize(2);

        Network network = azure.network().networks().define("vnet-sdk").withRegion(Region.EUROPE_WEST)
                .withExistingResourceGroup(RG).withAddressSpace("10.20.0.0/16").withSubnet("pools", "10.20.1.0/24")
                .create();
        assertThat(network.subnets()).containsKey("pools");
        subnetId = network.subnets().get("pools").id();
        assertThat(azure.network().networks().getById(network.id()).subnets().get("pools").addressPrefix())
                .isEqualTo("10.20.1.0/24");
    }

    @Test
    @Order(2)
    void createsABatchAccountThroughTheLocationLongRunningOperation() {
        BatchAccount account = azure.batch().batchAccounts().define("batchsdk").withRegion("westeurope")
                .withExistingResourceGroup(RG).withTags(Map.of("env", "test"))
                .withAutoStorage(new AutoStorageBaseProperties().withStorageAccountId(storageId)).create();
        assertThat(account.accountEndpoint()).isEqualTo(emulator.endpoint().getAuthority()
                + "/batchaccounts/batchsdk.westeurope");
        assertThat(account.dedicatedCoreQuota()).isPositive();
        assertThat(account.autoStorage().storageAccountId()).isEqualTo(storageId);
        account.update().withTags(Map.of("env", "prod")).apply();
        assertThat(azure.batch().batchAccounts().getByResourceGroup(RG, "batchsdk").tags()).containsEntry("env", "prod");
        assertThat(azure.batch().batchAccounts().getKeys(RG, "batchsdk").primary()).isNotEmpty();
    }

    @Test
    @Order(3)
    void createsReadsAndUpdatesAPoolInPlaceWithAMinimalPatch() {
        Pool pool = azure.batch().pools().define("render").withExistingBatchAccount(RG, "batchsdk")
                .withVmSize("STANDARD_D2S_V3").withDeploymentConfiguration(ubuntu())
                .withNetworkConfiguration(new NetworkConfiguration().withSubnetId(subnetId))
                .withScaleSettings(new ScaleSettings().withFixedScale(new FixedScaleSettings().withTargetDedicatedNodes(2)))
                .create();
        assertThat(pool.etag()).isNotEmpty();
        Pool read = azure.batch().pools().get(RG, "batchsdk", "render");
        assertThat(read.currentDedicatedNodes()).isEqualTo(2);
        assertThat(read.taskSlotsPerNode()).isEqualTo(1);

        PoolInner patch = new PoolInner().withScaleSettings(new ScaleSettings().withFixedScale(
                new FixedScaleSettings().withTargetDedicatedNodes(3)));
        azure.batch().serviceClient().getPools().updateWithResponse(RG, "batchsdk", "render", patch, null, Context.NONE);
        assertThat(azure.batch().pools().get(RG, "batchsdk", "render").currentDedicatedNodes()).isEqualTo(3);
    }

    @Test
    @Order(4)
    void anImmutableChangeIsRejectedWithAzuresErrorCode() {
        PoolInner patch = new PoolInner().withVmSize("Standard_D4s_v3");
        assertThatThrownBy(() -> azure.batch().serviceClient().getPools()
                .updateWithResponse(RG, "batchsdk", "render", patch, null, Context.NONE))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getValue().getCode()).isEqualTo("PropertyCannotBeUpdated");
                    assertThat(e.getValue().getTarget()).isEqualTo("properties.vmSize");
                });
    }

    @Test
    @Order(5)
    void listsPoolsAcrossPages() {
        for (String name : new String[] {"etl", "sim", "gpu"}) {
            azure.batch().pools().define(name).withExistingBatchAccount(RG, "batchsdk").withVmSize("Standard_D2s_v3")
                    .withDeploymentConfiguration(ubuntu()).create();
        }
        long before = emulator.requestCount();
        assertThat(azure.batch().pools().listByBatchAccount(RG, "batchsdk").stream().count()).isEqualTo(4);
        assertThat(emulator.requestCount() - before).isEqualTo(2);
    }

    @Test
    @Order(6)
    void survivesInjectedThrottlingAndServerErrors() {
        emulator.faults(FaultConfig.NONE.withFailNext(2));
        assertThat(azure.batch().pools().get(RG, "batchsdk", "etl").vmSize()).isEqualTo("Standard_D2s_v3");
        emulator.faults(FaultConfig.NONE.withFailureRates(0.2, 0.2).withRetryAfterSeconds(0));
        for (int i = 0; i < 10; i++) {
            assertThat(azure.batch().batchAccounts().getByResourceGroup(RG, "batchsdk").name()).isEqualTo("batchsdk");
        }
        emulator.faults(FaultConfig.NONE);
    }

    @Test
    @Order(7)
    void deletesPoolsAndTheAccountThroughLongRunningOperations() {
        azure.batch().pools().delete(RG, "batchsdk", "gpu");
        assertThatThrownBy(() -> azure.batch().pools().get(RG, "batchsdk", "gpu"))
                .isInstanceOfSatisfying(ManagementException.class,
                        e -> assertThat(e.getValue().getCode()).isEqualTo("ResourceNotFound"));
        azure.batch().batchAccounts().deleteByResourceGroup(RG, "batchsdk");
        assertThat(azure.batch().batchAccounts().listByResourceGroup(RG).stream().count()).isZero();
        azure.network().networks().deleteByResourceGroup(RG, "vnet-sdk");
        azure.storage().storageAccounts().deleteByResourceGroup(RG, "stsdk01");
        assertThat(azure.storage().storageAccounts().listByResourceGroup(RG).stream().count()).isZero();
    }
}
