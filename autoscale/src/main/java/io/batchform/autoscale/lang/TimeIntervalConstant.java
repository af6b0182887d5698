package io.batchform.autoscale.lang;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The ten {@code TimeInterval_*} constants. The length of a year is not documented; 365 days is assumed.
 */
public enum TimeIntervalConstant {
    ZERO("TimeInterval_Zero", Duration.ZERO),
    HUNDRED_NANOSECONDS("TimeInterval_100ns", Duration.ofNanos(100)),
    MICROSECOND("TimeInterval_Microsecond", Duration.ofNanos(1_000)),
    MILLISECOND("TimeInterval_Millisecond", Duration.ofMillis(1)),
    SECOND("TimeInterval_Second", Duration.ofSeconds(1)),
    MINUTE("TimeInterval_Minute", Duration.ofMinutes(1)),
    HOUR("TimeInterval_Hour", Duration.ofHours(1)),
    DAY("TimeInterval_Day", Duration.ofDays(1)),
    WEEK("TimeInterval_Week", Duration.ofDays(7)),
    YEAR("TimeInterval_Year", Duration.ofDays(365));

    private final String constantName;
    private final Duration duration;

    TimeIntervalConstant(String constantName, Duration duration) {
        this.constantName = constantName;
        this.duration = duration;
    }

    public String constantName() {
        return constantName;
    }

    public Duration duration() {
        return duration;
    }

    public static Optional<TimeIntervalConstant> byName(String name) {
        return Arrays.stream(values()).filter(c -> c.constantName.equals(name)).findFirst();
    }
}
