package io.batchform.autoscale.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumbersTest {
    @ParameterizedTest
    @CsvSource({"96.66666666666667, 96.6667", "0.5, 0.5", "1, 1", "100, 100", "16777216, 1.67772e+07",
            "1000000, 1e+06", "999999.5, 1e+06", "0.0001, 0.0001", "0.00001, 1e-05", "-2.25, -2.25",
            "123456.4, 123456", "0.1, 0.1", "0.30000000000000004, 0.3", "1.1, 1.1", "11.000000000000002, 11",
            "2.5e-300, 2.5e-300", "1.7976931348623157e308, 1.79769e+308"})
    void formatsLikePercentG(double value, String text) {
        assertThat(Numbers.format(value)).isEqualTo(text);
    }

    /** The fast path and the exact BigDecimal path always agree. */
    @Property(tries = 5000)
    void fastPathAgreesWithTheExactOne(@ForAll @DoubleRange(min = -2e6, max = 2e6) @Scale(9) double value) {
        assertThat(Numbers.format(value)).isEqualTo(exact(value));
    }

    @Property(tries = 2000)
    void fastPathAgreesOnSmallValues(@ForAll @DoubleRange(min = 1e-5, max = 1) @Scale(12) double value) {
        assertThat(Numbers.format(value)).isEqualTo(exact(value));
    }

    private static String exact(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(6, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+")
                    + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
