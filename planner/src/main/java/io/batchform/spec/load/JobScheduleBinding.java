package io.batchform.spec.load;

import static io.batchform.spec.load.Binder.integer;
import static io.batchform.spec.load.Binder.map;
import static io.batchform.spec.load.Binder.str;

import io.batchform.source.Diagnostic;
import io.batchform.source.Durations;
import io.batchform.spec.JobScheduleSpec;
import io.batchform.spec.Lifecycle;
import io.batchform.spec.schema.Shape;
import io.batchform.spec.yaml.YNode;
import io.batchform.spec.yaml.YNode.ScalarKind;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binds {@code jobSchedules.<key>}: the timing and references typed, the job specification and auto pool as the
 * plain trees the schema checked, environment values marked {@code {secret: ...}} unwrapped (the masking of the
 * spec's text and the provider's sensitive attributes keep them out of output).
 */
final class JobScheduleBinding {
    /** Maps of environment settings in the job specification, whose {@code {secret: VALUE}} values are unwrapped. */
    private static final List<String> TASKS = List.of("jobManagerTask", "jobPreparationTask", "jobReleaseTask");

    private final List<Diagnostic> diagnostics;

    JobScheduleBinding(List<Diagnostic> diagnostics) {
        this.diagnostics = diagnostics;
    }

    JobScheduleSpec bind(String key, YMap m, Lifecycle lifecycle) {
        YMap schedule = map(m, "schedule");
        YMap simulation = map(m, "simulation");
        Map<String, Object> job = SettingsBinding.settings(m, JobScheduleSpec.JOB);
        unwrapSecrets(job);
        Object autoPool = m.get("autoPool").map(SettingsBinding::tree).orElse(null);
        return new JobScheduleSpec(key, str(m, "name"), str(m, "account"), str(m, "displayName"), str(m, "cron"),
                str(m, "timeZone"),
                schedule == null ? null : new JobScheduleSpec.ServiceForm(str(schedule, "doNotRunUntil"),
                        str(schedule, "doNotRunAfter"), duration(schedule, "startWindow"),
                        duration(schedule, "recurrenceInterval")),
                str(m, "pool"), autoPool instanceof Map<?, ?> tree ? typed(tree) : null, job, Binder.texts(m, "metadata"),
                str(m, "authentication"),
                simulation == null ? null : new JobScheduleSpec.Simulation(integer(simulation, "tasks"),
                        duration(simulation, "taskDuration"), integer(simulation, "requiredSlots")),
                lifecycle);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> typed(Map<?, ?> tree) {
        return (Map<String, Object>) tree;
    }

    private static void unwrapSecrets(Map<String, Object> job) {
        unwrap(job, "commonEnvironment");
        for (String task : TASKS) {
            if (job.get(task) instanceof Map<?, ?> t) {
                unwrap(typed(t), "environment");
            }
        }
    }

    private static void unwrap(Map<String, Object> owner, String key) {
        if (owner.get(key) instanceof Map<?, ?> environment) {
            Map<String, Object> out = new TreeMap<>();
            environment.forEach((name, value) -> out.put((String) name, value instanceof Map<?, ?> marked
                    && marked.containsKey(Shape.MaybeSecret.KEY) ? marked.get(Shape.MaybeSecret.KEY) : value));
            out.replaceAll((name, value) -> value instanceof String ? value : String.valueOf(value));
            owner.put(key, out);
        }
    }

    private Duration duration(YMap m, String key) {
        YNode node = m.get(key).orElse(null);
        if (!(node instanceof YScalar s) || s.kind() != ScalarKind.STRING) {
            return null;
        }
        return Durations.parse(s.value()).orElseGet(() -> {
            diagnostics.add(Diagnostic.error(s.position(), "'" + s.value() + "' is not a duration: write an "
                    + "ISO-8601 duration such as PT15M, or 15m, 1h30m"));
            return null;
        });
    }
}
