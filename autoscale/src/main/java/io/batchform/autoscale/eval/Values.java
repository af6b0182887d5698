package io.batchform.autoscale.eval;

/** Runtime representations of the types that have no Java counterpart; doubles are Double, vectors double[]. */
final class Values {
    private Values() {
    }

    /** A point in time, in nanoseconds since the epoch (UTC). */
    record Timestamp(long epochNanos) {
    }

    /** A length of time, in nanoseconds. */
    record Interval(long nanos) {
    }
}
