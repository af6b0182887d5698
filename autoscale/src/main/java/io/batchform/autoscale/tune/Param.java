package io.batchform.autoscale.tune;

import io.batchform.autoscale.lang.Numbers;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tunable constant: its name as the formula assigns it (without {@code $}), and the range searched, {@code lo..hi}
 * with an optional {@code :step} (values are then {@code lo}, {@code lo + step}, ... up to {@code hi}; without one
 * the range is continuous).
 */
public record Param(String name, double lo, double hi, double step) {
    private static final Pattern RANGE = Pattern.compile(
            "\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*\\.\\.\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*(?::\\s*([0-9]+(?:\\.[0-9]+)?))?\\s*");

    public Param {
        name = name.startsWith("$") ? name.substring(1) : name;
        if (!(lo <= hi)) {
            throw new IllegalArgumentException(name + ": the range's low end must not be above its high end");
        }
        if (step < 0 || step > 0 && step > hi - lo && hi > lo) {
            throw new IllegalArgumentException(name + ": the step must be positive and within the range");
        }
    }

    /** {@code LO..HI} or {@code LO..HI:STEP}; empty when the text is not one. */
    public static Optional<Param> parse(String name, String range) {
        Matcher m = RANGE.matcher(range);
        if (!m.matches()) {
            return Optional.empty();
        }
        double step = m.group(3) == null ? 0 : Double.parseDouble(m.group(3));
        if (m.group(3) != null && step <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Param(name, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), step));
    }

    /** {@code NAME=LO..HI[:STEP]} as the command line gives it; throws IllegalArgumentException saying why not. */
    public static Param option(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not NAME=LO..HI or NAME=LO..HI:STEP");
        }
        return parse(text.substring(0, eq).strip(), text.substring(eq + 1)).orElseThrow(() ->
                new IllegalArgumentException("'" + text + "' is not NAME=LO..HI or NAME=LO..HI:STEP"));
    }

    /** A value moved into the range and onto the step. */
    public double snap(double value) {
        double v = Math.max(lo, Math.min(hi, value));
        if (step > 0) {
            v = lo + Math.round((v - lo) / step) * step;
            v = Math.min(hi, v);
            v = Math.rint(v * 1e9) / 1e9; // 0.1 + 0.2 steps print as 0.3
        }
        return v;
    }

    /** How many values the range holds: one per step, or unbounded when continuous. */
    public int count() {
        if (hi == lo) {
            return 1;
        }
        return step > 0 ? (int) Math.min(Integer.MAX_VALUE, Math.floor((hi - lo) / step + 1e-9) + 1) : Integer.MAX_VALUE;
    }

    /** The values on the step (or {@code points} evenly spaced when continuous), at most {@code max} of them. */
    public double[] grid(int points, int max) {
        int n = step > 0 ? (int) Math.floor((hi - lo) / step + 1e-9) + 1 : Math.max(2, points);
        if (hi == lo) {
            n = 1;
        }
        int count = Math.min(n, Math.max(1, max));
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            double at = count == 1 ? 0 : (double) i * (n - 1) / (count - 1); // evenly through the n values
            values[i] = step > 0 ? snap(lo + Math.round(at) * step) : lo + (hi - lo) * at / Math.max(1, n - 1);
        }
        return values;
    }

    /** The value as the formula text shows it: whole numbers without a point. */
    public static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Numbers.format(value);
    }

    @Override
    public String toString() {
        return name + " " + format(lo) + ".." + format(hi) + (step > 0 ? ":" + format(step) : "");
    }
}
