package io.batchform.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test sets the JVM's default locale (Turkish) for a moment: no other test may run meanwhile. */
@org.junit.jupiter.api.parallel.Isolated
class SuggestionsTest {
    private static final List<String> NAMES = List.of("main", "vmSize", "TimeInterval", "$TargetDedicatedNodes");

    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "mian                  | main",
        "MAIN                  | main",
        "vmsize                | vmSize",
        "vmSzie                | vmSize",
        "TimeIntreval          | TimeInterval",
        "$TargetDedicatedNode  | $TargetDedicatedNodes",
        "zzzz                  | ''",
        "m                     | ''",
    })
    void suggestsTheClosestNameWithinATyposDistance(String word, String expected) {
        assertThat(Suggestions.closest(word, NAMES).orElse("")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} to {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "main | main | 0",
        "mian | main | 1",
        "ab   | ba   | 1",
        "abc  | ca   | 3",
        "''   | abc  | 3",
    })
    void distanceCountsASwapAsOneEdit(String a, String b, int distance) {
        assertThat(Suggestions.distance(a, b)).isEqualTo(distance);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "mian | ' (did you mean ''main''?)' | '. Did you mean ''main''?'",
        "qqqq | ''                          | ''",
    })
    void theTwoMessageForms(String word, String suffix, String didYouMean) {
        assertThat(Suggestions.suffix(word, NAMES)).isEqualTo(suffix);
        assertThat(Suggestions.didYouMean(word, NAMES)).isEqualTo(didYouMean);
    }

    @org.junit.jupiter.api.Test
    void caseIsFoldedWithoutTheDefaultLocale() {
        java.util.Locale previous = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
            assertThat(Suggestions.closest("TIMEINTERVAL", NAMES)).contains("TimeInterval");
        } finally {
            java.util.Locale.setDefault(previous);
        }
    }
}
