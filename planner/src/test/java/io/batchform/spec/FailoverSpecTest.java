package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the work goes for active-active pools, by hand. */
class FailoverSpecTest {
    private static FailoverSpec regions(Map<String, Long> weights) {
        return new FailoverSpec("westeurope", List.of("northeurope", "uksouth"), FailoverSpec.Mode.ACTIVE_ACTIVE, 1,
                Map.of(), Map.of(), Map.of(), weights);
    }

    @Test
    void withoutWeightsTheRegionsShareEquallyTheFirstTakingTheRemainder() {
        assertThat(regions(Map.of()).weightsWith(null))
                .containsExactly(Map.entry("westeurope", 34L), Map.entry("northeurope", 33L), Map.entry("uksouth", 33L));
    }

    @Test
    void anotherActiveRegionTakesThePrimarysShareAndTheOthersKeepTheirs() {
        FailoverSpec failover = regions(Map.of("westeurope", 50L, "northeurope", 30L, "uksouth", 20L));
        assertThat(failover.weightsWith("westeurope"))
                .containsExactly(Map.entry("westeurope", 50L), Map.entry("northeurope", 30L), Map.entry("uksouth", 20L));
        assertThat(failover.weightsWith("North Europe"))
                .containsExactly(Map.entry("westeurope", 0L), Map.entry("northeurope", 80L), Map.entry("uksouth", 20L));
        assertThat(failover.weightsWith("uksouth"))
                .containsExactly(Map.entry("westeurope", 0L), Map.entry("northeurope", 30L), Map.entry("uksouth", 70L));
    }
}
