package io.batchform.spec.validate;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.schedule.Cron;
import io.batchform.schedule.CronCompiler;
import io.batchform.schedule.CronProblem;
import io.batchform.source.Diagnostic;
import io.batchform.source.Durations;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import io.batchform.spec.JobScheduleSpec;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.SourceMap;
import io.batchform.spec.Spec;
import io.batchform.spec.yaml.YNode.YScalar;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of {@code jobSchedules:}: references (the pool in the schedule's own account), one timing (cron or the
 * service form), the cron read and compiled (its problems at their column inside the value), the time zone, the job
 * manager task's slots against the pool's (Azure/Batch#117), durations, reserved metadata and failover.
 */
final class JobScheduleChecks {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> DURATION_KEYS = Set.of("maxWallClockTime", "retentionTime", "evaluationInterval");

    private final Spec spec;
    private final SourceMap sources;
    private final List<Diagnostic> diagnostics;

    private JobScheduleChecks(Spec spec, SourceMap sources, List<Diagnostic> diagnostics) {
        this.spec = spec;
        this.sources = sources;
        this.diagnostics = diagnostics;
    }

    static void check(Spec spec, SourceMap sources, List<Diagnostic> diagnostics) {
        JobScheduleChecks checks = new JobScheduleChecks(spec, sources, diagnostics);
        spec.jobSchedules().values().forEach(checks::schedule);
    }

    private void schedule(JobScheduleSpec s) {
        Address address = Address.of(ResourceType.JOB_SCHEDULE, s.key());
        if (spec.failover() != null) {
            error(sources.keyPosition(address, ""), "job schedules cannot be declared with failover: a schedule runs "
                    + "on one pool of one account and a switchover does not move it; keep it in a spec without "
                    + "failover: until batchform can move schedules between regions");
        }
        if (!ID.matcher(s.serviceName()).matches()) {
            error(s.name() != null ? sources.position(address, "name") : sources.keyPosition(address, ""),
                    "job schedule id '" + s.serviceName() + "' must be 1-64 letters, digits, hyphens and underscores"
                            + (s.name() == null ? " (the name defaults to the key; set name: to choose another)" : ""));
        }
        if (s.account() != null && !spec.batchAccounts().containsKey(s.account())) {
            error(sources.position(address, "account"), "batch account '" + s.account() + "' is not declared in this "
                    + "spec" + Suggestions.suffix(s.account(), spec.batchAccounts().keySet()));
        }
        pool(address, s);
        timing(address, s);
        metadata(address, s.metadata());
        durations(address, "", s.job());
        if (s.autoPool() != null) {
            durations(address, "autoPool", s.autoPool());
        }
    }

    private void pool(Address address, JobScheduleSpec s) {
        if ((s.pool() == null) == (s.autoPool() == null)) {
            error(sources.keyPosition(address, s.pool() != null ? "autoPool" : ""), "a job schedule runs on exactly "
                    + "one of pool (a pool key) and autoPool");
            return;
        }
        Long slotsPerNode;
        if (s.pool() != null) {
            PoolSpec pool = spec.pools().get(s.pool());
            if (pool == null) {
                error(sources.position(address, "pool"), "pool '" + s.pool() + "' is not declared in this spec"
                        + Suggestions.suffix(s.pool(), spec.pools().keySet()));
                return;
            }
            if (s.account() != null && !s.account().equals(pool.account())) {
                error(sources.position(address, "pool"), "pool '" + s.pool() + "' is in batch account '"
                        + pool.account() + "', not '" + s.account() + "': a job schedule runs on a pool of its own "
                        + "account");
            }
            slotsPerNode = pool.taskSlotsPerNode();
        } else {
            slotsPerNode = s.autoPool().get("pool") instanceof Map<?, ?> p && p.get("taskSlotsPerNode") instanceof Number n
                    ? n.longValue() : null;
        }
        long slots = slotsPerNode == null ? 1 : slotsPerNode;
        Long required = s.jobManagerSlots();
        if (required != null && required > slots) {
            error(sources.position(address, "jobManagerTask.requiredSlots"), "the job manager task needs " + required
                    + " slots but " + (s.pool() != null ? "pool '" + s.pool() + "'" : "the auto pool") + " has "
                    + "taskSlotsPerNode " + slots + ": it would never be scheduled and each job would wait forever "
                    + "(Azure/Batch#117); lower requiredSlots or raise the pool's taskSlotsPerNode");
        }
    }

    private void timing(Address address, JobScheduleSpec s) {
        if ((s.cron() == null) == (s.schedule() == null)) {
            error(sources.keyPosition(address, s.cron() != null ? "schedule" : ""), "a job schedule runs by exactly "
                    + "one of cron (with timeZone) and schedule (the service's own interval)");
        }
        ZoneId zone = ZoneOffset.UTC;
        if (s.timeZone() != null) {
            if (s.cron() == null) {
                error(sources.position(address, "timeZone"), "timeZone is read with cron only: the service form's "
                        + "instants carry their own offset");
            }
            Optional<ZoneId> parsed = zone(s.timeZone());
            if (parsed.isEmpty()) {
                error(sources.position(address, "timeZone"), "'" + s.timeZone() + "' is not an IANA time zone such "
                        + "as Europe/Paris or UTC" + Suggestions.suffix(s.timeZone(), ZoneId.getAvailableZoneIds()));
                return;
            }
            zone = parsed.get();
        }
        if (s.cron() != null) {
            cron(address, s, zone);
        }
        if (s.schedule() != null) {
            instant(address, "schedule.doNotRunUntil", s.schedule().doNotRunUntil());
            instant(address, "schedule.doNotRunAfter", s.schedule().doNotRunAfter());
            Duration interval = s.schedule().recurrenceInterval();
            if (interval != null && interval.compareTo(Duration.ofMinutes(1)) < 0) {
                error(sources.position(address, "schedule.recurrenceInterval"), "the service's recurrenceInterval is "
                        + "at least 1 minute");
            }
        }
    }

    static Optional<ZoneId> zone(String text) {
        try {
            return Optional.of(ZoneId.of(text));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private void cron(Address address, JobScheduleSpec s, ZoneId zone) {
        Cron.Parsed parsed = Cron.parse(s.cron());
        List<CronProblem> problems = parsed.problems();
        if (parsed.ok()) {
            // Refusals do not depend on the instant: a fixed one keeps validation reproducible.
            problems = CronCompiler.compile(s.serviceName(), parsed.cron(), zone, Instant.EPOCH).problems();
        }
        for (CronProblem problem : problems) {
            error(inside(address, "cron", problem.column() - 1), "cron: " + problem.message());
        }
    }

    /** The position of a character of a scalar's value, or of the value when it cannot be mapped. */
    private SourceSpan inside(Address address, String path, int index) {
        return sources.find(address, path).filter(l -> l.value() instanceof YScalar)
                .map(l -> ((YScalar) l.value()).positionOf(index)).orElse(sources.position(address, path));
    }

    private void instant(Address address, String path, String value) {
        if (value == null) {
            return;
        }
        try {
            OffsetDateTime.parse(value);
        } catch (DateTimeException e) {
            error(sources.position(address, path), "'" + value + "' is not an ISO-8601 instant such as "
                    + "2027-01-04T02:00:00Z");
        }
    }

    private void metadata(Address address, Map<String, String> metadata) {
        metadata.keySet().stream().filter(k -> k.startsWith("batchform-")).forEach(k -> error(
                sources.keyPosition(address, "metadata." + k), "metadata key '" + k + "' is reserved: batchform keeps "
                        + "the cron and time zone under batchform- keys"));
    }

    private void durations(Address address, String prefix, Map<?, ?> tree) {
        tree.forEach((key, value) -> {
            String path = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
            if (value instanceof Map<?, ?> child) {
                durations(address, path, child);
            } else if (DURATION_KEYS.contains(String.valueOf(key)) && value instanceof String text
                    && Durations.parse(text).isEmpty()) {
                error(sources.position(address, path), "'" + text + "' is not a duration: write an ISO-8601 duration "
                        + "such as PT15M, or 15m, 1h30m");
            }
        });
    }

    private void error(SourceSpan position, String message) {
        diagnostics.add(Diagnostic.error(position, message));
    }
}
