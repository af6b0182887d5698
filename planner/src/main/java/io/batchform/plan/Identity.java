package io.batchform.plan;

import io.batchform.address.Address;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a recorded id can be the id of the resource at an address: an Azure id must name a resource of the
 * address's type. A state entry that fails (a hand-edited state) is refused, never refreshed or deleted blindly.
 * Ids that are not Azure ids (a test provider's) are not judged.
 */
final class Identity {
    private static final String SEGMENT = "[^/]+";
    private static final String GROUP = "/subscriptions/" + SEGMENT + "/resourcegroups/" + SEGMENT;
    private static final String BATCH = GROUP + "/providers/microsoft\\.batch/batchaccounts/" + SEGMENT;

    private Identity() {
    }

    /** Why {@code id} cannot be the id of {@code address}; empty when it can. */
    static Optional<String> mismatch(Address address, String id) {
        if (!id.regionMatches(true, 0, "/subscriptions/", 0, "/subscriptions/".length())) {
            return Optional.empty();
        }
        String shape = switch (address.type()) {
            case RESOURCE_GROUP -> GROUP;
            case STORAGE_ACCOUNT -> GROUP + "/providers/microsoft\\.storage/storageaccounts/" + SEGMENT;
            case VIRTUAL_NETWORK -> GROUP + "/providers/microsoft\\.network/virtualnetworks/" + SEGMENT;
            case SUBNET -> GROUP + "/providers/microsoft\\.network/virtualnetworks/" + SEGMENT + "/subnets/" + SEGMENT;
            case USER_ASSIGNED_IDENTITY -> GROUP + "/providers/microsoft\\.managedidentity/userassignedidentities/"
                    + SEGMENT;
            case BATCH_ACCOUNT -> BATCH;
            case APPLICATION -> BATCH + "/applications/" + SEGMENT;
            case APPLICATION_PACKAGE -> BATCH + "/applications/" + SEGMENT + "/versions/" + SEGMENT;
            case CERTIFICATE -> BATCH + "/certificates/" + SEGMENT;
            case POOL -> BATCH + "/pools/" + SEGMENT;
            // Not an ARM resource: the Batch data plane has no ARM id, so batchform names a job schedule under its account.
            case JOB_SCHEDULE -> BATCH + "/jobschedules/" + SEGMENT;
        };
        String trimmed = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
        if (Pattern.matches(shape, trimmed.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of("the state records the id " + id + ", which is not the id of a "
                + address.type().typeName() + " (was the state edited by hand?); batchform will not refresh, change "
                + "or delete it. Remove the entry with batchform state rm " + address + ", then import the resource");
    }
}
