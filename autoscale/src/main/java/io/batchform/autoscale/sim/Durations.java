package io.batchform.autoscale.sim;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in workloads, tests and options: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 7d}. */
public final class Durations {
    private static final Pattern FRIENDLY = Pattern.compile("(?:(\\d+(?:\\.\\d+)?)d)?(?:(\\d+(?:\\.\\d+)?)h)?"
            + "(?:(\\d+(?:\\.\\d+)?)m)?(?:(\\d+(?:\\.\\d+)?)s)?");

    private Durations() {
    }

    /** Seconds, or empty when {@code text} is not a duration. A bare number is seconds. */
    public static OptionalDouble parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (trimmed.matches("\\d+(\\.\\d+)?")) {
            return OptionalDouble.of(Double.parseDouble(trimmed));
        }
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            try {
                return OptionalDouble.of(java.time.Duration.parse(trimmed).toMillis() / 1000.0);
            } catch (java.time.format.DateTimeParseException e) {
                return OptionalDouble.empty();
            }
        }
        Matcher m = FRIENDLY.matcher(trimmed);
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        double[] units = {86_400, 3_600, 60, 1};
        double seconds = 0;
        for (int i = 0; i < units.length; i++) {
            if (m.group(i + 1) != null) {
                seconds += Double.parseDouble(m.group(i + 1)) * units[i];
            }
        }
        return OptionalDouble.of(seconds);
    }

    /** {@code 1h30m}, {@code 45s}, {@code 0s}; fractions of a second are rounded. */
    public static String format(double seconds) {
        long total = Math.round(seconds);
        if (total == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long days = total / 86_400;
        long hours = total % 86_400 / 3_600;
        long minutes = total % 3_600 / 60;
        long secs = total % 60;
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (secs > 0) {
            out.append(secs).append('s');
        }
        return out.toString();
    }
}
