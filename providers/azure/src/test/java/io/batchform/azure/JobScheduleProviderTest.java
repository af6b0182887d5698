package io.batchform.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.contract.ContractRecorder;
import io.batchform.plan.Differ;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.source.Diagnostic;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Job schedules through the real SDK pipeline to the emulator's Batch data plane, with Entra ID tokens and with the
 * account's shared key: every attribute of the contract (planner/RESOURCES.md, "jobSchedule") goes out and comes
 * back equal, so a second plan is clean; updates in place, a list of schedules that grows and shrinks, a delete that
 * reports the active jobs it terminated, and an import by id.
 */
class JobScheduleProviderTest {
    private static final String SUB = "/subscriptions/" + AzureConnection.EMULATOR_SUBSCRIPTION;
    private static final String RG_ID = SUB + "/resourceGroups/rg-sched";
    private static final String ACCOUNT_ID = RG_ID + "/providers/Microsoft.Batch/batchAccounts/batchsched";
    private static final String POOL_ID = ACCOUNT_ID + "/pools/render";
    private static final String NIGHTLY_ID = ACCOUNT_ID + "/jobSchedules/nightly";
    private static final Address NIGHTLY = Address.of(ResourceType.JOB_SCHEDULE, "nightly");
    /**
     * The first run: still to come for the provider, which sends it as it is (a passed one it would move forward by
     * whole intervals), but come for the emulator, whose clock runs {@link #AHEAD} ahead, so a job is active.
     */
    private static final String FIRST_RUN = Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS)
            .toString();
    private static final Duration AHEAD = Duration.ofMinutes(30);

    private ArmEmulator emulator;
    private AzureProvider provider;
    private final ContractRecorder contract = ContractRecorder.requestsAndResponses();

    @BeforeEach
    void start() {
        emulator = ArmEmulator.builder().inMemory().resizeDuration(Duration.ZERO).observer(contract)
                .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), AHEAD)).jobRunTime(Duration.ofHours(1)).jobScheduleDeleteDuration(Duration.ofMillis(50)).build().start();
        provider = EmulatorConnections.provider(emulator, Duration.ofMillis(5), 2);
    }

    @AfterEach
    void stop() {
        emulator.close();
        contract.assertConforms();
    }

    private Attributes created(Address address, String id, Map<String, Object> desired) {
        return EmulatorConnections.created(provider, address, id, desired);
    }

    private void accountAndPool(List<String> authenticationModes) {
        created(Address.of(ResourceType.RESOURCE_GROUP, "main"), RG_ID, Map.of("location", "westeurope"));
        created(Address.of(ResourceType.BATCH_ACCOUNT, "main"), ACCOUNT_ID, Map.of("location", "westeurope",
                "allowedAuthenticationModes", authenticationModes));
        created(Address.of(ResourceType.POOL, "render"), POOL_ID, Map.of("vmSize", "Standard_D2s_v3",
                "image", Map.of("publisher", "canonical", "offer", "0001-com-ubuntu-server-jammy", "sku", "22_04-lts"),
                "nodeAgentSkuId", "batch.node.ubuntu 22.04", "fixedScale", Map.of("targetDedicatedNodes", 1)));
    }

    private static Map<String, Object> schedule(String id, String interval) {
        return Map.of("id", id, "doNotRunUntil", FIRST_RUN, "recurrenceInterval", interval, "startWindow", "PT1H");
    }

    /** Every attribute of the contract, with values that are not the service's defaults. */
    private static Map<String, Object> everything() {
        Map<String, Object> task = new TreeMap<>();
        task.put("id", "manager");
        task.put("displayName", "The manager");
        task.put("commandLine", "/bin/bash -c 'run.sh'");
        task.put("resourceFiles", List.of(Map.of("httpUrl", "https://example.com/run.sh", "filePath", "run.sh",
                "fileMode", "0755")));
        task.put("environment", Map.of("MODE", "nightly", "LEVEL", "3"));
        task.put("requiredSlots", 2L);
        task.put("killJobOnCompletion", false);
        task.put("runExclusive", false);
        task.put("allowLowPriorityNode", false);
        task.put("constraints", Map.of("maxWallClockTime", "PT2H", "retentionTime", "P1D", "maxTaskRetryCount", 2L));
        task.put("userIdentity", Map.of("autoUser", Map.of("scope", "Task", "elevationLevel", "Admin")));
        Map<String, Object> a = new TreeMap<>();
        a.put("name", "nightly");
        a.put("account", ACCOUNT_ID);
        a.put("displayName", "Nightly render");
        a.put("cron", "0 2 * * 1-5");
        a.put("timeZone", "Europe/Paris");
        a.put("schedules", List.of(schedule("nightly-mon", "P7D"), schedule("nightly-tue", "P7D")));
        a.put("pool", POOL_ID);
        a.put("priority", 100L);
        a.put("constraints", Map.of("maxWallClockTime", "PT6H", "maxTaskRetryCount", 1L));
        a.put("jobManagerTask", task);
        a.put("jobPreparationTask", Map.of("id", "prep", "commandLine", "prep.sh", "environment", Map.of("A", "1"),
                "waitForSuccess", false, "rerunOnNodeRebootAfterSuccess", false,
                "constraints", Map.of("maxTaskRetryCount", 3L, "retentionTime", "PT12H"), "userIdentity", Map.of("userName", "batchuser")));
        a.put("jobReleaseTask", Map.of("id", "release", "commandLine", "cleanup.sh", "maxWallClockTime", "PT30M",
                "retentionTime", "P2D", "environment", Map.of("B", "2")));
        a.put("commonEnvironment", Map.of("SHARED", "yes"));
        a.put("onAllTasksComplete", "terminatejob");
        a.put("onTaskFailure", "performexitoptionsjobaction");
        a.put("usesTaskDependencies", true);
        a.put("allowTaskPreemption", true);
        a.put("maxParallelTasks", 4L);
        a.put("jobMetadata", Map.of("kind", "render"));
        a.put("metadata", Map.of("owner", "vfx"));
        return a;
    }

    private Attributes refresh(Address address, String id) {
        Provider.RefreshResponse refresh = provider.refresh(new Provider.RefreshRequest(List.of(
                new Provider.ResourceRef(address, id))));
        assertThat(refresh.diagnostics()).isEmpty();
        return refresh.live().get(address);
    }

    private static void assertClean(Attributes desired, Attributes live) {
        assertThat(Differ.diff(AzureProvider.schemas().get(ResourceType.JOB_SCHEDULE), desired, live, desired))
                .as("a second plan is clean").isEmpty();
    }

    @Test
    void everyAttributeGoesOutAndComesBackEqualWithEntraId() {
        accountAndPool(List.of("SharedKey", "AAD", "TaskAuthenticationToken"));
        Attributes desired = Attributes.of(everything());
        Attributes made = created(NIGHTLY, NIGHTLY_ID, everything());
        Attributes live = refresh(NIGHTLY, NIGHTLY_ID);
        assertThat(live).isEqualTo(made);
        for (String key : desired.values().keySet()) {
            assertThat(live.get(key)).as(key).isEqualTo(desired.get(key));
        }
        assertClean(desired, live);
        assertThat(live.get("id")).isEqualTo(NIGHTLY_ID);
        assertThat(live.get("state")).isEqualTo("active");
        assertThat(live.get("activeJobs")).isEqualTo(List.of("nightly-mon:job-1", "nightly-tue:job-1"));
        assertThat(Instant.parse(live.string("nextRunTime"))).isAfter(Instant.now());
        assertThat(live.string("creationTime")).isNotBlank();
        assertThat(live.string("etag")).contains(", ");
        assertThat(contract.judgedOperations()).as("the data plane is judged against Microsoft's document")
                .contains("JobSchedules_CreateJobSchedule@2025-06-01", "JobSchedules_ListJobSchedules@2025-06-01",
                        "Jobs_ListJobs@2025-06-01");
    }

    @Test
    void anAutoPoolGoesOutAndComesBackEqual() {
        accountAndPool(List.of("AAD"));
        Map<String, Object> start = new TreeMap<>();
        start.put("commandLine", "/bin/bash -c 'setup.sh'");
        start.put("resourceFiles", List.of(Map.of("storageContainerUrl", "https://example.com/c", "filePath", "in",
                "blobPrefix", "frames/")));
        start.put("environment", Map.of("STAGE", "setup"));
        start.put("userIdentity", Map.of("autoUser", Map.of("scope", "Pool", "elevationLevel", "Admin")));
        start.put("maxTaskRetryCount", 2L);
        start.put("waitForSuccess", false);
        Map<String, Object> pool = new TreeMap<>();
        pool.put("vmSize", "Standard_D4s_v3");
        pool.put("image", Map.of("publisher", "canonical", "offer", "0001-com-ubuntu-server-jammy", "sku", "22_04-lts",
                "version", "22.04.202410020"));
        pool.put("nodeAgentSkuId", "batch.node.ubuntu 22.04");
        pool.put("taskSlotsPerNode", 2L);
        pool.put("autoScale", Map.of("formula", "$TargetDedicatedNodes = 2;", "evaluationInterval", "PT10M"));
        pool.put("startTask", start);
        Map<String, Object> desired = new TreeMap<>(everything());
        desired.remove("pool");
        desired.put("autoPool", Map.of("autoPoolIdPrefix", "nightly", "poolLifetimeOption", "jobschedule",
                "keepAlive", true, "pool", pool));
        desired.put("schedules", List.of(Map.of("id", "nightly", "doNotRunUntil", FIRST_RUN, "doNotRunAfter",
                "2027-06-30T22:00:00Z", "startWindow", "PT2H", "recurrenceInterval", "P1D")));
        created(NIGHTLY, NIGHTLY_ID, desired);
        Attributes live = refresh(NIGHTLY, NIGHTLY_ID);
        for (String key : desired.keySet()) {
            assertThat(live.get(key)).as(key).isEqualTo(Attributes.of(desired).get(key));
        }
        assertClean(Attributes.of(desired), live);
        assertThat(live.get("pool")).isNull();

        // A gallery image by id and fixed targets instead of a formula.
        Map<String, Object> fixed = new TreeMap<>(pool);
        fixed.remove("autoScale");
        fixed.remove("startTask");
        fixed.put("image", Map.of("id", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/galleries/x"
                + "/images/render/versions/1.0.0"));
        fixed.put("targetDedicatedNodes", 3L);
        fixed.put("targetLowPriorityNodes", 1L);
        Map<String, Object> second = new TreeMap<>(desired);
        second.put("autoPool", Map.of("poolLifetimeOption", "job", "pool", fixed));
        Attributes updated = updated(live, second, Set.of("autoPool.pool.image", "autoPool.pool.autoScale",
                "autoPool.pool.targetDedicatedNodes", "autoPool.poolLifetimeOption"));
        assertThat(updated.get("autoPool")).isEqualTo(Attributes.of(second).get("autoPool"));
        assertClean(Attributes.of(second), refresh(NIGHTLY, NIGHTLY_ID));
    }

    @Test
    void theServiceDefaultsEqualAnAbsentValue() {
        accountAndPool(List.of("AAD"));
        Map<String, Object> minimal = Map.of("name", "nightly", "account", ACCOUNT_ID, "pool", POOL_ID,
                "schedules", List.of(Map.of("id", "nightly", "recurrenceInterval", "PT1H")),
                "jobManagerTask", Map.of("commandLine", "run.sh"), "jobPreparationTask", Map.of("commandLine", "p.sh"),
                "jobReleaseTask", Map.of("commandLine", "r.sh"));
        created(NIGHTLY, NIGHTLY_ID, minimal);
        Attributes live = refresh(NIGHTLY, NIGHTLY_ID);
        assertClean(Attributes.of(minimal), live);
        assertThat(live.get("jobManagerTask.id")).isEqualTo("jobmanager");
        assertThat(live.get("jobManagerTask.requiredSlots")).isEqualTo(1L);
        assertThat(live.get("constraints.maxWallClockTime")).as("the service's 'unlimited' reads as absent").isNull();
        assertThat(live.get("jobReleaseTask.maxWallClockTime")).isEqualTo("PT15M");
    }

    @Test
    void updatesInPlaceAndTheListOfSchedulesGrowsAndShrinks() {
        accountAndPool(List.of("SharedKey", "AAD"));
        Map<String, Object> one = new TreeMap<>(everything());
        one.put("schedules", List.of(schedule("nightly", "P1D")));
        Attributes prior = created(NIGHTLY, NIGHTLY_ID, one);
        assertThat(prior.get("activeJobs")).isEqualTo(List.of("nightly:job-1"));

        Map<String, Object> three = new TreeMap<>(one);
        three.put("schedules", List.of(schedule("nightly-mon", "P7D"), schedule("nightly-tue", "P7D"),
                schedule("nightly-wed", "P7D")));
        Map<String, Object> task = new TreeMap<>(map(one.get("jobManagerTask")));
        task.put("commandLine", "/bin/bash -c 'run2.sh'");
        three.put("jobManagerTask", task);
        three.put("metadata", Map.of("owner", "lighting"));
        three.put("priority", -5L);
        Attributes grown = updated(prior, three, Set.of("schedules", "jobManagerTask.commandLine", "metadata.owner",
                "priority"));
        assertThat(ids(grown)).containsExactly("nightly-mon", "nightly-tue", "nightly-wed");
        assertThat(grown.get("jobManagerTask.commandLine")).isEqualTo("/bin/bash -c 'run2.sh'");
        assertThat(grown.get("metadata")).isEqualTo(Map.of("owner", "lighting"));
        assertThat(grown.get("priority")).isEqualTo(-5L);
        assertClean(Attributes.of(three), refresh(NIGHTLY, NIGHTLY_ID));

        Map<String, Object> shrunk = new TreeMap<>(three);
        shrunk.put("schedules", List.of(schedule("nightly-tue", "PT12H")));
        shrunk.put("cron", "0 2 * * 2");
        Attributes after = updated(grown, shrunk, Set.of("schedules", "cron"));
        assertThat(ids(after)).containsExactly("nightly-tue");
        assertThat(after.get("schedules")).isEqualTo(List.of(new TreeMap<>(schedule("nightly-tue", "PT12H"))));
        assertThat(after.get("cron")).isEqualTo("0 2 * * 2");
        assertClean(Attributes.of(shrunk), refresh(NIGHTLY, NIGHTLY_ID));
        assertThat(contract.judgedOperations()).contains("JobSchedules_UpdateJobSchedule@2025-06-01",
                "JobSchedules_DeleteJobSchedule@2025-06-01", "JobSchedules_GetJobSchedule@2025-06-01");
    }

    @Test
    void deleteReportsTheActiveJobsItTerminated() {
        accountAndPool(List.of("AAD"));
        Attributes made = created(NIGHTLY, NIGHTLY_ID, everything());
        Provider.DeleteResponse deleted = provider.delete(new Provider.DeleteRequest(NIGHTLY, NIGHTLY_ID, made));
        assertThat(deleted.succeeded()).isTrue();
        assertThat(deleted.diagnostics()).extracting(Diagnostic::code).containsExactly("JobsTerminated");
        assertThat(deleted.diagnostics().get(0).message()).contains("nightly-mon:job-1, nightly-tue:job-1");
        assertThat(refresh(NIGHTLY, NIGHTLY_ID)).isNull();
        // Deleting again finds nothing, and that is done too.
        assertThat(provider.delete(new Provider.DeleteRequest(NIGHTLY, NIGHTLY_ID, made)).diagnostics()).isEmpty();
    }

    @Test
    void importsBySchedule() {
        accountAndPool(List.of("AAD"));
        Attributes made = created(NIGHTLY, NIGHTLY_ID, everything());
        Address imported = Address.of(ResourceType.JOB_SCHEDULE, "again");
        Provider.ChangeResponse response = provider.importResource(new Provider.ImportRequest(imported, NIGHTLY_ID));
        assertThat(response.diagnostics()).isEmpty();
        assertThat(response.state().orElseThrow()).isEqualTo(made);
        Provider.ChangeResponse missing = provider.importResource(new Provider.ImportRequest(imported,
                ACCOUNT_ID + "/jobSchedules/nothing"));
        assertThat(missing.diagnostics()).extracting(Diagnostic::code).containsExactly("ResourceNotFound");
    }

    @Test
    void aScheduleMadeElsewhereIsImportedByItsId() throws Exception {
        accountAndPool(List.of("AAD"));
        String endpoint = provider.refresh(new Provider.RefreshRequest(List.of(new Provider.ResourceRef(
                Address.of(ResourceType.BATCH_ACCOUNT, "main"), ACCOUNT_ID)))).live()
                .get(Address.of(ResourceType.BATCH_ACCOUNT, "main")).string("accountEndpoint");
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String token = b64.encodeToString("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"aud\":\"https://batch.core.windows.net/\"}".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)) + ".";
        java.net.http.HttpResponse<String> made = java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext())
                .build().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://" + endpoint
                                + "/jobschedules?api-version=2025-06-01"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json; odata=minimalmetadata")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"legacy\",\"schedule\":"
                                + "{\"recurrenceInterval\":\"PT6H\"},\"jobSpecification\":{\"poolInfo\":"
                                + "{\"poolId\":\"render\"},\"jobManagerTask\":{\"id\":\"jm\",\"commandLine\":"
                                + "\"run.sh\"}},\"metadata\":[{\"name\":\"owner\",\"value\":\"ops\"}]}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        Address legacy = Address.of(ResourceType.JOB_SCHEDULE, "legacy");
        Provider.ChangeResponse imported = provider.importResource(new Provider.ImportRequest(legacy,
                ACCOUNT_ID + "/jobSchedules/legacy"));
        assertThat(imported.diagnostics()).isEmpty();
        Attributes state = imported.state().orElseThrow();
        assertThat(state.get("name")).isEqualTo("legacy");
        assertThat(state.get("pool")).isEqualTo(POOL_ID);
        assertThat(state.get("metadata")).isEqualTo(Map.of("owner", "ops"));
        assertThat(state.get("schedules")).isEqualTo(List.of(Map.of("id", "legacy", "recurrenceInterval", "PT6H")));
        assertThat(state.get("jobManagerTask.id")).isEqualTo("jm");
        assertThat(state.get("activeJobs")).as("it ran at once").isEqualTo(List.of("legacy:job-1"));
    }

    @Test
    void sharedKeySignsWhenTheAccountAllowsNothingElse() {
        accountAndPool(List.of("SharedKey"));
        Map<String, Object> desired = new TreeMap<>(everything());
        desired.put("authentication", "SharedKey");
        Attributes made = created(NIGHTLY, NIGHTLY_ID, desired);
        Attributes live = refresh(NIGHTLY, NIGHTLY_ID);
        assertThat(live).isEqualTo(made);
        assertThat(live.get("authentication")).as("write-only: how batchform signs, never read").isNull();
        assertClean(Attributes.of(desired), live);

        // An Entra ID token, asked for, is refused by an account that allows only shared keys: the service's code is
        // reported. (Without an authentication, such an account is signed with its key.)
        Map<String, Object> other = new TreeMap<>(everything());
        other.put("name", "other");
        other.put("schedules", List.of(schedule("other", "P1D")));
        other.put("authentication", "EntraId");
        Provider.ChangeResponse refused = provider.create(new Provider.CreateRequest(
                Address.of(ResourceType.JOB_SCHEDULE, "other"), ACCOUNT_ID + "/jobSchedules/other",
                Attributes.of(other)));
        assertThat(refused.diagnostics()).extracting(Diagnostic::code).containsExactly("AuthenticationFailed");
    }

    @Test
    void theServiceRefusesWhatItCannotRunAtItsProperty() {
        accountAndPool(List.of("AAD"));
        Map<String, Object> wrong = new TreeMap<>(everything());
        wrong.put("schedules", List.of(schedule("nightly-a", "P7D"), schedule("nightly-b", "PT30S")));
        Provider.ChangeResponse refused = provider.create(new Provider.CreateRequest(NIGHTLY, NIGHTLY_ID,
                Attributes.of(wrong)));
        assertThat(refused.diagnostics()).extracting(Diagnostic::code).containsExactly("InvalidPropertyValue");
        assertThat(refused.diagnostics().get(0).message()).contains("minimum value is 1 minute");
        assertThat(refresh(NIGHTLY, NIGHTLY_ID)).as("the first schedule made was removed again").isNull();
    }

    private Attributes updated(Attributes prior, Map<String, Object> desired, Set<String> changed) {
        Provider.ChangeResponse response = provider.update(new Provider.UpdateRequest(NIGHTLY, NIGHTLY_ID, prior,
                Attributes.of(desired), changed));
        assertThat(response.diagnostics()).isEmpty();
        return response.state().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<String> ids(Attributes attributes) {
        List<String> ids = new ArrayList<>();
        for (Object entry : (List<?>) attributes.get("schedules")) {
            ids.add(String.valueOf(((Map<?, ?>) entry).get("id")));
        }
        return ids;
    }
}
