package io.batchform.emulator;

import static io.batchform.emulator.BatchDataPlane.invalidValue;
import static io.batchform.emulator.BatchDataPlane.missing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.BatchDataPlane.ServiceError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The bodies of the data plane's job-schedule requests as the service keeps them: each part checked (a missing
 * required property, an enum value or a duration the service refuses, with its error code and details) and the
 * service's defaults filled in, so that a read gives back what the service would.
 */
final class JobScheduleBodies {
    private JobScheduleBodies() {
    }

    static ObjectNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ServiceError(400, "InvalidRequestBody", "The specified request body is not syntactically "
                    + "valid: a JSON object is expected.");
        }
        return (ObjectNode) body;
    }

    /** The schedule as the service keeps it, checked. */
    static ObjectNode schedule(JsonNode requested) {
        if (requested == null || requested.isNull()) {
            throw missing("schedule");
        }
        if (!requested.isObject()) {
            throw invalidValue("schedule", requested, "The schedule must be an object.");
        }
        ObjectNode out = ArmHandler.JSON.createObjectNode();
        for (String time : List.of("doNotRunUntil", "doNotRunAfter")) {
            if (requested.hasNonNull(time)) {
                try {
                    out.put(time, java.time.OffsetDateTime.parse(requested.get(time).asText()).toInstant().toString());
                } catch (DateTimeParseException e) {
                    throw invalidValue("schedule." + time, requested.get(time).asText(), "Not a date-time.");
                }
            }
        }
        for (String span : List.of("startWindow", "recurrenceInterval")) {
            if (requested.hasNonNull(span)) {
                String text = requested.get(span).asText();
                Duration duration;
                try {
                    duration = Duration.parse(text);
                } catch (DateTimeParseException e) {
                    throw invalidValue("schedule." + span, text, "Not an ISO 8601 duration.");
                }
                if (duration.compareTo(Duration.ofMinutes(1)) < 0) {
                    throw invalidValue("schedule." + span, text, "The minimum value is 1 minute.");
                }
                if (span.equals("recurrenceInterval") && duration.compareTo(Duration.ofDays(365)) > 0) {
                    throw invalidValue("schedule." + span, text, "The maximum value is 365 days.");
                }
                out.put(span, text);
            }
        }
        if (out.has("doNotRunUntil") && out.has("doNotRunAfter")
                && Instant.parse(out.get("doNotRunAfter").asText()).isBefore(Instant.parse(out.get("doNotRunUntil").asText()))) {
            throw invalidValue("schedule.doNotRunAfter", out.get("doNotRunAfter").asText(),
                    "doNotRunAfter is earlier than doNotRunUntil.");
        }
        return out;
    }

    /** The job specification with the service's defaults filled in, checked. */
    static ObjectNode jobSpecification(JsonNode requested) {
        if (requested == null || requested.isNull()) {
            throw missing("jobSpecification");
        }
        if (!requested.isObject()) {
            throw invalidValue("jobSpecification", requested, "The job specification must be an object.");
        }
        ObjectNode spec = ((ObjectNode) requested).deepCopy();
        JsonNode pool = spec.path("poolInfo");
        if (!pool.isObject()) {
            throw missing("jobSpecification.poolInfo");
        }
        if (pool.hasNonNull("poolId") == pool.hasNonNull("autoPoolSpecification")) {
            throw invalidValue("jobSpecification.poolInfo", pool, "Exactly one of poolId and autoPoolSpecification "
                    + "must be specified.");
        }
        if (pool.hasNonNull("autoPoolSpecification")) {
            String lifetime = pool.get("autoPoolSpecification").path("poolLifetimeOption").asText("");
            if (!lifetime.equals("jobschedule") && !lifetime.equals("job")) {
                throw invalidValue("jobSpecification.poolInfo.autoPoolSpecification.poolLifetimeOption", lifetime,
                        "Must be jobschedule or job.");
            }
        }
        int priority = spec.path("priority").asInt(0);
        if (priority < -1000 || priority > 1000) {
            throw invalidValue("jobSpecification.priority", priority, "The priority must be between -1000 and 1000.");
        }
        int parallel = spec.path("maxParallelTasks").asInt(-1);
        if (parallel == 0 || parallel < -1) {
            throw invalidValue("jobSpecification.maxParallelTasks", parallel, "Must be -1 or greater than 0.");
        }
        enumValue(spec, "onAllTasksComplete", "noaction", "terminatejob");
        enumValue(spec, "onTaskFailure", "noaction", "performexitoptionsjobaction");
        spec.put("priority", priority);
        spec.put("maxParallelTasks", parallel);
        spec.put("allowTaskPreemption", spec.path("allowTaskPreemption").asBoolean(false));
        spec.put("usesTaskDependencies", spec.path("usesTaskDependencies").asBoolean(false));
        spec.set("constraints", constraints(spec.path("constraints"), false));
        if (spec.hasNonNull("jobManagerTask")) {
            ObjectNode task = task(spec.get("jobManagerTask"), "jobManagerTask", null);
            int slots = task.path("requiredSlots").asInt(1);
            if (slots < 1) {
                throw invalidValue("jobSpecification.jobManagerTask.requiredSlots", slots, "Must be at least 1.");
            }
            task.put("requiredSlots", slots);
            for (String flag : List.of("killJobOnCompletion", "runExclusive", "allowLowPriorityNode")) {
                task.put(flag, task.path(flag).asBoolean(true));
            }
            task.set("constraints", constraints(task.path("constraints"), true));
            spec.set("jobManagerTask", task);
        }
        if (spec.hasNonNull("jobPreparationTask")) {
            ObjectNode task = task(spec.get("jobPreparationTask"), "jobPreparationTask", "jobpreparation");
            task.put("waitForSuccess", task.path("waitForSuccess").asBoolean(true));
            task.put("rerunOnNodeRebootAfterSuccess", task.path("rerunOnNodeRebootAfterSuccess").asBoolean(true));
            task.set("constraints", constraints(task.path("constraints"), true));
            spec.set("jobPreparationTask", task);
        }
        if (spec.hasNonNull("jobReleaseTask")) {
            ObjectNode task = task(spec.get("jobReleaseTask"), "jobReleaseTask", "jobrelease");
            task.put("maxWallClockTime", task.path("maxWallClockTime").asText("PT15M"));
            task.put("retentionTime", task.path("retentionTime").asText("P7D"));
            spec.set("jobReleaseTask", task);
        }
        return spec;
    }

    private static ObjectNode task(JsonNode requested, String name, String defaultId) {
        if (!requested.isObject()) {
            throw invalidValue("jobSpecification." + name, requested, "Must be an object.");
        }
        ObjectNode task = ((ObjectNode) requested).deepCopy();
        if (!task.hasNonNull("id")) {
            if (defaultId == null) {
                throw missing("jobSpecification." + name + ".id");
            }
            task.put("id", defaultId);
        }
        if (task.path("commandLine").asText("").isEmpty()) {
            throw missing("jobSpecification." + name + ".commandLine");
        }
        return task;
    }

    private static ObjectNode constraints(JsonNode requested, boolean task) {
        ObjectNode out = requested.isObject() ? ((ObjectNode) requested).deepCopy() : ArmHandler.JSON.createObjectNode();
        if (task) {
            out.put("retentionTime", out.path("retentionTime").asText("P7D"));
        }
        out.put("maxTaskRetryCount", out.path("maxTaskRetryCount").asInt(0));
        return out;
    }

    private static void enumValue(ObjectNode spec, String field, String... allowed) {
        String value = spec.path(field).asText(allowed[0]);
        if (!List.of(allowed).contains(value)) {
            throw invalidValue("jobSpecification." + field, value, "Must be one of " + String.join(", ", allowed) + ".");
        }
        spec.put(field, value);
    }

    static ArrayNode metadata(JsonNode requested) {
        ArrayNode out = ArmHandler.JSON.createArrayNode();
        if (requested == null || requested.isNull()) {
            return out;
        }
        if (!requested.isArray()) {
            throw invalidValue("metadata", requested, "The metadata must be a list of name/value pairs.");
        }
        for (JsonNode item : requested) {
            if (!item.hasNonNull("name")) {
                throw missing("metadata.name");
            }
            out.addObject().put("name", item.get("name").asText()).put("value", item.path("value").asText(""));
        }
        return out;
    }
}
