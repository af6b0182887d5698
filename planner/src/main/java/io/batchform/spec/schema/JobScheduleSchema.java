package io.batchform.spec.schema;

import static io.batchform.spec.schema.SpecSchema.count;
import static io.batchform.spec.schema.SpecSchema.obj;
import static io.batchform.spec.schema.SpecSchema.oneOf;
import static io.batchform.spec.schema.SpecSchema.opt;
import static io.batchform.spec.schema.SpecSchema.req;
import static io.batchform.spec.schema.SpecSchema.resource;
import static io.batchform.spec.schema.SpecSchema.str;

import io.batchform.spec.schema.Shape.Bool;
import io.batchform.spec.schema.Shape.Dict;
import io.batchform.spec.schema.Shape.Field;
import io.batchform.spec.schema.Shape.Int;
import io.batchform.spec.schema.Shape.Obj;
import io.batchform.spec.schema.Shape.Str;
import io.batchform.spec.schema.Shape.Text;

/** The shape of {@code jobSchedules.<key>} (RESOURCES.md, "jobSchedule"): kept apart so SpecSchema stays small. */
final class JobScheduleSchema {
    private JobScheduleSchema() {
    }

    static Obj jobSchedule() {
        return resource("A Batch job schedule (the account's data plane): a job created on a pool at each run.",
                opt("name", str("The service's job schedule id (default: the key); a cron that compiles to several "
                        + "schedules suffixes it, e.g. nightly-mon-0200. 1-64 letters, digits, '-' and '_'.")),
                req("account", str("The Batch account key.")),
                opt("displayName", str("Display name (the service cannot change it: a change replaces the schedule).")),
                opt("cron", str("When it runs: a five-field crontab (minute hour day-of-month month day-of-week), "
                        + "e.g. \"0 2 * * 1-5\"; compiled to the service's fixed-interval schedules.")),
                opt("timeZone", str("The IANA time zone the cron is read in, e.g. Europe/Paris (default UTC).")),
                opt("schedule", obj("The service's own timing, instead of cron.",
                        opt("doNotRunUntil", str("The first run, an ISO-8601 instant, e.g. 2027-01-04T02:00:00Z.")),
                        opt("doNotRunAfter", str("No run after this ISO-8601 instant.")),
                        opt("startWindow", duration("How late a run may start before it is skipped.")),
                        opt("recurrenceInterval", duration("The interval between runs, at least 1 minute.")))),
                opt("pool", str("The pool key the jobs run on (same account).")),
                opt("autoPool", autoPool()),
                opt("priority", new Int("The jobs' priority (default 0).", -1000, 1000)),
                opt("constraints", obj("The jobs' limits.",
                        opt("maxWallClockTime", duration("The longest a job may run.")),
                        opt("maxTaskRetryCount", new Int("Retries of each task (-1 = unlimited).", -1, 100)))),
                opt("jobManagerTask", jobManagerTask()),
                opt("jobPreparationTask", task("A task run on each node before the job's first task there.",
                        opt("id", str("The task's id (default jobpreparation).")),
                        opt("waitForSuccess", new Bool("Wait for it before the job's tasks (default true).")),
                        opt("rerunOnNodeRebootAfterSuccess", new Bool("Run it again after a reboot (default true).")),
                        opt("constraints", taskConstraints()))),
                opt("jobReleaseTask", task("A task run on each node that ran the job, when it ends.",
                        opt("id", str("The task's id (default jobrelease).")),
                        opt("maxWallClockTime", duration("The longest it may run.")),
                        opt("retentionTime", duration("How long its directory is kept.")))),
                opt("commonEnvironment", environment()),
                opt("onAllTasksComplete", oneOf("What happens when every task is done (default noaction).",
                        "noaction", "terminatejob")),
                opt("onTaskFailure", oneOf("What happens when a task fails (default noaction).", "noaction",
                        "performexitoptionsjobaction")),
                opt("usesTaskDependencies", new Bool("Whether tasks may depend on each other (default false).")),
                opt("allowTaskPreemption", new Bool("Whether higher-priority jobs may preempt the tasks (default "
                        + "false).")),
                opt("maxParallelTasks", new Int("Most tasks running at once (-1 = no limit, the default).", -1,
                        Integer.MAX_VALUE)),
                opt("jobMetadata", new Dict("The jobs' metadata.", new Text("A value.", false))),
                opt("metadata", new Dict("The schedule's metadata (keys starting batchform- are batchform's).",
                        new Text("A value.", false))),
                opt("authentication", oneOf("How batchform signs data-plane calls: EntraId (default) or the "
                        + "account's SharedKey.", "EntraId", "SharedKey")),
                opt("simulation", obj("What each run submits, for batchform simulate POOL --schedules "
                        + "(spec-only).",
                        req("tasks", count("Tasks each run submits.")),
                        req("taskDuration", duration("How long each task runs, e.g. 20m.")),
                        opt("requiredSlots", new Int("Slots each task takes (default 1).", 1, 256)))));
    }

    private static Obj jobManagerTask() {
        return task("The task that starts each job and, by default, ends it when it completes.",
                opt("id", str("The task's id (default jobmanager).")),
                opt("displayName", str("Display name.")),
                opt("requiredSlots", new Int("Slots it takes on a node (default 1; at most the pool's "
                        + "taskSlotsPerNode, or it never runs).", 1, 256)),
                opt("killJobOnCompletion", new Bool("End the job when it completes (default true).")),
                opt("runExclusive", new Bool("Run alone on its node (default true).")),
                opt("allowLowPriorityNode", new Bool("May run on a Spot node (default true).")),
                opt("constraints", taskConstraints()));
    }

    /** A task: the pool start task's command line, files, environment and user, and {@code more} keys. */
    private static Obj task(String description, Field... more) {
        Obj start = SpecSchema.startTask();
        java.util.List<Field> fields = new java.util.ArrayList<>();
        fields.add(req("commandLine", str("The command line.")));
        fields.add(start.field("resourceFiles").orElseThrow());
        fields.add(opt("environment", environment()));
        fields.add(start.field("userIdentity").orElseThrow());
        fields.addAll(java.util.List.of(more));
        return new Obj(description, fields);
    }

    private static Obj taskConstraints() {
        return obj("The task's limits.",
                opt("maxWallClockTime", duration("The longest it may run.")),
                opt("retentionTime", duration("How long its directory is kept.")),
                opt("maxTaskRetryCount", new Int("Retries (-1 = unlimited).", -1, 100)));
    }

    private static Dict environment() {
        return new Dict("Environment variables. Their values are kept hashed in state and plans; {secret: VALUE} "
                + "also keeps a clear value out of warnings.", new Shape.MaybeSecret(new Text("A value.", false)));
    }

    private static Obj autoPool() {
        return obj("A pool the service makes for the schedule or each job, instead of pool.",
                opt("autoPoolIdPrefix", str("The prefix of the pool's id.")),
                req("poolLifetimeOption", oneOf("How long the pool lives.", "jobschedule", "job")),
                opt("keepAlive", new Bool("Keep it after its lifetime ends (default false).")),
                req("pool", obj("The pool.",
                        req("vmSize", str("The VM size.")),
                        req("image", obj("A marketplace image or a gallery image id.",
                                opt("publisher", str("Publisher.")), opt("offer", str("Offer.")),
                                opt("sku", str("SKU.")), opt("version", str("Version (default latest).")),
                                opt("id", str("A gallery image id.")))),
                        req("nodeAgentSkuId", str("The node agent SKU.")),
                        opt("taskSlotsPerNode", new Int("Task slots per node (default 1).", 1, 256)),
                        opt("targetDedicatedNodes", count("Dedicated nodes.")),
                        opt("targetLowPriorityNodes", count("Spot nodes.")),
                        opt("autoScale", obj("An autoscale formula.",
                                req("formula", str("The formula.")),
                                opt("evaluationInterval", duration("How often it runs (default PT15M).")))),
                        opt("startTask", autoPoolStartTask()))));
    }

    /**
     * The pool start task's shape without {@code containerSettings}: the data plane's auto pool takes them in
     * another spelling that the job schedule provider does not send, so the spec does not accept them here.
     */
    private static Obj autoPoolStartTask() {
        Obj start = SpecSchema.startTask();
        return new Obj(start.description(), start.fields().stream()
                .filter(f -> !f.name().equals("containerSettings")).toList());
    }

    private static Str duration(String description) {
        return new Str(description + " A duration: PT15M, 15m, 1h30m.", java.util.List.of(),
                SpecSchema.DURATION_PATTERN);
    }
}
