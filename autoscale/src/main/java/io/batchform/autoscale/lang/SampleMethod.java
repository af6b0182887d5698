package io.batchform.autoscale.lang;

import java.util.Arrays;
import java.util.Optional;

/** The methods of a sampled service variable such as {@code $PendingTasks} (docs/autoscale-language.md section 8). */
public enum SampleMethod {
    /** {@code GetSample(count)}, {@code GetSample(start [, percent])}, {@code GetSample(start, end [, percent])}. */
    GET_SAMPLE("GetSample"),
    /** {@code GetSamplePeriod()}: the period between samples (30 seconds). */
    GET_SAMPLE_PERIOD("GetSamplePeriod"),
    /** {@code Count()}: the number of samples in the metric history. */
    COUNT("Count"),
    /** {@code HistoryBeginTime()}: the time of the oldest available sample. */
    HISTORY_BEGIN_TIME("HistoryBeginTime"),
    /** {@code GetSamplePercent(start [, end])}: the percentage of samples available in a window. */
    GET_SAMPLE_PERCENT("GetSamplePercent");

    private final String methodName;

    SampleMethod(String methodName) {
        this.methodName = methodName;
    }

    public String methodName() {
        return methodName;
    }

    public static Optional<SampleMethod> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.methodName.equals(name)).findFirst();
    }
}
