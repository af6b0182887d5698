package io.batchform.state;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A store whose every write records the {@link Target} the run talks to, so a new state, or one written before
 * targets were recorded, is bound to its cloud by its next write. Check {@link Target#refusal} before using it.
 */
public final class BoundStateStore implements StateStore {
    private final StateStore store;
    private final Target target;

    public BoundStateStore(StateStore store, Target target) {
        this.store = Objects.requireNonNull(store, "store");
        this.target = Objects.requireNonNull(target, "target");
    }

    public Target target() {
        return target;
    }

    @Override
    public Optional<State> read() {
        return store.read();
    }

    @Override
    public void write(State state) {
        store.write(target.equals(state.target()) ? state : state.boundTo(target));
    }

    @Override
    public void write(State state, io.batchform.address.Address changed) {
        store.write(target.equals(state.target()) ? state : state.boundTo(target), changed);
    }

    @Override
    public void settle(State state) {
        store.settle(target.equals(state.target()) ? state : state.boundTo(target));
    }

    @Override
    public Optional<String> lockLost() {
        return store.lockLost();
    }

    @Override
    public LockResult lock(String operation, Duration timeout) {
        return store.lock(operation, timeout);
    }

    @Override
    public Optional<LockInfo> holder() {
        return store.holder();
    }

    @Override
    public Optional<LockInfo> forceUnlock() {
        return store.forceUnlock();
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
