package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.emulator.contract.ContractRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator's Batch data plane over HTTP, as a client that is not the SDK sees it: the routes, status codes,
 * entity tags, error bodies and codes, the two ways to authenticate, jobs made at fire times on an injected clock,
 * and persistence. Every answer is checked against Microsoft's published data-plane document.
 */
class BatchDataPlaneTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RG = "/subscriptions/s1/resourceGroups/rg1";
    private static final String ACCOUNT = RG + "/providers/Microsoft.Batch/batchAccounts/dpacct";
    private static final String ARM = "?api-version=2025-06-01";
    private static final String V = "?api-version=2025-06-01";
    private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");

    private final SettableClock clock = new SettableClock(T0);
    private final ContractRecorder contract = ContractRecorder.responsesOnly();
    private ArmEmulator emulator;
    private HttpClient client;
    private String base;

    @TempDir
    Path data;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
        contract.assertConforms();
    }

    private void start(Path directory) throws Exception {
        ArmEmulator.Builder builder = ArmEmulator.builder().clock(clock).observer(contract)
                .jobRunTime(Duration.ofMinutes(30)).jobScheduleDeleteDuration(Duration.ofMinutes(1));
        emulator = (directory == null ? builder.inMemory() : builder.dataDirectory(directory)).build().start();
        client = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
    }

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String code() {
            return body.path("code").asText();
        }
    }

    private Reply send(String method, String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.startsWith("https:") ? url
                : emulator.endpoint().toString().replaceAll("/$", "") + url));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json; odata=minimalmetadata");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isEmpty() ? JSON.createObjectNode()
                : JSON.readTree(response.body()), response);
    }

    /** A data-plane request with a Batch token (a JWT-shaped token for Batch's audience). */
    private Reply data(String method, String path, String body) throws Exception {
        return send(method, base + path, body, Map.of("Authorization", "Bearer " + token("https://batch.core.windows.net/")));
    }

    private static String token(String audience) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"aud\":\"" + audience + "\"}").getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private void account(String modes) throws Exception {
        Map<String, String> bearer = Map.of("Authorization", "Bearer arm");
        assertThat(send("PUT", RG + "?api-version=2024-11-01", "{\"location\":\"westeurope\"}", bearer).status())
                .isEqualTo(201);
        Reply created = send("PUT", ACCOUNT + ARM, "{\"location\":\"westeurope\",\"properties\":"
                + "{\"allowedAuthenticationModes\":" + modes + "}}", bearer);
        for (int i = 0; i < 5 && created.status() == 202; i++) {
            created = send("GET", created.raw().headers().firstValue("Location").orElseThrow(), null, bearer);
        }
        Reply account = send("GET", ACCOUNT + ARM, null, bearer);
        base = "https://" + account.body().path("properties").path("accountEndpoint").asText();
    }

    private static String schedule(String id, String extra) {
        return "{\"id\":\"" + id + "\",\"schedule\":{\"doNotRunUntil\":\"2026-12-07T02:00:00Z\","
                + "\"recurrenceInterval\":\"PT1H\"},\"jobSpecification\":{\"poolInfo\":{\"poolId\":\"render\"},"
                + "\"jobManagerTask\":{\"id\":\"jm\",\"commandLine\":\"run.sh\"}}" + extra + "}";
    }

    @Test
    void jobSchedulesLiveAtTheAccountEndpointWithTheServiceCodesAndTags() throws Exception {
        start(null);
        account("[\"SharedKey\",\"AAD\"]");
        assertThat(base).isEqualTo("https://" + emulator.endpoint().getAuthority() + "/batchaccounts/dpacct.westeurope");

        Reply created = data("POST", "/jobschedules" + V, schedule("nightly", ",\"metadata\":[{\"name\":\"a\",\"value\":\"1\"}]"));
        assertThat(created.status()).isEqualTo(201);
        String etag = created.raw().headers().firstValue("ETag").orElseThrow();
        assertThat(created.raw().headers().firstValue("DataServiceId").orElseThrow()).isEqualTo(base + "/jobschedules/nightly");
        assertThat(data("POST", "/jobschedules" + V, schedule("NIGHTLY", "")).code()).isEqualTo("JobScheduleExists");
        assertThat(data("HEAD", "/jobschedules/nightly" + V, null).status()).isEqualTo(200);
        assertThat(data("HEAD", "/jobschedules/none" + V, null).status()).isEqualTo(404);

        Reply got = data("GET", "/jobschedules/nightly" + V, null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body().path("state").asText()).isEqualTo("active");
        assertThat(got.body().path("jobSpecification").path("priority").asInt()).isZero();
        assertThat(got.body().path("jobSpecification").path("jobManagerTask").path("requiredSlots").asInt()).isEqualTo(1);
        assertThat(got.body().path("executionInfo").path("nextRunTime").asText()).isEqualTo("2026-12-07T02:00:00Z");
        assertThat(got.raw().headers().firstValue("ETag").orElseThrow()).isEqualTo(etag);

        Reply missing = data("GET", "/jobschedules/none" + V, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("JobScheduleNotFound");
        assertThat(missing.body().path("message").path("value").asText()).startsWith("The specified job schedule does not exist.");

        Reply stale = send("PATCH", base + "/jobschedules/nightly" + V, "{\"metadata\":[]}", Map.of(
                "Authorization", "Bearer " + token("https://batch.core.windows.net/"), "If-Match", "0xDEAD"));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.code()).isEqualTo("ConditionNotMet");
        Reply patched = send("PATCH", base + "/jobschedules/nightly" + V, "{\"metadata\":[]}", Map.of(
                "Authorization", "Bearer " + token("https://batch.core.windows.net/"), "If-Match", etag));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.raw().headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        assertThat(data("GET", "/jobschedules/nightly" + V, null).body().has("metadata")).isFalse();

        Reply wrong = data("PATCH", "/jobschedules/nightly" + V, "{\"schedule\":{\"recurrenceInterval\":\"PT10S\"}}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.code()).isEqualTo("InvalidPropertyValue");
        assertThat(wrong.body().path("values").toString()).contains("schedule.recurrenceInterval");
        assertThat(data("POST", "/jobschedules" + V, "{\"id\":\"x\",\"schedule\":{}}").code())
                .isEqualTo("MissingRequiredProperty");
        assertThat(data("PUT", "/jobschedules/nightly" + V, schedule("nightly", "")).status()).isEqualTo(200);

        assertThat(data("POST", "/jobschedules/nightly/disable" + V, null).status()).isEqualTo(204);
        assertThat(data("GET", "/jobschedules/nightly" + V, null).body().path("state").asText()).isEqualTo("disabled");
        assertThat(data("POST", "/jobschedules/nightly/enable" + V, null).status()).isEqualTo(204);
        assertThat(data("GET", "/jobschedules" + V, null).body().path("value")).hasSize(1);

        assertThat(data("DELETE", "/jobschedules/nightly" + V, null).status()).isEqualTo(202);
        assertThat(data("GET", "/jobschedules/nightly" + V, null).body().path("state").asText()).isEqualTo("deleting");
        assertThat(data("POST", "/jobschedules" + V, schedule("nightly", "")).code()).isEqualTo("JobScheduleBeingDeleted");
        clock.set(T0.plus(Duration.ofMinutes(2)));
        assertThat(data("GET", "/jobschedules/nightly" + V, null).status()).isEqualTo(404);
        assertThat(data("GET", "/jobschedules/nightly/jobs" + V, null).code()).isEqualTo("JobScheduleNotFound");
        assertThat(contract.judgedOperations()).containsAll(java.util.List.of("JobSchedules_CreateJobSchedule@2025-06-01",
                "JobSchedules_JobScheduleExists@2025-06-01", "JobSchedules_GetJobSchedule@2025-06-01",
                "JobSchedules_UpdateJobSchedule@2025-06-01", "JobSchedules_ReplaceJobSchedule@2025-06-01",
                "JobSchedules_DisableJobSchedule@2025-06-01", "JobSchedules_EnableJobSchedule@2025-06-01",
                "JobSchedules_ListJobSchedules@2025-06-01", "JobSchedules_DeleteJobSchedule@2025-06-01",
                "Jobs_ListJobsFromSchedule@2025-06-01"));
    }

    @Test
    void jobsAreMadeAtFireTimesOneActiveAtATime() throws Exception {
        start(null);
        account("[\"AAD\"]");
        assertThat(data("POST", "/jobschedules" + V, schedule("hourly", "")).status()).isEqualTo(201);
        assertThat(data("GET", "/jobschedules/hourly/jobs" + V, null).body().path("value")).isEmpty();

        clock.set(Instant.parse("2026-12-07T02:10:00Z"));
        JsonNode jobs = data("GET", "/jobschedules/hourly/jobs" + V, null).body().path("value");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).path("id").asText()).isEqualTo("hourly:job-1");
        assertThat(jobs.get(0).path("state").asText()).isEqualTo("active");
        assertThat(jobs.get(0).path("executionInfo").path("poolId").asText()).isEqualTo("render");
        JsonNode schedule = data("GET", "/jobschedules/hourly" + V, null).body();
        assertThat(schedule.path("executionInfo").path("nextRunTime").asText()).isEqualTo("2026-12-07T03:00:00Z");
        assertThat(schedule.path("executionInfo").path("recentJob").path("id").asText()).isEqualTo("hourly:job-1");

        clock.set(Instant.parse("2026-12-07T03:05:00Z"));
        Reply job = data("GET", "/jobs/hourly:job-1" + V, null);
        assertThat(job.body().path("state").asText()).as("ran its 30 minutes").isEqualTo("completed");
        assertThat(data("GET", "/jobs" + V + "&$filter=state%20eq%20'active'", null).body().path("value"))
                .extracting(j -> j.path("id").asText()).containsExactly("hourly:job-2");

        assertThat(data("POST", "/jobschedules/hourly/terminate" + V, null).status()).isEqualTo(202);
        assertThat(data("GET", "/jobs/hourly:job-2" + V, null).body().path("executionInfo").path("terminateReason")
                .asText()).isEqualTo("JobScheduleTerminated");
        assertThat(data("GET", "/jobschedules/hourly" + V, null).body().path("state").asText()).isEqualTo("completed");
        assertThat(data("PATCH", "/jobschedules/hourly" + V, "{\"metadata\":[]}").code()).isEqualTo("JobScheduleCompleted");
        assertThat(data("GET", "/jobs/none:job-1" + V, null).code()).isEqualTo("JobNotFound");
        assertThat(contract.judgedOperations()).contains("JobSchedules_TerminateJobSchedule@2025-06-01",
                "Jobs_GetJob@2025-06-01", "Jobs_ListJobs@2025-06-01");
    }

    @Test
    void aWriteHonoursEveryConditionTheDocumentListsAndAnswersTheServices412() throws Exception {
        start(null);
        account("[\"AAD\"]");
        Reply created = data("POST", "/jobschedules" + V, schedule("cond", ""));
        String etag = created.raw().headers().firstValue("ETag").orElseThrow();
        String modified = created.raw().headers().firstValue("Last-Modified").orElseThrow();
        String before = DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.minusSeconds(60).atOffset(ZoneOffset.UTC));
        String bearer = "Bearer " + token("https://batch.core.windows.net/");
        String patch = "{\"metadata\":[{\"name\":\"a\",\"value\":\"1\"}]}";
        for (Map<String, String> unmet : java.util.List.of(Map.of("If-Match", "0x1"), Map.of("If-None-Match", "*"),
                Map.of("If-None-Match", etag), Map.of("If-Modified-Since", modified),
                Map.of("If-Unmodified-Since", before))) {
            Map<String, String> headers = new java.util.HashMap<>(unmet);
            headers.put("Authorization", bearer);
            Reply refused = send("PATCH", base + "/jobschedules/cond" + V, patch, headers);
            assertThat(refused.status()).as(unmet.toString()).isEqualTo(412);
            assertThat(refused.code()).isEqualTo("ConditionNotMet");
            assertThat(send("DELETE", base + "/jobschedules/cond" + V, null, headers).status()).as(unmet.toString())
                    .isEqualTo(412);
        }
        assertThat(data("GET", "/jobschedules/cond" + V, null).raw().headers().firstValue("ETag").orElseThrow())
                .as("nothing was written").isEqualTo(etag);
        Reply met = send("PATCH", base + "/jobschedules/cond" + V, patch, Map.of("Authorization", bearer,
                "If-Match", etag, "If-None-Match", "0x1", "If-Modified-Since", before, "If-Unmodified-Since", modified));
        assertThat(met.status()).isEqualTo(200);
        assertThat(send("PATCH", base + "/jobschedules/cond" + V, patch, Map.of("Authorization", bearer,
                "If-Unmodified-Since", "yesterday")).code()).isEqualTo("InvalidHeaderValue");
    }

    /** A schedule every 20 minutes from 02:00, whose jobs run 30 (so each run comes while the last job runs). */
    private static String overlapping(String id, String window) {
        return "{\"id\":\"" + id + "\",\"schedule\":{\"doNotRunUntil\":\"2026-12-07T02:00:00Z\","
                + "\"recurrenceInterval\":\"PT20M\"" + (window == null ? "" : ",\"startWindow\":\"" + window + "\"")
                + "},\"jobSpecification\":{\"poolInfo\":{\"poolId\":\"render\"}}}";
    }

    /** Each job of the schedule as {@code id@creationTime}, in the order of the jobs' numbers. */
    private java.util.List<String> made(String schedule) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        data("GET", "/jobschedules/" + schedule + "/jobs" + V, null).body().path("value").forEach(j -> out.add(
                j.path("id").asText() + "@" + j.path("creationTime").asText().substring(11, 16)));
        out.sort(java.util.Comparator.comparingInt(j -> Integer.parseInt(j.replaceAll(".*:job-(\\d+)@.*", "$1"))));
        return out;
    }

    @Test
    void aRunThatComesWhileAJobRunsMakesItsJobWhenThatEndsWithinTheStartWindowOrNone() throws Exception {
        start(null);
        account("[\"AAD\"]");
        assertThat(data("POST", "/jobschedules" + V, overlapping("narrow", "PT5M")).status()).isEqualTo(201);
        assertThat(data("POST", "/jobschedules" + V, overlapping("wide", "PT15M")).status()).isEqualTo(201);
        assertThat(data("POST", "/jobschedules" + V, overlapping("endless", null)).status()).isEqualTo(201);

        clock.set(Instant.parse("2026-12-07T03:21:00Z"));
        // narrow: 02:20 waits for job-1 (to 02:30), past its 5 minutes: lost; 02:40 makes job-2 (to 03:10); 03:00
        // is lost the same way; 03:20 finds no active job.
        assertThat(made("narrow")).containsExactly("narrow:job-1@02:00", "narrow:job-2@02:40", "narrow:job-3@03:20");
        // wide: 02:20 waits for job-1 and makes job-2 at 02:30, within its 15 minutes; 02:40 would wait until 03:00,
        // past 02:55: lost; 03:00 makes job-3; 03:20 waits for job-3 (to 03:30), which is still to come.
        assertThat(made("wide")).containsExactly("wide:job-1@02:00", "wide:job-2@02:30", "wide:job-3@03:00");
        assertThat(data("GET", "/jobschedules/wide" + V, null).body().path("executionInfo").path("nextRunTime")
                .asText()).as("the run that waits").isEqualTo("2026-12-07T03:20:00Z");
        // endless: no window, but a run is not carried into the next interval: as wide here.
        assertThat(made("endless")).containsExactly("endless:job-1@02:00", "endless:job-2@02:30",
                "endless:job-3@03:00");

        clock.set(Instant.parse("2026-12-07T03:31:00Z"));
        assertThat(made("wide")).as("job-3 ended at 03:30, within 03:20's window").containsExactly(
                "wide:job-1@02:00", "wide:job-2@02:30", "wide:job-3@03:00", "wide:job-4@03:30");
        assertThat(made("narrow")).as("03:20's job still runs").hasSize(3);
        assertThat(data("GET", "/jobschedules/wide" + V, null).body().path("executionInfo").path("nextRunTime")
                .asText()).isEqualTo("2026-12-07T03:40:00Z");
    }

    @Test
    void tokensForAnotherAudienceAndBadSignaturesAreRefusedAndAGoodSignatureIsTaken() throws Exception {
        start(null);
        account("[\"SharedKey\"]");
        Reply none = send("GET", base + "/jobschedules" + V, null, Map.of());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("AuthenticationFailed");
        Reply arm = send("GET", base + "/jobschedules" + V, null, Map.of("Authorization", "Bearer "
                + token("https://management.core.windows.net/")));
        assertThat(arm.status()).as("shared key only, and the wrong audience").isEqualTo(403);

        String key = send("POST", ACCOUNT + "/listKeys" + ARM, null, Map.of("Authorization", "Bearer arm")).body()
                .path("primary").asText();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.atOffset(ZoneOffset.UTC));
        String path = "/batchaccounts/dpacct.westeurope/jobschedules";
        String toSign = "GET\n\n\n\n\n\n\n\n\n\n\n\nocp-date:" + date + "\n/dpacct" + path + "\napi-version:2025-06-01";
        String good = DataPlaneAuthentication.SharedKey.sign(key, toSign);
        assertThat(send("GET", base + "/jobschedules" + V, null, Map.of("ocp-date", date, "Authorization",
                "SharedKey dpacct:" + good)).status()).isEqualTo(200);
        Reply bad = send("GET", base + "/jobschedules" + V, null, Map.of("ocp-date", date, "Authorization",
                "SharedKey dpacct:" + DataPlaneAuthentication.SharedKey.sign(key, toSign + "x")));
        assertThat(bad.status()).isEqualTo(403);
        assertThat(bad.body().path("values").toString()).contains("MAC signature");

        Reply noVersion = send("GET", base + "/jobschedules", null, Map.of("ocp-date", date, "Authorization",
                "SharedKey dpacct:" + DataPlaneAuthentication.SharedKey.sign(key, "GET\n\n\n\n\n\n\n\n\n\n\n\nocp-date:"
                        + date + "\n/dpacct" + path)));
        assertThat(noVersion.code()).isEqualTo("MissingRequiredQueryParameter");
        assertThat(send("GET", "https://" + emulator.endpoint().getAuthority() + "/batchaccounts/nobody.westeurope"
                + "/jobschedules" + V, null, Map.of("Authorization", "Bearer x")).code()).isEqualTo("AccountNotFound");
    }

    @Test
    void theRequestLimitsHoldAndTheirRefusalsAreTheServiceErrors() throws Exception {
        start(null);
        account("[\"AAD\"]");
        String huge = "{\"id\":\"big\",\"displayName\":\"" + "x".repeat(RequestLimits.MAX_BODY_BYTES) + "\"}";
        Reply tooLarge = data("POST", "/jobschedules" + V, huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.code()).isEqualTo("RequestEntityTooLarge");
        assertThat(tooLarge.body().path("message").path("value").asText()).contains("larger than");
        Reply deep = data("POST", "/jobschedules" + V, "[".repeat(RequestLimits.MAX_NESTING + 2));
        assertThat(deep.status()).isEqualTo(400);
        assertThat(deep.code()).isEqualTo("InvalidRequestBody");
        Reply longName = data("GET", "/jobschedules/" + "n".repeat(RequestLimits.MAX_SEGMENT + 1) + V, null);
        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.code()).isEqualTo("InvalidResourceName");
        assertThat(data("GET", "/jobschedules" + V, null).body().path("value")).as("nothing was made").isEmpty();
    }

    @Test
    void aRegionThatIsDownTakesItsAccountsDataPlaneWithIt() throws Exception {
        start(null);
        account("[\"AAD\"]");
        assertThat(data("GET", "/jobschedules" + V, null).status()).isEqualTo(200);
        emulator.faults(FaultConfig.NONE.withDownRegions(java.util.Set.of("westeurope")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> data("GET", "/jobschedules" + V, null))
                .isInstanceOf(java.io.IOException.class);
        emulator.faults(FaultConfig.NONE.withDownRegions(java.util.Set.of("eastus")));
        assertThat(data("GET", "/jobschedules" + V, null).status()).isEqualTo(200);
    }

    @Test
    void schedulesAndJobsSurviveARestart() throws Exception {
        start(data);
        account("[\"AAD\"]");
        assertThat(data("POST", "/jobschedules" + V, schedule("kept", "")).status()).isEqualTo(201);
        clock.set(Instant.parse("2026-12-07T02:10:00Z"));
        assertThat(data("GET", "/jobschedules/kept/jobs" + V, null).body().path("value")).hasSize(1);
        String before = emulator.endpoint().getAuthority();
        emulator.close();
        start(data);
        assertThat(emulator.endpoint().getAuthority()).as("the data directory's port again, so accountEndpoint holds")
                .isEqualTo(before);
        assertThat(data("GET", "/jobschedules/kept" + V, null).body().path("executionInfo").path("recentJob")
                .path("id").asText()).isEqualTo("kept:job-1");
        assertThat(data("GET", "/jobs/kept:job-1" + V, null).status()).isEqualTo(200);
    }
}
