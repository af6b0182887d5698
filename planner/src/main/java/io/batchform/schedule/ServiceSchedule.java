package io.batchform.schedule;

import io.batchform.source.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Batch job schedule's timing, as the service runs it: a job at {@code doNotRunUntil + k ·
 * recurrenceInterval} (k = 0, 1, ...) until {@code doNotRunAfter}, each within {@code startWindow}. Null fields
 * are the service's defaults (no bound, no window; no interval: one run). In attributes it is the map
 * {@code {id, doNotRunUntil, doNotRunAfter, startWindow, recurrenceInterval}} of ISO-8601 strings, null keys left out.
 */
public record ServiceSchedule(String id, Instant doNotRunUntil, Instant doNotRunAfter, Duration startWindow,
                              Duration recurrenceInterval) {
    public ServiceSchedule {
        Objects.requireNonNull(id, "id");
    }

    /** The attribute map, keys in the contract's order, absent ones left out. */
    public Map<String, Object> toAttributes() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        putIfSet(out, "doNotRunUntil", doNotRunUntil == null ? null : doNotRunUntil.toString());
        putIfSet(out, "doNotRunAfter", doNotRunAfter == null ? null : doNotRunAfter.toString());
        putIfSet(out, "startWindow", startWindow == null ? null : iso(startWindow));
        putIfSet(out, "recurrenceInterval", recurrenceInterval == null ? null : iso(recurrenceInterval));
        return out;
    }

    /** Reads an attribute map back; values that are not instants or durations are kept as absent. */
    public static ServiceSchedule fromAttributes(Map<?, ?> map) {
        return new ServiceSchedule(String.valueOf(map.get("id")), instant(map.get("doNotRunUntil")),
                instant(map.get("doNotRunAfter")), duration(map.get("startWindow")),
                duration(map.get("recurrenceInterval")));
    }

    /**
     * Whether the service runs the two alike: same id, interval, window and end, and starts on one grid of the
     * interval (a later plan's first run is a whole number of intervals after the recorded one).
     */
    public boolean sameRuns(ServiceSchedule other) {
        return id.equals(other.id) && Objects.equals(recurrenceInterval, other.recurrenceInterval)
                && Objects.equals(startWindow, other.startWindow) && Objects.equals(doNotRunAfter, other.doNotRunAfter)
                && sameGrid(doNotRunUntil, other.doNotRunUntil);
    }

    /**
     * The same runs, starting at the first of them at or after {@code now}: a {@code doNotRunUntil} that has passed
     * is moved forward by whole intervals, because the service starts a job at once for a past one and counts the
     * interval from there, off the grid. A schedule without an interval (one run) is left as it is.
     */
    public ServiceSchedule startingAtOrAfter(Instant now) {
        if (doNotRunUntil == null || recurrenceInterval == null || recurrenceInterval.isZero()
                || !doNotRunUntil.isBefore(now)) {
            return this;
        }
        long step = recurrenceInterval.toMillis();
        long behind = Duration.between(doNotRunUntil, now).toMillis();
        long steps = (behind + step - 1) / step;
        return new ServiceSchedule(id, doNotRunUntil.plusMillis(steps * step), doNotRunAfter, startWindow,
                recurrenceInterval);
    }

    /** Two attribute lists of schedules compare entry by entry, by id, as {@link #sameRuns}. */
    public static boolean sameRuns(Object a, Object b) {
        if (!(a instanceof Collection<?> x) || !(b instanceof Collection<?> y) || x.size() != y.size()) {
            return false;
        }
        List<ServiceSchedule> left = read(x);
        List<ServiceSchedule> right = read(y);
        if (left == null || right == null) {
            return false;
        }
        for (ServiceSchedule schedule : left) {
            if (right.stream().noneMatch(schedule::sameRuns)) {
                return false;
            }
        }
        return true;
    }

    private boolean sameGrid(Instant a, Instant b) {
        if (a == null || b == null || recurrenceInterval == null || recurrenceInterval.isZero()) {
            return Objects.equals(a, b);
        }
        long gap = Duration.between(a, b).toMillis();
        return gap % recurrenceInterval.toMillis() == 0;
    }

    private static List<ServiceSchedule> read(Collection<?> entries) {
        List<ServiceSchedule> out = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map)) {
                return null;
            }
            out.add(fromAttributes(map));
        }
        return out;
    }

    /** ISO-8601, whole days as days ({@code P1D}, {@code P7D}), else hours, minutes and seconds ({@code PT15M}). */
    public static String iso(Duration duration) {
        if (!duration.isZero() && duration.toSeconds() % 86_400 == 0 && duration.getNano() == 0) {
            return "P" + duration.toDays() + "D";
        }
        return duration.toString();
    }

    private static void putIfSet(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(String.valueOf(value)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration duration(Object value) {
        return value == null ? null : Durations.parse(String.valueOf(value)).orElse(null);
    }
}
