package io.batchform.spec.convert;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.schedule.Cron;
import io.batchform.schedule.CronCompiler;
import io.batchform.schedule.ServiceSchedule;
import io.batchform.schedule.ZoneChange;
import io.batchform.source.Diagnostic;
import io.batchform.source.Durations;
import io.batchform.spec.JobScheduleSpec;
import io.batchform.spec.SourceMap;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A job schedule's attributes (RESOURCES.md, "jobSchedule"): {@code account} and {@code pool} as ARM ids, the cron
 * compiled to {@code schedules} at the conversion's instant, durations in ISO-8601, the job specification as
 * written. The instant is {@code BATCHFORM_NOW} from the environment when set (tests, reproducible plans), else now.
 */
final class JobScheduleConversion {
    /** The environment variable that fixes the instant schedules are compiled at (an ISO-8601 instant). */
    static final String NOW = "BATCHFORM_NOW";
    private static final Set<String> DURATION_KEYS = Set.of("maxWallClockTime", "retentionTime", "evaluationInterval");
    /**
     * How far ahead a plan warns of the zone's next offset change that moves a fire time. Before the change nothing
     * needs doing except an apply after it, so a plan months ahead has nothing to say: a warning on every plan of a
     * spec with a schedule in a zone with summer time is a warning users learn to skip. Two weeks puts it on the
     * plans of the fortnight before (at least one plan of a team that applies weekly) and on an apply made in that
     * time, which needs another after the change. After the change, a plan whose service still has the old grid
     * shows the update of {@code schedules} and says why (the engine's schedule check). {@code schedule preview}
     * shows every change, however far.
     */
    static final java.time.Duration ZONE_CHANGE_HORIZON = java.time.Duration.ofDays(14);

    private final Function<String, String> accountId;
    private final Function<String, String> poolId;
    private final SourceMap sources;
    private final Instant now;
    private final List<Diagnostic> diagnostics;

    JobScheduleConversion(Function<String, String> accountId, Function<String, String> poolId, SourceMap sources,
                          Map<String, String> env, List<Diagnostic> diagnostics) {
        this.accountId = accountId;
        this.poolId = poolId;
        this.sources = sources;
        this.now = now(env);
        this.diagnostics = diagnostics;
    }

    static Instant now(Map<String, String> env) {
        String fixed = env.get(NOW);
        if (fixed != null && !fixed.isBlank()) {
            try {
                return Instant.parse(fixed.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(NOW + " is not an ISO-8601 instant: " + fixed, e);
            }
        }
        return Instant.now();
    }

    /** The id batchform gives the schedule: under its account, as the data plane has no ARM id. */
    String id(JobScheduleSpec s) {
        return accountId.apply(s.account()) + "/jobSchedules/" + s.serviceName();
    }

    Set<Address> dependencies(JobScheduleSpec s) {
        Set<Address> deps = new java.util.TreeSet<>();
        deps.add(Address.of(ResourceType.BATCH_ACCOUNT, s.account()));
        if (s.pool() != null) {
            deps.add(Address.of(ResourceType.POOL, s.pool()));
        }
        return deps;
    }

    Map<String, Object> attributes(JobScheduleSpec s) {
        Map<String, Object> a = new TreeMap<>();
        a.put("name", s.serviceName());
        a.put("account", accountId.apply(s.account()));
        put(a, "displayName", s.displayName());
        if (s.cron() != null) {
            a.put("cron", s.cron());
            a.put("timeZone", s.timeZone() != null ? s.timeZone() : "UTC");
            a.put("schedules", compiled(s));
        } else if (s.schedule() != null) {
            a.put("schedules", List.of(new ServiceSchedule(s.serviceName(), instant(s.schedule().doNotRunUntil()),
                    instant(s.schedule().doNotRunAfter()), s.schedule().startWindow(),
                    s.schedule().recurrenceInterval()).toAttributes()));
        }
        if (s.pool() != null) {
            a.put("pool", poolId.apply(s.pool()));
        }
        if (s.autoPool() != null) {
            a.put("autoPool", isoDurations(s.autoPool()));
        }
        isoDurations(s.job()).forEach(a::put);
        if (!s.metadata().isEmpty()) {
            a.put("metadata", new TreeMap<>(s.metadata()));
        }
        put(a, "authentication", s.authentication());
        return a;
    }

    private List<Object> compiled(JobScheduleSpec s) {
        Address address = Address.of(ResourceType.JOB_SCHEDULE, s.key());
        ZoneId zone = ZoneId.of(s.timeZone() != null ? s.timeZone() : "UTC");
        CronCompiler.Result result = CronCompiler.compile(s.serviceName(), Cron.parse(s.cron()).cron(), zone, now);
        result.validUntil().filter(change -> change.at().isBefore(now.plus(ZONE_CHANGE_HORIZON)))
                .map(ZoneChange::message).ifPresent(message -> diagnostics.add(Diagnostic.warning(
                        sources.position(address, s.timeZone() != null ? "timeZone" : "cron"), address + ": "
                                + message)));
        List<Object> out = new ArrayList<>();
        result.schedules().forEach(schedule -> out.add(schedule.toAttributes()));
        return out;
    }

    private static Instant instant(String text) {
        return text == null ? null : java.time.OffsetDateTime.parse(text).toInstant();
    }

    /** The tree with durations in ISO-8601 ({@code 2h} becomes {@code PT2H}). */
    private static Map<String, Object> isoDurations(Map<String, Object> tree) {
        Map<String, Object> out = new TreeMap<>();
        tree.forEach((key, value) -> {
            if (value instanceof Map<?, ?> child) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) child;
                out.put(key, isoDurations(typed));
            } else if (DURATION_KEYS.contains(key) && value instanceof String text) {
                out.put(key, Durations.parse(text).map(Object::toString).orElse(text));
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    private static void put(Map<String, Object> attributes, String key, Object value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }
}
