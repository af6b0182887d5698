package io.batchform.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Where state lives. Every command that writes takes the lock first and releases it when done. */
public interface StateStore {
    /** The stored state, or empty when there is none yet. */
    Optional<State> read();

    /**
     * Writes the state atomically, keeping the previous version as a backup. Call only while holding the lock; throws
     * {@link LockLostException} when the lock was lost since it was taken.
     */
    void write(State state);

    /**
     * Writes {@code state}, which differs from the state this store last read or wrote only in the resource and the
     * intent at {@code changed} (and in its serial): what an apply records after each resource, and before each
     * create. A store may keep just that change, durably before this returns, for {@link #read} to apply
     * ({@link FileStateStore} appends it to a journal) until {@link #settle} writes the whole state again; by default
     * the whole state is written.
     */
    default void write(State state, io.batchform.address.Address changed) {
        write(state);
    }

    /**
     * Writes {@code state} whole if changes were kept apart by {@link #write(State, io.batchform.address.Address)}
     * (an apply calls it once at the end); by default there is nothing to do.
     */
    default void settle(State state) {
    }

    /**
     * Why this run no longer holds the lock it took (broken by another run, or not renewed in time); empty while it
     * does, or when no lock was taken. A store whose lock cannot be lost (a file) always answers empty.
     */
    default java.util.Optional<String> lockLost() {
        return java.util.Optional.empty();
    }

    /** Takes the lock, waiting up to {@code timeout}; says who holds it when it cannot. */
    LockResult lock(String operation, Duration timeout);

    /**
     * Removes the lock whoever holds it, for a run known to be gone (killed on another machine); says who held it,
     * or empty when nothing was held.
     */
    Optional<LockInfo> forceUnlock();

    /** Who holds the lock now, if anyone. */
    Optional<LockInfo> holder();

    /**
     * Removes the lock if its id is {@code id} ({@code batchform force-unlock ID}): a lock taken since the user looked
     * is left alone. Says what it found.
     */
    default Unlock forceUnlock(String id) {
        Optional<LockInfo> held = holder();
        if (held.isEmpty()) {
            return new Unlock.NotLocked();
        }
        if (!held.get().id().equals(id)) {
            return new Unlock.OtherId(held.get());
        }
        return forceUnlock().<Unlock>map(Unlock.Removed::new).orElseGet(Unlock.NotLocked::new);
    }

    /** What {@link #forceUnlock(String)} did. */
    sealed interface Unlock {
        /** Nothing was locked. */
        record NotLocked() implements Unlock {
        }

        /** The lock held is another one than the id named; it is left in place. */
        record OtherId(LockInfo holder) implements Unlock {
        }

        record Removed(LockInfo holder) implements Unlock {
        }
    }

    /** Waits before a store tries the lock again: at most {@code longest}, never past {@code deadline}. */
    static void pause(Clock clock, Instant deadline, Duration longest) {
        long millis = Math.min(longest.toMillis(), Math.max(1, Duration.between(clock.instant(), deadline).toMillis()));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the state lock", e);
        }
    }

    /** The outcome of {@link #lock}: the lock, or the holder that kept it. */
    sealed interface LockResult {
        /** The lock, and the lock of a run that was gone which the store broke to take it (null: none). */
        record Acquired(StateLock lock, LockInfo brokeStale) implements LockResult {
            public Acquired(StateLock lock) {
                this(lock, null);
            }
        }

        record HeldBy(LockInfo holder) implements LockResult {
        }
    }

    /** A held lock; closing it releases it. */
    interface StateLock extends AutoCloseable {
        LockInfo info();

        @Override
        void close();
    }
}
