package io.batchform.spec;

import java.util.List;
import java.util.Map;

/** A Batch account ({@code batchAccounts.<key>}), with the quotas the spec expects it to have. */
public record BatchAccountSpec(String key, String name, String location, String poolAllocationMode,
                               KeyVaultReference keyVaultReference, AutoStorage autoStorage,
                               String publicNetworkAccess, Map<String, Object> settings, Identity identity,
                               List<String> allowedAuthenticationModes, Map<String, String> tags, Quotas quotas,
                               Lifecycle lifecycle) {
    /**
     * The keys of {@link #settings()}: properties of Microsoft.Batch 2025-06-01 that go to Azure as written (network
     * rules, customer-managed keys), kept as the plain trees the schema checked.
     */
    public static final List<String> SETTINGS = List.of("networkProfile", "encryption");

    public BatchAccountSpec {
        settings = Spec.sorted(settings);
        allowedAuthenticationModes = List.copyOf(allowedAuthenticationModes);
        tags = Spec.sorted(tags);
    }

    /** Whether low-priority nodes are the retired Batch-managed kind (the default allocation mode). */
    public boolean batchServiceMode() {
        return poolAllocationMode == null || poolAllocationMode.equals("BatchService");
    }

    public record KeyVaultReference(String id, String url) {
    }

    /**
     * The auto-storage account: a storage account key of this spec, or an ARM id; {@code nodeIdentityReference} is
     * the user-assigned identity (key or ARM id) nodes reach it with.
     */
    public record AutoStorage(String storageAccount, String authenticationMode, String nodeIdentityReference) {
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
