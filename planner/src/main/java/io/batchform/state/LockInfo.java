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

    @Override
    public String toString() {
        return who + " (pid " + pid + ", " + operation + ") since " + since;
    }
}
