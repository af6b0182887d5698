package io.batchform.state;

/**
 * A write refused because the run no longer holds the state lock (its lease was broken by {@code force-unlock}, or
 * could not be renewed before it expired). Whoever holds the lock now owns the state; this run must stop and say what
 * it did that the state does not record.
 */
public final class LockLostException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public LockLostException(String message) {
        super(message);
    }

    public LockLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
