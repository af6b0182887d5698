package io.batchform.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compiles a {@link Cron} in a time zone, at an instant, to the fewest {@link ServiceSchedule}s that fire exactly
 * its minutes, each first at or after that instant, or refuses it (see {@link CronRefusals}). Ids: the name alone for
 * one schedule, else the name and the local start of each ({@code nightly-mon-0200}, {@code twice-0930}).
 */
public final class CronCompiler {
    /** Most service schedules one cron may compile to: each counts against the account's job quota. */
    public static final int MAX_SCHEDULES = 24;
    /** The longest job schedule id the service takes. */
    public static final int MAX_ID_LENGTH = 64;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final long MONDAY_EPOCH_MINUTE = 4 * LocalPattern.DAY; // 1970-01-05T00:00Z
    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    /** How many offset changes are looked through for one that moves a fire time. */
    private static final int TRANSITIONS_LOOKED_AT = 8;

    private CronCompiler() {
    }

    /** The compiled schedules and until when they are exact, or the problems that refuse the cron. */
    public record Result(List<ServiceSchedule> schedules, Optional<ZoneChange> validUntil, List<CronProblem> problems) {
        public Result {
            schedules = List.copyOf(schedules);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Result compile(String name, Cron cron, ZoneId zone, Instant now) {
        List<CronProblem> refused = CronRefusals.fieldProblems(cron);
        if (!refused.isEmpty()) {
            return new Result(List.of(), Optional.empty(), refused);
        }
        LocalPattern pattern = LocalPattern.of(cron);
        List<LocalPattern.Progression> progressions = pattern.progressions();
        if (progressions.size() > MAX_SCHEDULES) {
            return new Result(List.of(), Optional.empty(), List.of(CronRefusals.tooMany(cron, progressions.size())));
        }
        if (progressions.isEmpty()) {
            return new Result(List.of(), Optional.empty(), List.of(new CronProblem(1, cron.text().length(),
                    "the expression never fires")));
        }
        ZoneOffset offset = zone.getRules().getOffset(now);
        List<ServiceSchedule> schedules = new ArrayList<>();
        for (LocalPattern.Progression p : progressions) {
            String id = progressions.size() == 1 ? name : name + "-" + suffix(pattern, p.start());
            if (id.length() > MAX_ID_LENGTH || !ID.matcher(id).matches()) {
                return new Result(List.of(), Optional.empty(), List.of(new CronProblem(1, cron.text().length(),
                        "the service job schedule id '" + id + "' is not 1-" + MAX_ID_LENGTH + " letters, digits, "
                                + "'-' or '_': shorten the schedule's name")));
            }
            schedules.add(new ServiceSchedule(id, firstRun(p, offset, now), null, null,
                    Duration.ofMinutes(p.interval())));
        }
        return new Result(schedules, nextMove(pattern, schedules, zone, offset, now), List.of());
    }

    /** The first instant at or after {@code now}, on a whole minute, that the progression fires at in UTC. */
    private static Instant firstRun(LocalPattern.Progression p, ZoneOffset offset, Instant now) {
        long minute = Math.floorDiv(now.getEpochSecond() + 59, 60);
        long residue = Math.floorMod(p.start() - offset.getTotalSeconds() / 60, p.interval());
        long wait = Math.floorMod(residue - (minute - MONDAY_EPOCH_MINUTE), p.interval());
        return Instant.ofEpochSecond((minute + wait) * 60);
    }

    private static String suffix(LocalPattern pattern, int start) {
        String time = String.format(Locale.ROOT, "%02d%02d", start % LocalPattern.DAY / 60, start % 60);
        return pattern.daily() ? time : DAYS[start / LocalPattern.DAY] + "-" + time;
    }

    /**
     * The latest offset change at or before {@code now} that moved a fire time of the grid compiled before it: what
     * a service still on that grid (applied before the change) fires since, instead of the cron's times. Empty for a
     * refused cron, or when no change in the last {@value #TRANSITIONS_LOOKED_AT} moved one.
     */
    public static Optional<ZoneChange> lastMove(String name, Cron cron, ZoneId zone, Instant now) {
        return lastGrid(name, cron, zone, now).flatMap(Result::validUntil);
    }

    /**
     * The grid compiled before the change {@link #lastMove} finds (its {@code validUntil} is that change): the
     * schedules a service applied before it still has. Empty when {@code lastMove} is.
     */
    public static Optional<Result> lastGrid(String name, Cron cron, ZoneId zone, Instant now) {
        ZoneRules rules = zone.getRules();
        Instant before = now.plusNanos(1);
        for (int i = 0; i < TRANSITIONS_LOOKED_AT; i++) {
            ZoneOffsetTransition transition = rules.previousTransition(before);
            if (transition == null) {
                return Optional.empty();
            }
            Instant at = transition.getInstant();
            Result grid = compile(name, cron, zone, at.minusSeconds(60));
            if (grid.validUntil().isPresent() && grid.validUntil().get().at().equals(at)) {
                return Optional.of(grid);
            }
            before = at;
        }
        return Optional.empty();
    }

    /** The first offset change after {@code now} whose shift moves the fire set, with the first run it moves. */
    private static Optional<ZoneChange> nextMove(LocalPattern pattern, List<ServiceSchedule> schedules, ZoneId zone,
                                                 ZoneOffset offset, Instant now) {
        ZoneRules rules = zone.getRules();
        Instant from = now;
        for (int i = 0; i < TRANSITIONS_LOOKED_AT; i++) {
            ZoneOffsetTransition transition = rules.nextTransition(from);
            if (transition == null) {
                return Optional.empty();
            }
            ZoneOffset after = transition.getOffsetAfter();
            int shift = (after.getTotalSeconds() - offset.getTotalSeconds()) / 60;
            if (!pattern.invariantUnder(shift)) {
                Instant at = transition.getInstant();
                Instant run = ServiceRuns.runs(schedules, at, 1).get(0).at();
                LocalTime actual = run.atOffset(after).toLocalTime();
                LocalTime intended = run.atOffset(offset).toLocalTime();
                return Optional.of(new ZoneChange(zone, at, offset, after, intended, actual));
            }
            from = transition.getInstant();
        }
        return Optional.empty();
    }
}
