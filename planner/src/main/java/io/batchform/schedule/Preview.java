package io.batchform.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runs a cron's compiled schedules fire, as applies would keep them: the grid compiled at {@code from} until its
 * {@link ZoneChange}, then compiled again at that instant (an apply right after the change), and so on.
 */
public final class Preview {
    private Preview() {
    }

    /** The runs, and the zone changes crossed (each needs an apply after it for the later runs to hold). */
    public record Result(List<ServiceRuns.Run> runs, List<ZoneChange> changes) {
        public Result {
            runs = List.copyOf(runs);
            changes = List.copyOf(changes);
        }
    }

    /** The first {@code count} runs at or after {@code from}; empty when the cron is refused. */
    public static Result next(String name, Cron cron, ZoneId zone, Instant from, int count) {
        return walk(name, cron, zone, from, null, count);
    }

    /** Every run at or after {@code from} and before {@code until}. */
    public static Result between(String name, Cron cron, ZoneId zone, Instant from, Instant until) {
        return walk(name, cron, zone, from, until, Integer.MAX_VALUE);
    }

    private static Result walk(String name, Cron cron, ZoneId zone, Instant from, Instant until, int count) {
        List<ServiceRuns.Run> runs = new ArrayList<>();
        List<ZoneChange> changes = new ArrayList<>();
        Instant at = from;
        while (runs.size() < count) {
            CronCompiler.Result compiled = CronCompiler.compile(name, cron, zone, at);
            if (!compiled.ok()) {
                break;
            }
            Optional<ZoneChange> change = compiled.validUntil();
            Instant end = change.map(ZoneChange::at).orElse(until);
            if (until != null && end != null && end.isAfter(until)) {
                end = until;
            }
            runs.addAll(until != null ? ServiceRuns.between(compiled.schedules(), at, end)
                    : part(compiled.schedules(), at, end, count - runs.size()));
            if (change.isEmpty() || !change.get().at().equals(end) || runs.size() >= count) {
                break;
            }
            changes.add(change.get());
            at = end;
        }
        return new Result(runs, changes);
    }

    private static List<ServiceRuns.Run> part(List<ServiceSchedule> schedules, Instant from, Instant end, int count) {
        if (end == null) {
            return ServiceRuns.runs(schedules, from, count);
        }
        return ServiceRuns.runs(schedules, from, count).stream().filter(run -> run.at().isBefore(end)).toList();
    }
}
