package io.batchform.emulator;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What each region offers and allows for VMs, as the emulator answers it: the VM sizes Batch supports there
 * ({@code Microsoft.Batch/locations/{location}/virtualMachineSkus}) and the subscription's Compute vCPU quotas
 * ({@code Microsoft.Compute/locations/{location}/usages}), which the pools of UserSubscription accounts draw on.
 * A region not configured gets the defaults: every size of the catalog except the B-series (the catalog has no
 * per-region column; its sources list Batch-supported sizes for Azure as a whole, and B-series sizes are never in
 * Batch's list, see SOURCES.md), and {@link ArmEmulator.ComputeQuota#DEFAULT}. Region names compare as
 * {@code io.batchform.source.Region#canonical} spells them. Immutable.
 */
record RegionalCompute(ArmEmulator.ComputeQuota defaultQuota, Map<String, ArmEmulator.ComputeQuota> quotas,
                       Map<String, Set<String>> sizes) {
    RegionalCompute {
        quotas = Map.copyOf(quotas);
        sizes = Map.copyOf(sizes);
    }

    static final RegionalCompute DEFAULT = new RegionalCompute(ArmEmulator.ComputeQuota.DEFAULT, Map.of(), Map.of());

    ArmEmulator.ComputeQuota quota(String region) {
        return quotas.getOrDefault(key(region), defaultQuota);
    }

    /** The sizes configured for a region (lower case), or empty: the catalog's default list. */
    Optional<Set<String>> offered(String region) {
        return Optional.ofNullable(sizes.get(key(region)));
    }

    RegionalCompute withDefault(ArmEmulator.ComputeQuota quota) {
        return new RegionalCompute(quota, quotas, sizes);
    }

    RegionalCompute withQuota(String region, ArmEmulator.ComputeQuota quota) {
        Map<String, ArmEmulator.ComputeQuota> all = new TreeMap<>(quotas);
        all.put(key(region), quota);
        return new RegionalCompute(defaultQuota, all, sizes);
    }

    RegionalCompute withSizes(String region, Collection<String> names) {
        Map<String, Set<String>> all = new TreeMap<>(sizes);
        Set<String> lower = new TreeSet<>();
        names.forEach(n -> lower.add(n.toLowerCase(Locale.ROOT)));
        all.put(key(region), Set.copyOf(lower));
        return new RegionalCompute(defaultQuota, quotas, all);
    }

    static String key(String region) {
        return io.batchform.source.Region.canonical(region);
    }
}
