package io.batchform.spec.convert;

import io.batchform.address.Address;
import io.batchform.plan.DesiredResource;
import io.batchform.source.Diagnostic;
import io.batchform.source.Region;
import io.batchform.source.SourceSpan;
import io.batchform.spec.BatchAccountSpec;
import io.batchform.spec.FailoverSpec;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.SourceMap;
import io.batchform.spec.Spec;
import io.batchform.spec.StorageAccountSpec;
import io.batchform.spec.VirtualNetworkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A spec with {@code failover:} becomes one set of resources per region. The primary region keeps the spec's
 * addresses; another region's resources are addressed with the region after their key ({@code pool.render-northeurope},
 * {@code subnet.main-northeurope.pools}), live in their own resource group, and carry the region's overrides. The active
 * region's pools run as defined; the others wait as their standby mode says (cold: no nodes; warm: a few dedicated
 * nodes, autoscale off). Active-active pools run in every region by its weight of the work
 * ({@link FailoverSpec#weightsWith}): fixed targets split by weight, formulas as defined, the warm shape at no weight.
 */
public final class Regions {
    private Regions() {
    }

    /** The desired resources of every region, and the region of each address. */
    public record Expanded(DesiredState desired, Map<Address, String> regionOf, String activeRegion) {
        /** The addresses of one region. */
        public Set<Address> in(String region) {
            Set<Address> out = new TreeSet<>();
            regionOf.forEach((address, r) -> {
                if (r.equals(region)) {
                    out.add(address);
                }
            });
            return out;
        }
    }

    /**
     * Converts a valid spec. Without {@code failover:} this is {@link SpecToDesired#convert}; with it, every region
     * is converted, {@code activeRegion} (null: the primary) running the pools as defined.
     */
    public static Expanded convert(Spec spec, SourceMap sources, Map<String, String> env, String activeRegion) {
        String home = Region.canonical(spec.resourceGroup().location());
        if (spec.failover() == null) {
            DesiredState desired = SpecToDesired.convert(spec, sources, env);
            Map<Address, String> regions = new TreeMap<>();
            desired.resources().forEach(r -> regions.put(r.address(), home));
            return new Expanded(desired, regions, null);
        }
        FailoverSpec failover = spec.failover();
        String primary = Region.canonical(failover.primary());
        String active = activeRegion == null ? primary : Region.canonical(activeRegion);
        List<DesiredResource> resources = new ArrayList<>();
        Map<Address, SourceSpan> locations = new TreeMap<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<Address, String> regionOf = new TreeMap<>();
        String subscription = null;
        for (String region : failover.allRegions().stream().map(Region::canonical).toList()) {
            boolean isPrimary = region.equals(primary);
            Spec regional = regional(spec, failover, region, isPrimary, region.equals(active), active);
            DesiredState desired = SpecToDesired.convert(regional, sources, env);
            subscription = desired.subscription();
            String suffix = isPrimary ? "" : "-" + region;
            Map<String, String> storageNames = isPrimary ? Map.of() : storageNames(spec, regional);
            for (DesiredResource r : desired.resources()) {
                Address address = rename(r.address(), suffix);
                Set<Address> deps = new TreeSet<>();
                r.dependsOn().forEach(d -> deps.add(rename(d, suffix)));
                // A standby pool reads the region's own storage, not the primary's: it must work without it.
                io.batchform.provider.Attributes config = r.address().type() == io.batchform.address.ResourceType.POOL
                        ? RegionalReferences.regionalise(r.config(), storageNames) : r.config();
                resources.add(new DesiredResource(address, r.id(), config, deps, r.protect(), r.ignoreChanges(),
                        r.updateStrategy()));
                regionOf.put(address, region);
                SourceSpan at = desired.locations().get(r.address());
                if (at != null) {
                    locations.put(address, at);
                }
            }
            if (isPrimary) {
                diagnostics.addAll(desired.diagnostics());
            }
        }
        return new Expanded(new DesiredState(subscription, resources, locations, diagnostics), regionOf, active);
    }

    /** Per storage account of the spec, its name in the primary region and its name in {@code regional}'s. */
    private static Map<String, String> storageNames(Spec primary, Spec regional) {
        Map<String, String> names = new TreeMap<>();
        primary.storageAccounts().forEach((key, s) -> {
            StorageAccountSpec there = regional.storageAccounts().get(key);
            if (there != null) {
                names.put(s.name() != null ? s.name() : key, there.name() != null ? there.name() : key);
            }
        });
        return names;
    }

    /** The names of the spec's storage accounts in {@code region} (the primary's names in the primary). */
    public static Set<String> storageAccountNames(Spec spec, String region) {
        Set<String> names = new TreeSet<>();
        Spec in = spec.failover() == null || Region.same(region, spec.failover().primary()) ? spec
                : regionalSpec(spec, region, region);
        in.storageAccounts().forEach((key, s) -> names.add((s.name() != null ? s.name() : key)
                .toLowerCase(java.util.Locale.ROOT)));
        return names;
    }

    /** What a region's addresses carry after their first name segment: nothing for the primary, else {@code -REGION}. */
    public static String suffix(FailoverSpec failover, String region) {
        return failover == null || Region.same(region, failover.primary()) ? "" : "-" + Region.canonical(region);
    }

    private static Address rename(Address address, String suffix) {
        if (suffix.isEmpty()) {
            return address;
        }
        List<String> names = new ArrayList<>(address.names());
        names.set(0, names.get(0) + suffix);
        return new Address(address.type(), names);
    }

    /** The spec as it is in {@code region} when {@code active} is the active region (for quota checks there). */
    public static Spec regionalSpec(Spec spec, String region, String active) {
        String r = Region.canonical(region);
        return regional(spec, spec.failover(), r, r.equals(Region.canonical(spec.failover().primary())),
                r.equals(Region.canonical(active)), Region.canonical(active));
    }

    /** The spec as it is in one region. */
    private static Spec regional(Spec spec, FailoverSpec failover, String region, boolean primary, boolean active,
                                 String activeRegion) {
        FailoverSpec.Region overrides = failover.region(region);
        Spec.ResourceGroupSpec group = spec.resourceGroup();
        Spec.ResourceGroupSpec rg = primary ? group : new Spec.ResourceGroupSpec(overrides.resourceGroup() != null
                ? overrides.resourceGroup() : group.name() + "-" + region, region, group.tags(), group.lifecycle());
        Map<String, StorageAccountSpec> storage = new LinkedHashMap<>();
        spec.storageAccounts().forEach((key, s) -> storage.put(key, primary ? s : new StorageAccountSpec(key,
                name(overrides, "storageAccounts." + key, s.name() != null ? s.name() : key, region, true), region,
                s.sku(), s.kind(), s.accessTier(), s.allowBlobPublicAccess(), s.minimumTlsVersion(), s.tags(),
                s.lifecycle())));
        Map<String, VirtualNetworkSpec> networks = new LinkedHashMap<>();
        spec.virtualNetworks().forEach((key, n) -> {
            if (primary) {
                networks.put(key, n);
                return;
            }
            FailoverSpec.Network net = overrides.virtualNetworks().get(key);
            Map<String, VirtualNetworkSpec.SubnetSpec> subnets = new LinkedHashMap<>();
            n.subnets().forEach((k, sub) -> subnets.put(k, new VirtualNetworkSpec.SubnetSpec(k, sub.name(),
                    net != null && net.subnets().containsKey(k) ? net.subnets().get(k) : sub.addressPrefix(),
                    sub.serviceEndpoints(), sub.lifecycle())));
            networks.put(key, new VirtualNetworkSpec(key, n.name(), region, net != null ? net.addressSpace()
                    : n.addressSpace(), subnets, n.tags(), n.lifecycle()));
        });
        Map<String, BatchAccountSpec> accounts = new LinkedHashMap<>();
        spec.batchAccounts().forEach((key, b) -> accounts.put(key, primary ? b : new BatchAccountSpec(key,
                name(overrides, "batchAccounts." + key, b.name() != null ? b.name() : key, region, true), region,
                b.poolAllocationMode(), b.keyVaultReference(), b.autoStorage(), b.publicNetworkAccess(), b.settings(),
                b.identity(),
                b.allowedAuthenticationModes(), b.tags(), b.quotas(), b.lifecycle())));
        Map<String, PoolSpec> pools = new LinkedHashMap<>();
        long weight = failover.weightsWith(activeRegion).getOrDefault(region, 0L);
        spec.pools().forEach((key, p) -> {
            String vmSize = overrides.poolVmSizes().getOrDefault(key, p.vmSize());
            FailoverSpec.Mode mode = failover.modeOf(key, p.account());
            if (mode == FailoverSpec.Mode.ACTIVE_ACTIVE) {
                pools.put(key, weight == 0 ? pool(p, vmSize, FailoverSpec.Mode.WARM, failover.warmNodes())
                        : share(pool(p, vmSize, null, failover.warmNodes()), weight));
            } else {
                pools.put(key, pool(p, vmSize, active ? null : mode, failover.warmNodes()));
            }
        });
        return new Spec(spec.subscription(), rg, storage, networks,
                spec.userAssignedIdentities(), accounts, pools, spec.certificates(),
                spec.applications(), failover, spec.moved());
    }

    /** A pool with its VM size for the region and, when it waits in standby, the standby scale. */
    private static PoolSpec pool(PoolSpec p, String vmSize, FailoverSpec.Mode standby, long warmNodes) {
        PoolSpec.FixedScale fixed = p.fixedScale();
        PoolSpec.AutoScale auto = p.autoScale();
        if (standby == FailoverSpec.Mode.COLD || standby == FailoverSpec.Mode.WARM) {
            long nodes = standby == FailoverSpec.Mode.WARM ? warmNodes : 0;
            fixed = new PoolSpec.FixedScale(nodes, 0L, fixed == null ? null : fixed.resizeTimeout(),
                    fixed == null ? "TaskCompletion" : fixed.nodeDeallocationOption());
            auto = null;
        }
        return new PoolSpec(p.key(), p.name(), p.account(), p.displayName(), vmSize, p.image(), p.nodeAgentSkuId(),
                fixed, auto, p.taskSlotsPerNode(), p.nodeFillType(), p.jobDefaultOrder(), p.subnet(),
                p.publicIPAddressConfiguration(),
                p.interNodeCommunication(), p.startTask(), p.containerConfiguration(), p.applicationPackages(),
                p.certificates(), p.userAccounts(), p.mountConfiguration(), p.metadata(), p.settings(), p.maxNodes(),
                p.updateStrategy(), p.lifecycle());
    }

    /** An active-active pool serving {@code weight} percent of the work: its fixed targets times the weight, rounded up. */
    private static PoolSpec share(PoolSpec p, long weight) {
        PoolSpec.FixedScale fixed = p.fixedScale();
        if (fixed == null || weight >= 100) {
            return p; // a formula follows the work routed to its region
        }
        fixed = new PoolSpec.FixedScale(part(fixed.targetDedicatedNodes(), weight), part(fixed.targetLowPriorityNodes(),
                weight), fixed.resizeTimeout(), fixed.nodeDeallocationOption());
        return new PoolSpec(p.key(), p.name(), p.account(), p.displayName(), p.vmSize(), p.image(), p.nodeAgentSkuId(),
                fixed, p.autoScale(), p.taskSlotsPerNode(), p.nodeFillType(), p.jobDefaultOrder(), p.subnet(),
                p.publicIPAddressConfiguration(),
                p.interNodeCommunication(), p.startTask(), p.containerConfiguration(), p.applicationPackages(),
                p.certificates(), p.userAccounts(), p.mountConfiguration(), p.metadata(), p.settings(), p.maxNodes(),
                p.updateStrategy(), p.lifecycle());
    }

    private static Long part(Long nodes, long weight) {
        return nodes == null ? null : (nodes * weight + 99) / 100;
    }

    /**
     * An account's name in another region: the override, else the name with the region after it, shortened to
     * Azure's 24 characters (storage and Batch account names are global, lowercase letters and digits).
     */
    static String name(FailoverSpec.Region overrides, String key, String base, String region, boolean global) {
        String override = overrides.names().get(key);
        if (override != null) {
            return override;
        }
        if (!global) {
            return base;
        }
        String suffix = region.replaceAll("[^a-z0-9]", "");
        int keep = Math.max(3, 24 - suffix.length());
        String shortened = base.length() > keep ? base.substring(0, keep) : base;
        String name = shortened + suffix;
        return name.length() > 24 ? name.substring(0, 24) : name;
    }
}
