package io.batchform.cli;

import io.batchform.autoscale.sim.PoolSettings;
import io.batchform.engine.LoadedSpec;
import io.batchform.source.Source;
import io.batchform.source.Suggestions;
import io.batchform.spec.BatchAccountSpec;
import io.batchform.spec.PoolSpec;
import java.util.Locale;

/**
 * A pool of the spec as {@code batchform simulate} models it: its formula (the file it was read from, else the
 * spec's text), VM size, task slots, fill type, evaluation interval and its account's region for the prices. The
 * deallocation option of an autoscaled pool is the formula's ({@code $NodeDeallocationOption}), as the service reads
 * it; the spec's {@code fixedScale.nodeDeallocationOption} belongs to fixed-size pools, which have nothing to simulate.
 */
record SpecPool(String address, Source formula, String vmSize, String region, PoolSettings settings) {
    /** The pool at {@code address} ({@code pool.KEY}); a mistake is the user's, with the way out. */
    static SpecPool of(LoadedSpec spec, String address) {
        String key = address.startsWith("pool.") ? address.substring(5) : null;
        PoolSpec pool = key == null ? null : spec.spec().pools().get(key);
        if (pool == null) {
            throw new UserException(address + ": no such pool in the spec" + Suggestions.didYouMean(address,
                    spec.spec().pools().keySet().stream().map(k -> "pool." + k).toList()));
        }
        if (pool.autoScale() == null || pool.autoScale().formula() == null) {
            throw new UserException(address + " has a fixed size (no autoScale formula): nothing to simulate");
        }
        String name = pool.autoScale().formulaFile() != null ? pool.autoScale().formulaFile().toString()
                : address + ".autoScale.formula";
        BatchAccountSpec account = spec.spec().batchAccounts().get(pool.account());
        String region = account != null && account.location() != null ? account.location()
                : spec.spec().resourceGroup().location();
        PoolSettings settings = PoolSettings.defaults(pool.vmSize(), 1)
                .withTaskSlots(pool.taskSlotsPerNode() == null ? 1 : Math.toIntExact(pool.taskSlotsPerNode()))
                .withFillType("pack".equalsIgnoreCase(pool.nodeFillType()) ? PoolSettings.FillType.PACK
                        : PoolSettings.FillType.SPREAD);
        if (pool.autoScale().evaluationInterval() != null) {
            settings = settings.withInterval(pool.autoScale().evaluationInterval().toSeconds());
        }
        return new SpecPool(address, new Source(name, pool.autoScale().formula()), pool.vmSize(),
                region == null ? null : region.toLowerCase(Locale.ROOT).replace(" ", ""), settings);
    }
}
