package io.batchform.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.FaultConfig;
import io.batchform.emulator.contract.ContractRecorder;
import io.batchform.provider.Provider;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What regions offer and allow, read by the provider through the SDK's pipeline from the emulator: Batch's supported
 * VM sizes and the subscription's Compute usages per region, every request checked against Microsoft's documents.
 */
class RegionOffersTest {
    private final ContractRecorder contract = ContractRecorder.requestsAndResponses();
    private ArmEmulator emulator;
    private AzureProvider provider;

    @BeforeEach
    void start() {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ZERO).pageSize(7)
                .vmSizes("northeurope", List.of("Standard_D2s_v3", "Standard_E2s_v3", "Standard_E4s_v3"))
                .computeQuota("northeurope", new ArmEmulator.ComputeQuota(24, 12, 16, 5))
                .observer(contract).build().start();
        provider = EmulatorConnections.provider(emulator, Duration.ofMillis(20), 1);
    }

    @AfterEach
    void stop() {
        emulator.close();
        contract.assertConforms();
    }

    @Test
    void theSizesBatchOffersInARegionAreReadAcrossPagesAndCompareIgnoringCase() {
        Set<String> north = provider.vmSizesOffered("North Europe").orElseThrow();
        assertThat(north).containsExactlyInAnyOrder("Standard_D2s_v3", "Standard_E2s_v3", "Standard_E4s_v3");
        assertThat(north.contains("standard_e4s_v3")).isTrue();
        assertThat(provider.vmSizesOffered("westeurope").orElseThrow()).contains("Standard_D4s_v3")
                .doesNotContain("Standard_B2s");
    }

    @Test
    void computeUsagesAreReadPerRegionAcrossPagesAndAreUnknownWhenTheRegionDoesNotAnswer() {
        Provider.ComputeUsages north = provider.computeUsages("northeurope").orElseThrow();
        assertThat(north.location()).isEqualTo("northeurope");
        assertThat(north.find(Provider.ComputeUsages.TOTAL)).contains(new Provider.Usage("cores", 5, 24));
        assertThat(north.find(Provider.ComputeUsages.SPOT)).contains(new Provider.Usage("lowPriorityCores", 0, 12));
        assertThat(north.find("STANDARDDSV3FAMILY")).contains(new Provider.Usage("standardDSv3Family", 0, 16));
        assertThat(north.usages()).as("every page: more than the page size of 7").hasSizeGreaterThan(50);
        assertThat(provider.computeUsages("westeurope").orElseThrow().find("cores"))
                .contains(new Provider.Usage("cores", 0, 100));

        emulator.faults(FaultConfig.NONE.withDownRegions(Set.of("northeurope")));
        assertThat(provider.computeUsages("northeurope")).as("cannot tell").isEmpty();
        assertThat(provider.vmSizesOffered("northeurope")).isEmpty();
    }
}
