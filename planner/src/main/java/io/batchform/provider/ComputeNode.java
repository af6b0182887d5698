package io.batchform.provider;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A compute node of a pool as the Batch service reports it: its id, its state (the service's {@code ComputeNodeState}
 * value in lower case: {@code idle}, {@code running}, {@code starting}, {@code waitingforstarttask},
 * {@code starttaskfailed}, {@code unusable}, {@code preempted}, {@code leavingpool}, ...; a value this list does not
 * name is kept as the service sent it), whether it is a dedicated node (else Spot), and what its start task did
 * (empty when the node has not run one).
 */
public record ComputeNode(String id, String state, boolean dedicated, Optional<StartTask> startTask) {
    /** The states in which a node can take work. */
    public static final Set<String> USABLE = Set.of("idle", "running");
    /** The states in which a node will not take work without someone acting on it. */
    public static final Set<String> FAILED = Set.of("starttaskfailed", "unusable");

    public ComputeNode {
        state = state == null ? "unknown" : state.toLowerCase(Locale.ROOT);
        startTask = startTask == null ? Optional.empty() : startTask;
    }

    /** Whether the node can take work: idle or running. */
    public boolean usable() {
        return USABLE.contains(state);
    }

    /**
     * Whether the node failed in a way that waiting will not mend: its start task failed (and the pool waits for it)
     * or the node is unusable; or its start task completed with a failure.
     */
    public boolean failed() {
        return FAILED.contains(state) || startTask.map(StartTask::failed).orElse(false);
    }

    /**
     * A start task's run on a node: its state ({@code running} or {@code completed}), result ({@code success} or
     * {@code failure}, null while it runs), exit code (null until it completes), the code and message of its failure
     * information (null without one), and how many times it was retried.
     */
    public record StartTask(String state, String result, Integer exitCode, String failureCode, String failureMessage,
                            int retryCount) {
        public StartTask {
            state = state == null ? null : state.toLowerCase(Locale.ROOT);
            result = result == null ? null : result.toLowerCase(Locale.ROOT);
        }

        /** Whether it completed with exit code 0 (or result success). */
        public boolean succeeded() {
            return "completed".equals(state) && ("success".equals(result) || result == null && Integer.valueOf(0)
                    .equals(exitCode));
        }

        /** Whether it completed and failed (a non-zero exit code, or a failure before it could run). */
        public boolean failed() {
            return "completed".equals(state) && !succeeded();
        }
    }

    /** One line about a node that failed: {@code tvmps_..._d starttaskfailed, start task exit code 1: message}. */
    public String failureSummary() {
        StringBuilder line = new StringBuilder(id).append(' ').append(state);
        startTask.filter(StartTask::failed).ifPresent(task -> {
            line.append(", start task exit code ").append(task.exitCode() == null ? "none" : task.exitCode());
            if (task.retryCount() > 0) {
                line.append(" after ").append(task.retryCount()).append(task.retryCount() == 1 ? " retry" : " retries");
            }
            String why = task.failureMessage() != null ? task.failureMessage() : task.failureCode();
            if (why != null) {
                line.append(": ").append(why);
            }
        });
        return line.toString();
    }
}
