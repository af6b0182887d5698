package io.batchform.azure.resource;

import static io.batchform.azure.resource.ServiceMaps.map;
import static io.batchform.azure.resource.ServiceMaps.pairs;
import static io.batchform.azure.resource.ServiceMaps.put;
import static io.batchform.azure.resource.ServiceMaps.unpair;

import io.batchform.provider.Attributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job schedule's job specification, both ways: batchform's attributes to the data plane's
 * {@code jobSpecification}, and the service's back to attributes. Each part (the whole specification, an auto pool,
 * a task, a user identity) has its writer and, just below it, its reader, so that a key one direction learns is seen
 * missing from the other.
 *
 * <p>The two spellings differ in a few places only: the service lists environments and metadata as name/value pairs,
 * calls an image's id {@code virtualMachineImageId}, spells user identities {@code username} and their enums in lower
 * case, and shows an unset time limit as {@value #UNLIMITED}, which reads back as absent.
 */
final class JobSpecificationJson {
    /** What the service shows for a time limit that was not set. */
    static final String UNLIMITED = "P10675199DT2H48M5.4775807S";
    /** Attributes the service holds under the same name and in the same form. */
    private static final List<String> SAME = List.of("priority", "onAllTasksComplete", "onTaskFailure",
            "usesTaskDependencies", "allowTaskPreemption", "maxParallelTasks");
    private static final List<String> TASKS = List.of("jobManagerTask", "jobPreparationTask", "jobReleaseTask");

    private JobSpecificationJson() {
    }

    // ---- the specification -----------------------------------------------------------------------------------

    /** The service's {@code jobSpecification} for the desired attributes. */
    static Map<String, Object> toService(Attributes desired) {
        Map<String, Object> spec = new LinkedHashMap<>();
        Map<String, Object> poolInfo = new LinkedHashMap<>();
        if (desired.get("pool") != null) {
            String pool = desired.string("pool").replaceFirst("/+$", "");
            poolInfo.put("poolId", pool.substring(pool.lastIndexOf('/') + 1));
        } else if (desired.get("autoPool") instanceof Map<?, ?> auto) {
            poolInfo.put("autoPoolSpecification", autoPoolToService(map(auto)));
        }
        spec.put("poolInfo", poolInfo);
        for (String same : SAME) {
            put(spec, same, desired.get(same));
        }
        put(spec, "constraints", desired.get("constraints"));
        for (String name : TASKS) {
            if (desired.get(name) instanceof Map<?, ?> task) {
                Map<String, Object> out = taskToService(map(task));
                if (name.equals("jobManagerTask")) {
                    out.putIfAbsent("id", "jobmanager");
                }
                spec.put(name, out);
            }
        }
        if (desired.get("commonEnvironment") instanceof Map<?, ?> environment && !environment.isEmpty()) {
            spec.put("commonEnvironmentSettings", pairs(map(environment)));
        }
        if (desired.get("jobMetadata") instanceof Map<?, ?> metadata && !metadata.isEmpty()) {
            spec.put("metadata", pairs(map(metadata)));
        }
        return spec;
    }

    /** The attributes of the service's {@code jobSpecification}; {@code pool} as the ARM id under {@code accountId}. */
    static Map<String, Object> toAttributes(String accountId, Map<String, Object> spec) {
        Map<String, Object> a = new TreeMap<>();
        Map<String, Object> poolInfo = map(spec.get("poolInfo"));
        if (poolInfo.get("poolId") != null) {
            a.put("pool", accountId + "/pools/" + poolInfo.get("poolId"));
        }
        if (poolInfo.get("autoPoolSpecification") instanceof Map<?, ?> auto) {
            a.put("autoPool", autoPoolToAttributes(map(auto)));
        }
        for (String same : SAME) {
            a.put(same, spec.get(same));
        }
        Map<String, Object> constraints = constraints(spec.get("constraints"));
        if (!constraints.isEmpty()) {
            a.put("constraints", constraints);
        }
        for (String name : TASKS) {
            if (spec.get(name) instanceof Map<?, ?> task) {
                a.put(name, taskToAttributes(map(task)));
            }
        }
        Map<String, Object> environment = unpair(spec.get("commonEnvironmentSettings"));
        if (!environment.isEmpty()) {
            a.put("commonEnvironment", environment);
        }
        Map<String, Object> jobMetadata = unpair(spec.get("metadata"));
        if (!jobMetadata.isEmpty()) {
            a.put("jobMetadata", jobMetadata);
        }
        return a;
    }

    // ---- an auto pool ----------------------------------------------------------------------------------------

    private static Map<String, Object> autoPoolToService(Map<String, Object> auto) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "autoPoolIdPrefix", auto.get("autoPoolIdPrefix"));
        put(out, "poolLifetimeOption", auto.get("poolLifetimeOption"));
        put(out, "keepAlive", auto.get("keepAlive"));
        Map<String, Object> pool = map(auto.get("pool"));
        Map<String, Object> spec = new LinkedHashMap<>();
        put(spec, "vmSize", pool.get("vmSize"));
        Map<String, Object> vm = new LinkedHashMap<>();
        if (pool.get("image") instanceof Map<?, ?> image) {
            Map<String, Object> reference = new LinkedHashMap<>(map(image));
            Object id = reference.remove("id");
            put(reference, "virtualMachineImageId", id);
            vm.put("imageReference", reference);
        }
        put(vm, "nodeAgentSKUId", pool.get("nodeAgentSkuId"));
        if (!vm.isEmpty()) {
            spec.put("virtualMachineConfiguration", vm);
        }
        put(spec, "taskSlotsPerNode", pool.get("taskSlotsPerNode"));
        if (pool.get("autoScale") instanceof Map<?, ?> scale) {
            spec.put("enableAutoScale", true);
            put(spec, "autoScaleFormula", scale.get("formula"));
            put(spec, "autoScaleEvaluationInterval", scale.get("evaluationInterval"));
        } else {
            put(spec, "targetDedicatedNodes", pool.get("targetDedicatedNodes"));
            put(spec, "targetLowPriorityNodes", pool.get("targetLowPriorityNodes"));
        }
        if (pool.get("startTask") instanceof Map<?, ?> start) {
            spec.put("startTask", taskToService(map(start)));
        }
        out.put("pool", spec);
        return out;
    }

    private static Map<String, Object> autoPoolToAttributes(Map<String, Object> auto) {
        Map<String, Object> out = new TreeMap<>();
        put(out, "autoPoolIdPrefix", auto.get("autoPoolIdPrefix"));
        put(out, "poolLifetimeOption", auto.get("poolLifetimeOption"));
        put(out, "keepAlive", auto.get("keepAlive"));
        Map<String, Object> spec = map(auto.get("pool"));
        Map<String, Object> pool = new TreeMap<>();
        put(pool, "vmSize", spec.get("vmSize"));
        Map<String, Object> vm = map(spec.get("virtualMachineConfiguration"));
        if (vm.get("imageReference") instanceof Map<?, ?> reference) {
            Map<String, Object> image = new TreeMap<>(map(reference));
            Object id = image.remove("virtualMachineImageId");
            put(image, "id", id);
            image.remove("exactVersion"); // read-only: the version the service resolved
            pool.put("image", image);
        }
        put(pool, "nodeAgentSkuId", vm.get("nodeAgentSKUId"));
        put(pool, "taskSlotsPerNode", spec.get("taskSlotsPerNode"));
        if (Boolean.TRUE.equals(spec.get("enableAutoScale"))) {
            Map<String, Object> scale = new TreeMap<>();
            put(scale, "formula", spec.get("autoScaleFormula"));
            put(scale, "evaluationInterval", spec.get("autoScaleEvaluationInterval"));
            pool.put("autoScale", scale);
        } else {
            put(pool, "targetDedicatedNodes", spec.get("targetDedicatedNodes"));
            put(pool, "targetLowPriorityNodes", spec.get("targetLowPriorityNodes"));
        }
        if (spec.get("startTask") instanceof Map<?, ?> start) {
            pool.put("startTask", taskToAttributes(map(start)));
        }
        out.put("pool", pool);
        return out;
    }

    // ---- a task ----------------------------------------------------------------------------------------------

    /** A task: {@code environment} as the service's name/value list, {@code userIdentity} in its spelling. */
    private static Map<String, Object> taskToService(Map<String, Object> task) {
        Map<String, Object> out = new LinkedHashMap<>(task);
        Object environment = out.remove("environment");
        if (environment instanceof Map<?, ?> variables && !variables.isEmpty()) {
            out.put("environmentSettings", pairs(map(variables)));
        }
        if (out.get("userIdentity") instanceof Map<?, ?> identity) {
            out.put("userIdentity", identityToService(map(identity)));
        }
        return out;
    }

    private static Map<String, Object> taskToAttributes(Map<String, Object> task) {
        Map<String, Object> out = new TreeMap<>(task);
        Map<String, Object> environment = unpair(out.remove("environmentSettings"));
        if (!environment.isEmpty()) {
            out.put("environment", environment);
        }
        if (out.get("userIdentity") instanceof Map<?, ?> identity) {
            out.put("userIdentity", identityToAttributes(map(identity)));
        }
        if (out.get("constraints") instanceof Map<?, ?>) {
            Map<String, Object> constraints = constraints(out.get("constraints"));
            if (constraints.isEmpty()) {
                out.remove("constraints");
            } else {
                out.put("constraints", constraints);
            }
        }
        if (UNLIMITED.equals(out.get("maxWallClockTime"))) {
            out.remove("maxWallClockTime");
        }
        return out;
    }

    // ---- a user identity -------------------------------------------------------------------------------------

    private static Map<String, Object> identityToService(Map<String, Object> identity) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "username", identity.get("userName"));
        if (identity.get("autoUser") instanceof Map<?, ?> auto) {
            Map<String, Object> user = new LinkedHashMap<>();
            put(user, "scope", lower(map(auto).get("scope")));
            put(user, "elevationLevel", lower(map(auto).get("elevationLevel")));
            out.put("autoUser", user);
        }
        return out;
    }

    private static Map<String, Object> identityToAttributes(Map<String, Object> identity) {
        Map<String, Object> out = new TreeMap<>();
        put(out, "userName", identity.get("username"));
        if (identity.get("autoUser") instanceof Map<?, ?> auto) {
            Map<String, Object> user = new TreeMap<>();
            put(user, "scope", capitalised(map(auto).get("scope")));
            Object level = map(auto).get("elevationLevel");
            put(user, "elevationLevel", "nonadmin".equalsIgnoreCase(String.valueOf(level)) ? "NonAdmin"
                    : capitalised(level));
            out.put("autoUser", user);
        }
        return out;
    }

    // ---- small helpers ---------------------------------------------------------------------------------------

    /** Constraints without the service's "unlimited" time (what it shows when none was set). */
    private static Map<String, Object> constraints(Object value) {
        Map<String, Object> out = new TreeMap<>(map(value));
        if (UNLIMITED.equals(out.get("maxWallClockTime"))) {
            out.remove("maxWallClockTime");
        }
        return out;
    }

    private static Object lower(Object value) {
        return value == null ? null : String.valueOf(value).toLowerCase(Locale.ROOT);
    }

    private static Object capitalised(Object value) {
        if (value == null || String.valueOf(value).isEmpty()) {
            return value;
        }
        String text = String.valueOf(value);
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }
}
