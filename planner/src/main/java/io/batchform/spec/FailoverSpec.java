package io.batchform.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The spec's {@code failover:} block: the regions (the primary, then the others), how standby pools are kept (per
 * pool, else per account, else the default), and per-region values that override the shared definition.
 *
 * @param mode      the default standby mode
 * @param warmNodes the dedicated nodes a warm standby pool keeps
 * @param weights   for active-active pools: the percentage of the work each region (normalised name) serves while the
 *                  primary is active; empty means equal shares
 * @param maxDrillAge how old the last successful drill to each standby region may be before {@code failover check}
 *                  fails; null when the spec does not ask
 */
public record FailoverSpec(String primary, List<String> secondaries, Mode mode, long warmNodes,
                           Map<String, Mode> poolModes, Map<String, Mode> accountModes, Map<String, Region> regions,
                           Map<String, Long> weights, java.time.Duration maxDrillAge) {
    /** A failover block without a drill age. */
    public FailoverSpec(String primary, List<String> secondaries, Mode mode, long warmNodes,
                        Map<String, Mode> poolModes, Map<String, Mode> accountModes, Map<String, Region> regions,
                        Map<String, Long> weights) {
        this(primary, secondaries, mode, warmNodes, poolModes, accountModes, regions, weights, null);
    }

    /** How a pool waits in a region that is not active. */
    public enum Mode {
        /** The account exists; its pools exist with no nodes. */
        COLD("cold"),
        /** Pools keep a few dedicated nodes, autoscale off, so the switch starts warm. */
        WARM("warm"),
        /**
         * Every region serves its weight of the work: a fixed target is split by weight (rounded up), a formula runs
         * in every region that has weight (it follows the work routed there); a region left with no weight keeps the
         * warm shape. A switchover moves the weight: see {@link FailoverSpec#weightsWith}.
         */
        ACTIVE_ACTIVE("active-active");

        private final String text;

        Mode(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static java.util.Optional<Mode> of(String text) {
            for (Mode mode : values()) {
                if (mode.text.equals(text)) {
                    return java.util.Optional.of(mode);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * Values for one region: its resource group (default {@code <group>-<region>}), Azure names by
     * {@code section.key} ({@code batchAccounts.main}), networks (address space and subnet prefixes) and pool VM sizes.
     */
    public record Region(String resourceGroup, Map<String, String> names, Map<String, Network> virtualNetworks,
                         Map<String, String> poolVmSizes) {
        public Region {
            names = Spec.sorted(names);
            virtualNetworks = Spec.sorted(virtualNetworks);
            poolVmSizes = Spec.sorted(poolVmSizes);
        }

        public static final Region NONE = new Region(null, Map.of(), Map.of(), Map.of());
    }

    /** A network's address space and subnet prefixes (by subnet key) in one region. */
    public record Network(List<String> addressSpace, Map<String, String> subnets) {
        public Network {
            addressSpace = List.copyOf(addressSpace);
            subnets = Spec.sorted(subnets);
        }
    }

    public FailoverSpec {
        secondaries = List.copyOf(secondaries);
        poolModes = Spec.sorted(poolModes);
        accountModes = Spec.sorted(accountModes);
        regions = Spec.sorted(regions);
        weights = Spec.sorted(weights);
    }

    /**
     * The percentage of the work each region serves when {@code active} is the active region: while the primary is
     * active, the declared weights (or equal shares); while another region is active, it also takes the primary's
     * share and the primary serves nothing. In the order of {@link #allRegions()}.
     */
    public Map<String, Long> weightsWith(String active) {
        List<String> all = allRegions().stream().map(io.batchform.source.Region::canonical).toList();
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        long share = 100 / all.size();
        for (int i = 0; i < all.size(); i++) {
            long equal = share + (i < 100 % all.size() ? 1 : 0);
            out.put(all.get(i), weights.isEmpty() ? equal : weights.getOrDefault(all.get(i), 0L));
        }
        String home = io.batchform.source.Region.canonical(primary);
        String now = active == null ? home : io.batchform.source.Region.canonical(active);
        if (!now.equals(home) && out.containsKey(now)) {
            out.put(now, out.get(now) + out.get(home));
            out.put(home, 0L);
        }
        return out;
    }

    /** Every region, the primary first. */
    public List<String> allRegions() {
        List<String> all = new ArrayList<>();
        all.add(primary);
        all.addAll(secondaries);
        return all;
    }

    /** The mode of a pool: its own, else its account's, else the default. */
    public Mode modeOf(String poolKey, String accountKey) {
        return poolModes.getOrDefault(poolKey, accountModes.getOrDefault(accountKey, mode));
    }

    public Region region(String name) {
        return regions.getOrDefault(name, Region.NONE);
    }
}
