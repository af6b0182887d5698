package io.batchform.autoscale.lang;

/**
 * The bounds the workload and context readers keep, so that a file (or a generator) cannot ask for more memory or
 * time than a simulation can give: each reader reports the first bound crossed at its file:line:col and stops.
 * The byte size of the files is bounded where they are read ({@code SourceFiles}, 64 MB for workloads).
 */
public final class InputLimits {
    /** The longest line of a CSV or SWF trace, in characters (a trace line holds a few numbers). */
    public static final int MAX_LINE = 4096;
    /** The most submissions (lines) a trace may hold. */
    public static final int MAX_SUBMISSIONS = 5_000_000;
    /** The most tasks one trace line or one burst submits. */
    public static final int MAX_COUNT = 1_000_000;
    /** The most generators a YAML workload may list. */
    public static final int MAX_GENERATORS = 100;
    /** The highest rate a generator may draw, tasks an hour (a million an hour is 280 a second). */
    public static final double MAX_RATE = 1_000_000;
    /** The most samples one metric's history may hold in a context file: 8 days of 30-second samples. */
    public static final int MAX_SAMPLES = 8 * 24 * 120;

    private InputLimits() {
    }
}
