package io.batchform.spec.validate;

import io.batchform.spec.Spec;
import io.batchform.spec.UserAssignedIdentitySpec;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One form for a user-assigned identity written either way the spec allows: a key of {@code userAssignedIdentities}
 * or an ARM id. An ARM id that names one of the spec's own identities (its resource group and name, and its
 * subscription when the spec names one) is that identity's key; any other ARM id is itself, in lower case (ARM ids
 * compare without case). So a pool that lists an identity by key and refers to it by ARM id, or the other way round,
 * compares equal, as the service sees it once the key is resolved.
 */
final class IdentityForms {
    private static final Pattern ID = Pattern.compile("/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/"
            + "Microsoft\\.ManagedIdentity/userAssignedIdentities/([^/]+)/?", Pattern.CASE_INSENSITIVE);

    private final Spec spec;

    IdentityForms(Spec spec) {
        this.spec = spec;
    }

    /** The canonical form of a written identity: a spec key, or a lower-case ARM id of an identity elsewhere. */
    String canonical(String written) {
        if (spec.userAssignedIdentities().containsKey(written)) {
            return written;
        }
        Matcher id = ID.matcher(written);
        if (id.matches() && spec.resourceGroup().name() != null
                && id.group(2).equalsIgnoreCase(spec.resourceGroup().name())
                && (spec.subscription() == null || spec.subscription().isBlank()
                || id.group(1).equalsIgnoreCase(spec.subscription()))) {
            for (Map.Entry<String, UserAssignedIdentitySpec> identity : spec.userAssignedIdentities().entrySet()) {
                String name = identity.getValue().name() != null ? identity.getValue().name() : identity.getKey();
                if (name.equalsIgnoreCase(id.group(3))) {
                    return identity.getKey();
                }
            }
        }
        return written.toLowerCase(Locale.ROOT);
    }
}
