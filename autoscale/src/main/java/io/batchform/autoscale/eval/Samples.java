package io.batchform.autoscale.eval;

import io.batchform.autoscale.lang.Numbers;
import io.batchform.source.SourceSpan;
import java.time.Instant;

/**
 * The sample methods over a {@link MetricHistory}. Entry {@code age} (0 = newest) covers the 30 seconds ending
 * {@code age × 30 s} before the evaluation time; a look-back window {@code [end, start)} covers the entries whose age
 * is from {@code floor(end / 30 s)} up to, not including, {@code floor(start / 30 s)}. Entries older than the history
 * count as missing, which is what makes a young pool's windows fall short.
 */
final class Samples {
    private static final long PERIOD = MetricHistory.SAMPLE_PERIOD_NANOS;

    private Samples() {
    }

    /** {@code GetSample(count)}: the newest {@code count} available samples, oldest first, however old they are. */
    static double[] newest(MetricHistory history, double count) {
        int wanted = (int) Math.max(0, Math.min(count, history.available()));
        double[] out = new double[wanted];
        int filled = 0;
        for (int age = 0; filled < wanted && age < history.size(); age++) {
            double value = history.ago(age);
            if (!Double.isNaN(value)) {
                out[wanted - 1 - filled] = value;
                filled++;
            }
        }
        return out;
    }

    /** {@code GetSample(start[, end][, percent])}: the available samples of the window, oldest first. */
    static double[] window(MetricHistory history, long startLookBack, long endLookBack, double requiredPercent,
                           String metric, SourceSpan openParen) {
        int from = firstAge(startLookBack, endLookBack);
        int to = lastAgeExclusive(startLookBack, endLookBack);
        int possible = to - from;
        int available = 0;
        for (int age = from; age < to && age < history.size(); age++) {
            if (!Double.isNaN(history.ago(age))) {
                available++;
            }
        }
        double percent = possible == 0 ? 100 : 100.0 * available / possible;
        if (percent < requiredPercent) {
            throw EvaluationFailure.insufficientData(openParen, metric, Numbers.format(requiredPercent),
                    Numbers.format(percent));
        }
        double[] out = new double[available];
        int filled = 0;
        for (int age = Math.min(to, history.size()) - 1; age >= from; age--) {
            double value = history.ago(age);
            if (!Double.isNaN(value)) {
                out[filled++] = value;
            }
        }
        return out;
    }

    /** {@code GetSamplePercent(start[, end])}: the percentage of the window's possible samples that are available. */
    static double percent(MetricHistory history, long startLookBack, long endLookBack) {
        int from = firstAge(startLookBack, endLookBack);
        int to = lastAgeExclusive(startLookBack, endLookBack);
        if (to <= from) {
            return 0;
        }
        int available = 0;
        for (int age = from; age < to && age < history.size(); age++) {
            if (!Double.isNaN(history.ago(age))) {
                available++;
            }
        }
        return 100.0 * available / (to - from);
    }

    /** {@code HistoryBeginTime()}: the time of the oldest available sample (the evaluation time when there is none). */
    static Values.Timestamp historyBegin(MetricHistory history, Instant now) {
        long nowNanos = Preparer.epochNanos(now);
        for (int age = history.size() - 1; age >= 0; age--) {
            if (!Double.isNaN(history.ago(age))) {
                return new Values.Timestamp(nowNanos - age * PERIOD);
            }
        }
        return new Values.Timestamp(nowNanos);
    }

    private static int firstAge(long a, long b) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, Math.min(a, b)) / PERIOD);
    }

    private static int lastAgeExclusive(long a, long b) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, Math.max(a, b)) / PERIOD);
    }
}
