package io.batchform.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.azure.resource.AzureClients;
import io.batchform.azure.resource.ResourceHandler;
import io.batchform.azure.resource.ResourceHandlers;
import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.FaultConfig;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.provider.ProviderDiagnostic;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which failures are the resource's diagnostics and which are bugs: Azure's errors, requests that get no answer and
 * the SDK's own check of a request body are diagnostics; any other exception reaches the caller as it was thrown.
 */
class AzureProviderFailuresTest {
    private static final String RG_ID = "/subscriptions/" + AzureConnection.EMULATOR_SUBSCRIPTION
            + "/resourceGroups/rg-failures";
    private static final Address RG = Address.of(ResourceType.RESOURCE_GROUP, "main");
    private static final Address STORAGE = Address.of(ResourceType.STORAGE_ACCOUNT, "data");
    private static final Address VNET = Address.of(ResourceType.VIRTUAL_NETWORK, "main");
    private static final Address ACCOUNT = Address.of(ResourceType.BATCH_ACCOUNT, "main");
    private static final Address POOL = Address.of(ResourceType.POOL, "render");
    private static final String STORAGE_ID = RG_ID + "/providers/Microsoft.Storage/storageAccounts/stfail01";
    private static final String VNET_ID = RG_ID + "/providers/Microsoft.Network/virtualNetworks/vnet-fail";
    private static final String ACCOUNT_ID = RG_ID + "/providers/Microsoft.Batch/batchAccounts/batchfail";
    private static final String POOL_ID = ACCOUNT_ID + "/pools/render";

    private ArmEmulator emulator;
    private AzureConnection azure;
    private AzureProvider provider;

    @BeforeEach
    void start() {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ZERO).build().start();
        azure = AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                AzureConnection.EMULATOR_SUBSCRIPTION, Duration.ofMillis(5),
                new AzureConnection.RetrySettings(1, Duration.ofMillis(5)));
        provider = new AzureProvider(azure, "emulator");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Attributes created(Address address, String id, Map<String, Object> desired) {
        Provider.ChangeResponse response = provider.create(new Provider.CreateRequest(address, id, Attributes.of(desired)));
        assertThat(response.diagnostics()).as(address.toString()).isEmpty();
        return response.state().orElseThrow();
    }

    private Attributes pool() {
        created(RG, RG_ID, Map.of("location", "westeurope"));
        created(ACCOUNT, ACCOUNT_ID, Map.of("location", "westeurope"));
        return created(POOL, POOL_ID, Map.of("vmSize", "Standard_D2s_v3",
                "image", Map.of("publisher", "canonical", "offer", "0001-com-ubuntu-server-jammy", "sku", "22_04-lts"),
                "nodeAgentSkuId", "batch.node.ubuntu 22.04", "fixedScale", Map.of("targetDedicatedNodes", 1)));
    }

    @Test
    void theSdksOwnCheckOfARequestBodyIsTheResourcesDiagnostic() {
        Attributes pool = pool();
        // As after an import: Azure never returns a user's password, so the body lacks one the SDK requires.
        Provider.ChangeResponse response = provider.update(new Provider.UpdateRequest(POOL, POOL_ID, pool,
                pool.with("userAccounts", List.of(Map.of("name", "worker"))), Set.of("userAccounts")));
        assertThat(response.state()).isEmpty();
        assertThat(response.diagnostics()).extracting(ProviderDiagnostic::address, ProviderDiagnostic::code)
                .containsExactly(tuple(POOL, "RequestFailed"));
        assertThat(response.diagnostics().get(0).message())
                .isEqualTo("IllegalArgumentException: Missing required property password in model UserAccount");
    }

    @Test
    void aRegionThatDoesNotAnswerIsADiagnosticOfEachResourceAskedFor() {
        Attributes pool = pool();
        emulator.faults(FaultConfig.NONE.withDownRegions(Set.of("westeurope")));
        Provider.RefreshResponse refresh = provider.refresh(new Provider.RefreshRequest(List.of(
                new Provider.ResourceRef(ACCOUNT, ACCOUNT_ID), new Provider.ResourceRef(POOL, POOL_ID))));
        assertThat(refresh.live()).isEmpty();
        assertThat(refresh.diagnostics()).extracting(ProviderDiagnostic::address).containsExactlyInAnyOrder(ACCOUNT, POOL);
        assertThat(refresh.diagnostics()).allSatisfy(d -> {
            assertThat(d.code()).isEqualTo("RequestFailed");
            assertThat(d.message()).startsWith("EOFException");
        });
        Provider.ChangeResponse update = provider.update(new Provider.UpdateRequest(POOL, POOL_ID, pool,
                pool.with("metadata", Map.of("team", "vfx")), Set.of("metadata")));
        assertThat(update.diagnostics()).extracting(ProviderDiagnostic::code).containsExactly("RequestFailed");
        assertThat(provider.regionAccounts("West Europe")).as("the limit is then unknown").isEmpty();
        emulator.faults(FaultConfig.NONE);
        assertThat(provider.regionAccounts("West Europe")).hasValueSatisfying(r -> assertThat(r.accounts()).isEqualTo(1));
    }

    @Test
    void aBugInAChangeIsThrownNotReportedAsACloudError() {
        created(RG, RG_ID, Map.of("location", "westeurope"));
        long before = emulator.requestCount();
        // The engine never sends a network without its address space: the mapping fails before any request.
        assertThatThrownBy(() -> provider.create(new Provider.CreateRequest(VNET, VNET_ID,
                Attributes.of(Map.of("location", "westeurope"))))).isInstanceOf(NullPointerException.class);
        assertThat(emulator.requestCount()).isEqualTo(before);
        Attributes storage = created(STORAGE, STORAGE_ID, Map.of("location", "westeurope"));
        assertThatThrownBy(() -> provider.update(new Provider.UpdateRequest(STORAGE, STORAGE_ID, storage,
                storage.with("allowBlobPublicAccess", "yes"), Set.of("allowBlobPublicAccess"))))
                .isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> provider.regionAccounts(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aBugInARefreshIsThrownAsItWasThrownNotWrappedOrReported() {
        pool();
        Map<ResourceType, ResourceHandler> handlers = new EnumMap<>(ResourceHandlers.all(new AzureClients(azure.batch(),
                azure.storage(), azure.network(), azure.resources(), true, Duration.ofMillis(5)), AzureSchema.ALL));
        ResourceHandler pools = handlers.get(ResourceType.POOL);
        handlers.put(ResourceType.POOL, new ResourceHandler() {
            @Override
            public String batchKey(String id) {
                return pools.batchKey(id);
            }

            @Override
            public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
                throw new IllegalStateException("a bug in the pool mapping");
            }

            @Override
            public Attributes create(Provider.CreateRequest request) {
                return pools.create(request);
            }

            @Override
            public Attributes update(Provider.UpdateRequest request) {
                return pools.update(request);
            }

            @Override
            public void delete(Provider.DeleteRequest request) {
                pools.delete(request);
            }
        });
        AzureProvider faulty = new AzureProvider(azure, "emulator", handlers);
        assertThatThrownBy(() -> faulty.refresh(new Provider.RefreshRequest(List.of(
                new Provider.ResourceRef(ACCOUNT, ACCOUNT_ID), new Provider.ResourceRef(POOL, POOL_ID)))))
                .isInstanceOf(IllegalStateException.class).hasMessage("a bug in the pool mapping");
        assertThatThrownBy(() -> faulty.importResource(new Provider.ImportRequest(POOL, POOL_ID)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(faulty.refresh(new Provider.RefreshRequest(List.of(new Provider.ResourceRef(ACCOUNT, ACCOUNT_ID))))
                .live()).as("the other handlers work as before").containsOnlyKeys(ACCOUNT);
    }
}
