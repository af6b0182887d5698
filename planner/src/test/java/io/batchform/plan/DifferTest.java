package io.batchform.plan;

import static io.batchform.provider.AttributeSchema.computed;
import static io.batchform.provider.AttributeSchema.emptyPool;
import static io.batchform.provider.AttributeSchema.replace;
import static io.batchform.provider.AttributeSchema.updatable;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Normalization;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DifferTest {
    /** A pool schema shaped like the Azure provider's (the planner never sees that provider). */
    private static final ResourceSchema POOL = new ResourceSchema(ResourceType.POOL, List.of(
            replace("name"), replace("account").normalized(Normalization.CASE_INSENSITIVE),
            emptyPool("vmSize").normalized(Normalization.CASE_INSENSITIVE), emptyPool("image"),
            updatable("fixedScale"), updatable("autoScale"),
            updatable("autoScale.evaluationInterval").normalized(Normalization.DURATION).defaultsTo("PT15M"),
            updatable("fixedScale.nodeDeallocationOption").asWriteOnly(),
            emptyPool("taskSlotsPerNode").defaultsTo(1L), emptyPool("interNodeCommunication").defaultsTo("Disabled"),
            updatable("applicationPackages").normalized(Normalization.UNORDERED), updatable("startTask"),
            updatable("metadata"), replace("location").normalized(Normalization.REGION),
            emptyPool("userAccounts"), emptyPool("userAccounts.password").asSensitive().asWriteOnly(),
            computed("currentDedicatedNodes"), computed("allocationState"), computed("id")));

    private static final Attributes LIVE = Attributes.of(Map.of(
            "name", "render", "account", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/main",
            "vmSize", "Standard_D2s_v3", "image", Map.of("publisher", "canonical", "sku", "22_04-lts", "version", "latest"),
            "autoScale", Map.of("formula", "$TargetDedicatedNodes = 1", "evaluationInterval", "PT15M"),
            "taskSlotsPerNode", 1, "interNodeCommunication", "Disabled", "location", "westeurope",
            "applicationPackages", List.of("a", "b"), "currentDedicatedNodes", 4)).with("allocationState", "Steady");

    private static List<AttributeChange> diff(Map<String, Object> desired) {
        return Differ.diff(POOL, Attributes.of(desired), LIVE, Attributes.EMPTY);
    }

    private static Map<String, Object> same() {
        return Map.of("name", "render",
                "account", "/SUBSCRIPTIONS/s/resourceGroups/RG/providers/Microsoft.Batch/batchAccounts/main",
                "vmSize", "STANDARD_D2S_V3", "image", Map.of("publisher", "canonical", "sku", "22_04-lts", "version", "latest"),
                "autoScale", Map.of("formula", "$TargetDedicatedNodes = 1", "evaluationInterval", "15m"),
                "location", "West Europe", "applicationPackages", List.of("b", "a"));
    }

    @Test
    void equivalentSpellingsDefaultsAndComputedValuesGiveNoDiff() {
        assertThat(diff(same())).isEmpty();
        assertThat(Differ.actionFor(diff(same()))).isEqualTo(Action.NO_OP);
    }

    @Test
    void aChangedFormulaIsAnInPlaceUpdate() {
        Map<String, Object> desired = new java.util.HashMap<>(same());
        desired.put("autoScale", Map.of("formula", "$TargetDedicatedNodes = 2", "evaluationInterval", "PT15M"));
        List<AttributeChange> changes = diff(desired);
        assertThat(changes).extracting(AttributeChange::path).containsExactly("autoScale.formula");
        assertThat(changes.get(0).before()).isEqualTo("$TargetDedicatedNodes = 1");
        assertThat(Differ.actionFor(changes)).isEqualTo(Action.UPDATE);
    }

    @Test
    void aForcingAttributeMakesAReplacementAndEmptyPoolChangesAreMarked() {
        Map<String, Object> desired = new java.util.HashMap<>(same());
        desired.put("location", "northeurope");
        desired.put("vmSize", "Standard_D4s_v3");
        List<AttributeChange> changes = diff(desired);
        assertThat(changes).extracting(AttributeChange::path).containsExactly("location", "vmSize");
        assertThat(changes.get(0).forcesReplacement()).isTrue();
        assertThat(changes.get(1).needsEmptyPool()).isTrue();
        assertThat(Differ.actionFor(changes)).isEqualTo(Action.DELETE_THEN_CREATE);
    }

    @Test
    void writeOnlyAttributesCompareWithPriorStateAndSensitiveOnesAreMarked() {
        Map<String, Object> desired = new java.util.HashMap<>(same());
        desired.put("fixedScale", Map.of("nodeDeallocationOption", "TaskCompletion"));
        desired.put("userAccounts", Map.of("password", "hunter2"));
        Attributes prior = Attributes.of(Map.of("fixedScale", Map.of("nodeDeallocationOption", "TaskCompletion"),
                "userAccounts", Map.of("password", "old")));
        List<AttributeChange> changes = Differ.diff(POOL, Attributes.of(desired), LIVE, prior);
        assertThat(changes).extracting(AttributeChange::path).containsExactly("userAccounts.password");
        assertThat(changes.get(0).sensitive()).isTrue();
    }

    @Test
    void aSecretRecordedAsItsHashEqualsTheSameSecretAndDiffersFromAnother() {
        Attributes prior = Attributes.of(Map.of("userAccounts", Map.of("password",
                io.batchform.provider.Secrets.hash("lineage-1", "hunter2"))));
        Map<String, Object> desired = new java.util.HashMap<>(same());
        desired.put("userAccounts", Map.of("password", "hunter2"));
        assertThat(Differ.diff(POOL, Attributes.of(desired), LIVE, prior, "lineage-1")).isEmpty();
        desired.put("userAccounts", Map.of("password", "hunter3"));
        assertThat(Differ.diff(POOL, Attributes.of(desired), LIVE, prior, "lineage-1"))
                .extracting(AttributeChange::path).containsExactly("userAccounts.password");
        assertThat(Differ.diff(POOL, Attributes.of(desired), LIVE, prior, "another-lineage"))
                .extracting(AttributeChange::path).containsExactly("userAccounts.password");
    }

    @Test
    void secretsInsideAListCompareWithTheHashesTheLastApplyRecordedThere() {
        // Azure lists a pool's user accounts without their passwords; the state has the hash of each at its place.
        Map<String, Object> worker = Map.of("name", "worker", "elevationLevel", "NonAdmin");
        Map<String, Object> admin = Map.of("name", "admin", "elevationLevel", "Admin");
        Attributes live = LIVE.with("userAccounts", List.of(worker, admin));
        Attributes prior = live.with("userAccounts", List.of(
                with(worker, "password", io.batchform.provider.Secrets.hash("lineage-1", "w1")),
                with(admin, "password", io.batchform.provider.Secrets.hash("lineage-1", "a1"))));
        Map<String, Object> desired = new java.util.HashMap<>(same());
        desired.put("userAccounts", List.of(with(worker, "password", "w1"), with(admin, "password", "a1")));
        assertThat(Differ.diff(POOL, Attributes.of(desired), live, prior, "lineage-1")).isEmpty();

        desired.put("userAccounts", List.of(with(worker, "password", "w1"), with(admin, "password", "a2")));
        List<AttributeChange> changes = Differ.diff(POOL, Attributes.of(desired), live, prior, "lineage-1");
        assertThat(changes).extracting(AttributeChange::path).containsExactly("userAccounts");
        assertThat(changes.get(0).mutability()).isEqualTo(io.batchform.provider.Mutability.EMPTY_POOL);
        assertThat(changes.get(0).before().toString()).doesNotContain("password=a1", "password=w1");

        // With nothing recorded (an imported pool), nothing says the passwords differ: what Azure shows decides,
        // rather than replacing a pool for values no one can see.
        desired.put("userAccounts", List.of(with(worker, "password", "w1"), with(admin, "password", "a1")));
        assertThat(Differ.diff(POOL, Attributes.of(desired), live, Attributes.EMPTY, "lineage-1")).isEmpty();
        assertThat(Differ.diff(POOL, Attributes.of(desired), live, live, "lineage-1")).as("imported").isEmpty();
        desired.put("userAccounts", List.of(with(worker, "password", "w1"), with(admin, "password", "a1"),
                Map.of("name", "third", "password", "t1")));
        assertThat(Differ.diff(POOL, Attributes.of(desired), live, Attributes.EMPTY, "lineage-1"))
                .extracting(AttributeChange::path).containsExactly("userAccounts");
        // What the service shows still counts: a renamed account differs whatever the passwords.
        desired.put("userAccounts", List.of(with(worker, "password", "w1"), Map.of("name", "root",
                "elevationLevel", "Admin", "password", "a1")));
        assertThat(Differ.diff(POOL, Attributes.of(desired), live, prior, "lineage-1"))
                .extracting(AttributeChange::path).containsExactly("userAccounts");
    }

    @Test
    void itemsOfAListCompareWithTheServicesDefaultsFilledIn() {
        ResourceSchema schema = new ResourceSchema(ResourceType.POOL, List.of(emptyPool("userAccounts"),
                emptyPool("userAccounts.elevationLevel").defaultsTo("NonAdmin"),
                emptyPool("userAccounts.linuxUserConfiguration.uid")));
        Attributes live = Attributes.of(Map.of("userAccounts", List.of(Map.of("name", "worker", "elevationLevel",
                "NonAdmin"), Map.of("name", "ops", "elevationLevel", "Admin"))));
        Attributes desired = Attributes.of(Map.of("userAccounts", List.of(Map.of("name", "worker"),
                Map.of("name", "ops", "elevationLevel", "Admin"))));
        assertThat(Differ.diff(schema, desired, live, Attributes.EMPTY)).isEmpty();
        Attributes raised = Attributes.of(Map.of("userAccounts", List.of(Map.of("name", "worker"),
                Map.of("name", "ops"))));
        List<AttributeChange> changes = Differ.diff(schema, raised, live, Attributes.EMPTY);
        assertThat(changes).extracting(AttributeChange::path).containsExactly("userAccounts");
        assertThat(changes.get(0).after()).as("shown as written").isEqualTo(raised.get("userAccounts"));
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new java.util.TreeMap<>(map);
        copy.put(key, value);
        return copy;
    }

    @Test
    void settingsRemovedFromTheSpecAreRemovedUnlessTheyAreDefaults() {
        Attributes live = LIVE.with("startTask", Map.of("commandLine", "echo hi")).with("metadata", Map.of("team", "vfx"));
        List<AttributeChange> changes = Differ.diff(POOL, Attributes.of(same()), live, Attributes.EMPTY);
        assertThat(changes).extracting(AttributeChange::path).containsExactly("metadata.team", "startTask.commandLine");
        assertThat(changes).allMatch(c -> c.after() == null);
        Attributes nonDefault = LIVE.with("taskSlotsPerNode", 4L);
        assertThat(Differ.diff(POOL, Attributes.of(same()), nonDefault, Attributes.EMPTY))
                .extracting(AttributeChange::path).containsExactly("taskSlotsPerNode");
    }

    @Test
    void driftIsLiveComparedWithWhatTheLastApplyRecorded() {
        Attributes prior = Attributes.of(same());
        Attributes live = LIVE.with("autoScale.formula", "$TargetDedicatedNodes = 9");
        List<AttributeChange> drift = Differ.drift(POOL, prior, live);
        assertThat(drift).extracting(AttributeChange::path).containsExactly("autoScale.formula");
        assertThat(drift.get(0).before()).isEqualTo("$TargetDedicatedNodes = 1");
        assertThat(drift.get(0).after()).isEqualTo("$TargetDedicatedNodes = 9");
    }

    /**
     * A secret the service shows (a job schedule's environment value) is recorded as its salted hash: the same
     * value live is no drift (every plan after an apply showed it as changed outside batchform); another value is.
     */
    @Test
    void aSecretTheServiceShowsIsNoDriftWhenItMatchesTheRecordedHash() {
        ResourceSchema schedule = new ResourceSchema(ResourceType.JOB_SCHEDULE, List.of(replace("name"),
                updatable("jobManagerTask"), updatable("jobManagerTask.environment").asSensitive()));
        Attributes live = Attributes.of(Map.of("name", "nightly", "jobManagerTask", Map.of("commandLine", "run.sh",
                "environment", Map.of("RUN_KIND", "nightly"))));
        Attributes recorded = Secrets.redact(live, schedule, "lineage-1");
        assertThat(recorded.get("jobManagerTask.environment.RUN_KIND")).asString().isNotEqualTo("nightly");
        assertThat(Differ.drift(schedule, recorded, live, "lineage-1")).isEmpty();
        assertThat(Differ.drift(schedule, recorded, live.with("jobManagerTask", Map.of("commandLine", "run.sh",
                "environment", Map.of("RUN_KIND", "hotfix"))), "lineage-1"))
                .extracting(AttributeChange::path).containsExactly("jobManagerTask.environment.RUN_KIND");
    }

    @Test
    void durationsCompareAcrossIsoAndFriendlySpellings() {
        assertThat(Differ.equal(Normalization.DURATION, "PT15M", "PT900S")).isTrue();
        assertThat(Differ.equal(Normalization.DURATION, "1h30m", "PT1H30M")).isTrue();
        assertThat(Differ.equal(Normalization.DURATION, "PT5M", "PT15M")).isFalse();
        assertThat(Differ.equal(Normalization.DURATION, "soon", "soon")).isFalse();
        assertThat(Differ.equal(Normalization.EXACT, 1L, 1.0)).isTrue();
        assertThat(Differ.equal(Normalization.EXACT, Map.of(), null)).isTrue();
    }

    @Test
    void compiledSchedulesOnOneGridCompareEqual() {
        Map<String, Object> recorded = Map.of("id", "nightly-mon-0200", "doNotRunUntil", "2026-12-07T01:00:00Z",
                "recurrenceInterval", "P7D");
        Map<String, Object> weekLater = Map.of("id", "nightly-mon-0200", "doNotRunUntil", "2026-12-14T01:00:00.000Z",
                "recurrenceInterval", "PT168H");
        Map<String, Object> summer = Map.of("id", "nightly-mon-0200", "doNotRunUntil", "2027-03-29T00:00:00Z",
                "recurrenceInterval", "P7D");
        Map<String, Object> other = Map.of("id", "nightly-tue-0200", "doNotRunUntil", "2026-12-08T01:00:00Z",
                "recurrenceInterval", "P7D");
        Map<String, Object> withWindow = Map.of("id", "nightly-mon-0200", "doNotRunUntil", "2026-12-07T01:00:00Z",
                "recurrenceInterval", "P7D", "startWindow", "PT1H");
        assertThat(Differ.equal(Normalization.SCHEDULES, List.of(recorded, other), List.of(other, weekLater))).isTrue();
        assertThat(Differ.equal(Normalization.SCHEDULES, List.of(recorded), List.of(summer))).isFalse();
        assertThat(Differ.equal(Normalization.SCHEDULES, List.of(recorded), List.of(recorded, other))).isFalse();
        assertThat(Differ.equal(Normalization.SCHEDULES, List.of(recorded), List.of(withWindow))).isFalse();
        assertThat(Differ.equal(Normalization.SCHEDULES, List.of(recorded), List.of(other))).isFalse();
    }
}
