package io.batchform.cli;

import io.batchform.source.Region;
import io.batchform.spec.FailoverSpec;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** What plan and apply say and record about failover: the active region, regions to clean up. */
final class FailoverView {
    private FailoverView() {
    }

    /** {@code Active region: westeurope (standby: northeurope, warm).} for specs with failover. */
    static Optional<String> activeRegionLine(Workspace.Loaded loaded, State prior) {
        FailoverSpec failover = loaded.result().spec().failover();
        if (failover == null) {
            return Optional.empty();
        }
        String active = loaded.expanded().activeRegion();
        List<String> standby = failover.allRegions().stream().map(Region::canonical)
                .filter(r -> !r.equals(active)).toList();
        String line = "Active region: " + active + " (standby: " + String.join(", ", standby) + ", "
                + failover.mode().text() + " by default)";
        if (hasActiveActive(loaded)) {
            line += "\nActive-active pools serve by weight: " + weights(failover.weightsWith(active))
                    + " (route job submission accordingly)";
        }
        if (!prior.unreachableRegions().isEmpty()) {
            line += "\nNot reached at the last switchover: " + String.join(", ", prior.unreachableRegions())
                    + "; this run brings what answers there to standby.";
        }
        return Optional.of(line);
    }

    /** Whether any pool is active-active (by its own mode, its account's, or the default). */
    static boolean hasActiveActive(Workspace.Loaded loaded) {
        var spec = loaded.result().spec();
        return spec.failover() != null && spec.pools().values().stream()
                .anyMatch(p -> spec.failover().modeOf(p.key(), p.account()) == FailoverSpec.Mode.ACTIVE_ACTIVE);
    }

    /** {@code westeurope 50%, northeurope 50%}. */
    static String weights(java.util.Map<String, Long> weights) {
        return String.join(", ", weights.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "%").toList());
    }

    /**
     * After an apply that reached every region: the state records the active region (the primary until a switchover)
     * and forgets regions that were unreachable.
     */
    static void recordRegions(Workspace.Loaded loaded, StateStore store, PrintWriter out) {
        if (!loaded.hasFailover()) {
            return;
        }
        State now = store.read().orElse(null);
        if (now == null) {
            return;
        }
        String active = loaded.expanded().activeRegion();
        State updated = now;
        if (!active.equals(now.activeRegion())) {
            updated = updated.withActiveRegion(active);
        }
        if (!updated.unreachableRegions().isEmpty()) {
            out.println("Regions cleaned up after the last switchover: " + String.join(", ", updated.unreachableRegions()));
            updated = updated.withUnreachableRegions(List.of());
        }
        if (updated != now) {
            store.write(updated);
        }
    }
}
