package io.batchform.spec;

import java.util.Map;

/**
 * A user-assigned managed identity ({@code userAssignedIdentities.<key>}, Microsoft.ManagedIdentity): pools name it
 * by key (or ARM id) in {@code identity.userAssignedIdentities} and in each {@code identityReference.resourceId}.
 */
public record UserAssignedIdentitySpec(String key, String name, String location, Map<String, String> tags,
                                       Lifecycle lifecycle) {
    public UserAssignedIdentitySpec {
        tags = Spec.sorted(tags);
    }
}
