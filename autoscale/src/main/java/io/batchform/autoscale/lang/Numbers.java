package io.batchform.autoscale.lang;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats numbers the way the service prints them in autoscale results: up to 6 significant digits, no trailing
 * zeros, no exponent for ordinary magnitudes ({@code 96.6667}, {@code 0.5}, {@code 1}, {@code 16777216} prints as
 * {@code 1.67772e+07}, like C's {@code %g}).
 */
public final class Numbers {
    private static final MathContext SIX_DIGITS = new MathContext(6, RoundingMode.HALF_EVEN);

    private Numbers() {
    }

    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return "0";
        }
        String fast = fastFormat(value);
        if (fast != null) {
            return fast;
        }
        BigDecimal rounded = new BigDecimal(value).round(SIX_DIGITS);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String sign = exponent < 0 ? "-" : "+";
            int magnitude = Math.abs(exponent);
            return mantissa.toPlainString() + "e" + sign + (magnitude < 10 ? "0" : "") + magnitude;
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    private static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10};

    /**
     * The same text without BigDecimal for values in [1e-4, 1e6), or null when the value is outside that range or its
     * rounding is too close to a tie to decide in floating point (then the exact path decides).
     */
    private static String fastFormat(double value) {
        double magnitude = Math.abs(value);
        if (!(magnitude >= 1e-4 && magnitude < 1e6)) {
            return null;
        }
        int exponent = (int) Math.floor(Math.log10(magnitude));
        int scale = 5 - exponent;
        if (scale < 0 || scale >= POWERS.length) {
            return null;
        }
        double scaled = magnitude * POWERS[scale];
        double fraction = scaled - Math.floor(scaled);
        if (Math.abs(fraction - 0.5) < 1e-6) {
            return null;
        }
        long mantissa = Math.round(scaled);
        if (mantissa >= 1_000_000 || mantissa < 100_000) {
            return null;
        }
        while (scale > 0 && mantissa % 10 == 0) {
            mantissa /= 10;
            scale--;
        }
        String digits = Long.toString(mantissa);
        StringBuilder out = new StringBuilder(12);
        if (value < 0) {
            out.append('-');
        }
        if (scale == 0) {
            return out.append(digits).toString();
        }
        if (digits.length() > scale) {
            return out.append(digits, 0, digits.length() - scale).append('.')
                    .append(digits, digits.length() - scale, digits.length()).toString();
        }
        out.append("0.");
        for (int i = digits.length(); i < scale; i++) {
            out.append('0');
        }
        return out.append(digits).toString();
    }
}
