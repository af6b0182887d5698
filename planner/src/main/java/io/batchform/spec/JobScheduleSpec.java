package io.batchform.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Batch job schedule ({@code jobSchedules.<key>}): its account and pool (spec keys, or an auto pool), when it
 * runs ({@code cron} in {@code timeZone}, or the service's own {@code schedule}), and the job it creates. The job
 * specification ({@link #JOB} keys) and {@code autoPool} are the plain JSON-like trees the schema checked, passed to
 * the service as written (environment values marked {@code {secret: ...}} unwrapped). {@code simulation} is
 * spec-only: what each run submits, for {@code batchform simulate --schedules}.
 */
public record JobScheduleSpec(String key, String name, String account, String displayName, String cron,
                              String timeZone, ServiceForm schedule, String pool, Map<String, Object> autoPool,
                              Map<String, Object> job, Map<String, String> metadata, String authentication,
                              Simulation simulation, Lifecycle lifecycle) {
    /** The keys of {@link #job()}: the service's {@code jobSpecification} as RESOURCES.md names it. */
    public static final List<String> JOB = List.of("priority", "constraints", "jobManagerTask", "jobPreparationTask",
            "jobReleaseTask", "commonEnvironment", "onAllTasksComplete", "onTaskFailure", "usesTaskDependencies",
            "allowTaskPreemption", "maxParallelTasks", "jobMetadata");

    public JobScheduleSpec {
        autoPool = autoPool == null ? null : Spec.sorted(autoPool);
        job = Spec.sorted(job);
        metadata = Spec.sorted(metadata);
    }

    /** The service's own timing: a first run, an interval, an end and a start window (any may be absent). */
    public record ServiceForm(String doNotRunUntil, String doNotRunAfter, Duration startWindow,
                              Duration recurrenceInterval) {
    }

    /** What one run submits: so many tasks of this duration, each taking so many slots. */
    public record Simulation(Long tasks, Duration taskDuration, Long requiredSlots) {
    }

    /** The job manager task's {@code requiredSlots} (default 1); null without a job manager task. */
    public Long jobManagerSlots() {
        if (!(job.get("jobManagerTask") instanceof Map<?, ?> task)) {
            return null;
        }
        return task.get("requiredSlots") instanceof Number n ? n.longValue() : 1L;
    }

    /** The name the service's job schedule ids start with. */
    public String serviceName() {
        return name != null ? name : key;
    }
}
