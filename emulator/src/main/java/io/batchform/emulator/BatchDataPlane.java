package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;
import io.batchform.source.Region;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Batch data plane of each emulated Batch account, served at the account's {@code accountEndpoint}:
 * {@code 127.0.0.1:PORT/batchaccounts/<name>.<region>} on the emulator's own loopback HTTPS (real Azure reports the
 * host name {@code <name>.<region>.batch.azure.com}; a client puts {@code https://} before either and appends the
 * operation's path). Job schedules (add, get, exists, list, update (PUT), patch, delete, disable, enable, terminate)
 * and the jobs they create (list per schedule or per account, get), the compute nodes of a pool (list, with
 * {@code $select} and a state {@code $filter}; see {@link ComputeNodes}), with the service's status codes, {@code ETag}
 * and {@code If-Match}, its OData error bodies and codes, and its two ways to authenticate: a Microsoft Entra ID
 * bearer token (a token that names an audience must name Batch's) or the account's shared key, whose signature is
 * verified. Jobs are made lazily, when a schedule is read: one for each of its fire times that has come, each active
 * for {@link ArmEmulator.Builder#jobRunTime}; at most one job per schedule is active, as the service does, so a run
 * that falls while one is active waits for it to end and makes its job then, unless its {@code startWindow} (or the
 * next run) has come first, and then it makes none (see {@code startWindow}). Everything is kept in the emulator's
 * store, under the account's id, so it persists like the rest and goes when the account goes. The checks of credentials and api-version are
 * {@link DataPlaneAuthentication}'s, those of job-schedule bodies {@link JobScheduleBodies}'s.
 */
final class BatchDataPlane {
    /**
     * How many of a schedule's past runs a read makes up at most, when the schedule was not read for longer than that
     * many intervals (the emulator makes jobs when a schedule is read, not as time passes); the earlier runs make no
     * job. The service makes every run's job; the emulator keeps its store small instead.
     */
    private static final int RUNS_MADE_UP = 100;
    /** The first path segment of every data-plane request. */
    static final String ROOT = "batchaccounts";
    static final String SCHEDULE = "Microsoft.Batch/batchAccounts/jobSchedules";
    static final String JOB = "Microsoft.Batch/batchAccounts/jobs";
    /** The data-plane api-versions accepted; the newest stable one first. */
    static final List<String> API_VERSIONS = List.of("2025-06-01", "2024-07-01.20.0", "2024-02-01.19.0",
            "2023-11-01.18.0", "2023-05-01.17.0");
    /** The resource an Entra ID token for Batch is issued for. */
    static final String AUDIENCE = "https://batch.core.windows.net/";
    /*
     * The service shows a time limit that was not set as P10675199DT2H48M5.4775807S (the largest .NET TimeSpan);
     * that has fractional seconds, which the published document's duration format does not take, so the emulator
     * leaves an unset limit out (the document: "if this property is not specified, there is no time limit"). The
     * provider reads either as absent.
     */
    private static final Set<String> ACTIVE_JOB_STATES = Set.of("active", "enabling", "disabling", "disabled",
            "terminating");

    private final ArmEmulator emulator;
    private final ResourceStore store;
    private final java.util.function.UnaryOperator<ObjectNode> presentPool;
    private final ComputeNodes nodes;

    /** {@code presentPool} gives a pool as Resource Manager shows it now (its resize brought up to date). */
    BatchDataPlane(ArmEmulator emulator, ResourceStore store, java.util.function.UnaryOperator<ObjectNode> presentPool) {
        this.emulator = emulator;
        this.store = store;
        this.presentPool = presentPool;
        this.nodes = new ComputeNodes(store, emulator.settings());
    }

    /** A data-plane error: its status, code, message and the key/value details the service adds. */
    static final class ServiceError extends ArmError {
        private static final long serialVersionUID = 1L;
        final transient Map<String, String> values;

        ServiceError(int status, String code, String message, Map<String, String> values) {
            super(status, code, message, null);
            this.values = values;
        }

        ServiceError(int status, String code, String message) {
            this(status, code, message, Map.of());
        }

        /** The service's body: {@code {"code", "message": {"lang", "value"}, "values": [{"key", "value"}]}}. */
        Response response() {
            // The service also sends "odata.metadata"; the published document (BatchError) does not name it.
            ObjectNode body = ArmHandler.JSON.createObjectNode();
            body.put("code", code);
            ObjectNode message = body.putObject("message");
            message.put("lang", "en-US");
            message.put("value", getMessage() + "\nRequestId:" + java.util.UUID.randomUUID() + "\nTime:"
                    + Instant.now());
            if (!values.isEmpty()) {
                ArrayNode list = body.putArray("values");
                values.forEach((k, v) -> list.addObject().put("key", k).put("value", v));
            }
            Response response = Response.of(status, body);
            if (status == 401) {
                response = response.withHeader("WWW-Authenticate", "Bearer authorization_uri=\"https://login"
                        + ".microsoftonline.com/common/oauth2/authorize\", resource_id=\"" + AUDIENCE + "\"");
            }
            return response;
        }
    }

    /** An error raised before routing (request limits, a body that is not JSON) in the data plane's shape. */
    static ServiceError asServiceError(ArmError error) {
        return error instanceof ServiceError service ? service
                : new ServiceError(error.status, error.code, error.getMessage());
    }

    static ServiceError invalidValue(String property, Object value, String reason) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("PropertyName", property);
        values.put("PropertyValue", String.valueOf(value));
        values.put("Reason", reason);
        return new ServiceError(400, "InvalidPropertyValue", "The value provided for one of the properties in the "
                + "request body is invalid.", values);
    }

    static ServiceError missing(String property) {
        return new ServiceError(400, "MissingRequiredProperty", "A required property was not specified in the "
                + "request body.", Map.of("PropertyName", property));
    }

    private static ServiceError notFound(String id) {
        return new ServiceError(404, "JobScheduleNotFound", "The specified job schedule does not exist.",
                Map.of("JobScheduleId", id));
    }

    // ---- routing ---------------------------------------------------------------------------------------------

    Response handle(Request request) {
        List<String> p = request.lower();
        if (p.size() < 2) {
            throw new ServiceError(400, "InvalidUri", "The requested URI does not represent any resource on the "
                    + "server.");
        }
        synchronized (store) {
            ObjectNode account = account(request.segment(1));
            DataPlaneAuthentication.authenticate(request, account);
            DataPlaneAuthentication.checkApiVersion(request);
            Instant now = Instant.now(emulator.settings().clock());
            String accountId = account.get("id").asText();
            String base = "https://" + endpoint(account);
            List<String> rest = p.subList(2, p.size());
            if (rest.size() >= 1 && rest.get(0).equals("jobschedules")) {
                if (rest.size() == 1) {
                    return switch (request.method()) {
                        case "GET" -> list(request, schedules(accountId, now).stream()
                                .map(s -> view(s, base)).toList());
                        case "POST" -> add(request, accountId, base, now);
                        default -> throw methodNotAllowed(request);
                    };
                }
                String id = request.segment(3);
                if (rest.size() == 2) {
                    return schedule(request, accountId, id, base, now);
                }
                if (rest.size() == 3) {
                    String action = rest.get(2);
                    if (action.equals("jobs")) {
                        requireMethod(request, "GET");
                        ObjectNode schedule = existing(accountId, id, now);
                        String prefix = schedule.path("service").path("id").asText() + ":";
                        return list(request, jobs(accountId, now).stream()
                                .filter(j -> j.path("service").path("id").asText().startsWith(prefix))
                                .filter(filter(request)).map(j -> job(j, base)).toList());
                    }
                    requireMethod(request, "POST");
                    return action(request, accountId, id, action, now);
                }
            }
            if (rest.size() == 3 && rest.get(0).equals("pools") && rest.get(2).equals("nodes")) {
                requireMethod(request, "GET");
                String poolId = request.segment(3);
                ObjectNode pool = store.get(accountId + "/pools/" + poolId).map(presentPool).orElseThrow(() ->
                        new ServiceError(404, "PoolNotFound", "The specified pool does not exist.",
                                Map.of("PoolId", poolId)));
                return list(request, selected(request, nodes.list(account, pool, base, emulator.faults(), now).stream()
                        .filter(nodeFilter(request)).toList()));
            }
            if (rest.size() >= 1 && rest.get(0).equals("jobs")) {
                if (rest.size() == 1) {
                    requireMethod(request, "GET");
                    schedules(accountId, now); // brings every schedule's jobs up to date
                    return list(request, jobs(accountId, now).stream().filter(filter(request))
                            .map(j -> job(j, base)).toList());
                }
                if (rest.size() == 2) {
                    requireMethod(request, "GET");
                    schedules(accountId, now);
                    ObjectNode job = store.get(accountId + "/jobs/" + request.segment(3)).orElseThrow(() ->
                            new ServiceError(404, "JobNotFound", "The specified job does not exist.",
                                    Map.of("JobId", request.segment(3))));
                    return withTags(Response.ok(job(job, base)), job.path("service"));
                }
            }
            throw new ServiceError(400, "InvalidUri", "The requested URI does not represent any resource on the "
                    + "server.", Map.of("RequestUri", request.exchange().getRequestURI().getRawPath()));
        }
    }

    /** The account a {@code <name>.<region>} (or {@code <name>}) segment names. */
    private ObjectNode account(String segment) {
        return find(store, segment).orElseThrow(() -> new ServiceError(404, "AccountNotFound", "The Batch account '"
                + segment + "' does not exist."));
    }

    /** The account a data-plane path's second segment names, if the store has it (also for fault injection). */
    static Optional<ObjectNode> find(ResourceStore store, String segment) {
        int dot = segment.indexOf('.');
        String name = dot < 0 ? segment : segment.substring(0, dot);
        String region = dot < 0 ? null : segment.substring(dot + 1);
        for (ObjectNode account : store.children("", BatchResources.ACCOUNT)) {
            if (account.path("name").asText().equalsIgnoreCase(name) && (region == null
                    || Region.canonical(account.path("location").asText()).equalsIgnoreCase(region))) {
                return Optional.of(account);
            }
        }
        return Optional.empty();
    }

    /** The account's data-plane endpoint, as ARM reports it: host, port and path, without a scheme. */
    String endpoint(ObjectNode account) {
        String authority = emulator.endpoint().getAuthority();
        return authority + "/" + ROOT + "/" + account.path("name").asText() + "."
                + Region.canonical(account.path("location").asText());
    }

    /** The account with its {@code accountEndpoint} pointing at this emulator (the port may change on restart). */
    ObjectNode presentAccount(ObjectNode account) {
        ObjectNode copy = account.deepCopy();
        if (copy.path("properties").isObject()) {
            ((ObjectNode) copy.get("properties")).put("accountEndpoint", endpoint(account));
        }
        return copy;
    }

    // ---- job schedules ---------------------------------------------------------------------------------------

    private Response add(Request request, String accountId, String base, Instant now) {
        ObjectNode body = JobScheduleBodies.object(request.body());
        String id = body.path("id").asText("");
        if (id.isEmpty()) {
            throw missing("id");
        }
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw invalidValue("id", id, "The id can contain any combination of alphanumeric characters including "
                    + "hyphens and underscores, and cannot contain more than 64 characters.");
        }
        Optional<ObjectNode> existing = find(accountId, id, now);
        if (existing.isPresent()) {
            if (existing.get().path("service").path("state").asText().equals("deleting")) {
                throw beingDeleted(id);
            }
            throw new ServiceError(409, "JobScheduleExists", "The specified job schedule already exists.",
                    Map.of("JobScheduleId", id));
        }
        if (body.has("displayName") && body.get("displayName").asText().length() > 1024) {
            throw invalidValue("displayName", "...", "The display name can be at most 1024 characters.");
        }
        ObjectNode service = ArmHandler.JSON.createObjectNode();
        service.put("id", id);
        if (body.hasNonNull("displayName")) {
            service.put("displayName", body.get("displayName").asText());
        }
        service.set("schedule", JobScheduleBodies.schedule(body.get("schedule")));
        service.set("jobSpecification", JobScheduleBodies.jobSpecification(body.get("jobSpecification")));
        service.set("metadata", JobScheduleBodies.metadata(body.get("metadata")));
        service.put("creationTime", now.toString());
        service.put("state", "active");
        service.put("stateTransitionTime", now.toString());
        ObjectNode entry = ArmHandler.JSON.createObjectNode();
        entry.put("id", accountId + "/jobSchedules/" + id);
        entry.put("name", id);
        entry.put("type", SCHEDULE);
        entry.set("service", service);
        entry.put("jobsMade", 0);
        first(entry, now);
        touch(service, now);
        advance(accountId, entry, now);
        store.put(entry);
        return Response.empty(201).withHeader("ETag", service.get("eTag").asText())
                .withHeader("Last-Modified", rfc1123(service.get("lastModified").asText()))
                .withHeader("DataServiceId", base + "/jobschedules/" + id)
                .withHeader("Location", base + "/jobschedules/" + id);
    }

    private Response schedule(Request request, String accountId, String id, String base, Instant now) {
        switch (request.method()) {
            case "GET" -> {
                ObjectNode entry = existing(accountId, id, now);
                return withTags(Response.ok(view(entry, base)), entry.get("service"));
            }
            case "HEAD" -> {
                ObjectNode entry = existing(accountId, id, now);
                return withTags(Response.empty(200), entry.get("service"));
            }
            case "PATCH", "PUT" -> {
                ObjectNode entry = writable(request, accountId, id, now);
                ObjectNode service = (ObjectNode) entry.get("service");
                String state = service.path("state").asText();
                if (state.equals("terminating") || state.equals("completed")) {
                    throw new ServiceError(409, state.equals("completed") ? "JobScheduleCompleted"
                            : "JobScheduleBeingTerminated", "The specified job schedule is " + state
                            + " and cannot be changed.", Map.of("JobScheduleId", id));
                }
                ObjectNode body = JobScheduleBodies.object(request.body());
                boolean put = request.method().equals("PUT");
                if (put || body.has("schedule")) {
                    // A replace without a schedule removes it (the schedule then runs at once, one time).
                    JsonNode requested = body.get("schedule");
                    service.set("schedule", JobScheduleBodies.schedule(put && requested == null
                            ? ArmHandler.JSON.createObjectNode() : requested));
                    first(entry, now);
                }
                if (put || body.has("jobSpecification")) {
                    service.set("jobSpecification", JobScheduleBodies.jobSpecification(body.get("jobSpecification")));
                }
                if (put || body.has("metadata")) {
                    service.set("metadata", JobScheduleBodies.metadata(body.get("metadata")));
                }
                touch(service, now);
                advance(accountId, entry, now);
                store.put(entry);
                return withTags(Response.empty(200), service)
                        .withHeader("DataServiceId", base + "/jobschedules/" + service.get("id").asText());
            }
            case "DELETE" -> {
                ObjectNode entry = existing(accountId, id, now).deepCopy();
                ObjectNode service = (ObjectNode) entry.get("service");
                checkIfMatch(request, service);
                if (!service.path("state").asText().equals("deleting")) {
                    terminateJobs(accountId, service.get("id").asText(), now, "JobScheduleDeleted");
                    transition(service, "deleting", now);
                    entry.put("removeAt", now.plus(emulator.settings().jobScheduleDeleteDuration()).toString());
                    touch(service, now);
                    store.put(entry);
                }
                return Response.empty(202);
            }
            default -> throw methodNotAllowed(request);
        }
    }

    private Response action(Request request, String accountId, String id, String action, Instant now) {
        ObjectNode entry = writable(request, accountId, id, now);
        ObjectNode service = (ObjectNode) entry.get("service");
        String state = service.path("state").asText();
        Response response;
        switch (action) {
            case "disable" -> {
                if (!state.equals("active") && !state.equals("disabled")) {
                    throw notActive(id, state);
                }
                transition(service, "disabled", now);
                response = Response.empty(204);
            }
            case "enable" -> {
                if (!state.equals("active") && !state.equals("disabled")) {
                    throw notActive(id, state);
                }
                if (state.equals("disabled")) {
                    transition(service, "active", now);
                    skipTo(entry, now); // runs missed while disabled are not made up
                }
                response = Response.empty(204);
            }
            case "terminate" -> {
                if (state.equals("completed")) {
                    throw new ServiceError(409, "JobScheduleCompleted", "The specified job schedule is already "
                            + "completed.", Map.of("JobScheduleId", id));
                }
                terminateJobs(accountId, service.get("id").asText(), now, "JobScheduleTerminated");
                transition(service, "terminating", now);
                response = Response.empty(202);
            }
            default -> throw new ServiceError(400, "InvalidUri", "The requested URI does not represent any "
                    + "resource on the server.");
        }
        touch(service, now);
        store.put(entry);
        return withTags(response, service);
    }

    /**
     * A copy of the schedule a write or an action is about to change: refused when {@code If-Match} names another
     * version, or while it is being deleted.
     */
    private ObjectNode writable(Request request, String accountId, String id, Instant now) {
        ObjectNode entry = existing(accountId, id, now).deepCopy();
        ObjectNode service = (ObjectNode) entry.get("service");
        checkIfMatch(request, service);
        if (service.path("state").asText().equals("deleting")) {
            throw beingDeleted(id);
        }
        return entry;
    }

    private static ServiceError beingDeleted(String id) {
        return new ServiceError(409, "JobScheduleBeingDeleted", "The specified job schedule has been marked for "
                + "deletion and is being reclaimed.", Map.of("JobScheduleId", id));
    }

    private static ServiceError notActive(String id, String state) {
        return new ServiceError(409, "JobScheduleNotActive", "The specified job schedule is " + state + ".",
                Map.of("JobScheduleId", id));
    }

    /**
     * The conditions of a write (Azure.Batch 2025-06-01 lists {@code If-Match}, {@code If-None-Match},
     * {@code If-Modified-Since} and {@code If-Unmodified-Since} on the job schedule's PUT, PATCH, DELETE and actions):
     * the write is done only if the schedule's ETag is the one {@code If-Match} names ({@code *}: any), is not the one
     * {@code If-None-Match} names ({@code *}: none is), and it was modified after {@code If-Modified-Since} and not
     * after {@code If-Unmodified-Since} (HTTP dates, to the second); otherwise 412 {@code ConditionNotMet}, the code
     * the Batch service's error table gives a write whose condition is not met. Reads ignore the conditions here:
     * the service answers them 304, which the published document does not list.
     */
    private static void checkIfMatch(Request request, ObjectNode service) {
        String etag = service.path("eTag").asText();
        String ifMatch = request.header("If-Match");
        String ifNoneMatch = request.header("If-None-Match");
        Instant modified = Instant.parse(service.path("lastModified").asText())
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant since = httpDate(request, "If-Modified-Since");
        Instant unmodifiedSince = httpDate(request, "If-Unmodified-Since");
        boolean met = (ifMatch == null || ifMatch.equals("*") || ifMatch.equals(etag))
                && (ifNoneMatch == null || !ifNoneMatch.equals("*") && !ifNoneMatch.equals(etag))
                && (since == null || modified.isAfter(since))
                && (unmodifiedSince == null || !modified.isAfter(unmodifiedSince));
        if (!met) {
            throw new ServiceError(412, "ConditionNotMet", "The condition specified using HTTP conditional "
                    + "header(s) is not met.");
        }
    }

    /** An HTTP date header (RFC 1123), or null when absent; one that is not a date is the service's 400. */
    private static Instant httpDate(Request request, String header) {
        String value = request.header(header);
        if (value == null) {
            return null;
        }
        try {
            return java.time.ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new ServiceError(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the "
                    + "correct format.", Map.of("HeaderName", header, "HeaderValue", value));
        }
    }

    private static Response withTags(Response response, JsonNode service) {
        return response.withHeader("ETag", service.path("eTag").asText())
                .withHeader("Last-Modified", rfc1123(service.path("lastModified").asText()));
    }

    private static String rfc1123(String instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.parse(instant).atOffset(java.time.ZoneOffset.UTC));
    }

    /** A new entity tag and modification time. */
    private static void touch(ObjectNode service, Instant now) {
        service.put("eTag", "0x" + Long.toHexString(System.nanoTime() ^ 0x8D000000000000L).toUpperCase(Locale.ROOT));
        service.put("lastModified", now.toString());
    }

    private static void transition(ObjectNode service, String state, Instant now) {
        service.put("previousState", service.path("state").asText());
        service.put("previousStateTransitionTime", service.path("stateTransitionTime").asText());
        service.put("state", state);
        service.put("stateTransitionTime", now.toString());
    }

    private Optional<ObjectNode> find(String accountId, String id, Instant now) {
        Optional<ObjectNode> entry = store.get(accountId + "/jobSchedules/" + id);
        if (entry.isEmpty()) {
            return entry;
        }
        return Optional.ofNullable(advance(accountId, entry.get().deepCopy(), now));
    }

    private ObjectNode existing(String accountId, String id, Instant now) {
        return find(accountId, id, now).orElseThrow(() -> notFound(id));
    }

    /** Every schedule of the account, brought up to date, in id order. */
    private List<ObjectNode> schedules(String accountId, Instant now) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode entry : store.children(accountId, SCHEDULE)) {
            ObjectNode current = advance(accountId, entry.deepCopy(), now);
            if (current != null) {
                out.add(current);
            }
        }
        return out;
    }

    private List<ObjectNode> jobs(String accountId, Instant now) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode job : store.children(accountId, JOB)) {
            out.add(settle(job, now));
        }
        return out;
    }

    // ---- time: runs, jobs, states ----------------------------------------------------------------------------

    /** Sets the first fire time: doNotRunUntil, else now. */
    private static void first(ObjectNode entry, Instant now) {
        JsonNode schedule = entry.path("service").path("schedule");
        Instant start = schedule.hasNonNull("doNotRunUntil") ? Instant.parse(schedule.get("doNotRunUntil").asText())
                : now;
        entry.put("nextFire", start.toString());
    }

    /** After an enable: the next fire time on the schedule's grid that has not passed. */
    private static void skipTo(ObjectNode entry, Instant now) {
        Duration interval = interval(entry);
        if (!entry.hasNonNull("nextFire") || interval == null) {
            return;
        }
        Instant next = Instant.parse(entry.get("nextFire").asText());
        if (next.isBefore(now)) {
            long steps = Duration.between(next, now).toMillis() / interval.toMillis() + 1;
            entry.put("nextFire", next.plus(interval.multipliedBy(steps)).toString());
        }
    }

    /**
     * The schedule's {@code startWindow}, or null when it has none (infinite: the default). What Microsoft's documents
     * say, the same in the Batch REST reference and in the descriptions of {@code startWindow} and
     * {@code recurrenceInterval} in the service's OpenAPI (read in several published versions; the wording has not
     * changed): a run's job must be made within the start window after the time the schedule names, otherwise "the
     * 'opportunity' is lost" and no job is made until the next recurrence; a window longer than the recurrence
     * interval is the same as an infinite one, because the job due in one interval "is not carried forward into the
     * next recurrence interval"; a schedule has at most one active job, so when a run comes while the previous job
     * still runs the service makes the new job once the previous one finishes, and makes none for that interval if
     * the previous one does not finish within the window. So several runs missed while a job ran long make no jobs,
     * and at most the latest of them, if its window is still open when the job ends, makes one.
     */
    private static Duration startWindow(ObjectNode entry) {
        JsonNode value = entry.path("service").path("schedule").path("startWindow");
        return value.isTextual() ? Duration.parse(value.asText()) : null;
    }

    /**
     * The moment by which the job of the run due at {@code due} must be made, or that run makes none (see
     * {@link #startWindow}): the start window after it, and never later than the next run (a run is not carried
     * forward into the next interval); null when neither bounds it (a schedule that runs once, without a window).
     */
    private static Instant deadline(Instant due, Duration window, Duration interval) {
        Duration limit = window == null ? interval : interval == null ? window
                : window.compareTo(interval) < 0 ? window : interval;
        return limit == null ? null : due.plus(limit);
    }

    private static Duration interval(ObjectNode entry) {
        JsonNode value = entry.path("service").path("schedule").path("recurrenceInterval");
        return value.isTextual() ? Duration.parse(value.asText()) : null;
    }

    /**
     * The schedule as it is at {@code now}: a deletion that is over removes it (and its jobs; null is returned);
     * a termination completes; jobs whose run time is over complete; each fire time that has come makes a job, at
     * the fire time or, while another job of the schedule is active, when that one ends, if that is within the run's
     * start window and before the next run ({@link #deadline}); otherwise the run makes none. A schedule with no run
     * left and no active job completes.
     */
    private ObjectNode advance(String accountId, ObjectNode entry, Instant now) {
        ObjectNode service = (ObjectNode) entry.get("service");
        String id = service.get("id").asText();
        String state = service.path("state").asText();
        if (state.equals("deleting")) {
            if (!now.isBefore(Instant.parse(entry.get("removeAt").asText()))) {
                for (ObjectNode job : store.children(accountId, JOB)) {
                    if (job.path("service").path("id").asText().startsWith(id + ":")) {
                        store.remove(job.get("id").asText());
                    }
                }
                store.remove(entry.get("id").asText());
                return null;
            }
            return entry;
        }
        String before = entry.toString();
        if (state.equals("terminating")) {
            transition(service, "completed", now);
            service.putObject("executionInfo").put("endTime", now.toString());
            entry.remove("nextFire");
        }
        boolean active = state.equals("active");
        JsonNode schedule = service.path("schedule");
        Instant notAfter = schedule.hasNonNull("doNotRunAfter") ? Instant.parse(schedule.get("doNotRunAfter").asText())
                : null;
        Duration interval = interval(entry);
        if (active && entry.hasNonNull("nextFire")) {
            Instant next = Instant.parse(entry.get("nextFire").asText());
            if (interval != null) {
                long behind = Duration.between(next, now).toMillis() / interval.toMillis();
                if (behind > RUNS_MADE_UP) { // a schedule unread for long: its earliest runs are passed over
                    next = next.plus(interval.multipliedBy(behind - RUNS_MADE_UP));
                }
            }
            Duration window = startWindow(entry);
            while (next != null && !next.isAfter(now) && (notAfter == null || !next.isAfter(notAfter))) {
                // The job of the run due at `next` is made once no job of the schedule is active: at once, or when
                // the active one ends.
                Optional<ObjectNode> running = activeJob(accountId, id, next);
                Instant at = running.isEmpty() ? next : running.get().hasNonNull("completesAt")
                        ? Instant.parse(running.get().get("completesAt").asText()) : Instant.MAX;
                Instant deadline = deadline(next, window, interval);
                boolean lost = deadline != null && !at.isBefore(deadline) || notAfter != null && at.isAfter(notAfter);
                if (!lost && at.isAfter(now)) {
                    break; // the run waits for the active job; a later read makes its job, or finds it lost
                }
                if (!lost) {
                    makeJob(accountId, entry, at);
                }
                next = interval == null ? null : next.plus(interval);
            }
            if (next != null && notAfter != null && next.isAfter(notAfter)) {
                next = null;
            }
            if (next == null) {
                entry.remove("nextFire");
            } else {
                entry.put("nextFire", next.toString());
            }
            if (next == null && activeJob(accountId, id, now).isEmpty()) {
                transition(service, "completed", now);
            }
        }
        ObjectNode execution = ArmHandler.JSON.createObjectNode();
        if (service.path("state").asText().equals("active") && entry.hasNonNull("nextFire")) {
            execution.put("nextRunTime", entry.get("nextFire").asText());
        }
        if (entry.hasNonNull("recentJob")) {
            execution.putObject("recentJob").put("id", entry.get("recentJob").asText());
        }
        if (service.path("state").asText().equals("completed")) {
            execution.put("endTime", service.path("stateTransitionTime").asText());
        }
        service.set("executionInfo", execution);
        if (!entry.toString().equals(before)) {
            store.put(entry);
        }
        return entry;
    }

    private Optional<ObjectNode> activeJob(String accountId, String scheduleId, Instant at) {
        for (ObjectNode job : store.children(accountId, JOB)) {
            ObjectNode settled = settle(job, at);
            if (settled.path("service").path("id").asText().startsWith(scheduleId + ":")
                    && ACTIVE_JOB_STATES.contains(settled.path("service").path("state").asText())) {
                return Optional.of(settled);
            }
        }
        return Optional.empty();
    }

    /** The job as it is at {@code now}: completed once its run time is over. */
    private ObjectNode settle(ObjectNode job, Instant now) {
        ObjectNode service = (ObjectNode) job.get("service");
        if (service.path("state").asText().equals("active") && job.hasNonNull("completesAt")
                && !now.isBefore(Instant.parse(job.get("completesAt").asText()))) {
            ObjectNode done = job.deepCopy();
            ObjectNode s = (ObjectNode) done.get("service");
            Instant end = Instant.parse(job.get("completesAt").asText());
            transition(s, "completed", end);
            ((ObjectNode) s.get("executionInfo")).put("endTime", end.toString());
            touch(s, end);
            store.put(done);
            return done;
        }
        return job;
    }

    private void makeJob(String accountId, ObjectNode entry, Instant at) {
        ObjectNode schedule = (ObjectNode) entry.get("service");
        int number = entry.path("jobsMade").asInt() + 1;
        entry.put("jobsMade", number);
        String jobId = schedule.get("id").asText() + ":job-" + number;
        entry.put("recentJob", jobId);
        JsonNode spec = schedule.get("jobSpecification");
        ObjectNode service = ArmHandler.JSON.createObjectNode();
        service.put("id", jobId);
        if (spec.hasNonNull("displayName")) {
            service.put("displayName", spec.get("displayName").asText());
        }
        service.put("usesTaskDependencies", spec.path("usesTaskDependencies").asBoolean(false));
        service.put("creationTime", at.toString());
        service.put("state", "active");
        service.put("stateTransitionTime", at.toString());
        for (String copied : List.of("priority", "allowTaskPreemption", "maxParallelTasks", "constraints",
                "jobManagerTask", "jobPreparationTask", "jobReleaseTask", "commonEnvironmentSettings", "poolInfo",
                "onAllTasksComplete", "onTaskFailure", "metadata")) {
            if (spec.has(copied)) {
                service.set(copied, spec.get(copied).deepCopy());
            }
        }
        ObjectNode execution = service.putObject("executionInfo");
        execution.put("startTime", at.toString());
        JsonNode poolInfo = spec.path("poolInfo");
        execution.put("poolId", poolInfo.hasNonNull("poolId") ? poolInfo.get("poolId").asText()
                : poolInfo.path("autoPoolSpecification").path("autoPoolIdPrefix").asText("autopool") + "_"
                        + Long.toHexString(at.toEpochMilli()));
        touch(service, at);
        ObjectNode job = ArmHandler.JSON.createObjectNode();
        job.put("id", accountId + "/jobs/" + jobId);
        job.put("name", jobId);
        job.put("type", JOB);
        job.set("service", service);
        job.put("completesAt", at.plus(emulator.settings().jobRunTime()).toString());
        store.put(job);
    }

    private void terminateJobs(String accountId, String scheduleId, Instant now, String reason) {
        for (ObjectNode job : store.children(accountId, JOB)) {
            ObjectNode settled = settle(job, now);
            ObjectNode service = (ObjectNode) settled.get("service");
            if (service.path("id").asText().startsWith(scheduleId + ":")
                    && ACTIVE_JOB_STATES.contains(service.path("state").asText())) {
                ObjectNode done = settled.deepCopy();
                ObjectNode s = (ObjectNode) done.get("service");
                transition(s, "completed", now);
                ((ObjectNode) s.get("executionInfo")).put("endTime", now.toString()).put("terminateReason", reason);
                touch(s, now);
                store.put(done);
            }
        }
    }

    /** The schedule as GET shows it. */
    private static ObjectNode view(ObjectNode entry, String base) {
        ObjectNode service = entry.get("service").deepCopy();
        service.put("url", base + "/jobschedules/" + service.get("id").asText());
        JsonNode recent = service.path("executionInfo").path("recentJob");
        if (recent.isObject()) {
            ((ObjectNode) recent).put("url", base + "/jobs/" + recent.get("id").asText());
        }
        if (service.path("metadata").isEmpty()) {
            service.remove("metadata");
        }
        return service;
    }

    private static ObjectNode job(ObjectNode job, String base) {
        ObjectNode service = job.get("service").deepCopy();
        service.put("url", base + "/jobs/" + service.get("id").asText());
        if (service.path("metadata").isEmpty()) {
            service.remove("metadata");
        }
        return service;
    }

    /** {@code $filter=state eq 'active'} (states joined by {@code or}); no filter keeps every job. */
    private static java.util.function.Predicate<ObjectNode> filter(Request request) {
        java.util.function.Predicate<String> byState = stateFilter(request);
        return job -> byState.test(job.path("service").path("state").asText());
    }

    /** {@code $filter=state eq 'idle'} on nodes (states joined by {@code or}); no filter keeps every node. */
    private static java.util.function.Predicate<ObjectNode> nodeFilter(Request request) {
        java.util.function.Predicate<String> byState = stateFilter(request);
        return node -> byState.test(node.path("state").asText());
    }

    /** The states a {@code $filter} of {@code state eq '...'} clauses joined by {@code or} keeps; all without one. */
    private static java.util.function.Predicate<String> stateFilter(Request request) {
        String filter = request.query().get("$filter");
        if (filter == null || filter.isBlank()) {
            return state -> true;
        }
        List<String> states = new ArrayList<>();
        for (String clause : filter.split("(?i)\\s+or\\s+")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\s*state\\s+eq\\s+'(\\w+)'\\s*")
                    .matcher(clause);
            if (!m.matches()) {
                throw new ServiceError(400, "InvalidQueryParameterValue", "Value for one of the query parameters "
                        + "specified in the request URI is invalid.", Map.of("QueryParameterName", "$filter",
                        "QueryParameterValue", filter, "Reason", "The emulator understands state eq '...' clauses "
                                + "joined by or."));
            }
            states.add(m.group(1));
        }
        return states::contains;
    }

    /** The property names a {@code $select} lists (comma-separated, blanks dropped); none without one. */
    static List<String> selectedNames(String select) {
        return select == null ? List.of() : java.util.Arrays.stream(select.split(",")).map(String::strip)
                .filter(n -> !n.isEmpty()).toList();
    }

    /**
     * Items with only the top-level properties a {@code $select} names (comma-separated), as the service answers
     * it; every property without one.
     */
    static List<ObjectNode> selected(Request request, List<ObjectNode> items) {
        List<String> names = selectedNames(request.query().get("$select"));
        if (names.isEmpty()) {
            return items;
        }
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode item : items) {
            ObjectNode kept = ArmHandler.JSON.createObjectNode();
            names.forEach(n -> {
                if (item.has(n)) {
                    kept.set(n, item.get(n));
                }
            });
            out.add(kept);
        }
        return out;
    }

    /** An OData list: {@code value}, and {@code odata.nextLink} while more remain ({@code maxresults} a page). */
    private Response list(Request request, List<ObjectNode> items) {
        int size = Math.min(emulator.settings().pageSize(), 1000);
        String max = request.query().get("maxresults");
        if (max != null) {
            try {
                size = Integer.parseInt(max);
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1 || size > 1000) {
                throw new ServiceError(400, "InvalidQueryParameterValue", "Value for one of the query parameters "
                        + "specified in the request URI is invalid.", Map.of("QueryParameterName", "maxresults",
                        "QueryParameterValue", max, "Reason", "Must be between 1 and 1000."));
            }
        }
        int start = 0;
        String token = request.query().get("$skiptoken");
        if (token != null) {
            try {
                start = Math.max(0, Integer.parseInt(token));
            } catch (NumberFormatException e) {
                throw new ServiceError(400, "InvalidQueryParameterValue", "Value for one of the query parameters "
                        + "specified in the request URI is invalid.", Map.of("QueryParameterName", "$skiptoken"));
            }
        }
        ObjectNode body = ArmHandler.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        int end = Math.min(items.size(), start + size);
        for (int i = start; i < end; i++) {
            value.add(items.get(i));
        }
        if (end < items.size()) {
            StringBuilder next = new StringBuilder("https://").append(emulator.endpoint().getAuthority())
                    .append(request.exchange().getRequestURI().getRawPath()).append("?api-version=")
                    .append(request.apiVersion()).append("&maxresults=").append(size).append("&$skiptoken=").append(end);
            for (String kept : List.of("$filter", "$select")) {
                if (request.query().get(kept) != null) {
                    next.append('&').append(kept).append('=').append(java.net.URLEncoder.encode(
                            request.query().get(kept), StandardCharsets.UTF_8).replace("+", "%20"));
                }
            }
            body.put("odata.nextLink", next.toString());
        }
        return Response.ok(body);
    }

    private static void requireMethod(Request request, String... methods) {
        if (!List.of(methods).contains(request.method())) {
            throw methodNotAllowed(request);
        }
    }

    private static ServiceError methodNotAllowed(Request request) {
        return new ServiceError(405, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.",
                Map.of("HttpVerb", request.method()));
    }
}
