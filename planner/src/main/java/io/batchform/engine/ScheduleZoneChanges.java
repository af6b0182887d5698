package io.batchform.engine;

import io.batchform.address.ResourceType;
import io.batchform.plan.Action;
import io.batchform.plan.AttributeChange;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.schedule.Cron;
import io.batchform.schedule.CronCompiler;
import io.batchform.schedule.ServiceSchedule;
import io.batchform.schedule.ZoneChange;
import io.batchform.source.Diagnostic;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Says why a plan updates a job schedule's {@code schedules} when neither its cron nor its zone changed: the zone's
 * offset changed since the last apply, and the service still fires on the grid compiled before, so its runs are an
 * hour off the cron's wall-clock times until this update is applied. This is the warning that matters (the runs are
 * wrong now, and the plan's update is the fix); before a change the spec's conversion warns only in the last two
 * weeks, and {@code schedule preview} shows every change however far ahead.
 */
final class ScheduleZoneChanges {
    private ScheduleZoneChanges() {
    }

    static Plan explain(Plan plan, Instant now) {
        List<Diagnostic> found = new ArrayList<>();
        for (ResourceChange change : plan.changes()) {
            if (change.address().type() != ResourceType.JOB_SCHEDULE || change.action() != Action.UPDATE
                    || change.before() == null || change.after() == null
                    || !onlyTheGridChanged(change.changes())) {
                continue;
            }
            whyMoved(change, now).ifPresent(moved -> found.add(Diagnostic.warning(change.address(), "ZoneChanged",
                    moved.pastMessage() + " (the schedules were compiled before the change); this plan's update of "
                            + "schedules puts the runs back on the cron's times")));
        }
        return plan.adding(found);
    }

    private static boolean onlyTheGridChanged(List<AttributeChange> changes) {
        return changes.stream().anyMatch(c -> c.path().equals("schedules"))
                && changes.stream().noneMatch(c -> c.path().equals("cron") || c.path().equals("timeZone"));
    }

    /** The offset change that moved the live grid off the cron, when the live grid is the one compiled before it. */
    private static Optional<ZoneChange> whyMoved(ResourceChange change, Instant now) {
        if (!(change.after().get("cron") instanceof String text) || !(change.after().get("name") instanceof String name)) {
            return Optional.empty();
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(change.after().get("timeZone") instanceof String z ? z : "UTC");
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        Cron.Parsed parsed = Cron.parse(text);
        if (!parsed.ok()) {
            return Optional.empty();
        }
        Optional<CronCompiler.Result> grid = CronCompiler.lastGrid(name, parsed.cron(), zone, now);
        if (grid.isEmpty()) {
            return Optional.empty();
        }
        List<Object> before = new ArrayList<>();
        grid.get().schedules().forEach(s -> before.add(s.toAttributes()));
        return ServiceSchedule.sameRuns(change.before().get("schedules"), before) ? grid.get().validUntil()
                : Optional.empty();
    }
}
