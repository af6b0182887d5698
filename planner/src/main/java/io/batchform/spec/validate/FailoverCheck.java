package io.batchform.spec.validate;

import io.batchform.catalog.VmSizeCatalog;
import io.batchform.source.Diagnostic;
import io.batchform.source.Region;
import io.batchform.source.Suggestions;
import io.batchform.spec.Spec;
import io.batchform.spec.VirtualNetworkSpec;
import io.batchform.spec.rules.AzureRegions;
import io.batchform.spec.yaml.Scalars;
import io.batchform.spec.yaml.YNode.ScalarKind;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import io.batchform.spec.yaml.YNode.YSeq;
import io.batchform.spec.yaml.YNode;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The references in {@code failover:}, checked as written: each region listed once, weights and per-region overrides
 * naming the failover's own regions and adding up to 100, and pools, accounts, networks and subnets that the spec
 * declares, with VM sizes the catalog knows.
 */
final class FailoverCheck {
    private final Spec spec;
    private final List<Diagnostic> diagnostics;

    private FailoverCheck(Spec spec, List<Diagnostic> diagnostics) {
        this.spec = spec;
        this.diagnostics = diagnostics;
    }

    /** Adds a diagnostic for every broken reference in the {@code failover:} map of the spec. */
    static void check(YMap failover, Spec spec, List<Diagnostic> diagnostics) {
        new FailoverCheck(spec, diagnostics).run(failover);
    }

    private void run(YMap m) {
        Set<String> storageKeys = spec.storageAccounts().keySet();
        Map<String, VirtualNetworkSpec> networks = spec.virtualNetworks();
        Set<String> accountKeys = spec.batchAccounts().keySet();
        Set<String> poolKeys = spec.pools().keySet();
        String primary = str(m, "primary");
        Set<String> regions = new TreeSet<>();
        if (primary != null) {
            regions.add(Region.canonical(primary));
            m.get("primary").filter(YScalar.class::isInstance).map(YScalar.class::cast).ifPresent(s ->
                    AzureRegions.problem(s.value()).ifPresent(problem -> error(s, "failover: " + problem)));
        }
        for (String key : List.of("secondary", "more")) {
            m.get(key).ifPresent(n -> {
                List<YScalar> scalars = n instanceof YScalar s ? List.of(s) : n instanceof YSeq seq
                        ? seq.items().stream().filter(YScalar.class::isInstance).map(YScalar.class::cast).toList() : List.of();
                for (YScalar s : scalars) {
                    AzureRegions.problem(s.value()).ifPresent(problem -> error(s, "failover: " + problem));
                    if (!regions.add(Region.canonical(s.value()))) {
                        error(s, "failover: region '" + s.value() + "' is listed twice; each region is kept once");
                    }
                }
            });
        }
        m.get("maxDrillAge").filter(YScalar.class::isInstance).map(YScalar.class::cast).ifPresent(s -> {
            var age = io.batchform.source.Durations.parse(s.value());
            if (age.isEmpty()) {
                error(s, "failover.maxDrillAge: '" + s.value() + "' is not a duration: write an ISO-8601 duration such "
                        + "as P30D, or 30d");
            } else if (age.get().isNegative() || age.get().isZero()) {
                error(s, "failover.maxDrillAge: " + s.value() + " is no time at all; give how old the last successful "
                        + "drill may be, e.g. P30D");
            }
        });
        checkKeys(map(m, "pools"), poolKeys, "pool");
        checkKeys(map(m, "batchAccounts"), accountKeys, "Batch account");
        YMap weights = map(m, "weights");
        if (weights != null && !weights.entries().isEmpty()) {
            long sum = 0;
            boolean numbers = true;
            for (YNode.Entry e : weights.entries()) {
                if (!regions.contains(Region.canonical(e.key().value()))) {
                    error(e.key(), "failover.weights: '" + e.key().value() + "' is not one of the failover regions "
                            + regions + Suggestions.suffix(e.key().value(), regions));
                }
                OptionalLong w = e.value() instanceof YScalar v ? Scalars.integer(v) : OptionalLong.empty();
                numbers &= w.isPresent();
                sum += w.orElse(0);
            }
            if (numbers && sum != 100) {
                error(weights.entries().get(0).key(), "failover.weights: the weights are percentages of the work and "
                        + "add up to " + sum + ", not 100");
            }
        }
        YMap perRegion = map(m, "regions");
        if (perRegion == null) {
            return;
        }
        for (YNode.Entry e : perRegion.entries()) {
            if (!regions.contains(Region.canonical(e.key().value()))) {
                error(e.key(), "failover.regions: '" + e.key().value() + "' is not one of the failover regions "
                        + regions + Suggestions.suffix(e.key().value(), regions));
            }
            if (!(e.value() instanceof YMap r)) {
                continue;
            }
            checkKeys(map(r, "pools"), poolKeys, "pool");
            YMap regionPools = map(r, "pools");
            if (regionPools != null) {
                VmSizeCatalog catalog = VmSizeCatalog.shipped();
                for (YNode.Entry p : regionPools.entries()) {
                    if (p.value() instanceof YMap pool && pool.get("vmSize").orElse(null) instanceof YScalar size
                            && catalog.find(size.value()).isEmpty()) {
                        error(size, "failover.regions." + e.key().value() + ".pools." + p.key().value()
                                + ": unknown VM size '" + size.value() + "'" + Suggestions.suffix(size.value(),
                                catalog.names()));
                    }
                }
            }
            YMap nets = map(r, "virtualNetworks");
            if (nets != null) {
                checkKeys(nets, networks.keySet(), "virtual network");
                for (YNode.Entry n : nets.entries()) {
                    if (networks.containsKey(n.key().value()) && n.value() instanceof YMap net) {
                        checkKeys(map(net, "subnets"), networks.get(n.key().value()).subnets().keySet(), "subnet");
                    }
                }
            }
            YMap names = map(r, "names");
            if (names != null) {
                Set<String> named = new TreeSet<>();
                storageKeys.forEach(k -> named.add("storageAccounts." + k));
                accountKeys.forEach(k -> named.add("batchAccounts." + k));
                checkKeys(names, named, "account (storageAccounts.KEY or batchAccounts.KEY)");
            }
        }
    }

    private void checkKeys(YMap m, Set<String> known, String what) {
        if (m == null) {
            return;
        }
        for (YNode.Entry e : m.entries()) {
            if (!known.contains(e.key().value())) {
                error(e.key(), "failover: no " + what + " '" + e.key().value() + "' in the spec"
                        + Suggestions.suffix(e.key().value(), known));
            }
        }
    }


    private static String str(YMap m, String key) {
        return m.get(key).map(n -> n instanceof YScalar s && s.kind() == ScalarKind.STRING ? s.value() : null)
                .orElse(null);
    }

    private static YMap map(YMap m, String key) {
        return m.get(key).filter(YMap.class::isInstance).map(YMap.class::cast).orElse(null);
    }

    private void error(YScalar at, String message) {
        diagnostics.add(Diagnostic.error(at.position(), message));
    }
}
