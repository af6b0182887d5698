package io.batchform.apply;

import io.batchform.address.Address;
import io.batchform.graph.Graph;
import io.batchform.graph.Walker;
import io.batchform.plan.Action;
import io.batchform.plan.AttributeChange;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import io.batchform.provider.WriteOnly;
import io.batchform.source.Diagnostic;
import io.batchform.state.LockLostException;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Applies a plan. Creates and updates wait for what they depend on; a delete waits for everything that depends on
 * the deleted resource. After every resource change the state records it (secrets hashed), and before every create
 * the state records the intent (address and id), so an apply that is interrupted, however it ends, leaves a state
 * that records exactly what was done, and what may have been: the next plan adopts exactly those resources. Each of
 * those records is one resource's change ({@link StateStore#write(State, Address)}: a line appended to a journal for
 * a file), and the whole state is written once at the end ({@link StateStore#settle}), so recording costs the same per
 * resource however many there are. When the state lock is lost, the apply starts nothing more, and its outcome names
 * what was done but could not be recorded.
 */
public final class Applier {
    private final Provider provider;
    private final StateStore store;
    private final Clock clock;

    public Applier(Provider provider, StateStore store, Clock clock) {
        this.provider = provider;
        this.store = store;
        this.clock = clock;
    }

    /** Progress, for the CLI's per-resource lines. Called from worker threads. */
    public interface Listener {
        void started(Address address, Action action);

        void finished(ResourceResult result);

        /** What a resource in progress is doing (a drain's node counts), as the provider reports it. */
        default void progress(Address address, String note) {
        }

        Listener NONE = new Listener() {
            @Override
            public void started(Address address, Action action) {
            }

            @Override
            public void finished(ResourceResult result) {
            }
        };
    }

    public record ResourceResult(Address address, Action action, Walker.Outcome outcome, Duration elapsed,
                                 List<Diagnostic> diagnostics) {
    }

    /**
     * The state after the apply (whatever happened), what became of each resource, and the problems. When the state
     * lock was lost during the apply, {@code lockLost} says why (else null), {@code unrecorded} names what was done in
     * the cloud that the state does not record, and {@code notStarted} what the apply did not start because of it.
     */
    public record ApplyOutcome(State state, List<ResourceResult> results, List<Diagnostic> diagnostics,
                               String lockLost, List<String> unrecorded, List<Address> notStarted) {
        public ApplyOutcome {
            unrecorded = List.copyOf(unrecorded);
            notStarted = List.copyOf(notStarted);
        }

        public ApplyOutcome(State state, List<ResourceResult> results, List<Diagnostic> diagnostics) {
            this(state, results, diagnostics, null, List.of(), List.of());
        }

        public boolean succeeded() {
            return lockLost == null && results.stream().allMatch(r -> r.outcome() == Walker.Outcome.SUCCEEDED);
        }
    }

    /** Why the lock was lost, and what was done but not recorded: shared by the workers of one apply. */
    private static final class Loss {
        private String why;
        private final List<String> unrecorded = new ArrayList<>();
        private final Set<Address> notStarted = new TreeSet<>();

        synchronized String why() {
            return why;
        }

        synchronized void lost(String reason) {
            if (why == null) {
                why = reason;
            }
        }

        synchronized void unrecorded(String what) {
            unrecorded.add(what);
        }

        synchronized void notStarted(Address address) {
            notStarted.add(address);
        }
    }

    /**
     * Applies {@code plan} on top of {@code prior}, walking the plan's dependency graph (from the spec for what is
     * wanted, from the state for what is deleted).
     */
    public ApplyOutcome apply(Plan plan, State prior, int parallelism, Listener listener) {
        return applyInOrder(plan, prior, Map.of(), parallelism, listener);
    }

    /** Runs {@code work} with the provider's progress reports going to {@code listener}. */
    private <T> T reporting(Listener listener, java.util.function.Supplier<T> work) {
        provider.progress(listener::progress);
        try {
            return work.get();
        } finally {
            provider.progress(io.batchform.provider.Progress.NONE);
        }
    }

    /**
     * As {@link #apply(Plan, State, int, Listener)}, and each change in {@code order}'s keys also waits for the
     * changes it names. Those edges only order this apply (a switchover scales the new region up before the old one
     * down); unlike the plan's dependencies they are not recorded in the state.
     */
    public ApplyOutcome applyInOrder(Plan plan, State prior, Map<Address, Set<Address>> order, int parallelism,
                                     Listener listener) {
        return reporting(listener, () -> walk(plan, prior, order, parallelism, listener));
    }

    private ApplyOutcome walk(Plan plan, State prior, Map<Address, Set<Address>> order, int parallelism,
                              Listener listener) {
        Map<Address, Set<Address>> dependencies = plan.dependencies();
        Map<Address, ResourceChange> work = new TreeMap<>();
        plan.changes().stream().filter(c -> c.action().changesCloud()).forEach(c -> work.put(c.address(), c));
        Graph<Address> graph = new Graph<>();
        work.keySet().forEach(graph::add);
        Map<Address, Set<Address>> dependents = new TreeMap<>();
        dependencies.forEach((address, deps) -> deps.forEach(d -> dependents.computeIfAbsent(d, k -> new TreeSet<>())
                .add(address)));
        // And what depended on it as the state records: a pool moved to a new subnet depends on the new one in the
        // plan, but the old subnet can go only once the pool's replacement has taken the pool out of it.
        prior.resources().forEach(r -> r.dependencies().forEach(d -> dependents.computeIfAbsent(d,
                k -> new TreeSet<>()).add(r.address())));
        for (ResourceChange change : work.values()) {
            Set<Address> deps = dependencies.getOrDefault(change.address(), Set.of());
            if (change.action() == Action.DELETE) {
                // Delete after everything that depends on this resource has been changed or deleted.
                for (Address dependent : dependents.getOrDefault(change.address(), Set.of())) {
                    if (work.containsKey(dependent)) {
                        graph.dependsOn(change.address(), dependent);
                    }
                }
            } else {
                deps.stream().filter(work::containsKey).filter(d -> work.get(d).action() != Action.DELETE)
                        .forEach(d -> graph.dependsOn(change.address(), d));
            }
        }
        order.forEach((address, after) -> {
            if (work.containsKey(address)) {
                after.stream().filter(work::containsKey).filter(a -> !a.equals(address))
                        .forEach(a -> graph.dependsOn(address, a));
            }
        });
        State[] state = {prior};
        Loss loss = new Loss();
        try {
            move(plan, state);
            adoptUnchanged(plan, state);
        } catch (LockLostException e) {
            loss.lost(e.getMessage());
        }
        Map<Address, ResourceResult> results = new TreeMap<>();
        AtomicReference<Throwable> bug = new AtomicReference<>();
        Map<Address, Walker.Outcome> outcomes = Walker.walk(graph, parallelism, address -> {
            ResourceChange change = work.get(address);
            store.lockLost().ifPresent(loss::lost);
            if (loss.why() != null) {
                loss.notStarted(address); // stop at once: the state is no longer this run's to write
                return false;
            }
            listener.started(address, change.action());
            Instant start = clock.instant();
            List<Diagnostic> problems;
            try {
                problems = carryOut(change, plan, state, loss);
            } catch (LockLostException e) {
                loss.lost(e.getMessage());
                loss.unrecorded(address + " (" + change.action() + ", id " + change.id() + ")");
                problems = List.of(Diagnostic.error(address, "StateLockLost", address + " may have been changed but the "
                        + "state does not record it: the state lock was lost (" + e.getMessage() + ")"));
            } catch (RuntimeException | Error e) {
                // Expected cloud failures are diagnostics; anything thrown is a bug. The walk finishes what it can
                // (each resource is recorded as it completes, a create's intent before it) and the bug is rethrown
                // once the state is written.
                bug.compareAndSet(null, e);
                problems = List.of();
            }
            boolean ok = bug.get() == null && problems.stream().noneMatch(Diagnostic::isError);
            ResourceResult result = new ResourceResult(address, change.action(),
                    ok ? Walker.Outcome.SUCCEEDED : Walker.Outcome.FAILED, Duration.between(start, clock.instant()), problems);
            synchronized (results) {
                results.put(address, result);
            }
            listener.finished(result);
            return ok;
        });
        List<Diagnostic> diagnostics = new ArrayList<>();
        outcomes.forEach((address, outcome) -> {
            if (loss.why() != null && !results.containsKey(address)) {
                loss.notStarted(address);
                return;
            }
            if (outcome == Walker.Outcome.SKIPPED) {
                ResourceResult skipped = new ResourceResult(address, work.get(address).action(), outcome, Duration.ZERO,
                        List.of());
                results.put(address, skipped);
                listener.finished(skipped);
            }
        });
        results.values().forEach(r -> diagnostics.addAll(r.diagnostics()));
        try {
            synchronized (state) {
                store.settle(state[0]); // the whole state once, where each resource was recorded as a change
            }
        } catch (LockLostException e) {
            loss.lost(e.getMessage()); // what was recorded stays recorded: the store reads its changes back
        }
        if (bug.get() instanceof RuntimeException e) {
            throw e;
        }
        if (bug.get() instanceof Error e) {
            throw e;
        }
        if (loss.why() != null) {
            return new ApplyOutcome(state[0], List.copyOf(results.values()), diagnostics, loss.why(), loss.unrecorded,
                    List.copyOf(loss.notStarted));
        }
        return new ApplyOutcome(state[0], List.copyOf(results.values()), diagnostics);
    }

    /**
     * Carries out one change of {@code plan} and records it: with the dependencies the plan gives it, protected as
     * the plan says, and the plan's lineage as the salt of the secrets its {@code before} holds hashed.
     */
    private List<Diagnostic> carryOut(ResourceChange change, Plan plan, State[] state, Loss loss) {
        Address address = change.address();
        Set<Address> dependencies = plan.dependencies().getOrDefault(address, Set.of());
        boolean protect = protects(plan, address, state[0]);
        String salt = plan.lineage();
        List<Diagnostic> problems = new ArrayList<>();
        if (change.action() == Action.CREATE_THEN_DELETE) {
            return createThenDelete(change, dependencies, protect, salt, state);
        }
        if (change.action() == Action.DELETE || change.action() == Action.DELETE_THEN_CREATE) {
            Provider.DeleteResponse deleted = provider.delete(new Provider.DeleteRequest(address, change.recordedId(),
                    change.before() == null ? Attributes.EMPTY : change.before(), salt));
            problems.addAll(deleted.diagnostics());
            if (!deleted.succeeded()) {
                return problems;
            }
            if (!recorded(state, address, s -> s.without(address), loss, change, "destroyed", problems)) {
                return problems;
            }
            if (change.action() == Action.DELETE) {
                return problems;
            }
        }
        Provider.ChangeResponse response;
        if (change.action() == Action.UPDATE) {
            Set<String> changed = change.changes().stream().map(AttributeChange::path).collect(Collectors.toCollection(TreeSet::new));
            Provider.UpdateRequest update = new Provider.UpdateRequest(address, change.id(), change.before(), change.after(),
                    changed, salt);
            response = change.drains() ? provider.drainAndUpdate(update) : provider.update(update);
        } else {
            // A recorded resource that is gone (or was never made) gives way to the one about to be made.
            record(state, address, s -> (s.get(address).isPresent() ? s.without(address) : s).withIntent(address,
                    change.id()));
            response = provider.create(new Provider.CreateRequest(address, change.id(), change.after()));
        }
        problems.addAll(response.diagnostics());
        response.state().ifPresent(live -> recorded(state, address, s -> s.with(new ResourceState(address, change.id(),
                stored(address, live, change.after(), s), dependencies, protect)), loss, change,
                change.action() == Action.UPDATE ? "updated" : "created", problems));
        return problems;
    }

    /**
     * Records a change done in the cloud; when the state lock is gone, says instead that it was done and not
     * recorded (an error for that resource) and returns false.
     */
    private boolean recorded(State[] state, Address address, java.util.function.UnaryOperator<State> change, Loss loss,
                             ResourceChange done, String verb, List<Diagnostic> problems) {
        try {
            record(state, address, change);
            return true;
        } catch (LockLostException e) {
            loss.lost(e.getMessage());
            loss.unrecorded(done.address() + " (" + verb + ", id " + done.id() + ")");
            problems.add(Diagnostic.error(done.address(), "StateLockLost", done.address() + " was " + verb
                    + " but the state does not record it: the state lock was lost (" + e.getMessage() + ")"));
            return false;
        }
    }

    /**
     * Replaces a resource keeping the old one until the new one is made and ready (a pool with its nodes): the intent
     * of the new one is recorded, it is created and waited for, the old one is deleted by its recorded id, and only
     * then does the state record the new one. Whatever
     * stops this midway, the state still records the old resource and the intent of the new one.
     */
    private List<Diagnostic> createThenDelete(ResourceChange change, Set<Address> dependencies, boolean protect,
                                              String salt, State[] state) {
        Address address = change.address();
        Provider.ChangeResponse created = resumed(change, state[0]);
        if (created == null) {
            record(state, address, s -> s.withIntent(address, change.id()));
            created = provider.create(new Provider.CreateRequest(address, change.id(), change.after()));
        }
        List<Diagnostic> problems = new ArrayList<>(created.diagnostics());
        if (created.state().isEmpty()) {
            return problems;
        }
        Provider.ChangeResponse ready = provider.awaitReady(new Provider.CreateRequest(address, change.id(),
                change.after()), created.state().get());
        problems.addAll(ready.diagnostics());
        if (ready.state().isEmpty()) {
            return problems; // the old one stays, and on record
        }
        Provider.DeleteResponse deleted = provider.delete(new Provider.DeleteRequest(address, change.recordedId(),
                change.before() == null ? Attributes.EMPTY : change.before(), salt));
        problems.addAll(deleted.diagnostics());
        if (deleted.succeeded()) {
            Attributes live = ready.state().get();
            record(state, address, s -> s.with(new ResourceState(address, change.id(),
                    stored(address, live, change.after(), s), dependencies, protect)));
        }
        return problems;
    }

    /**
     * The new resource of a create-before-destroy replacement that an interrupted apply already made (the state
     * records its intent, and it lives), or null when it must be made.
     */
    private Provider.ChangeResponse resumed(ResourceChange change, State state) {
        if (state.intent(change.address()).filter(change.id()::equalsIgnoreCase).isEmpty()) {
            return null;
        }
        Provider.RefreshResponse found = provider.refresh(new Provider.RefreshRequest(List.of(
                new Provider.ResourceRef(change.address(), change.id()))));
        Attributes live = found.live().get(change.address());
        return live == null ? null : new Provider.ChangeResponse(Optional.of(live), found.diagnostics());
    }

    /**
     * What the state keeps of a resource: its live attributes, plus what only the spec knows (write-only attributes
     * such as a deallocation option or a password, which the service never returns), with every secret hashed.
     */
    private Attributes stored(Address address, Attributes live, Attributes desired, State state) {
        ResourceSchema schema = provider.schema().get(address.type());
        Attributes merged = desired == null ? live : WriteOnly.overlay(schema, live, desired);
        return Secrets.redact(merged, schema, state.lineage());
    }

    /** Re-keys the resources the plan moves, in one write, before anything else: the changes use the new addresses. */
    private void move(Plan plan, State[] state) {
        State moved = state[0];
        for (Map.Entry<Address, Address> move : plan.moved().entrySet()) {
            if (moved.get(move.getKey()).isPresent() && moved.get(move.getValue()).isEmpty()) {
                moved = moved.moved(move.getKey(), move.getValue());
            }
        }
        if (moved != state[0]) {
            State result = new State(moved.version(), state[0].serial() + 1, moved.lineage(), moved.activeRegion(),
                    moved.resources(), moved.unreachableRegions(), moved.target(), moved.intents(), moved.outputs());
            record(state, s -> result);
        }
    }

    /**
     * Records what a plan found unchanged: a resource that exists as the spec wants but is not in state yet (made by
     * an apply that was killed before it could record it) is adopted, the others keep their refreshed values, and
     * one deleted outside batchform is forgotten.
     */
    private void adoptUnchanged(Plan plan, State[] state) {
        State adopted = state[0];
        for (ResourceChange change : plan.changes()) {
            if (change.action() == Action.FORGET) {
                if (adopted.get(change.address()).isPresent() || adopted.intent(change.address()).isPresent()) {
                    adopted = adopted.without(change.address()); // deleted outside batchform
                }
                continue;
            }
            if (change.action() != Action.NO_OP) {
                continue;
            }
            Attributes desired = change.after() != null ? change.after()
                    : adopted.get(change.address()).map(ResourceState::attributes).orElse(null);
            ResourceState fresh = new ResourceState(change.address(), change.id(),
                    stored(change.address(), change.before(), desired, adopted),
                    plan.dependencies().getOrDefault(change.address(), Set.of()), protects(plan, change.address(),
                    adopted));
            if (!adopted.get(change.address()).equals(java.util.Optional.of(fresh))) {
                adopted = adopted.with(fresh);
            }
        }
        if (adopted != state[0]) {
            State result = new State(adopted.version(), state[0].serial() + 1, adopted.lineage(), adopted.activeRegion(),
                    adopted.resources(), adopted.unreachableRegions(), adopted.target(), adopted.intents(),
                    adopted.outputs());
            record(state, s -> result); // one write for all of them
        }
    }

    /**
     * Whether the state records {@code address} as protected after this apply: as the spec says in a plan of the spec;
     * as the state said in a plan without one (a destroy, a refresh).
     */
    private static boolean protects(Plan plan, Address address, State state) {
        return plan.mode() == Plan.Mode.NORMAL ? plan.protect().contains(address)
                : state.get(address).map(ResourceState::protect).orElse(false);
    }

    /** Writes {@code change} of the state; the state this apply returns moves on only once it is written. */
    private void record(State[] state, java.util.function.UnaryOperator<State> change) {
        synchronized (state) {
            State next = change.apply(state[0]);
            store.write(next);
            state[0] = next;
        }
    }

    /** As {@link #record(State[], java.util.function.UnaryOperator)} for a change of the resource at {@code address} only. */
    private void record(State[] state, Address address, java.util.function.UnaryOperator<State> change) {
        synchronized (state) {
            State next = change.apply(state[0]);
            store.write(next, address);
            state[0] = next;
        }
    }
}
