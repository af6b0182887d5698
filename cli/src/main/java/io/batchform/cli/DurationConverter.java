package io.batchform.cli;

import io.batchform.source.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration option in the house's one grammar ({@link Durations}): {@code 90s}, {@code 1h30m}, {@code PT5M}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        return Durations.parse(text).orElseThrow(
                () -> new TypeConversionException("'" + text + "' is not a duration such as 30s, 5m or 2h"));
    }
}
