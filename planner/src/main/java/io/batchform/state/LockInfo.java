package io.batchform.state;

import java.time.Instant;
import java.util.Objects;

/**
 * Who holds the state lock, for what, since when: enough to act on ("locked by alice@build-7 (pid 4121, apply)"), and
 * the lock's id, which {@code batchform force-unlock ID} must name (so that it removes the lock its user looked at,
 * not one taken since). A lock written without an id (by an older batchform, or unreadable) has its pid as its id.
 */
public record LockInfo(String who, long pid, String operation, Instant since, String id) {
    public LockInfo {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(id, "id");
    }

    /** A lock recorded without an id: its pid is its id. */
    public LockInfo(String who, long pid, String operation, Instant since) {
        this(who, pid, operation, since, Long.toString(pid));
    }

    /** A lock for {@code operation} taken by this process now, with a new random id. */
    public static LockInfo thisProcess(String operation, Instant since) {
        return new LockInfo(currentUser(), ProcessHandle.current().pid(), operation, since,
                java.util.UUID.randomUUID().toString());
    }

    /** This process's user and host: {@code user@host}. */
    public static String currentUser() {
        String user = System.getProperty("user.name", "unknown");
        try {
            return user + "@" + java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return user;
        }
    }

    @Override
    public String toString() {
        return who + " (pid " + pid + ", " + operation + ") since " + since;
    }
}
