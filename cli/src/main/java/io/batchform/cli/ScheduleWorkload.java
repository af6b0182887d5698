package io.batchform.cli;

import io.batchform.autoscale.sim.Workload;
import io.batchform.engine.LoadedSpec;
import io.batchform.schedule.Cron;
import io.batchform.schedule.Preview;
import io.batchform.schedule.ServiceRuns;
import io.batchform.schedule.ServiceSchedule;
import io.batchform.spec.JobScheduleSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The runs of the job schedules declared on a pool as a simulator workload: at each run the compiled service
 * schedules fire (compiled again at each offset change, as applies would), {@code simulation.tasks} tasks of
 * {@code simulation.taskDuration} on {@code simulation.requiredSlots} slots each. The job manager task itself is not
 * counted: it only submits them.
 */
record ScheduleWorkload(Workload workload, List<String> schedules) {
    /** The workload of the schedules on pool {@code key}; a spec with none that declares simulation is the user's. */
    static ScheduleWorkload of(LoadedSpec spec, String key, Instant start, double seconds) {
        List<Submission> submissions = new ArrayList<>();
        List<String> used = new ArrayList<>();
        Instant end = start.plusMillis((long) (seconds * 1000));
        for (JobScheduleSpec schedule : spec.spec().jobSchedules().values()) {
            if (!key.equals(schedule.pool()) || schedule.simulation() == null) {
                continue;
            }
            used.add("jobSchedule." + schedule.key());
            JobScheduleSpec.Simulation simulation = schedule.simulation();
            int slots = simulation.requiredSlots() == null ? 1 : Math.toIntExact(simulation.requiredSlots());
            double duration = simulation.taskDuration().toMillis() / 1000.0;
            for (ServiceRuns.Run run : runs(schedule, start, end)) {
                submissions.add(new Submission((run.at().toEpochMilli() - start.toEpochMilli()) / 1000.0, duration,
                        Math.toIntExact(simulation.tasks()), slots));
            }
        }
        if (used.isEmpty()) {
            throw new UserException("pool." + key + ": no job schedule runs on it with simulation: {tasks, "
                    + "taskDuration}; declare what each run submits, or use --workload FILE");
        }
        submissions.sort(Comparator.comparingDouble(Submission::at));
        int n = submissions.size();
        double[] times = new double[n];
        double[] durations = new double[n];
        int[] counts = new int[n];
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) {
            times[i] = submissions.get(i).at();
            durations[i] = submissions.get(i).duration();
            counts[i] = submissions.get(i).count();
            slots[i] = submissions.get(i).slots();
        }
        return new ScheduleWorkload(new Workload(times, durations, counts, slots, Optional.of(start)), used);
    }

    private record Submission(double at, double duration, int count, int slots) {
    }

    private static List<ServiceRuns.Run> runs(JobScheduleSpec schedule, Instant start, Instant end) {
        if (schedule.cron() != null) {
            ZoneId zone = ZoneId.of(schedule.timeZone() != null ? schedule.timeZone() : "UTC");
            return Preview.between(schedule.serviceName(), Cron.parse(schedule.cron()).cron(), zone, start, end).runs();
        }
        JobScheduleSpec.ServiceForm form = schedule.schedule();
        ServiceSchedule service = new ServiceSchedule(schedule.serviceName(), instant(form.doNotRunUntil()),
                instant(form.doNotRunAfter()), form.startWindow(), form.recurrenceInterval());
        return ServiceRuns.between(List.of(service), start, end);
    }

    private static Instant instant(String text) {
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }
}
