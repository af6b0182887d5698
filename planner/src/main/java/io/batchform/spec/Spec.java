package io.batchform.spec;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A whole spec after loading: variables resolved, formula files read, one file or several merged. Resources are
 * keyed by their spec key, sorted, so iteration order never depends on how the YAML was written. Values the user did
 * not set are null (the service's default applies); lists and maps are empty.
 */
public record Spec(String subscription, ResourceGroupSpec resourceGroup,
                   Map<String, StorageAccountSpec> storageAccounts,
                   Map<String, VirtualNetworkSpec> virtualNetworks,
                   Map<String, UserAssignedIdentitySpec> userAssignedIdentities,
                   Map<String, BatchAccountSpec> batchAccounts,
                   Map<String, PoolSpec> pools,
                   Map<String, CertificateSpec> certificates,
                   Map<String, ApplicationSpec> applications,
                   FailoverSpec failover,
                   List<Moved> moved,
                   Map<String, JobScheduleSpec> jobSchedules) {
    /** A {@code moved:} entry: the state's resource at {@code from} is the spec's {@code to} (addresses as written). */
    public record Moved(String from, String to) {
    }

    /** Without job schedules. */
    public Spec(String subscription, ResourceGroupSpec resourceGroup, Map<String, StorageAccountSpec> storageAccounts,
                Map<String, VirtualNetworkSpec> virtualNetworks,
                Map<String, UserAssignedIdentitySpec> userAssignedIdentities,
                Map<String, BatchAccountSpec> batchAccounts, Map<String, PoolSpec> pools,
                Map<String, CertificateSpec> certificates, Map<String, ApplicationSpec> applications,
                FailoverSpec failover, List<Moved> moved) {
        this(subscription, resourceGroup, storageAccounts, virtualNetworks, userAssignedIdentities, batchAccounts,
                pools, certificates, applications, failover, moved, Map.of());
    }

    public Spec(String subscription, ResourceGroupSpec resourceGroup, Map<String, StorageAccountSpec> storageAccounts,
                Map<String, VirtualNetworkSpec> virtualNetworks, Map<String, BatchAccountSpec> batchAccounts,
                Map<String, PoolSpec> pools, Map<String, CertificateSpec> certificates,
                Map<String, ApplicationSpec> applications, FailoverSpec failover) {
        this(subscription, resourceGroup, storageAccounts, virtualNetworks, Map.of(), batchAccounts, pools,
                certificates, applications, failover, List.of());
    }

    public Spec(String subscription, ResourceGroupSpec resourceGroup, Map<String, StorageAccountSpec> storageAccounts,
                Map<String, VirtualNetworkSpec> virtualNetworks, Map<String, BatchAccountSpec> batchAccounts,
                Map<String, PoolSpec> pools, Map<String, CertificateSpec> certificates,
                Map<String, ApplicationSpec> applications) {
        this(subscription, resourceGroup, storageAccounts, virtualNetworks, batchAccounts, pools, certificates,
                applications, null);
    }

    public Spec {
        Objects.requireNonNull(resourceGroup, "resourceGroup");
        storageAccounts = sorted(storageAccounts);
        virtualNetworks = sorted(virtualNetworks);
        userAssignedIdentities = sorted(userAssignedIdentities);
        batchAccounts = sorted(batchAccounts);
        pools = sorted(pools);
        certificates = sorted(certificates);
        applications = sorted(applications);
        moved = List.copyOf(moved);
        jobSchedules = sorted(jobSchedules);
    }

    static <V> SortedMap<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    /** The resource group every resource lives in, and the default location. */
    public record ResourceGroupSpec(String name, String location, Map<String, String> tags, Lifecycle lifecycle) {
        public ResourceGroupSpec {
            tags = sorted(tags);
        }
    }
}
