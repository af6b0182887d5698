package io.batchform.cli;

import io.batchform.engine.LoadedSpec;
import io.batchform.spec.FailoverSpec;
import io.batchform.state.State;
import java.util.List;
import java.util.Optional;

/** What plan and apply say about failover: the active region, its standby regions, regions to clean up. */
final class FailoverView {
    private FailoverView() {
    }

    /** {@code Active region: westeurope (standby: northeurope, warm).} for specs with failover (none without a spec). */
    static Optional<String> activeRegionLine(LoadedSpec loaded, State prior) {
        if (loaded == null) {
            return Optional.empty();
        }
        FailoverSpec failover = loaded.spec().failover();
        if (failover == null) {
            return Optional.empty();
        }
        String active = loaded.expanded().activeRegion();
        List<String> standby = failover.allRegions().stream().map(io.batchform.source.Region::canonical)
                .filter(r -> !r.equals(active)).toList();
        String line = "Active region: " + active + " (standby: " + String.join(", ", standby) + ", "
                + failover.mode().text() + " by default)";
        if (loaded.hasActiveActive()) {
            line += "\nActive-active pools serve by weight: " + weights(failover.weightsWith(active))
                    + " (route job submission accordingly)";
        }
        if (!prior.unreachableRegions().isEmpty()) {
            line += "\nNot reached at the last switchover: " + String.join(", ", prior.unreachableRegions())
                    + "; this run brings what answers there to standby.";
        }
        return Optional.of(line);
    }

    /** {@code westeurope 50%, northeurope 50%}. */
    static String weights(java.util.Map<String, Long> weights) {
        return String.join(", ", weights.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "%").toList());
    }
}
