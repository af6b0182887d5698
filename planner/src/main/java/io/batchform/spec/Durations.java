package io.batchform.spec;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as a spec writes them: ISO-8601 ({@code PT15M}, {@code P1DT2H}) or friendly ({@code 15m}, {@code 1h30m}). */
public final class Durations {
    private static final Pattern FRIENDLY = Pattern.compile("(\\d+)([dhms])");
    private static final Pattern FRIENDLY_WHOLE = Pattern.compile("(\\d+[dhms])+");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        if (FRIENDLY_WHOLE.matcher(text).matches()) {
            Duration total = Duration.ZERO;
            Matcher m = FRIENDLY.matcher(text);
            try {
                while (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    total = total.plus(switch (m.group(2)) {
                        case "d" -> Duration.ofDays(n);
                        case "h" -> Duration.ofHours(n);
                        case "m" -> Duration.ofMinutes(n);
                        default -> Duration.ofSeconds(n);
                    });
                }
            } catch (ArithmeticException | NumberFormatException e) {
                return Optional.empty();
            }
            return Optional.of(total);
        }
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(text));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Friendly form for messages: {@code 1h30m}, {@code 5m}, {@code 168h}. */
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
}
