package io.batchform.engine;

import io.batchform.address.Address;
import io.batchform.apply.Applier;
import io.batchform.engine.Outcomes.ApplyOutcome;
import io.batchform.engine.Outcomes.ImportOutcome;
import io.batchform.engine.Outcomes.PlanOutcome;
import io.batchform.engine.Outcomes.StateOutcome;
import io.batchform.engine.Outcomes.SwitchoverOutcome;
import io.batchform.engine.Requests.ApplyRequest;
import io.batchform.engine.Requests.ImportRequest;
import io.batchform.engine.Requests.PlanRequest;
import io.batchform.engine.Requests.SavedApplyRequest;
import io.batchform.engine.Requests.SwitchoverRequest;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.plan.SavedPlan;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import io.batchform.quota.QuotaReport;
import io.batchform.source.Diagnostic;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The operations: values in, values out. Each reads the state itself, converts the spec once for the state's active
 * region, and writes the state only through the applier or here; a refusal is a diagnostic in the outcome.
 */
public final class Operations {
    private Operations() {
    }

    /** A plan that makes the cloud match the spec. */
    public static PlanOutcome plan(PlanRequest request) {
        Objects.requireNonNull(request.spec(), "a plan needs a spec");
        return run(request, Plan.Mode.NORMAL);
    }

    /** A plan that deletes what the state manages (protected resources make it fail). */
    public static PlanOutcome destroy(PlanRequest request) {
        return run(request, Plan.Mode.DESTROY);
    }

    /** A plan that only records in the state what changed outside batchform. */
    public static PlanOutcome refreshOnly(PlanRequest request) {
        return run(request, Plan.Mode.REFRESH_ONLY);
    }

    private static PlanOutcome run(PlanRequest request, Plan.Mode mode) {
        State prior;
        try {
            prior = read(request.store()).orElseGet(State::empty);
        } catch (Refused e) {
            return PlanOutcome.refused(e.diagnostic);
        }
        Provider provider = request.provider();
        LoadedSpec spec = request.spec() == null || mode == Plan.Mode.DESTROY ? request.spec()
                : request.spec().forRegion(prior.activeRegion());
        if (mode == Plan.Mode.REFRESH_ONLY) {
            return new PlanOutcome(SpecPositions.place(Planner.refreshOnly(prior, provider), spec), prior, spec, null,
                    List.of(), false, List.of());
        }
        List<DesiredResource> desired = spec == null ? List.of() : spec.desired().resources();
        Plan plan;
        try {
            plan = Targeting.plan(desired, prior, provider, request.targets(), request.replace(),
                    spec == null ? List.of() : spec.moves(), mode);
        } catch (Refused e) {
            return PlanOutcome.refused(e.diagnostic);
        }
        if (spec != null && spec.hasFailover()) {
            plan = Switchover.unreachableRegions(plan, spec);
        }
        if (mode == Plan.Mode.NORMAL || mode == Plan.Mode.DESTROY) {
            plan = ResourceGroupContents.check(plan, prior, provider);
        }
        if (mode == Plan.Mode.NORMAL) {
            plan = SubnetOverlaps.check(plan, prior);
            plan = ScheduleZoneChanges.explain(plan,
                    io.batchform.spec.convert.SpecToDesired.scheduleInstant(spec.env()));
        }
        plan = withOutputs(plan, spec, prior, provider, !request.targets().isEmpty());
        QuotaReport quotas = null;
        List<QuotaReport> ifActive = List.of();
        if (mode == Plan.Mode.NORMAL && !plan.hasErrors() && spec.hasPools()) {
            quotas = QuotaPlanning.fromPlan(spec, plan, provider);
            ifActive = QuotaPlanning.ifActive(spec, plan, provider);
        }
        List<Address> leftOut = leftOut(request, plan, desired, prior, spec, mode);
        // Last: the checks above read the diagnostics' addresses; from here they point into the spec too.
        plan = SpecPositions.place(plan, spec);
        return new PlanOutcome(plan, prior, spec, quotas, ifActive, !request.targets().isEmpty(), List.of(), leftOut);
    }

    /**
     * The plan with what it does to the outputs, or with an error at each output that reads an attribute the provider
     * does not know. A targeted destroy leaves them to the apply (which keeps what it cannot compute).
     */
    private static Plan withOutputs(Plan plan, LoadedSpec spec, State prior, Provider provider, boolean targeted) {
        if (plan.hasErrors() || plan.mode() == Plan.Mode.DESTROY && targeted) {
            return plan;
        }
        List<io.batchform.spec.OutputSpec> outputs = spec == null ? List.of() : spec.outputs();
        List<Diagnostic> unknown = Outputs.check(outputs, provider);
        if (!unknown.isEmpty()) {
            return plan.adding(unknown);
        }
        return plan.withOutputs(Outputs.planned(outputs, plan, prior, provider));
    }

    /**
     * With {@code --target}, when the targeted plan has nothing to do: the resources outside the targets that the
     * whole plan would change (so that the plan does not say "No changes" while there are some). Planned again in
     * full only then; none otherwise.
     */
    private static List<Address> leftOut(PlanRequest request, Plan targeted, List<DesiredResource> desired, State prior,
                                         LoadedSpec spec, Plan.Mode mode) {
        if (request.targets().isEmpty() || targeted.hasErrors() || targeted.canApply()) {
            return List.of();
        }
        Plan whole = Targeting.plan(desired, prior, request.provider(), List.of(), request.replace(),
                spec == null ? List.of() : spec.moves(), mode);
        return whole.changes().stream().filter(c -> c.action().changesCloud()).map(c -> c.address()).toList();
    }

    /**
     * Carries out a plan made by {@link #plan}, {@link #destroy} or {@link #refreshOnly}. After a normal, untargeted
     * apply that succeeded, the state records the spec's active region and forgets the regions a switchover could not
     * reach (they answered, so this apply cleaned them up).
     */
    public static ApplyOutcome apply(PlanOutcome planned, ApplyRequest request) {
        Applier.ApplyOutcome applied = applier(request).apply(planned.plan(), planned.prior(), request.parallelism(),
                request.listener());
        State state = applied.state();
        List<String> cleanedUp = List.of();
        LoadedSpec spec = planned.spec();
        state = recordOutputs(planned, state, request);
        if (applied.succeeded() && planned.plan().mode() == Plan.Mode.NORMAL && !planned.targeted() && spec != null
                && spec.hasFailover()) {
            State updated = state;
            String active = spec.expanded().activeRegion();
            if (!active.equals(state.activeRegion())) {
                updated = updated.withActiveRegion(active);
            }
            if (!updated.unreachableRegions().isEmpty()) {
                cleanedUp = updated.unreachableRegions();
                updated = updated.withUnreachableRegions(List.of());
            }
            if (updated != state) {
                request.store().write(updated);
                state = updated;
            }
        }
        return new ApplyOutcome(applied, state, cleanedUp, List.of());
    }

    /**
     * The state with the outputs' values after an apply (none after a whole destroy), written when they changed; left
     * as it is when the lock was lost or the plan only refreshed.
     */
    private static State recordOutputs(PlanOutcome planned, State state, ApplyRequest request) {
        Plan.Mode mode = planned.plan().mode();
        if (state == null || mode == Plan.Mode.REFRESH_ONLY || request.store().lockLost().isPresent()) {
            return state;
        }
        List<io.batchform.spec.OutputSpec> outputs = planned.spec() == null ? List.of() : planned.spec().outputs();
        Map<String, io.batchform.state.OutputValue> values = mode == Plan.Mode.DESTROY && !planned.targeted()
                ? Map.of() : Outputs.values(outputs, state, request.provider());
        if (values.equals(state.outputs())) {
            return state;
        }
        State updated = state.withOutputs(values);
        request.store().write(updated);
        return updated;
    }

    /**
     * Carries out a saved plan, exactly: refused when it was made against another cloud, when the state moved on
     * since (another serial or lineage), or when the spec no longer gives the secrets it sets.
     */
    public static ApplyOutcome applySaved(SavedApplyRequest request) {
        SavedPlan saved = request.saved();
        if (!request.cloud().equals(saved.target())) {
            return ApplyOutcome.refused(refusal(request.name() + " was made against " + saved.target() + ", not "
                    + request.cloud() + "; make a new plan"));
        }
        State prior;
        try {
            prior = read(request.apply().store()).orElseGet(() -> new State(State.FORMAT_VERSION, 0,
                    saved.plan().lineage(), null, List.of()));
        } catch (Refused e) {
            return ApplyOutcome.refused(e.diagnostic);
        }
        Plan plan = saved.plan();
        if (!prior.lineage().equals(plan.lineage()) || prior.serial() != plan.priorSerial()) {
            return ApplyOutcome.refused(refusal(request.name() + " is stale: it was made from state serial "
                    + plan.priorSerial() + (prior.lineage().equals(plan.lineage()) ? "" : " of another lineage")
                    + ", and the state is now at serial " + prior.serial() + ". Run batchform plan again."));
        }
        if (saved.holdsSecrets()) {
            List<Diagnostic> problems = new ArrayList<>();
            LoadedSpec spec = request.spec();
            Provider provider = request.apply().provider();
            plan = saved.withSecretsFrom(a -> spec == null ? null : spec.desired().get(a).map(DesiredResource::config)
                    .orElse(null), type -> provider.schema().get(type), problems);
            if (!problems.isEmpty()) {
                return ApplyOutcome.refused(refusal(request.name() + " sets secrets that batchform keeps only as "
                        + "hashes, and the spec no longer gives the same values for " + problems.stream()
                        .map(p -> String.valueOf(p.address())).collect(Collectors.joining(", "))
                        + "; make a new plan"));
            }
        }
        ApplyRequest apply = request.apply();
        Applier.ApplyOutcome applied = applier(apply).apply(plan, prior, apply.parallelism(), apply.listener());
        State state = recordOutputs(new PlanOutcome(plan, prior, request.spec(), null, List.of(), false, List.of()),
                applied.state(), apply);
        return new ApplyOutcome(applied, state, List.of(), List.of());
    }

    /**
     * Why {@code address} with {@code id} cannot be imported into {@code spec}, judged from the spec alone (it must
     * declare the address with that id); empty when it can. {@link #importResource} checks this too.
     */
    public static Optional<Diagnostic> checkImport(LoadedSpec spec, Address address, String id) {
        Optional<DesiredResource> declared = spec.desired().get(address);
        if (declared.isEmpty()) {
            return Optional.of(refusal(address + ": the spec declares no such resource; declare it first, then import it"
                    + io.batchform.source.Suggestions.suffix(address.toString(), spec.desired().resources().stream()
                    .map(r -> r.address().toString()).toList())));
        }
        if (!id.equalsIgnoreCase(declared.get().id())) {
            return Optional.of(refusal(address + " is declared with the id " + declared.get().id() + ", not " + id
                    + ": make the spec's names (resource group, account, name:) match the resource to import"));
        }
        return Optional.empty();
    }

    /** Reads an existing resource by its id and records it in the state at the address the spec declares. */
    public static ImportOutcome importResource(ImportRequest request) {
        Address address = request.address();
        Optional<Diagnostic> refused = checkImport(request.spec(), address, request.id());
        if (refused.isPresent()) {
            return new ImportOutcome(null, null, List.of(), List.of(refused.get()));
        }
        State state;
        try {
            state = read(request.store()).orElseGet(State::empty);
        } catch (Refused e) {
            return new ImportOutcome(null, null, List.of(), List.of(e.diagnostic));
        }
        if (state.get(address).isPresent()) {
            return new ImportOutcome(null, state, List.of(), List.of(refusal(address + " is already in the state (id "
                    + state.get(address).get().id() + "); remove it first with batchform state rm " + address)));
        }
        // One resource, one address: a second address for an id the state records would have the plan delete it
        // under the first while keeping it under the second.
        Optional<ResourceState> holder = state.holding(request.id());
        if (holder.isPresent()) {
            Address held = holder.get().address();
            return new ImportOutcome(null, state, List.of(), List.of(refusal(request.id() + " is already in the state "
                    + "as " + held + "; to manage it as " + address + ", move it: batchform state mv " + held + " "
                    + address + " (or moved: {from: " + held + ", to: " + address + "} in the spec)")));
        }
        Provider provider = request.provider();
        Provider.ChangeResponse imported = provider.importResource(new Provider.ImportRequest(address, request.id()));
        if (imported.state().isEmpty()) {
            return new ImportOutcome(null, state, imported.diagnostics(), List.of());
        }
        ResourceSchema schema = provider.schema().get(address.type());
        Attributes attributes = Secrets.redact(imported.state().get(), schema, state.lineage());
        ResourceState resource = new ResourceState(address, request.id(), attributes,
                request.spec().desired().get(address).orElseThrow().dependsOn());
        State after = state.with(resource);
        request.store().write(after);
        return new ImportOutcome(resource, after, imported.diagnostics(), List.of());
    }

    /** Forgets resources without touching them in the cloud; refused (nothing removed) when one is not in the state. */
    public static StateOutcome removeFromState(StateStore store, List<Address> addresses) {
        State state;
        try {
            state = read(store).orElseGet(State::empty);
        } catch (Refused e) {
            return new StateOutcome(null, List.of(e.diagnostic));
        }
        State before = state;
        List<String> missing = addresses.stream().filter(a -> before.get(a).isEmpty()).map(Address::toString).toList();
        if (!missing.isEmpty()) {
            return new StateOutcome(state, List.of(refusal(String.join(", ", missing)
                    + ": not in the state; nothing was removed")));
        }
        for (Address address : addresses) {
            state = state.without(address);
        }
        store.write(state);
        return new StateOutcome(state, List.of());
    }

    /**
     * Replaces the stored state with {@code pushed} ({@code state push}), as Terraform does: refused, unless
     * {@code force}, when the stored state has another lineage (it is the history of another state), a higher serial
     * (the pushed copy is older), or the same serial with other content. Written as it is, in one atomic write; the
     * caller holds the lock.
     */
    public static StateOutcome pushState(StateStore store, State pushed, String name, boolean force) {
        Optional<State> current;
        try {
            current = read(store);
        } catch (Refused e) {
            if (!force) {
                return new StateOutcome(null, List.of(refusal(e.diagnostic.message()
                        + "; push with --force to replace it")));
            }
            current = Optional.empty();
        }
        if (current.isPresent() && !force) {
            State now = current.get();
            String refused = null;
            if (!now.lineage().equals(pushed.lineage())) {
                refused = name + " has lineage " + pushed.lineage() + ", the state " + now.lineage()
                        + ": they are the histories of different states";
            } else if (pushed.serial() < now.serial()) {
                refused = name + " has serial " + pushed.serial() + ", older than the state's " + now.serial()
                        + ": the state changed since it was pulled";
            } else if (pushed.serial() == now.serial() && !java.util.Arrays.equals(
                    io.batchform.state.StateJson.bytes(pushed), io.batchform.state.StateJson.bytes(now))) {
                refused = name + " has the state's serial " + now.serial() + " but other content";
            }
            if (refused != null) {
                return new StateOutcome(now, List.of(refusal(refused + "; nothing was written (--force overrides "
                        + "this check)")));
            }
        }
        store.write(pushed);
        return new StateOutcome(pushed, List.of());
    }

    /**
     * Re-keys a resource in the state without touching it in the cloud: refused (nothing changed) when {@code from} is
     * not in the state, {@code to} already is, or they are of different types.
     */
    public static StateOutcome moveInState(StateStore store, Address from, Address to) {
        State state;
        try {
            state = read(store).orElseGet(State::empty);
        } catch (Refused e) {
            return new StateOutcome(null, List.of(e.diagnostic));
        }
        Optional<String> refused = io.batchform.plan.Move.refusal(state, from, to);
        if (refused.isPresent()) {
            return new StateOutcome(state, List.of(refusal(refused.get())));
        }
        State after = state.moved(from, to);
        store.write(after);
        return new StateOutcome(after, List.of());
    }

    /**
     * The quota check alone: the accounts' live quotas read from the cloud, the spec with the state's active region,
     * and each standby region as if active. Only the spec, the store and the provider of the request count.
     */
    public static QuotaPlanning.QuotaOutcome quota(PlanRequest request) {
        State prior;
        try {
            prior = read(request.store()).orElseGet(State::empty);
        } catch (Refused e) {
            return new QuotaPlanning.QuotaOutcome(request.spec(), null, List.of(), List.of(e.diagnostic));
        }
        return QuotaPlanning.check(request.spec().forRegion(prior.activeRegion()), request.provider());
    }

    /** Plans switching the active region (see {@link Switchover}). */
    public static SwitchoverOutcome switchover(SwitchoverRequest request) {
        State prior;
        try {
            prior = read(request.store()).orElseGet(State::empty);
        } catch (Refused e) {
            return new SwitchoverOutcome(null, null, List.of(e.diagnostic));
        }
        Switchover.Planned planned = Switchover.make(request.spec(), prior, request.provider(), request.to());
        return new SwitchoverOutcome(planned.switchover(), prior, planned.refusals());
    }

    /**
     * Carries out a switchover: the target region's changes first, then the others; once it succeeded, the state
     * records the new active region and the regions to clean up when they answer.
     */
    public static ApplyOutcome applySwitchover(SwitchoverOutcome planned, ApplyRequest request) {
        Switchover switchover = planned.switchover();
        Applier.ApplyOutcome applied = applier(request).applyInOrder(switchover.plan(), planned.prior(), switchover.order(),
                request.parallelism(), request.listener());
        State state = applied.state();
        if (applied.succeeded()) {
            state = switchover.recorded(state);
            request.store().write(state);
        }
        return new ApplyOutcome(applied, state, List.of(), List.of());
    }

    /**
     * Whether each standby region could take the work on its own ({@link Readiness}), from the stored state; refused
     * without a failover block or with an unreadable state.
     */
    public static Outcomes.ReadinessOutcome readiness(LoadedSpec spec, StateStore store, Provider provider) {
        return readiness(spec, store, provider, java.time.Clock.systemUTC());
    }

    /** As {@link #readiness(LoadedSpec, StateStore, Provider)}, with drills' ages counted on {@code clock}. */
    public static Outcomes.ReadinessOutcome readiness(LoadedSpec spec, StateStore store, Provider provider,
                                                      java.time.Clock clock) {
        if (!spec.hasFailover()) {
            return new Outcomes.ReadinessOutcome(null, List.of(refusal("the spec has no failover: block; declare the "
                    + "standby regions first (see examples/failover)")));
        }
        State prior;
        try {
            prior = read(store).orElseGet(State::empty);
        } catch (Refused e) {
            return new Outcomes.ReadinessOutcome(null, List.of(e.diagnostic));
        }
        return new Outcomes.ReadinessOutcome(Readiness.check(spec, prior, provider, clock.instant()), List.of());
    }

    /** What a front end hears during a drill: each leg once applied, and the way back once planned. */
    public interface DrillListener {
        void applied(Outcomes.Leg leg);

        /** The target region's pools reached capacity, or the wait ended (the drill then switches back). */
        void capacity(Capacity.Report report);

        void plannedBack(Switchover back);
    }

    /**
     * A failover drill: carries out {@code first}, waits up to {@code timeout} for the pools it scaled up to have
     * their nodes ({@link Capacity}), then plans and carries out the switchover back to the region it left, whether
     * or not capacity was reached; stops after a leg that failed. {@code request} gives the spec, store and cloud
     * (its {@code to} is not read: the way back goes to {@code first}'s origin).
     */
    public static Outcomes.DrillOutcome drill(SwitchoverRequest request, SwitchoverOutcome first, ApplyRequest apply,
                                              java.time.Duration timeout, DrillListener listener) {
        List<Outcomes.Leg> legs = new ArrayList<>();
        Outcomes.Leg there = timed(first, apply);
        legs.add(there);
        listener.applied(there);
        if (!there.outcome().succeeded()) {
            return new Outcomes.DrillOutcome(legs, null, List.of());
        }
        Capacity.Report capacity = Capacity.await(first.switchover(), request.provider(), timeout, apply.clock());
        listener.capacity(capacity);
        SwitchoverOutcome back = switchover(new SwitchoverRequest(request.spec(), request.store(), request.provider(),
                first.switchover().from()));
        if (back.refused()) {
            return new Outcomes.DrillOutcome(legs, capacity, back.refusals());
        }
        listener.plannedBack(back.switchover());
        Outcomes.Leg home = timed(back, apply);
        legs.add(home);
        listener.applied(home);
        Outcomes.DrillOutcome drilled = new Outcomes.DrillOutcome(legs, capacity, List.of());
        if (drilled.succeeded() && recordDrill(request.store(), there, capacity, apply.clock().instant())) {
            return drilled.asRecorded();
        }
        return drilled;
    }

    /**
     * Records a successful drill in the state, as the last one to its region ({@code failover check} compares its
     * time with {@code failover.maxDrillAge}): the time to capacity counts from the start of the switchover's apply,
     * for the region and each pool, beside the typical time {@code failover plan} estimated.
     */
    private static boolean recordDrill(StateStore store, Outcomes.Leg there, Capacity.Report capacity,
                                       java.time.Instant at) {
        State state;
        try {
            state = read(store).orElseGet(State::empty);
        } catch (Refused unreadable) {
            return false; // the way back wrote it a moment ago; a state unreadable now is not the drill's to fix
        }
        long nodes = capacity.pools().stream().mapToLong(Capacity.Pool::nodes).sum();
        List<State.Drill.Pool> pools = capacity.pools().stream().map(p -> new State.Drill.Pool(p.address().toString(),
                there.took().plus(p.took()), p.nodes(), p.estimate() == null ? null : p.estimate().typical())).toList();
        store.write(state.withDrill(new State.Drill(capacity.region(), there.switchover().from(), at,
                there.took().plus(capacity.took()), nodes, capacity.estimate() == null ? null
                : capacity.estimate().typical(), pools)));
        return true;
    }

    private static Outcomes.Leg timed(SwitchoverOutcome planned, ApplyRequest apply) {
        java.time.Instant started = apply.clock().instant();
        ApplyOutcome outcome = applySwitchover(planned, apply);
        return new Outcomes.Leg(planned.switchover(), outcome,
                java.time.Duration.between(started, apply.clock().instant()));
    }

    private static Applier applier(ApplyRequest request) {
        return new Applier(request.provider(), request.store(), request.clock());
    }

    /** The stored state; an unreadable one is a refusal naming why. */
    private static Optional<State> read(StateStore store) {
        try {
            return store.read();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new Refused(refusal(e.getMessage()));
        }
    }

    static Diagnostic refusal(String message) {
        return Diagnostic.error(null, "Refused", message);
    }

    /** Ends an operation early with a refusal; caught inside this package, never thrown out of it. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Diagnostic diagnostic;

        Refused(Diagnostic diagnostic) {
            super(diagnostic.message(), null, false, false);
            this.diagnostic = diagnostic;
        }
    }
}
