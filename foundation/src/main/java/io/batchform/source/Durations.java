package io.batchform.source;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of the house (spec, command line, simulator, differ). A duration is ISO-8601
 * ({@code PT15M}, {@code P1DT2H}, any case) or friendly: days, hours, minutes and seconds in that order, each at most
 * once, each a whole or decimal number ({@code 90s}, {@code 5m}, {@code 1h30m}, {@code 1.5h}, {@code 7d}). Surrounding
 * spaces are ignored; {@code 5m5m}, {@code 30m1h}, {@code 5} and the empty string are not durations. Only where a
 * number of seconds is natural (a workload's fields, {@link #seconds}) is a bare number read as seconds.
 */
public final class Durations {
    private static final String NUMBER = "(\\d+(?:\\.\\d+)?)";
    private static final Pattern FRIENDLY = Pattern.compile(
            "(?:" + NUMBER + "d)?(?:" + NUMBER + "h)?(?:" + NUMBER + "m)?(?:" + NUMBER + "s)?");
    private static final Pattern BARE_SECONDS = Pattern.compile(NUMBER);
    private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000);

    private Durations() {
    }

    /** The duration, or empty when {@code text} is not one (or is too long to hold). */
    public static Optional<Duration> parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(trimmed));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher m = FRIENDLY.matcher(trimmed);
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal seconds = BigDecimal.ZERO;
        for (int i = 0; i < UNIT_SECONDS.length; i++) {
            if (m.group(i + 1) != null) {
                seconds = seconds.add(new BigDecimal(m.group(i + 1)).multiply(BigDecimal.valueOf(UNIT_SECONDS[i])));
            }
        }
        try {
            BigInteger[] parts = seconds.movePointRight(9).toBigInteger().divideAndRemainder(NANOS_PER_SECOND);
            return Optional.of(Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Seconds, for fields that count in seconds: a duration as {@link #parse} reads it, or a bare number. */
    public static OptionalDouble seconds(String text) {
        String trimmed = text.trim();
        if (BARE_SECONDS.matcher(trimmed).matches()) {
            return OptionalDouble.of(Double.parseDouble(trimmed));
        }
        return parse(trimmed).map(d -> OptionalDouble.of(d.getSeconds() + d.getNano() / 1e9))
                .orElse(OptionalDouble.empty());
    }

    /** The form the spec's messages use, hours at most: {@code 1h30m}, {@code 5m}, {@code 168h}, {@code 0s}. */
    public static String friendly(Duration duration) {
        long seconds = duration.getSeconds();
        StringBuilder out = new StringBuilder();
        if (seconds >= 3600) {
            out.append(seconds / 3600).append('h');
            seconds %= 3600;
        }
        if (seconds >= 60) {
            out.append(seconds / 60).append('m');
            seconds %= 60;
        }
        if (seconds > 0 || out.length() == 0) {
            out.append(seconds).append('s');
        }
        return out.toString();
    }

    /** The form reports use, days at most: {@code 7d}, {@code 1h30m}, {@code 45s}, {@code 0s}; rounded to seconds. */
    public static String format(double seconds) {
        long total = Math.round(seconds);
        if (total == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long[] amounts = {total / 86_400, total % 86_400 / 3_600, total % 3_600 / 60, total % 60};
        char[] units = {'d', 'h', 'm', 's'};
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] > 0) {
                out.append(amounts[i]).append(units[i]);
            }
        }
        return out.toString();
    }
}
