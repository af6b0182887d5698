package io.batchform.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What the service fires: the runs of a set of job schedules from an instant on, in time order. */
public final class ServiceRuns {
    private ServiceRuns() {
    }

    /** One job the service creates: when, and under which job schedule. */
    public record Run(Instant at, String scheduleId) {
    }

    /** The first {@code count} runs at or after {@code from}. */
    public static List<Run> runs(List<ServiceSchedule> schedules, Instant from, int count) {
        List<Run> out = new ArrayList<>();
        for (ServiceSchedule schedule : schedules) {
            Instant next = first(schedule, from);
            for (int i = 0; i < count && next != null && within(schedule, next); i++) {
                out.add(new Run(next, schedule.id()));
                next = schedule.recurrenceInterval() == null ? null : next.plus(schedule.recurrenceInterval());
            }
        }
        out.sort(Comparator.comparing(Run::at).thenComparing(Run::scheduleId));
        return List.copyOf(out.subList(0, Math.min(count, out.size())));
    }

    /** Every run at or after {@code from} and before {@code until}. */
    public static List<Run> between(List<ServiceSchedule> schedules, Instant from, Instant until) {
        List<Run> out = new ArrayList<>();
        for (ServiceSchedule schedule : schedules) {
            for (Instant next = first(schedule, from); next != null && next.isBefore(until) && within(schedule, next);
                 next = schedule.recurrenceInterval() == null ? null : next.plus(schedule.recurrenceInterval())) {
                out.add(new Run(next, schedule.id()));
            }
        }
        out.sort(Comparator.comparing(Run::at).thenComparing(Run::scheduleId));
        return List.copyOf(out);
    }

    private static boolean within(ServiceSchedule schedule, Instant at) {
        return schedule.doNotRunAfter() == null || !at.isAfter(schedule.doNotRunAfter());
    }

    /** The schedule's first run at or after {@code from}; null when it has none. */
    private static Instant first(ServiceSchedule schedule, Instant from) {
        Instant start = schedule.doNotRunUntil() == null ? from : schedule.doNotRunUntil();
        if (!start.isBefore(from)) {
            return start;
        }
        if (schedule.recurrenceInterval() == null || schedule.recurrenceInterval().isZero()) {
            return null;
        }
        long step = schedule.recurrenceInterval().toMillis();
        long behind = from.toEpochMilli() - start.toEpochMilli();
        long steps = (behind + step - 1) / step;
        return start.plusMillis(steps * step);
    }
}
