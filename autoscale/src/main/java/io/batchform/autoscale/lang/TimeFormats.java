package io.batchform.autoscale.lang;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * The two time formats {@code time("...")} accepts: W3C-DTF (ISO-8601 with {@code Z} or an offset, 0 to 7 fraction
 * digits, as .NET writes them) and RFC 1123 ({@code Mon, 06 Oct 2014 10:20:00 GMT}). Also the one format timestamps
 * print in: {@code 2016-10-13T19:18:47.805Z}.
 */
public final class TimeFormats {
    private static final DateTimeFormatter W3C = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm")
            .optionalStart().appendPattern(":ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 7, true).optionalEnd()
            .optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter W3C_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter PRINTED = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .toFormatter(Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private TimeFormats() {
    }

    /** Parses a W3C-DTF or RFC 1123 time; empty when the text is in neither format. */
    public static Optional<Instant> parse(String text) {
        String trimmed = text.trim();
        try {
            return Optional.of(OffsetDateTime.parse(trimmed, W3C).toInstant());
        } catch (DateTimeParseException notW3c) {
            // try the next format
        }
        try {
            return Optional.of(java.time.LocalDate.parse(trimmed, W3C_DATE).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notDate) {
            // try the next format
        }
        try {
            return Optional.of(ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException notRfc1123) {
            return Optional.empty();
        }
    }

    /** Prints a timestamp as the service does in results: UTC, milliseconds, {@code Z}. */
    public static String print(Instant instant) {
        return PRINTED.format(instant);
    }
}
