package io.batchform.azure.resource;

import static io.batchform.azure.resource.ServiceMaps.instant;
import static io.batchform.azure.resource.ServiceMaps.map;
import static io.batchform.azure.resource.ServiceMaps.pairs;
import static io.batchform.azure.resource.ServiceMaps.put;
import static io.batchform.azure.resource.ServiceMaps.unpair;

import io.batchform.address.ResourceType;
import io.batchform.azure.resource.DataPlaneAccounts.Account;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.schedule.ServiceSchedule;
import io.batchform.source.Diagnostic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Job schedules, in the Batch <b>data plane</b> of their account ({@code https://<accountEndpoint>/jobschedules}), not
 * Resource Manager. One batchform job schedule is one or more service job schedules (one per entry of
 * {@code schedules}, the compiled form of a cron expression), all with the same job specification and metadata; each
 * carries the metadata {@code batchform-name} (the resource's name), and {@code batchform-cron} and
 * {@code batchform-timeZone} when the spec wrote a cron expression, so that a read groups them again and gives back
 * what the user wrote. A service schedule without {@code batchform-name} (made elsewhere) is a resource of its own,
 * named by its id, so it can be imported. The job specification's two spellings are {@link JobSpecificationJson}'s.
 *
 * <p>Every PATCH and DELETE of a service schedule carries, in {@code If-Match}, the ETag the plan read for it (the
 * attribute {@code etag}); a schedule changed since the plan refuses the change ({@link Preconditions}).
 *
 * <p>Authentication follows the resource's {@code authentication}: Entra ID (a token for
 * {@value DataPlaneAccounts#SCOPE}, from the same credential as Resource Manager) by default, or the account's
 * shared key (listKeys through Resource Manager) for {@code SharedKey}. A read has only the id: it uses Entra ID when the account allows
 * it and falls back to the shared key when the service refuses the token, and the shared key when the account
 * allows only that.
 */
final class JobScheduleHandler implements ResourceHandler {
    static final String NAME = "batchform-name";
    static final String CRON = "batchform-cron";
    static final String TIME_ZONE = "batchform-timeZone";
    /** The attributes that are the service's job specification: a change to any is sent to every schedule. */
    static final List<String> SPECIFICATION = List.of("pool", "autoPool", "priority", "constraints", "jobManagerTask",
            "jobPreparationTask", "jobReleaseTask", "commonEnvironment", "onAllTasksComplete", "onTaskFailure",
            "usesTaskDependencies", "allowTaskPreemption", "maxParallelTasks", "jobMetadata");
    private static final List<String> SCHEDULE_KEYS = List.of("doNotRunUntil", "doNotRunAfter", "startWindow",
            "recurrenceInterval");
    /** How long a deletion may take before batchform stops waiting for it. */
    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(30);

    private final AzureClients azure;
    private final ResourceSchema schema;
    private final DataPlaneAccounts dataPlane;

    JobScheduleHandler(AzureClients azure, ResourceSchema schema) {
        this.azure = azure;
        this.schema = schema;
        this.dataPlane = new DataPlaneAccounts(azure);
    }

    @Override
    public String batchKey(String id) {
        return "jobSchedules:" + accountId(id).toLowerCase(Locale.ROOT);
    }

    /** {@code <batchAccount ARM id>/jobSchedules/<name>} → the account's id. */
    static String accountId(String id) {
        String trimmed = id.replaceFirst("/+$", "");
        int at = trimmed.toLowerCase(Locale.ROOT).lastIndexOf("/jobschedules/");
        if (at < 0) {
            throw new IllegalArgumentException("'" + id + "' is not a job schedule id");
        }
        return trimmed.substring(0, at);
    }

    private static String nameOf(String id) {
        String trimmed = id.replaceFirst("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /**
     * The client the resource's {@code authentication} asks for; without one (a state written before it was
     * recorded, an import), Entra ID unless the account allows only shared keys.
     */
    private BatchServiceJson client(Account account, Attributes attributes) {
        String mode = attributes == null ? null : attributes.string("authentication");
        if (mode == null) {
            return dataPlane.client(account, account.sharedKeyOnly());
        }
        return dataPlane.client(account, "SharedKey".equalsIgnoreCase(mode));
    }

    // ---- read ------------------------------------------------------------------------------------------------

    @Override
    public void read(String id, Set<ResourceType> types, Map<String, Attributes> found) {
        Account account = dataPlane.account(accountId(id));
        found.putAll(dataPlane.read(account, client -> {
            Map<String, List<Map<String, Object>>> groups = groups(client.list("/jobschedules", Map.of()));
            Map<String, Attributes> read = new LinkedHashMap<>();
            if (!groups.isEmpty()) {
                List<Map<String, Object>> active = client.list("/jobs", Map.of("$filter", "state eq 'active'"));
                groups.forEach((name, members) -> read.put(account.id() + "/jobSchedules/" + name,
                        attributes(account.id(), name, members, active)));
            }
            return read;
        }));
    }

    /** Service schedules by the resource they belong to ({@code batchform-name}, else their own id), in id order. */
    private static Map<String, List<Map<String, Object>>> groups(List<Map<String, Object>> schedules) {
        Map<String, List<Map<String, Object>>> groups = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map<String, Object> schedule : schedules) {
            Object name = unpair(schedule.get("metadata")).get(NAME);
            groups.computeIfAbsent(name != null ? String.valueOf(name) : String.valueOf(schedule.get("id")),
                    k -> new ArrayList<>()).add(schedule);
        }
        groups.values().forEach(list -> list.sort((a, b) -> String.valueOf(a.get("id"))
                .compareToIgnoreCase(String.valueOf(b.get("id")))));
        return groups;
    }

    private List<Map<String, Object>> members(BatchServiceJson client, String name) {
        return groups(client.list("/jobschedules", Map.of())).getOrDefault(name, List.of());
    }

    // ---- create, update, delete ------------------------------------------------------------------------------

    @Override
    public Attributes create(Provider.CreateRequest request) {
        Attributes desired = request.desired();
        Account account = dataPlane.account(accountId(request.id()));
        BatchServiceJson client = client(account, desired);
        String name = name(request.id(), desired);
        List<String> made = new ArrayList<>();
        try {
            for (Map<String, Object> entry : entries(desired, name)) {
                String id = String.valueOf(entry.get("id"));
                client.send("POST", "/jobschedules", body(desired, name, entry), null);
                made.add(id);
            }
        } catch (RuntimeException e) {
            for (String id : made) { // all or nothing: no schedule is left that the state would not know of
                try {
                    client.send("DELETE", "/jobschedules/" + id, null, null);
                    awaitGone(client, id);
                } catch (RuntimeException ignored) {
                    e.addSuppressed(ignored);
                }
            }
            throw e;
        }
        return readBack(account, client, name);
    }

    @Override
    public Attributes update(Provider.UpdateRequest request) {
        Attributes desired = request.desired();
        Account account = dataPlane.account(accountId(request.id()));
        BatchServiceJson client = client(account, desired);
        String name = name(request.id(), desired);
        Set<String> changed = request.changedPaths();
        boolean specification = changed.stream().anyMatch(p -> SPECIFICATION.stream()
                .anyMatch(k -> p.equals(k) || p.startsWith(k + ".")));
        boolean metadata = changed.stream().anyMatch(p -> p.equals("metadata") || p.startsWith("metadata.")
                || p.startsWith("cron") || p.startsWith("timeZone"));
        Map<String, Map<String, Object>> live = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        members(client, name).forEach(s -> live.put(String.valueOf(s.get("id")), s));
        Writes writes = new Writes(client, account.id(), name, request.prior(), request.salt());
        writes.unchanged(live.values(), false);
        Map<String, Map<String, Object>> wanted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        entries(desired, name).forEach(e -> wanted.put(String.valueOf(e.get("id")), e));
        for (String gone : live.keySet()) {
            if (!wanted.containsKey(gone)) {
                writes.send("DELETE", gone, null);
            }
        }
        for (String gone : live.keySet()) {
            if (!wanted.containsKey(gone)) {
                awaitGone(client, gone);
            }
        }
        for (Map.Entry<String, Map<String, Object>> entry : wanted.entrySet()) {
            Map<String, Object> full = body(desired, name, entry.getValue());
            Map<String, Object> service = live.get(entry.getKey());
            if (service == null) {
                client.send("POST", "/jobschedules", full, null); // the service refuses an id taken (409)
                writes.done("made " + entry.getKey());
                continue;
            }
            Map<String, Object> patch = new LinkedHashMap<>();
            if (!scheduleOf(service).equals(scheduleOf(Map.of("schedule", full.get("schedule"))))) {
                patch.put("schedule", full.get("schedule"));
            }
            if (specification) {
                patch.put("jobSpecification", full.get("jobSpecification"));
            }
            if (metadata) {
                patch.put("metadata", full.get("metadata"));
            }
            if (!patch.isEmpty()) {
                writes.send("PATCH", String.valueOf(service.get("id")), patch);
            }
        }
        return readBack(account, client, name);
    }

    @Override
    public void delete(Provider.DeleteRequest request) {
        deleteReporting(request);
    }

    @Override
    public List<Diagnostic> deleteReporting(Provider.DeleteRequest request) {
        Account account = dataPlane.account(accountId(request.id()));
        BatchServiceJson client = client(account, request.prior());
        String name = name(request.id(), request.prior());
        List<Map<String, Object>> members = members(client, name);
        Writes writes = new Writes(client, account.id(), name, request.prior(), request.salt());
        writes.unchanged(members, true);
        List<String> active = activeJobs(members, client.list("/jobs", Map.of("$filter", "state eq 'active'")));
        for (Map<String, Object> schedule : members) {
            writes.send("DELETE", String.valueOf(schedule.get("id")), null);
        }
        for (Map<String, Object> schedule : members) {
            awaitGone(client, String.valueOf(schedule.get("id")));
        }
        if (active.isEmpty()) {
            return List.of();
        }
        return List.of(Diagnostic.warning(request.address(), "JobsTerminated", "deleting the job schedule "
                + "terminated its active job" + (active.size() == 1 ? " " : "s ") + String.join(", ", active)));
    }

    /**
     * The ETag the plan read for each of the resource's service schedules, by id: the attribute {@code etag} joins
     * them in the order of {@code schedules}. Empty when the plan read none (or they do not pair up), and then the
     * writes are unconditional.
     */
    static Map<String, String> planned(Attributes prior) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String joined = Preconditions.etag(prior);
        List<?> schedules = prior != null && prior.get("schedules") instanceof List<?> l ? l : List.of();
        String[] etags = joined == null ? new String[0] : joined.split(", ");
        if (etags.length != schedules.size()) {
            return out;
        }
        for (int i = 0; i < etags.length; i++) {
            out.put(String.valueOf(map(schedules.get(i)).get("id")), etags[i]);
        }
        return out;
    }

    /** The ETag of each of these service schedules, by id. */
    private static Map<String, String> etags(java.util.Collection<Map<String, Object>> members) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        members.forEach(m -> out.put(String.valueOf(m.get("id")), String.valueOf(m.get("eTag"))));
        return out;
    }

    /** The {@code etag} attribute of these service schedules, in id order: what {@link #attributes} records. */
    private static String joined(java.util.Collection<Map<String, Object>> members) {
        return String.join(", ", etags(members).values());
    }

    /**
     * The writes of one apply to one resource's service schedules, each conditional on the ETag the plan read for
     * it. A schedule added or removed since the plan, or one whose ETag moved with a change the plan would show,
     * refuses the whole change before anything is written; an ETag that moved with what the service sets on its own
     * (a job made at a run's time, say: {@link Preconditions}) is taken as the new condition. A 412 on a write (a
     * change in between) reads the schedules again the same way: sent again on the new ETag when nothing the plan
     * compares changed, else the rest is refused, saying which schedules were already written.
     */
    private final class Writes {
        private final BatchServiceJson client;
        private final String accountId;
        private final String name;
        private final Attributes prior;
        private final String salt;
        private final String then;
        private final Map<String, String> planned;
        private final List<String> done = new ArrayList<>();

        Writes(BatchServiceJson client, String accountId, String name, Attributes prior, String salt) {
            this.client = client;
            this.accountId = accountId;
            this.name = name;
            this.prior = prior;
            this.salt = salt;
            this.then = Preconditions.etag(prior);
            this.planned = planned(prior);
        }

        /**
         * Refuses when the service schedules are not the ones the plan read, as the plan read them; for a delete
         * ({@code deleting}), one that is gone already is not a change (deleting what is gone is done), one changed
         * or added is.
         */
        void unchanged(java.util.Collection<Map<String, Object>> live, boolean deleting) {
            if (planned.isEmpty()) {
                return;
            }
            Map<String, String> now = etags(live);
            boolean same = deleting
                    ? now.entrySet().stream().allMatch(e -> e.getValue().equals(planned.get(e.getKey())))
                    : now.equals(planned);
            if (same) {
                return;
            }
            boolean sameSchedules = now.keySet().equals(planned.keySet());
            Preconditions.Comparison since = sameSchedules ? sincePlan(live) : Preconditions.Comparison.UNKNOWN;
            if (!sameSchedules || !since.unchanged()) {
                throw Preconditions.changed(since, then, live.isEmpty() ? "none" : joined(live), null);
            }
            planned.putAll(now);
        }

        /**
         * A DELETE or PATCH of the service schedule {@code id}, with the ETag the plan read for it in
         * {@code If-Match} (or the one it has since, when nothing the plan compares changed). Once this apply has
         * written one of the schedules, what it reads can no longer be compared with the plan's, and a 412 refuses.
         */
        void send(String method, String id, Map<String, Object> body) {
            for (int tries = 1; ; tries++) {
                try {
                    client.send(method, "/jobschedules/" + id, body, planned.get(id));
                    break;
                } catch (RuntimeException e) {
                    if (!Preconditions.failed(e)) {
                        throw e;
                    }
                    List<Map<String, Object>> live;
                    try {
                        live = members(client, name);
                    } catch (RuntimeException unread) {
                        live = null;
                    }
                    Map<String, String> now = live == null ? Map.of() : etags(live);
                    boolean comparable = live != null && done.isEmpty() && now.keySet().equals(planned.keySet());
                    Preconditions.Comparison since = comparable ? sincePlan(live) : Preconditions.Comparison.UNKNOWN;
                    if (!comparable || !since.unchanged() || tries == Preconditions.TRIES) {
                        throw Preconditions.changed(since, then, live == null ? null : joined(live),
                                done.isEmpty() ? null : "this apply had already " + String.join(", ", done)
                                        + " of its service schedules");
                    }
                    planned.put(id, now.get(id));
                }
            }
            done((method.equals("DELETE") ? "deleted " : "changed ") + id);
        }

        /** What the plan would show as changed between what it read and these service schedules. */
        private Preconditions.Comparison sincePlan(java.util.Collection<Map<String, Object>> live) {
            return Preconditions.compare(schema, prior, attributes(accountId, name, new ArrayList<>(live), List.of()),
                    salt);
        }

        /** Records a write done, for the message of a refusal that comes after it. */
        void done(String what) {
            done.add(what);
        }
    }

    /** Waits until the service has finished deleting a schedule (it is "deleting" until its jobs are gone). */
    private void awaitGone(BatchServiceJson client, String id) {
        Instant deadline = Instant.now().plus(DELETE_TIMEOUT);
        while (client.get("/jobschedules/" + id).isPresent()) {
            if (Instant.now().isAfter(deadline)) {
                throw new ResourceFailure("DeleteTimedOut", "the job schedule " + id + " was still being deleted after "
                        + DELETE_TIMEOUT.toMinutes() + " minutes");
            }
            try {
                Thread.sleep(Math.max(1, azure.pollInterval().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ResourceFailure("Interrupted", "interrupted while the job schedule " + id + " was deleted");
            }
        }
    }

    private Attributes readBack(Account account, BatchServiceJson client, String name) {
        List<Map<String, Object>> members = members(client, name);
        if (members.isEmpty()) {
            throw new ResourceFailure("JobScheduleNotFound", "the job schedule " + name + " was made but cannot be read");
        }
        return attributes(account.id(), name, members, client.list("/jobs", Map.of("$filter", "state eq 'active'")));
    }

    private static String name(String id, Attributes attributes) {
        String name = attributes == null ? null : attributes.string("name");
        return name != null ? name : nameOf(id);
    }

    // ---- attributes -> service -------------------------------------------------------------------------------

    /** The entries of {@code schedules}, each with its service id (the name when there is one entry without one). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> entries(Attributes desired, String name) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<?> schedules = desired.get("schedules") instanceof List<?> l ? l : List.of();
        int index = 0;
        for (Object item : schedules) {
            Map<String, Object> entry = new LinkedHashMap<>(map(item));
            if (entry.get("id") == null) {
                entry.put("id", schedules.size() == 1 ? name : name + "-" + index);
            }
            out.add(entry);
            index++;
        }
        if (out.isEmpty()) {
            out.add(new LinkedHashMap<>(Map.of("id", name)));
        }
        return out;
    }

    /** The service body of one of the resource's schedules. */
    static Map<String, Object> body(Attributes desired, String name, Map<String, Object> entry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", entry.get("id"));
        put(body, "displayName", desired.get("displayName"));
        Map<String, Object> schedule = new LinkedHashMap<>();
        for (String key : SCHEDULE_KEYS) {
            put(schedule, key, entry.get(key));
        }
        if (schedule.containsKey("doNotRunUntil")) {
            // The plan's first run may have passed by now: keep the grid, from the next run on (the plan compares
            // a schedule on the same grid as unchanged).
            schedule.put("doNotRunUntil", ServiceSchedule.fromAttributes(entry).startingAtOrAfter(Instant.now())
                    .doNotRunUntil().toString());
        }
        body.put("schedule", schedule);
        body.put("jobSpecification", JobSpecificationJson.toService(desired));
        Map<String, Object> metadata = new TreeMap<>(map(desired.get("metadata")));
        metadata.keySet().removeIf(k -> k.startsWith("batchform-"));
        metadata.put(NAME, name);
        if (desired.get("cron") != null) {
            metadata.put(CRON, desired.string("cron"));
        }
        if (desired.get("timeZone") != null) {
            metadata.put(TIME_ZONE, desired.string("timeZone"));
        }
        body.put("metadata", pairs(metadata));
        return body;
    }

    // ---- service -> attributes -------------------------------------------------------------------------------

    static Attributes attributes(String accountId, String name, List<Map<String, Object>> members,
                                 List<Map<String, Object>> activeJobs) {
        Map<String, Object> first = members.get(0);
        Map<String, Object> a = new TreeMap<>();
        a.put("id", accountId + "/jobSchedules/" + name);
        a.put("name", name);
        a.put("account", accountId);
        a.put("displayName", first.get("displayName"));
        Map<String, Object> metadata = new TreeMap<>(unpair(first.get("metadata")));
        a.put("cron", metadata.get(CRON));
        a.put("timeZone", metadata.get(TIME_ZONE));
        metadata.keySet().removeIf(k -> k.startsWith("batchform-"));
        if (!metadata.isEmpty()) {
            a.put("metadata", metadata);
        }
        List<Object> schedules = new ArrayList<>();
        for (Map<String, Object> member : members) {
            Map<String, Object> entry = new TreeMap<>(scheduleOf(member));
            entry.put("id", member.get("id"));
            schedules.add(entry);
        }
        a.put("schedules", schedules);
        a.putAll(JobSpecificationJson.toAttributes(accountId, representative(members)));
        List<String> states = members.stream().map(m -> String.valueOf(m.get("state"))).toList();
        a.put("state", states.stream().allMatch(states.get(0)::equals) ? states.get(0)
                : states.stream().filter(s -> !s.equals("active")).findFirst().orElse(states.get(0)));
        members.stream().map(m -> map(m.get("executionInfo")).get("nextRunTime")).filter(t -> t != null)
                .map(ServiceMaps::instant).sorted().findFirst().ifPresent(t -> a.put("nextRunTime", t));
        a.put("activeJobs", activeJobs(members, activeJobs));
        members.stream().map(m -> m.get("creationTime")).filter(t -> t != null).map(ServiceMaps::instant)
                .sorted().findFirst().ifPresent(t -> a.put("creationTime", t));
        a.put("etag", joined(members));
        return Attributes.of(a);
    }

    /** The ids of the active jobs of the given schedules (a job of schedule S is named {@code S:job-N}), sorted. */
    private static List<String> activeJobs(List<Map<String, Object>> members, List<Map<String, Object>> jobs) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> job : jobs) {
            String id = String.valueOf(job.get("id"));
            for (Map<String, Object> member : members) {
                if (id.toLowerCase(Locale.ROOT).startsWith(String.valueOf(member.get("id")).toLowerCase(Locale.ROOT) + ":")) {
                    out.add(id);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * The job specification shown for the resource: the schedules share one, so they normally agree; when one was
     * changed outside batchform, the one that differs from most is shown, so that the change shows as drift.
     */
    private static Map<String, Object> representative(List<Map<String, Object>> members) {
        Map<String, Object> chosen = map(members.get(0).get("jobSpecification"));
        long fewest = Long.MAX_VALUE;
        for (Map<String, Object> member : members) {
            Object spec = member.get("jobSpecification");
            long same = members.stream().filter(m -> java.util.Objects.equals(m.get("jobSpecification"), spec)).count();
            if (same < fewest) {
                fewest = same;
                chosen = map(spec);
            }
        }
        return chosen;
    }

    private static Map<String, Object> scheduleOf(Map<String, Object> service) {
        Map<String, Object> schedule = map(service.get("schedule"));
        Map<String, Object> out = new TreeMap<>();
        for (String key : SCHEDULE_KEYS) {
            Object value = schedule.get(key);
            if (value != null) {
                out.put(key, key.startsWith("doNot") ? instant(value) : value);
            }
        }
        return out;
    }
}
