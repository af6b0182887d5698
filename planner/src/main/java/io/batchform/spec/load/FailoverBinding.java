package io.batchform.spec.load;

import io.batchform.source.Region;
import io.batchform.spec.FailoverSpec;
import io.batchform.spec.yaml.Scalars;
import io.batchform.spec.yaml.YNode;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Binds the {@code failover:} section of a spec to a {@link FailoverSpec}, for {@link Binder}. */
final class FailoverBinding {
    private FailoverBinding() {
    }

    /** The {@code failover:} section as written; the validator checks what it refers to. */
    static FailoverSpec bind(YMap m) {
        List<String> secondaries = new ArrayList<>(Optional.ofNullable(Binder.str(m, "secondary")).stream().toList());
        secondaries.addAll(Binder.strings(m, "more"));
        FailoverSpec.Mode mode = FailoverSpec.Mode.of(Optional.ofNullable(Binder.str(m, "mode")).orElse("warm"))
                .orElse(FailoverSpec.Mode.WARM);
        Long warm = Binder.integer(m, "warmNodes");
        Map<String, FailoverSpec.Mode> poolModes = modes(Binder.map(m, "pools"));
        Map<String, FailoverSpec.Mode> accountModes = modes(Binder.map(m, "batchAccounts"));
        Map<String, FailoverSpec.Region> regions = new TreeMap<>();
        YMap regionMap = Binder.map(m, "regions");
        if (regionMap != null) {
            for (YNode.Entry e : regionMap.entries()) {
                if (!(e.value() instanceof YMap r)) {
                    continue;
                }
                Map<String, FailoverSpec.Network> networks = new TreeMap<>();
                YMap nets = Binder.map(r, "virtualNetworks");
                if (nets != null) {
                    for (YNode.Entry n : nets.entries()) {
                        if (n.value() instanceof YMap net) {
                            networks.put(n.key().value(), new FailoverSpec.Network(Binder.strings(net, "addressSpace"),
                                    Binder.texts(net, "subnets")));
                        }
                    }
                }
                Map<String, String> vmSizes = new TreeMap<>();
                YMap pools = Binder.map(r, "pools");
                if (pools != null) {
                    for (YNode.Entry p : pools.entries()) {
                        if (p.value() instanceof YMap pool && Binder.str(pool, "vmSize") != null) {
                            vmSizes.put(p.key().value(), Binder.str(pool, "vmSize"));
                        }
                    }
                }
                regions.put(e.key().value(), new FailoverSpec.Region(Binder.str(r, "resourceGroup"), Binder.texts(r, "names"),
                        networks, vmSizes));
            }
        }
        Map<String, Long> weights = new TreeMap<>();
        YMap weightMap = Binder.map(m, "weights");
        if (weightMap != null) {
            for (YNode.Entry e : weightMap.entries()) {
                if (e.value() instanceof YScalar v) {
                    Scalars.integer(v).ifPresent(w -> weights.put(Region.canonical(e.key().value()), w));
                }
            }
        }
        String drillAge = Binder.str(m, "maxDrillAge");
        return new FailoverSpec(Binder.str(m, "primary"), secondaries, mode, warm == null ? 1 : warm, poolModes, accountModes,
                regions, weights, drillAge == null ? null : io.batchform.source.Durations.parse(drillAge).orElse(null));
    }

    private static Map<String, FailoverSpec.Mode> modes(YMap m) {
        Map<String, FailoverSpec.Mode> out = new TreeMap<>();
        if (m != null) {
            for (YNode.Entry e : m.entries()) {
                if (e.value() instanceof YScalar s) {
                    FailoverSpec.Mode.of(s.value()).ifPresent(mode -> out.put(e.key().value(), mode));
                }
            }
        }
        return out;
    }
}
