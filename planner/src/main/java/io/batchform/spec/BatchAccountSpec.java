package io.batchform.spec;

import java.util.List;
import java.util.Map;

/** A Batch account ({@code batchAccounts.<key>}), with the quotas the spec expects it to have. */
public record BatchAccountSpec(String key, String name, String location, String poolAllocationMode,
                               KeyVaultReference keyVaultReference, AutoStorage autoStorage,
                               String publicNetworkAccess, Map<String, Object> networkProfile, Identity identity,
                               List<String> allowedAuthenticationModes, Map<String, String> tags, Quotas quotas,
                               Lifecycle lifecycle) {
    /**
     * {@code networkProfile} (account access and node management access rules) is kept as the plain tree the schema
     * checked and goes to Azure as written; empty when not given.
     */
    public BatchAccountSpec {
        networkProfile = Spec.sorted(networkProfile);
        allowedAuthenticationModes = List.copyOf(allowedAuthenticationModes);
        tags = Spec.sorted(tags);
    }

    /** Whether low-priority nodes are the retired Batch-managed kind (the default allocation mode). */
    public boolean batchServiceMode() {
        return poolAllocationMode == null || poolAllocationMode.equals("BatchService");
    }

    public record KeyVaultReference(String id, String url) {
    }

    /** The auto-storage account: a storage account key of this spec, or an ARM id. */
    public record AutoStorage(String storageAccount, String authenticationMode) {
    }

    public record Identity(String type, List<String> userAssignedIdentities) {
        public Identity {
            userAssignedIdentities = List.copyOf(userAssignedIdentities);
        }
    }

    /** What the spec needs from the account (spec-only, checked at plan time); null = not stated. */
    public record Quotas(Long dedicatedCores, Long lowPriorityCores, Map<String, Long> vmFamilyCores, Long pools,
                         Long activeJobs) {
        public Quotas {
            vmFamilyCores = Spec.sorted(vmFamilyCores);
        }
    }
}
