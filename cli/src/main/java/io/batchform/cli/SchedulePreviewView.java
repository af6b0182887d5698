package io.batchform.cli;

import io.batchform.schedule.Cron;
import io.batchform.schedule.Preview;
import io.batchform.schedule.ServiceRuns;
import io.batchform.schedule.ServiceSchedule;
import io.batchform.schedule.ZoneChange;
import io.batchform.spec.JobScheduleSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Draws {@code schedule preview}: per job schedule, how it compiles, then its next runs in its zone and in UTC. */
final class SchedulePreviewView {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm xxx",
            Locale.ROOT);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private SchedulePreviewView() {
    }

    static String render(List<JobScheduleSpec> schedules, Instant from, int next) {
        StringBuilder out = new StringBuilder();
        for (JobScheduleSpec schedule : schedules) {
            out.append(out.isEmpty() ? "" : "\n");
            if (schedule.cron() != null) {
                cron(out, schedule, from, next);
            } else {
                service(out, schedule, from, next);
            }
        }
        return out.toString();
    }

    private static void cron(StringBuilder out, JobScheduleSpec schedule, Instant from, int next) {
        ZoneId zone = ZoneId.of(schedule.timeZone() != null ? schedule.timeZone() : "UTC");
        Cron cron = Cron.parse(schedule.cron()).cron();
        Preview.Result preview = Preview.next(schedule.serviceName(), cron, zone, from, next);
        List<ServiceSchedule> compiled = io.batchform.schedule.CronCompiler.compile(schedule.serviceName(), cron,
                zone, from).schedules();
        out.append("jobSchedule.").append(schedule.key()).append(": cron \"").append(cron.text()).append("\" in ")
                .append(zone.getId()).append(", ").append(count(compiled.size())).append(" as an apply at ")
                .append(UTC.format(from)).append(" makes them:\n");
        compiled.forEach(s -> out.append("  ").append(s.id()).append(": every ")
                .append(ServiceSchedule.iso(s.recurrenceInterval())).append(" from ").append(UTC.format(s.doNotRunUntil())).append('\n'));
        out.append("  next ").append(preview.runs().size()).append(" runs:\n");
        List<ZoneChange> changes = new ArrayList<>(preview.changes());
        for (ServiceRuns.Run run : preview.runs()) {
            while (!changes.isEmpty() && !run.at().isBefore(changes.get(0).at())) {
                out.append("    -- ").append(changes.remove(0).message()).append("; the runs below assume that apply\n");
            }
            out.append("    ").append(LOCAL.format(run.at().atZone(zone))).append("  ").append(UTC.format(run.at()))
                    .append("  ").append(run.scheduleId()).append('\n');
        }
        // Plans warn of a change only in the fortnight before it; the preview names the next one however far.
        Instant last = preview.runs().isEmpty() ? from : preview.runs().get(preview.runs().size() - 1).at();
        io.batchform.schedule.CronCompiler.compile(schedule.serviceName(), cron, zone, last).validUntil()
                .ifPresent(change -> out.append("    -- after these runs, ").append(change.message()).append('\n'));
    }

    private static void service(StringBuilder out, JobScheduleSpec schedule, Instant from, int next) {
        JobScheduleSpec.ServiceForm form = schedule.schedule();
        ServiceSchedule service = new ServiceSchedule(schedule.serviceName(), instant(form.doNotRunUntil()),
                instant(form.doNotRunAfter()), form.startWindow(), form.recurrenceInterval());
        List<ServiceRuns.Run> runs = ServiceRuns.runs(List.of(service), from, next);
        out.append("jobSchedule.").append(schedule.key()).append(": the service's own schedule, ").append(count(1))
                .append(":\n");
        out.append("  ").append(service.id()).append(": ").append(service.recurrenceInterval() == null ? "once"
                : "every " + ServiceSchedule.iso(service.recurrenceInterval())).append(service.doNotRunUntil() == null
                ? "" : " from " + UTC.format(service.doNotRunUntil())).append('\n');
        out.append("  next ").append(runs.size()).append(" runs:\n");
        runs.forEach(run -> out.append("    ").append(UTC.format(run.at())).append("  ").append(run.scheduleId())
                .append('\n'));
    }

    private static Instant instant(String text) {
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }

    private static String count(int schedules) {
        return schedules + " service job schedule" + (schedules == 1 ? "" : "s");
    }
}
