package io.batchform.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "90s       | PT1M30S",
        "5m        | PT5M",
        "1h30m     | PT1H30M",
        "7d        | PT168H",
        "1d2h3m4s  | PT26H3M4S",
        "1.5h      | PT1H30M",
        "0.5s      | PT0.5S",
        "' 15m '   | PT15M",
        "PT15M     | PT15M",
        "pt15m     | PT15M",
        "P1DT2H    | PT26H",
        "5m5m      | -",
        "30m1h     | -",
        "5         | -",
        "''        | -",
        "m         | -",
        "5x        | -",
        "-5m       | -",
        "PT        | -",
        "99999999999999999999d | -",
    })
    void oneGrammar(String text, String expected) {
        assertThat(Durations.parse(text).map(Duration::toString).orElse("-")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' -> {1}s")
    @CsvSource(delimiter = '|', value = {
        "90     | 90.0",
        "1.5    | 1.5",
        "2m     | 120.0",
        "0.5s   | 0.5",
        "5m5m   | -1",
    })
    void secondsAlsoTakeABareNumber(String text, double expected) {
        assertThat(Durations.seconds(text).orElse(-1)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1} / {2}")
    @CsvSource(delimiter = '|', value = {
        "0      | 0s     | 0s",
        "45     | 45s    | 45s",
        "5400   | 1h30m  | 1h30m",
        "604800 | 168h   | 7d",
        "90061  | 25h1m1s | 1d1h1m1s",
    })
    void twoPrintedForms(long seconds, String friendly, String format) {
        assertThat(Durations.friendly(Duration.ofSeconds(seconds))).isEqualTo(friendly);
        assertThat(Durations.format(seconds)).isEqualTo(format);
    }
}
