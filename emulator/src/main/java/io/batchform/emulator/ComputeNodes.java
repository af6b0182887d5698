package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The compute nodes of emulated pools, as the Batch data plane lists them ({@code GET /pools/{poolId}/nodes}). A
 * pool's nodes are its allocated ones (its {@code currentDedicatedNodes} and {@code currentLowPriorityNodes}), each
 * with an id and an allocation time (the end of the resize that added it) kept while it stays in the pool: they are
 * recorded lazily, when the nodes are listed, in one entry per pool under the pool's id (so they go with it). A
 * node's state follows from its allocation time and the emulator's clock:
 * <ol>
 *   <li>{@code starting} for {@link ArmEmulator.Builder#nodeTimes the start time};</li>
 *   <li>when the pool has a start task: {@code waitingforstarttask} while it runs (or {@code idle} when it does not
 *   {@code waitForSuccess}), one start-task time per try, with {@code startTaskInfo} {@code running};</li>
 *   <li>then {@code idle}, with {@code startTaskInfo} completed, result success, exit code 0.</li>
 * </ol>
 * An injected {@link FaultConfig.NodeFault} for the pool (or its region) makes every try of the start task exit with
 * its code, so that after the retries its {@code maxTaskRetryCount} allows the start task is completed with result
 * failure and a {@code failureInfo}, and the node is {@code starttaskfailed} (idle when the task does not wait for
 * success); or it makes the node {@code unusable} once started. A start task that retries without limit (-1) and
 * fails stays running. Faults are judged when the nodes are read, so one configured now applies to the nodes already
 * in the pool too (a drill that injects it after apply sees its warm nodes fail as well).
 */
final class ComputeNodes {
    static final String TYPE = "Microsoft.Batch/batchAccounts/pools/computeNodes";
    /** The service's own error category for a task whose process failed. */
    static final String USER_ERROR = "usererror";

    private final ResourceStore store;
    private final ArmEmulator.Settings settings;

    ComputeNodes(ResourceStore store, ArmEmulator.Settings settings) {
        this.store = store;
        this.settings = settings;
    }

    /**
     * The nodes of {@code pool} (as GET shows it now) of {@code account}, in the order they joined, as the data plane
     * shows them at {@code now}; {@code base} is the account's data-plane URL.
     */
    List<ObjectNode> list(ObjectNode account, ObjectNode pool, String base, FaultConfig faults, Instant now) {
        ObjectNode recorded = reconcile(pool, now);
        String poolId = pool.path("name").asText();
        FaultConfig.NodeFault fault = faults.nodeFault(poolId, account.path("location").asText()).orElse(null);
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode node : recorded.path("nodes")) {
            out.add(view(node, pool, base, fault, now));
        }
        return out;
    }

    /**
     * The pool's recorded nodes brought to its current counts: new ones (allocated at the end of the resize that
     * made them, or now) added, the latest to join removed first when it has fewer; stored when changed.
     */
    private ObjectNode reconcile(ObjectNode pool, Instant now) {
        String id = pool.get("id").asText() + "/computeNodes";
        ObjectNode stored = store.get(id).orElse(null);
        ObjectNode recorded = stored == null ? ArmHandler.JSON.createObjectNode() : stored.deepCopy();
        recorded.put("id", id);
        recorded.put("type", TYPE);
        JsonNode properties = pool.path("properties");
        Instant allocated = properties.path("allocationState").asText().equals("Steady")
                && properties.hasNonNull("allocationStateTransitionTime")
                ? Instant.parse(properties.get("allocationStateTransitionTime").asText()) : now;
        List<JsonNode> kept = new ArrayList<>();
        int next = recorded.path("next").asInt(0);
        for (boolean dedicated : new boolean[] {true, false}) {
            int want = properties.path(dedicated ? "currentDedicatedNodes" : "currentLowPriorityNodes").asInt();
            int have = 0;
            for (JsonNode node : recorded.path("nodes")) {
                if (node.path("dedicated").asBoolean() == dedicated && have < want) {
                    kept.add(node);
                    have++;
                }
            }
            for (; have < want; have++) {
                ObjectNode node = ArmHandler.JSON.createObjectNode();
                kept.add(node);
                node.put("id", nodeId(pool.get("id").asText(), next, dedicated));
                node.put("ordinal", next++);
                node.put("dedicated", dedicated);
                node.put("allocated", allocated.toString());
            }
        }
        kept.sort(java.util.Comparator.comparingInt(n -> n.path("ordinal").asInt()));
        recorded.put("next", next);
        recorded.putArray("nodes").addAll(kept);
        if (!recorded.equals(stored)) {
            store.put(recorded);
        }
        return recorded;
    }

    /** An id shaped as the service's ({@code tvmps_<64 hex>_d}, {@code _p} for a Spot node), stable per pool. */
    static String nodeId(String poolId, int ordinal, boolean dedicated) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((poolId.toLowerCase(Locale.ROOT) + "#" + ordinal)
                    .getBytes(StandardCharsets.UTF_8));
            return "tvmps_" + HexFormat.of().formatHex(digest) + (dedicated ? "_d" : "_p");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A node as the service shows it ({@code BatchNode}), at {@code now}. */
    private ObjectNode view(JsonNode node, ObjectNode pool, String base, FaultConfig.NodeFault fault, Instant now) {
        JsonNode properties = pool.path("properties");
        Instant allocated = Instant.parse(node.get("allocated").asText());
        int ordinal = node.path("ordinal").asInt();
        ObjectNode view = ArmHandler.JSON.createObjectNode();
        String id = node.get("id").asText();
        view.put("id", id);
        view.put("url", base + "/pools/" + pool.path("name").asText() + "/nodes/" + id);
        view.put("lastBootTime", allocated.toString());
        view.put("allocationTime", allocated.toString());
        view.put("ipAddress", "10.0." + (ordinal / 250) + "." + (ordinal % 250 + 4));
        view.put("affinityId", "TVM:" + id);
        view.put("vmSize", properties.path("vmSize").asText().toLowerCase(Locale.ROOT));
        view.put("totalTasksRun", 0);
        view.put("isDedicated", node.path("dedicated").asBoolean());
        view.set("virtualMachineInfo", virtualMachineInfo(properties));
        Instant started = allocated.plus(settings.nodeStartDuration());
        if (now.isBefore(started)) {
            return state(view, "starting", allocated);
        }
        if (fault != null && fault.unusable()) {
            return state(view, "unusable", started);
        }
        JsonNode startTask = properties.path("startTask");
        if (!startTask.isObject() || !startTask.hasNonNull("commandLine")) {
            return state(view, "idle", started);
        }
        boolean waits = startTask.path("waitForSuccess").asBoolean(true);
        int retries = startTask.path("maxTaskRetryCount").asInt(0);
        Duration oneTry = settings.startTaskDuration();
        boolean fails = fault != null;
        ObjectNode info = view.putObject("startTaskInfo");
        long triesSoFar = oneTry.isZero() ? Long.MAX_VALUE : Duration.between(started, now).toNanos() / oneTry.toNanos();
        long tries = fails ? (retries < 0 ? Long.MAX_VALUE : retries + 1L) : 1;
        if (triesSoFar < tries) {
            Instant thisTry = started.plus(oneTry.multipliedBy(triesSoFar));
            info.put("state", "running");
            info.put("startTime", thisTry.toString());
            info.put("retryCount", (int) Math.min(Integer.MAX_VALUE, triesSoFar));
            if (triesSoFar > 0) {
                info.put("lastRetryTime", thisTry.toString());
            }
            return state(view, waits ? "waitingforstarttask" : "idle", started);
        }
        Instant lastTry = started.plus(oneTry.multipliedBy(tries - 1));
        Instant ended = lastTry.plus(oneTry);
        info.put("state", "completed");
        info.put("startTime", lastTry.toString());
        info.put("endTime", ended.toString());
        info.put("exitCode", fails ? fault.exitCode() : 0);
        info.put("retryCount", (int) (tries - 1));
        if (tries > 1) {
            info.put("lastRetryTime", lastTry.toString());
        }
        info.put("result", fails ? "failure" : "success");
        if (fails) {
            ObjectNode failure = info.putObject("failureInfo");
            failure.put("category", USER_ERROR);
            failure.put("code", fault.failureCode());
            failure.put("message", fault.failureMessage());
            return state(view, waits ? "starttaskfailed" : "idle", waits ? ended : started);
        }
        return state(view, "idle", waits ? ended : started);
    }

    private static ObjectNode state(ObjectNode view, String state, Instant since) {
        view.put("state", state);
        view.put("stateTransitionTime", since.toString());
        return view;
    }

    /** The image the pool's nodes run ({@code VirtualMachineInfo}), in the data plane's names. */
    private static ObjectNode virtualMachineInfo(JsonNode properties) {
        ObjectNode info = ArmHandler.JSON.createObjectNode();
        JsonNode image = properties.path("deploymentConfiguration").path("virtualMachineConfiguration")
                .path("imageReference");
        ObjectNode reference = info.putObject("imageReference");
        for (String key : List.of("publisher", "offer", "sku", "version")) {
            if (image.hasNonNull(key)) {
                reference.put(key, image.get(key).asText());
            }
        }
        if (image.hasNonNull("id")) {
            reference.put("virtualMachineImageId", image.get("id").asText()); // Resource Manager calls it id
        }
        return info;
    }
}
