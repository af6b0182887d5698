package io.batchform.autoscale.lang;

import java.util.Arrays;
import java.util.Optional;

/** The values of {@code $NodeDeallocationOption}, written as bare keywords. {@link #REQUEUE} is the default. */
public enum DeallocationOption {
    /** Terminate running tasks now and requeue them. */
    REQUEUE("requeue"),
    /** Terminate running tasks now and remove them from the job. */
    TERMINATE("terminate"),
    /** Wait for running tasks to finish before removing the node. */
    TASK_COMPLETION("taskcompletion"),
    /** Wait until task-retained data on the node has been cleaned up. */
    RETAINED_DATA("retaineddata");

    private final String keyword;

    DeallocationOption(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public static Optional<DeallocationOption> byKeyword(String keyword) {
        return Arrays.stream(values()).filter(o -> o.keyword.equals(keyword)).findFirst();
    }
}
