package io.batchform.engine;

import io.batchform.apply.Applier;
import io.batchform.plan.SavedPlan;
import io.batchform.provider.Provider;
import io.batchform.state.StateStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** The request values of {@link Operations}: what each operation needs, and nothing it could find out itself. */
public final class Requests {
    private Requests() {
    }

    /**
     * A plan: the spec (null only when destroying without one), the state store (read, never written), the cloud,
     * the {@code --target} addresses (none: everything) and the {@code --replace} addresses (replaced whatever their
     * changes). The operation called says the plan's mode.
     */
    public record PlanRequest(LoadedSpec spec, StateStore store, Provider provider, List<String> targets,
                              List<String> replace) {
        public PlanRequest {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(provider, "provider");
            targets = List.copyOf(targets);
            replace = List.copyOf(replace);
        }

        /** A plan that forces no replacement. */
        public PlanRequest(LoadedSpec spec, StateStore store, Provider provider, List<String> targets) {
            this(spec, store, provider, targets, List.of());
        }
    }

    /** How to carry out a plan: where, which store to write after every resource, how many at once, who listens. */
    public record ApplyRequest(Provider provider, StateStore store, int parallelism, Applier.Listener listener,
                               Clock clock) {
        public ApplyRequest {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(store, "store");
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1");
            }
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /**
     * A saved plan to carry out: the plan, the file's name (for messages), the description of the cloud this run
     * talks to (it must be the one the plan was made against), and the spec (needed only to restore secrets).
     */
    public record SavedApplyRequest(SavedPlan saved, String name, String cloud, LoadedSpec spec, ApplyRequest apply) {
    }

    /** An import: the spec that must declare {@code address} with the id {@code id}. */
    public record ImportRequest(LoadedSpec spec, io.batchform.address.Address address, String id, Provider provider,
                                StateStore store) {
    }

    /** A switchover of the active region to {@code to} (as the user wrote it). */
    public record SwitchoverRequest(LoadedSpec spec, StateStore store, Provider provider, String to) {
    }
}
