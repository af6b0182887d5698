package io.batchform.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.FaultConfig;
import io.batchform.emulator.contract.ContractRecorder;
import io.batchform.provider.Attributes;
import io.batchform.provider.ComputeNode;
import io.batchform.provider.Provider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pool's compute nodes through the real SDK pipeline to the emulator's Batch data plane ({@code Nodes_ListNodes}
 * with a {@code $select}, every page followed), with an Entra ID token and with the shared key, every exchange
 * checked against Microsoft's published data-plane document: the states and start-task results the drill reads,
 * an injected start-task failure with its exit code and failure information, and a pool that does not exist.
 */
class PoolNodesProviderTest {
    private static final String SUB = "/subscriptions/" + AzureConnection.EMULATOR_SUBSCRIPTION;
    private static final String RG_ID = SUB + "/resourceGroups/rg-nodes";
    private static final String ACCOUNT_ID = RG_ID + "/providers/Microsoft.Batch/batchAccounts/batchnodes";
    private static final String POOL_ID = ACCOUNT_ID + "/pools/render";
    private static final Address POOL = Address.of(ResourceType.POOL, "render");

    private final ContractRecorder contract = ContractRecorder.requestsAndResponses();
    /** The node list requests the emulator answered: one per page. */
    private final AtomicInteger pages = new AtomicInteger();
    private ArmEmulator emulator;
    private AzureProvider provider;

    private void start() {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ZERO).nodeTimes(Duration.ZERO, Duration.ZERO)
                .pageSize(2).observer(exchange -> {
                    contract.accept(exchange);
                    if (exchange.path().endsWith("/nodes")) {
                        pages.incrementAndGet();
                    }
                }).build().start();
        provider = EmulatorConnections.provider(emulator, Duration.ofMillis(5), 2);
    }

    @AfterEach
    void stop() {
        emulator.close();
        contract.assertConforms();
        assertThat(contract.judgedOperations()).as("the node lists are judged against Microsoft's document")
                .contains("Nodes_ListNodes@2025-06-01");
    }

    private void created(Address address, String id, Map<String, Object> desired) {
        Provider.ChangeResponse response = provider.create(new Provider.CreateRequest(address, id, Attributes.of(desired)));
        assertThat(response.diagnostics()).as(address.toString()).isEmpty();
    }

    private void accountAndPool(List<String> authenticationModes) {
        created(Address.of(ResourceType.RESOURCE_GROUP, "main"), RG_ID, Map.of("location", "westeurope"));
        created(Address.of(ResourceType.BATCH_ACCOUNT, "main"), ACCOUNT_ID, Map.of("location", "westeurope",
                "allowedAuthenticationModes", authenticationModes));
        created(POOL, POOL_ID, Map.of("vmSize", "Standard_D2s_v3",
                "image", Map.of("publisher", "canonical", "offer", "0001-com-ubuntu-server-jammy", "sku", "22_04-lts"),
                "nodeAgentSkuId", "batch.node.ubuntu 22.04",
                "fixedScale", Map.of("targetDedicatedNodes", 3, "targetLowPriorityNodes", 2),
                "startTask", Map.of("commandLine", "/bin/sh -c ./setup.sh", "waitForSuccess", true,
                        "maxTaskRetryCount", 1)));
    }

    private List<ComputeNode> nodes() {
        Provider.NodesResponse read = provider.nodes(new Provider.ResourceRef(POOL, POOL_ID));
        assertThat(read.diagnostics()).isEmpty();
        return read.nodes().orElseThrow();
    }

    @Test
    void everyPageOfAPoolsNodesComesBackWithItsStateAndStartTaskResult() {
        start();
        accountAndPool(List.of("AAD", "SharedKey"));
        List<ComputeNode> nodes = nodes();
        assertThat(pages.get()).as("five nodes, two a page").isEqualTo(3);
        assertThat(nodes).hasSize(5).allSatisfy(node -> {
            assertThat(node.id()).startsWith("tvmps_");
            assertThat(node.state()).isEqualTo("idle");
            assertThat(node.usable()).isTrue();
            assertThat(node.failed()).isFalse();
            assertThat(node.startTask()).hasValueSatisfying(task -> {
                assertThat(task.succeeded()).isTrue();
                assertThat(task.exitCode()).isZero();
                assertThat(task.retryCount()).isZero();
            });
        });
        assertThat(nodes).extracting(ComputeNode::dedicated).containsExactly(true, true, true, false, false);
        assertThat(nodes).extracting(ComputeNode::id).doesNotHaveDuplicates();
        assertThat(nodes()).as("the same nodes read again").isEqualTo(nodes);
    }

    @Test
    void anInjectedStartTaskFailureComesBackWithItsExitCodeFailureAndRetriesSignedWithTheSharedKey() {
        start();
        accountAndPool(List.of("SharedKey"));
        emulator.faults(FaultConfig.NONE.withNodeFaults(List.of(new FaultConfig.NodeFault("render", null, 7, null,
                "cannot reach 10.1.0.4:/share", false))));
        List<ComputeNode> nodes = nodes();
        assertThat(nodes).hasSize(5).allSatisfy(node -> {
            assertThat(node.state()).isEqualTo("starttaskfailed");
            assertThat(node.failed()).isTrue();
            assertThat(node.startTask()).hasValueSatisfying(task -> {
                assertThat(task.result()).isEqualTo("failure");
                assertThat(task.exitCode()).isEqualTo(7);
                assertThat(task.failureCode()).isEqualTo("FailureExitCode");
                assertThat(task.failureMessage()).isEqualTo("cannot reach 10.1.0.4:/share");
                assertThat(task.retryCount()).isEqualTo(1);
            });
        });
        assertThat(nodes.get(0).failureSummary()).isEqualTo(nodes.get(0).id() + " starttaskfailed, start task exit "
                + "code 7 after 1 retry: cannot reach 10.1.0.4:/share");
    }

    @Test
    void aPoolThatIsNotThereIsADiagnosticNamingIt() {
        start();
        accountAndPool(List.of("AAD"));
        Provider.NodesResponse read = provider.nodes(new Provider.ResourceRef(POOL, ACCOUNT_ID + "/pools/gone"));
        assertThat(read.supported()).isTrue();
        assertThat(read.nodes()).isEmpty();
        assertThat(read.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.address()).isEqualTo(POOL);
            assertThat(d.code()).isEqualTo("PoolNotFound");
        });
    }
}
