package io.batchform.state;

import java.time.Instant;
import java.util.Objects;

/** Who holds the state lock, for what, since when: enough to act on ("locked by alice@build-7 (pid 4121, apply)"). */
public record LockInfo(String who, long pid, String operation, Instant since) {
    public LockInfo {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(since, "since");
    }

    /** A lock for {@code operation} taken by this process now. */
    public static LockInfo thisProcess(String operation, Instant since) {
        return new LockInfo(currentUser(), ProcessHandle.current().pid(), operation, since);
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
