package io.batchform.autoscale.eval;

import io.batchform.autoscale.lang.Numbers;
import io.batchform.source.SourceSpan;
import java.time.Instant;

/**
 * The sample methods over a {@link MetricHistory}, all on one definition of "the samples in a window".
 *
 * <p>Entry {@code age} (0 = newest) covers the 30 seconds of look-back {@code [age × 30 s, (age + 1) × 30 s]} before
 * the evaluation time. A look-back window between two bounds holds the entries whose 30 seconds lie wholly inside
 * it: ages from {@code ceil(near / 30 s)} up to, not including, {@code floor(far / 30 s)}. Those are its possible
 * samples; the ones that are not missing (entries older than the history count as missing) are its available ones,
 * and its percentage is available ÷ possible × 100, or 0 when it has no possible sample: a window shorter than one
 * sample holds none, and the service reports {@code received 0%} for it (a recorded error in the .NET SDK's tests:
 * {@code GetSample(10 * TimeInterval_Second, 0 * TimeInterval_Second, 100)} gives {@code wanted 100%, received 0%}).
 * {@code GetSample(window[, percent])}, {@code GetSamplePercent(window)} and {@code Count()} (the whole history as
 * the window) read that one definition.
 */
final class Samples {
    private static final long PERIOD = MetricHistory.SAMPLE_PERIOD_NANOS;

    private Samples() {
    }

    /** The entries of a look-back window: ages {@code from} (inclusive) to {@code to} (exclusive). */
    record Window(int from, int to) {
        /** The window between two look-backs from the evaluation time, in either order (nanoseconds). */
        static Window between(long lookBackA, long lookBackB) {
            long near = Math.max(0, Math.min(lookBackA, lookBackB));
            long far = Math.max(0, Math.max(lookBackA, lookBackB));
            int from = ages(Math.floorDiv(near + PERIOD - 1, PERIOD));
            int to = ages(far / PERIOD);
            return new Window(from, Math.max(from, to));
        }

        /** The whole history. */
        static Window all(MetricHistory history) {
            return new Window(0, history.size());
        }

        int possible() {
            return to - from;
        }

        int available(MetricHistory history) {
            if (from == 0 && to >= history.size()) {
                return history.available();
            }
            int available = 0;
            for (int age = from; age < to && age < history.size(); age++) {
                if (!Double.isNaN(history.ago(age))) {
                    available++;
                }
            }
            return available;
        }

        /** Available ÷ possible × 100; 0 for a window that holds no possible sample. */
        double percent(MetricHistory history) {
            return possible() == 0 ? 0 : 100.0 * available(history) / possible();
        }

        /** The available samples, oldest first. */
        double[] values(MetricHistory history) {
            double[] out = new double[available(history)];
            int filled = 0;
            for (int age = Math.min(to, history.size()) - 1; age >= from; age--) {
                double value = history.ago(age);
                if (!Double.isNaN(value)) {
                    out[filled++] = value;
                }
            }
            return out;
        }

        private static int ages(long count) {
            return (int) Math.min(Integer.MAX_VALUE, count);
        }
    }

    /** A window bound as a look-back from now, in nanoseconds: an interval as is, a timestamp as now minus it. */
    static long lookBack(Object bound, Instant now) {
        if (bound instanceof Values.Interval interval) {
            return interval.nanos();
        }
        return Preparer.epochNanos(now) - ((Values.Timestamp) bound).epochNanos();
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

    /**
     * {@code GetSample(start[, end][, percent])}: the available samples of the window, oldest first; fails with the
     * service's {@code InsufficientSampleData} when the window's percentage is below {@code requiredPercent}.
     */
    static double[] window(MetricHistory history, long startLookBack, long endLookBack, double requiredPercent,
                           String metric, SourceSpan openParen) {
        Window window = Window.between(startLookBack, endLookBack);
        double percent = window.percent(history);
        if (percent < requiredPercent) {
            throw EvaluationFailure.insufficientData(openParen, metric, Numbers.format(requiredPercent),
                    Numbers.format(percent));
        }
        return window.values(history);
    }

    /** {@code GetSamplePercent(start[, end])}: the percentage of the window's possible samples that are available. */
    static double percent(MetricHistory history, long startLookBack, long endLookBack) {
        return Window.between(startLookBack, endLookBack).percent(history);
    }

    /** {@code Count()}: the available samples of the whole history. */
    static double count(MetricHistory history) {
        return Window.all(history).available(history);
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
}
