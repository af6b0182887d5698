package io.batchform.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 90s}, {@code 5m}, {@code 2h}, {@code 1h30m}, {@code 7d} (or ISO-8601 {@code PT5M}). */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FRIENDLY = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    @Override
    public Duration convert(String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw new TypeConversionException("'" + text + "' is not a duration such as 30s, 5m or 2h");
            }
        }
        Matcher m = FRIENDLY.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new TypeConversionException("'" + text + "' is not a duration such as 30s, 5m or 2h");
        }
        long seconds = 0;
        long[] units = {86_400, 3_600, 60, 1};
        for (int i = 0; i < units.length; i++) {
            if (m.group(i + 1) != null) {
                seconds += Long.parseLong(m.group(i + 1)) * units[i];
            }
        }
        return Duration.ofSeconds(seconds);
    }
}
