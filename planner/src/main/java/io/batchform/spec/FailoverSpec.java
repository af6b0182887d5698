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
 */
public record FailoverSpec(String primary, List<String> secondaries, Mode mode, long warmNodes,
                           Map<String, Mode> poolModes, Map<String, Mode> accountModes, Map<String, Region> regions) {
    /** How a pool waits in a region that is not active. */
    public enum Mode {
        /** The account exists; its pools exist with no nodes. */
        COLD("cold"),
        /** Pools keep a few dedicated nodes, autoscale off, so the switch starts warm. */
        WARM("warm"),
        /** Both regions run the pools as the spec defines them; the switch moves the active region (the work). */
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
