package io.batchform.engine;

import io.batchform.apply.Applier;
import io.batchform.plan.Plan;
import io.batchform.quota.QuotaReport;
import io.batchform.source.Diagnostic;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.util.List;

/**
 * The outcome values of {@link Operations}. {@code refusals} are errors that stopped the operation before it did
 * anything (a stale plan, an unknown target, an unreadable state); a plan's own problems are in the plan.
 */
public final class Outcomes {
    private Outcomes() {
    }

    /**
     * A plan, the state it was made from, the spec it was made for (with the state's active region; null when
     * destroying without one), the quota check (null when there are no pools, errors, or the plan is not a normal
     * one), each standby region's check as if active, and whether {@code --target} narrowed it.
     */
    public record PlanOutcome(Plan plan, State prior, LoadedSpec spec, QuotaReport quotas, List<QuotaReport> ifActive,
                              boolean targeted, List<Diagnostic> refusals, List<io.batchform.address.Address> leftOut) {
        public PlanOutcome {
            ifActive = List.copyOf(ifActive);
            refusals = List.copyOf(refusals);
            leftOut = List.copyOf(leftOut);
        }

        /** A plan that left nothing with changes out ({@code leftOut} is only looked for when a targeted plan has none). */
        public PlanOutcome(Plan plan, State prior, LoadedSpec spec, QuotaReport quotas, List<QuotaReport> ifActive,
                           boolean targeted, List<Diagnostic> refusals) {
            this(plan, prior, spec, quotas, ifActive, targeted, refusals, List.of());
        }

        static PlanOutcome refused(Diagnostic refusal) {
            return new PlanOutcome(null, null, null, null, List.of(), false, List.of(refusal));
        }

        public boolean refused() {
            return !refusals.isEmpty();
        }

        /** Whether the quotas are short: the plan must not be applied. */
        public boolean shortfall() {
            return quotas != null && quotas.hasShortfall();
        }
    }

    /**
     * What an apply did: the applier's outcome (resulting state, each resource's result, diagnostics), the state as
     * finally written (with the active region recorded after a full apply of a failover spec, or the switchover's
     * new active region), and the regions whose clean-up after a switchover this apply finished.
     */
    public record ApplyOutcome(Applier.ApplyOutcome applied, State state, List<String> regionsCleanedUp,
                               List<Diagnostic> refusals) {
        public ApplyOutcome {
            regionsCleanedUp = List.copyOf(regionsCleanedUp);
            refusals = List.copyOf(refusals);
        }

        static ApplyOutcome refused(Diagnostic refusal) {
            return new ApplyOutcome(null, null, List.of(), List.of(refusal));
        }

        public boolean refused() {
            return !refusals.isEmpty();
        }

        public boolean succeeded() {
            return !refused() && applied.succeeded();
        }
    }

    /** What an import recorded (null when the provider could not read it), and the provider's diagnostics. */
    public record ImportOutcome(ResourceState imported, State state, List<Diagnostic> diagnostics,
                                List<Diagnostic> refusals) {
        public boolean refused() {
            return !refusals.isEmpty();
        }
    }

    /** The state after an operation that only changes the state ({@code state rm}), or why it was refused. */
    public record StateOutcome(State state, List<Diagnostic> refusals) {
        public boolean refused() {
            return !refusals.isEmpty();
        }
    }

    /** A planned switchover and the state it was planned from, or why there is none. */
    public record SwitchoverOutcome(Switchover switchover, State prior, List<Diagnostic> refusals) {
        public boolean refused() {
            return !refusals.isEmpty();
        }

        /**
         * Whether it may be applied: no refusal, no error in its plan, no quota short in the target region, and every
         * pool's VM size offered there.
         */
        public boolean canProceed() {
            return !refused() && !switchover.plan().hasErrors() && !switchover.quotas().hasShortfall()
                    && switchover.quotas().notOffered().isEmpty();
        }
    }

    /** One leg of a failover drill: the switchover, what applying it did, and how long the apply took. */
    public record Leg(Switchover switchover, ApplyOutcome outcome, java.time.Duration took) {
    }

    /**
     * A failover drill: the way there, the target region's time to capacity ({@code capacity}: null when the way
     * there failed), and the way back (taken even when capacity was not reached); or why the way back was refused;
     * and whether it was recorded in the state as the last successful drill to the region.
     */
    public record DrillOutcome(List<Leg> legs, Capacity.Report capacity, List<Diagnostic> refusals, boolean recorded) {
        public DrillOutcome {
            legs = List.copyOf(legs);
            refusals = List.copyOf(refusals);
        }

        /** A drill not recorded in the state. */
        public DrillOutcome(List<Leg> legs, Capacity.Report capacity, List<Diagnostic> refusals) {
            this(legs, capacity, refusals, false);
        }

        /** This drill, recorded in the state as the last successful one to its region. */
        DrillOutcome asRecorded() {
            return new DrillOutcome(legs, capacity, refusals, true);
        }

        public boolean succeeded() {
            return refusals.isEmpty() && legs.size() == 2 && legs.stream().allMatch(l -> l.outcome().succeeded())
                    && capacity != null && capacity.reached();
        }
    }

    /** The readiness of the standby regions, or why it could not be checked. */
    public record ReadinessOutcome(Readiness.Report report, List<Diagnostic> refusals) {
        public ReadinessOutcome {
            refusals = List.copyOf(refusals);
        }

        public boolean refused() {
            return !refusals.isEmpty();
        }
    }
}
