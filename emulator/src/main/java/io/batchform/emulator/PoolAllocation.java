package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.eval.AutoScaleRun;
import io.batchform.autoscale.eval.EvaluationContext;
import io.batchform.autoscale.eval.Evaluator;
import io.batchform.autoscale.eval.PoolState;
import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.source.Source;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The nodes of emulated pools: a resize starts at every change of the scale settings and ends Steady after the
 * configured time, with as many nodes as the account's core quotas allow; an autoscale pool's formula is evaluated by
 * batchform's own evaluator when created, changed and every evaluation interval, and its run is exposed as
 * {@code autoScaleRun}.
 */
final class PoolAllocation {
    private final ResourceStore store;
    private final ArmEmulator.Settings settings;
    private final VmSizes vmSizes;

    PoolAllocation(ResourceStore store, ArmEmulator.Settings settings, VmSizes vmSizes) {
        this.store = store;
        this.settings = settings;
        this.vmSizes = vmSizes;
    }


    /** Begins a resize to the pool's targets (evaluating its formula first when it autoscales). */
    void startResize(ObjectNode pool, Instant now) {
        ObjectNode properties = (ObjectNode) pool.get("properties");
        int[] targets = targets(pool, now);
        properties.put("allocationState", "Resizing");
        properties.put("allocationStateTransitionTime", now.toString());
        ObjectNode status = properties.putObject("resizeOperationStatus");
        status.put("targetDedicatedNodes", targets[0]);
        status.put("targetLowPriorityNodes", targets[1]);
        status.put("startTime", now.toString());
        status.put("resizeTimeout", properties.path("scaleSettings").path("fixedScale").path("resizeTimeout")
                .asText("PT15M"));
        // The deallocation option is not read back in the scale settings (x-ms-mutability create, update): the
        // resize status shows it, Requeue when none was given, as Microsoft's examples do.
        JsonNode fixed = properties.path("scaleSettings").path("fixedScale");
        status.put("nodeDeallocationOption", fixed.path("nodeDeallocationOption").asText("Requeue"));
        if (fixed.isObject()) {
            ((ObjectNode) fixed).remove("nodeDeallocationOption");
        }
    }

    /** The node targets: fixed ones, or the formula's, truncated as the service applies them. */
    private int[] targets(ObjectNode pool, Instant now) {
        ObjectNode properties = (ObjectNode) pool.get("properties");
        JsonNode scale = properties.path("scaleSettings");
        if (!scale.has("autoScale")) {
            return new int[] {scale.path("fixedScale").path("targetDedicatedNodes").asInt(),
                    scale.path("fixedScale").path("targetLowPriorityNodes").asInt()};
        }
        JsonNode status = properties.path("resizeOperationStatus");
        PoolState state = new PoolState(status.path("targetDedicatedNodes").asDouble(),
                status.path("targetLowPriorityNodes").asDouble(), properties.path("currentDedicatedNodes").asDouble(),
                properties.path("currentLowPriorityNodes").asDouble(), properties.path("taskSlotsPerNode").asDouble(1),
                DeallocationOption.REQUEUE);
        CheckedFormula formula = FormulaCompiler.compile(new Source("formula",
                scale.path("autoScale").path("formula").asText()));
        AutoScaleRun run = Evaluator.evaluate(formula, new EvaluationContext(now, state));
        ObjectNode runNode = properties.putObject("autoScaleRun");
        runNode.put("evaluationTime", now.toString());
        runNode.put("results", run.results());
        run.error().ifPresent(error -> {
            ObjectNode e = runNode.putObject("error");
            e.put("code", error.code());
            e.put("message", error.message());
            ArrayNode details = e.putArray("details");
            error.values().forEach(v -> details.addObject().put("code", v.name()).put("message", v.value()));
        });
        return new int[] {(int) Math.max(0, run.targetDedicatedNodes()), (int) Math.max(0, run.targetLowPriorityNodes())};
    }

    /**
     * The pool as GET shows it now ({@link #advanced}), kept: what the time that passed did to it is stored.
     */
    ObjectNode present(ObjectNode stored) {
        ObjectNode pool = advanced(stored);
        if (pool != stored) {
            store.put(pool);
        }
        return pool;
    }

    /**
     * The pool as it is now, not stored: a resize that has run for the configured time ends in Steady, with as many
     * nodes as the account's core quotas allow; an autoscale pool is evaluated again when its interval has passed.
     * A write starts from this and stores it with its own change, so a write that is refused stores nothing (the next
     * request that looks at the pool finds the same). Returns {@code stored} itself when nothing changed.
     */
    ObjectNode advanced(ObjectNode stored) {
        ObjectNode pool = stored;
        ObjectNode properties = (ObjectNode) pool.get("properties");
        Instant now = Instant.now(settings.clock());
        JsonNode auto = properties.path("scaleSettings").path("autoScale");
        if (auto.isObject() && properties.path("allocationState").asText().equals("Steady")) {
            Instant last = Instant.parse(properties.path("autoScaleRun").path("evaluationTime").asText(now.toString()));
            Duration interval = duration(auto.path("evaluationInterval").asText("PT15M"), "evaluationInterval");
            if (!now.isBefore(last.plus(interval))) {
                pool = pool.deepCopy();
                startResize(pool, now);
                properties = (ObjectNode) pool.get("properties");
            }
        }
        if (properties.path("allocationState").asText().equals("Resizing")) {
            Instant started = Instant.parse(properties.path("allocationStateTransitionTime").asText());
            if (!now.isBefore(started.plus(settings.resizeDuration()))) {
                pool = pool == stored ? pool.deepCopy() : pool;
                settle(pool, started.plus(settings.resizeDuration()));
            }
        }
        return pool;
    }

    private void settle(ObjectNode pool, Instant at) {
        ObjectNode properties = (ObjectNode) pool.get("properties");
        ObjectNode status = (ObjectNode) properties.get("resizeOperationStatus");
        int wantDedicated = status.path("targetDedicatedNodes").asInt();
        int wantLowPriority = status.path("targetLowPriorityNodes").asInt();
        String accountId = pool.get("id").asText().replaceFirst("/pools/[^/]+$", "");
        ObjectNode account = store.get(accountId).orElseThrow();
        VmSizes.Size size = vmSizes.find(properties.path("vmSize").asText()).orElseThrow();
        ArrayNode errors = ArmHandler.JSON.createArrayNode();
        int dedicated = wantDedicated;
        int lowPriority = wantLowPriority;
        JsonNode quotas = account.path("properties");
        if (quotas.has("dedicatedCoreQuota")) {
            int usedDedicated = 0;
            int usedFamily = 0;
            int usedLowPriority = 0;
            for (ObjectNode other : store.children(accountId, BatchResources.POOL)) {
                if (other.get("id").asText().equalsIgnoreCase(pool.get("id").asText())) {
                    continue;
                }
                JsonNode p = other.path("properties");
                int cores = vmSizes.find(p.path("vmSize").asText()).map(VmSizes.Size::vcpus).orElse(0);
                usedDedicated += p.path("currentDedicatedNodes").asInt() * cores;
                usedLowPriority += p.path("currentLowPriorityNodes").asInt() * cores;
                if (vmSizes.find(p.path("vmSize").asText()).map(s -> s.family().equalsIgnoreCase(size.family()))
                        .orElse(false)) {
                    usedFamily += p.path("currentDedicatedNodes").asInt() * cores;
                }
            }
            int dedicatedRoom = quotas.path("dedicatedCoreQuota").asInt() - usedDedicated;
            int familyQuota = familyQuota(quotas, size.family());
            if (quotas.path("dedicatedCoreQuotaPerVMFamilyEnforced").asBoolean(false)) {
                dedicatedRoom = Math.min(dedicatedRoom, familyQuota - usedFamily);
            }
            int maxDedicated = Math.max(0, dedicatedRoom / size.vcpus());
            if (dedicated > maxDedicated) {
                dedicated = maxDedicated;
                errors.addObject().put("code", "AccountCoreQuotaReached").put("message", "The specified account has "
                        + "reached its dedicated core quota (" + quotas.path("dedicatedCoreQuota").asInt()
                        + " cores; " + familyQuota + " for " + size.family() + "): " + wantDedicated + " nodes of "
                        + size.name() + " need " + wantDedicated * size.vcpus() + " cores.");
            }
            int maxLowPriority = Math.max(0, (quotas.path("lowPriorityCoreQuota").asInt() - usedLowPriority) / size.vcpus());
            if (lowPriority > maxLowPriority) {
                lowPriority = maxLowPriority;
                errors.addObject().put("code", "AccountLowPriorityCoreQuotaReached").put("message", "The specified "
                        + "account has reached its low-priority core quota (" + quotas.path("lowPriorityCoreQuota").asInt()
                        + " cores).");
            }
        }
        if (quotas.path("poolAllocationMode").asText().equals("UserSubscription")) {
            int[] allowed = subscriptionRoom(pool, account, size, dedicated, lowPriority, errors);
            dedicated = allowed[0];
            lowPriority = allowed[1];
        }
        properties.put("currentDedicatedNodes", dedicated);
        properties.put("currentLowPriorityNodes", lowPriority);
        properties.put("allocationState", "Steady");
        properties.put("allocationStateTransitionTime", at.toString());
        if (errors.isEmpty()) {
            status.remove("errors");
        } else {
            status.set("errors", errors);
        }
    }

    /**
     * The nodes a UserSubscription account's pool may have: its region's Compute vCPUs (total and the size's family
     * for dedicated nodes, Spot for the others) less what the other such pools there and VMs elsewhere use. The
     * resize error's code and wording are the emulator's: the service's for this case are not documented.
     */
    private int[] subscriptionRoom(ObjectNode pool, JsonNode account, VmSizes.Size size, int dedicated, int lowPriority,
                                   ArrayNode errors) {
        String region = account.path("location").asText();
        ArmEmulator.ComputeQuota quota = settings.regions().quota(region);
        String subscription = pool.get("id").asText().replaceFirst("(?i)^(/subscriptions/[^/]+).*$", "$1");
        long usedTotal = quota.usedElsewhere();
        long usedFamily = 0;
        long usedSpot = 0;
        for (ObjectNode owner : store.ofType(subscription, BatchResources.ACCOUNT)) {
            if (!owner.path("properties").path("poolAllocationMode").asText().equals("UserSubscription")
                    || !RegionalCompute.key(owner.path("location").asText()).equals(RegionalCompute.key(region))) {
                continue;
            }
            for (ObjectNode other : store.children(owner.get("id").asText(), BatchResources.POOL)) {
                if (other.get("id").asText().equalsIgnoreCase(pool.get("id").asText())) {
                    continue;
                }
                JsonNode p = other.path("properties");
                VmSizes.Size otherSize = vmSizes.find(p.path("vmSize").asText()).orElse(null);
                if (otherSize == null) {
                    continue;
                }
                long cores = (long) p.path("currentDedicatedNodes").asInt() * otherSize.vcpus();
                usedTotal += cores;
                usedFamily += otherSize.family().equalsIgnoreCase(size.family()) ? cores : 0;
                usedSpot += (long) p.path("currentLowPriorityNodes").asInt() * otherSize.vcpus();
            }
        }
        long room = Math.min(quota.regionalVcpus() - usedTotal, quota.familyVcpus() - usedFamily);
        int maxDedicated = (int) Math.max(0, room / size.vcpus());
        if (dedicated > maxDedicated) {
            errors.addObject().put("code", "SubscriptionCoreQuotaReached").put("message", "The subscription's vCPU "
                    + "quota in " + RegionalCompute.key(region) + " (" + quota.regionalVcpus() + " regional, "
                    + quota.familyVcpus() + " for " + size.family() + ") is reached: " + dedicated + " nodes of "
                    + size.name() + " need " + dedicated * size.vcpus() + " vCPUs.");
            dedicated = maxDedicated;
        }
        int maxSpot = (int) Math.max(0, (quota.spotVcpus() - usedSpot) / size.vcpus());
        if (lowPriority > maxSpot) {
            errors.addObject().put("code", "SubscriptionSpotCoreQuotaReached").put("message", "The subscription's Spot "
                    + "vCPU quota in " + RegionalCompute.key(region) + " (" + quota.spotVcpus() + ") is reached: "
                    + lowPriority + " Spot nodes of " + size.name() + " need " + lowPriority * size.vcpus() + " vCPUs.");
            lowPriority = maxSpot;
        }
        return new int[] {dedicated, lowPriority};
    }

    private static int familyQuota(JsonNode quotas, String family) {
        for (JsonNode entry : quotas.path("dedicatedCoreQuotaPerVMFamily")) {
            if (entry.path("name").asText().equalsIgnoreCase(family)) {
                return entry.path("coreQuota").asInt();
            }
        }
        return 0;
    }

    static Duration duration(String text, String target) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw ArmError.badRequest("InvalidPropertyValue", "'" + text + "' is not an ISO 8601 duration.", target);
        }
    }
}
