package io.batchform.azure.resource;

import com.azure.core.exception.HttpResponseException;
import io.batchform.plan.AttributeChange;
import io.batchform.plan.Differ;
import io.batchform.provider.Attributes;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How an apply writes only what its plan read: each write the plan decided carries the entity tag the plan's refresh
 * recorded (the attribute {@code etag} of the change's {@code prior}, which a saved plan keeps in its {@code before}),
 * in {@code If-Match}, on the operations whose published document takes it; the service then refuses the write with
 * 412 when the resource changed after the plan was made, and the handler reports that as {@value #CODE}, never
 * retrying it. Read from Microsoft's OpenAPI documents (Azure/azure-rest-api-specs, Microsoft.Batch stable/2025-06-01
 * {@code BatchManagement.json} and Azure.Batch stable/2025-06-01 {@code BatchService.json}):
 * <ul>
 *   <li>{@code Pool_Update} (PATCH) takes {@code If-Match} ("the entity state (ETag) version of the pool to
 *       update"): sent with the plan's ETag;</li>
 *   <li>{@code Pool_Create} (PUT) takes {@code If-Match} and {@code If-None-Match} ("set to '*' to allow a new pool
 *       to be created, but to prevent updating an existing pool"): a create sends {@code If-None-Match: *}, so a pool
 *       someone made after the plan (which found none) is not overwritten;</li>
 *   <li>{@code Pool_Delete} takes neither. The handler reads the pool (Pool_Get) and compares its ETag with the
 *       plan's before the delete: a change made before that read is refused, one made between the read and the
 *       delete is not (the document offers nothing closer);</li>
 *   <li>{@code BatchAccount_Create}/{@code _Update}/{@code _Delete}, {@code Application_Create}/{@code _Update}/
 *       {@code _Delete} and {@code ApplicationPackage_Create}/{@code _Delete}/{@code _Activate} take none: those
 *       writes are unconditional (the document has no way to make them otherwise);</li>
 *   <li>certificates: Azure refuses every create now (they are retired) and {@code Certificate_Delete} takes no
 *       {@code If-Match}, so they are unconditional;</li>
 *   <li>the Batch data plane's job schedules: {@code JobSchedules_ReplaceJobSchedule} (PUT),
 *       {@code _UpdateJobSchedule} (PATCH), {@code _DeleteJobSchedule} and the {@code disable}, {@code enable} and
 *       {@code terminate} actions take {@code If-Match} (with {@code If-None-Match}, {@code If-Modified-Since} and
 *       {@code If-Unmodified-Since}); batchform PATCHes and DELETEs each service schedule with the ETag the plan read
 *       for it (it drives none of the actions). {@code JobSchedules_CreateJobSchedule} (POST) takes none, and the
 *       service answers 409 {@code JobScheduleExists} for an id that is taken, so a create cannot overwrite;</li>
 *   <li>storage accounts, virtual networks, subnets, identities and resource groups go through the typed SDK; their
 *       documents were not read for this, and their writes stay unconditional (a next step: Microsoft.Network's
 *       resources carry an {@code etag} too).</li>
 * </ul>
 * A plan without an ETag for a resource (a plan file saved before the refresh recorded one) writes it
 * unconditionally, as before.
 *
 * <p>An ETag is the service's, not the plan's: it moves with anything the service records of the resource, and
 * Microsoft's documents do not say which changes move it (a pool's autoscale run setting new targets, its nodes
 * leaving during a drain, a job schedule making a job at its run time may all do). So a write refused with 412, or a
 * delete whose ETag moved, reads the resource again and compares it with what the plan read, attribute by attribute,
 * as the plan compares drift ({@link Differ#drift}: the attributes the service sets on its own are not compared).
 * When nothing the plan showed has changed, the write is sent again on the new ETag (at most {@value #TRIES} writes
 * in all); when something has, it is refused, naming the attributes. A secret that a saved plan holds only hashed
 * is compared through its hash, salted as the plan says ({@code UpdateRequest.salt}).
 */
final class Preconditions {
    /** The code of the refusal: the resource changed in Azure after the plan was made. */
    static final String CODE = "ChangedSincePlan";
    /** At most this many conditional writes of one request: the ETag may move under it only this often. */
    static final int TRIES = 3;

    private Preconditions() {
    }

    /** The ETag the plan read for the resource, or null when it has none. */
    static String etag(Attributes prior) {
        String etag = prior == null ? null : prior.string("etag");
        return etag == null || etag.isEmpty() ? null : etag;
    }

    /** {@code If-Match: etag}, or no header when the plan read none. */
    static Map<String, String> ifMatch(String etag) {
        return etag == null ? Map.of() : Map.of("If-Match", etag);
    }

    /** {@code If-None-Match: *}: the write creates, and never replaces what someone else made. */
    static Map<String, String> ifNoneExists() {
        return Map.of("If-None-Match", "*");
    }

    /** Whether {@code e} is the service's 412: a condition sent with the request was not met. */
    static boolean failed(RuntimeException e) {
        return e instanceof HttpResponseException http && http.getResponse() != null
                && http.getResponse().getStatusCode() == 412;
    }

    /**
     * What the plan would show as changed between what the plan (or this apply's previous write) read, {@code then},
     * and the resource as it is {@code now}: nothing when its ETag moved only with what the service sets on its own.
     * {@code salt} is what the secrets in {@code then} are hashed with (a saved plan's: the state's lineage), null
     * when they are in clear.
     */
    static Comparison compare(ResourceSchema schema, Attributes then, Attributes now, String salt) {
        List<String> changed = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        for (AttributeChange change : Differ.drift(schema, then, now, salt)) {
            // A secret kept only hashed, without the salt to hash the value read now (or only redacted), cannot be
            // compared, so it cannot be said to be unchanged.
            boolean unreadable = change.sensitive() && (salt == null && Secrets.isHash(change.before())
                    || Secrets.REDACTED.equals(change.before()));
            (unreadable ? hidden : changed).add(change.path()); // drift names each path once
        }
        return new Comparison(List.copyOf(changed), List.copyOf(hidden));
    }

    /**
     * The outcome of {@link #compare}: the attributes that changed, in path order, and the secrets that could not be
     * compared because the plan holds them hashed.
     */
    record Comparison(List<String> changed, List<String> hidden) {
        static final Comparison UNKNOWN = new Comparison(List.of(), List.of());

        /** Whether nothing the plan shows changed, so the write may go on with the new ETag. */
        boolean unchanged() {
            return changed.isEmpty() && hidden.isEmpty();
        }

        /** The part of a refusal's message that says what changed: empty when nothing is known. */
        String describe() {
            List<String> parts = new ArrayList<>(changed);
            if (!hidden.isEmpty()) {
                parts.add("secrets the plan holds only hashed, which cannot be compared: " + String.join(", ", hidden));
            }
            return parts.isEmpty() ? "" : String.join(", ", parts) + "; ";
        }
    }

    /**
     * The refusal of a write because the resource changed after the plan (the diagnostic names the resource): what
     * changed ({@code what}, when known), which ETag the plan read and which it has now ({@code now} null when it
     * could not be read), and what this apply had written to it before ({@code done}, null when nothing).
     */
    static ResourceFailure changed(Comparison what, String then, String now, String done) {
        return new ResourceFailure(CODE, "changed in Azure after the plan was made (" + what.describe() + "ETag "
                + then + " then, "
                + (now == null ? "unknown" : now) + " now): " + (done == null ? "nothing was written to it" : done)
                + "; run plan again");
    }

    /** The refusal of a create: someone made the resource after the plan found none. */
    static ResourceFailure madeSincePlan(String now) {
        return new ResourceFailure(CODE, "made in Azure after the plan was made, which found none"
                + (now == null ? "" : " (ETag " + now + " now)") + ": nothing was written to it; run plan again");
    }
}
