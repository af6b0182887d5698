package io.batchform.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegionTest {
    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "westeurope     | westeurope",
        "West Europe    | westeurope",
        "WESTEUROPE     | westeurope",
        "' North Europe' | northeurope",
        "ISTANBUL       | istanbul",
    })
    void oneCanonicalForm(String written, String canonical) {
        assertThat(Region.of(written).name()).isEqualTo(canonical);
        assertThat(Region.canonical(written)).isEqualTo(canonical);
        assertThat(Region.of(written)).isEqualTo(Region.of(canonical)).hasToString(canonical);
    }

    @Test
    void nullStaysNullAndSameComparesEitherWay() {
        assertThat(Region.canonical(null)).isNull();
        assertThat(Region.same("West Europe", "westeurope")).isTrue();
        assertThat(Region.same("westeurope", "northeurope")).isFalse();
    }
}
