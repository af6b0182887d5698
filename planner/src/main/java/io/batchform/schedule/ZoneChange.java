package io.batchform.schedule;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The zone's next offset change that moves a fire time: from {@code at} the service, still on the grid compiled for
 * {@code before}, fires at {@code actual} local instead of {@code intended}, until an apply after {@code at}
 * compiles the grid again.
 */
public record ZoneChange(ZoneId zone, Instant at, ZoneOffset before, ZoneOffset after, LocalTime intended,
                         LocalTime actual) {
    private static final DateTimeFormatter UTC_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
            .withZone(ZoneOffset.UTC);

    /** Whether the clocks go forward (summer time) rather than back. */
    public boolean forward() {
        return after.getTotalSeconds() > before.getTotalSeconds();
    }

    /**
     * For the plan: {@code Europe/Paris moves to summer time on 2027-03-28: from then the service fires at 03:00
     * local instead of 02:00; an apply after 2027-03-28T01:00Z corrects it}.
     */
    public String message() {
        String what = forward() ? "moves to summer time" : "moves back to standard time";
        return zone.getId() + " " + what + " on " + at.atOffset(after).toLocalDate() + ": from then the service fires at "
                + actual.truncatedTo(ChronoUnit.MINUTES) + " local instead of " + intended.truncatedTo(ChronoUnit.MINUTES)
                + "; an apply after " + UTC_MINUTE.format(at) + " corrects it";
    }

    /**
     * For a plan after the change, when the service still has the grid compiled before it: {@code Europe/Paris moved
     * to summer time on 2027-03-28: since then the service fires at 03:00 local instead of 02:00}.
     */
    public String pastMessage() {
        String what = forward() ? "moved to summer time" : "moved back to standard time";
        return zone.getId() + " " + what + " on " + at.atOffset(after).toLocalDate() + ": since then the service fires "
                + "at " + actual.truncatedTo(ChronoUnit.MINUTES) + " local instead of "
                + intended.truncatedTo(ChronoUnit.MINUTES);
    }
}
