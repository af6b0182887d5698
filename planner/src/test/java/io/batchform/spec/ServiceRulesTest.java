package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.spec.rules.ServiceRules;
import io.batchform.spec.rules.ServiceRules.NearEndOfLife;
import io.batchform.spec.rules.ServiceRules.PastEndOfLife;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The rule table's dates: past is an error, within six months a warning, each naming the date and the successor. */
class ServiceRulesTest {
    private static final String JAMMY = "batch.node.ubuntu 22.04";

    @Test
    void anAgentFarFromItsEndOfLifeHasNoFinding() {
        assertThat(ServiceRules.agent(JAMMY, LocalDate.of(2026, 12, 29))).isEmpty();
        assertThat(ServiceRules.agent("batch.node.ubuntu 24.04", LocalDate.of(2026, 12, 5))).isEmpty();
        assertThat(ServiceRules.agent(null, LocalDate.of(2026, 12, 5))).isEmpty();
    }

    @Test
    void withinSixMonthsItIsAWarningWithTheDateAndTheSuccessor() {
        assertThat(ServiceRules.agent(JAMMY, LocalDate.of(2026, 12, 30))).get().isInstanceOf(NearEndOfLife.class)
                .extracting(ServiceRules.AgentFinding::message).asString()
                .contains("2027-06-30", "batch.node.ubuntu 24.04", "https://github.com/Azure/Batch/issues/200");
        assertThat(ServiceRules.agent(JAMMY, LocalDate.of(2027, 6, 30))).get().isInstanceOf(NearEndOfLife.class);
    }

    @Test
    void pastItIsAnError() {
        assertThat(ServiceRules.agent(JAMMY, LocalDate.of(2027, 7, 1))).get().isInstanceOf(PastEndOfLife.class);
        assertThat(ServiceRules.agent("batch.node.ubuntu 18.04", LocalDate.of(2026, 12, 5))).get()
                .isInstanceOf(PastEndOfLife.class);
    }

    @Test
    void everyRuleNamesItsSource() {
        assertThat(ServiceRules.RETIREMENTS).allSatisfy(r -> assertThat(r.source()).isNotBlank());
        assertThat(ServiceRules.AGENTS).allSatisfy(a -> assertThat(a.source()).startsWith("https://"));
        assertThat(ServiceRules.IMAGES).allSatisfy(i -> assertThat(i.source()).contains("https://"));
    }

    @Test
    void imagesMapToTheirAgent() {
        assertThat(ServiceRules.imageFamily("Canonical", "0001-com-ubuntu-server-focal", "20_04-lts-gen2"))
                .get().extracting(ServiceRules.ImageFamily::agent).isEqualTo("batch.node.ubuntu 20.04");
        assertThat(ServiceRules.imageFamily("canonical", "something-else", "1")).isEmpty();
    }
}
