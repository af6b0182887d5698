package io.batchform.autoscale.eval;

import io.batchform.autoscale.lang.DeallocationOption;
import io.batchform.autoscale.lang.Numbers;
import io.batchform.autoscale.lang.TimeFormats;
import java.time.Instant;

/**
 * The service's results format: {@code $TargetDedicatedNodes=1;$TargetLowPriorityNodes=0;$NodeDeallocationOption=
 * taskcompletion;$samples=96.6667;...}. Numbers with up to 6 significant digits, timestamps as
 * {@code 2016-10-13T19:18:47.805Z}, vectors as {@code [1,2,3]}, time intervals as .NET prints a TimeSpan
 * ({@code 00:10:00}, {@code 1.02:03:04.5000000}) — the last two are not documented and are our choice.
 */
final class Results {
    private Results() {
    }

    static StringBuilder targets(double dedicated, double lowPriority, DeallocationOption option) {
        StringBuilder out = new StringBuilder(128);
        out.append("$TargetDedicatedNodes=").append(number(dedicated))
                .append(";$TargetLowPriorityNodes=").append(number(lowPriority))
                .append(";$NodeDeallocationOption=").append(option.keyword());
        return out;
    }

    static void appendValue(StringBuilder out, Object value) {
        if (value instanceof Double d) {
            out.append(number(d));
        } else if (value instanceof double[] vector) {
            out.append('[');
            for (int i = 0; i < vector.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(number(vector[i]));
            }
            out.append(']');
        } else if (value instanceof Values.Timestamp timestamp) {
            out.append(TimeFormats.print(Instant.ofEpochSecond(0, timestamp.epochNanos())));
        } else if (value instanceof Values.Interval interval) {
            out.append(timeSpan(interval.nanos()));
        } else if (value instanceof DeallocationOption option) {
            out.append(option.keyword());
        } else {
            out.append(value);
        }
    }

    /** {@link Numbers#format}, with a fast path for the whole numbers most variables hold. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e6) {
            return Long.toString((long) value);
        }
        return Numbers.format(value);
    }

    /** A time interval as .NET's TimeSpan prints it: {@code [-][d.]hh:mm:ss[.fffffff]}. */
    static String timeSpan(long nanos) {
        StringBuilder out = new StringBuilder();
        long ticks = nanos / 100;
        if (ticks < 0) {
            out.append('-');
            ticks = -ticks;
        }
        long days = ticks / 864_000_000_000L;
        long rest = ticks % 864_000_000_000L;
        long hours = rest / 36_000_000_000L;
        rest %= 36_000_000_000L;
        long minutes = rest / 600_000_000L;
        rest %= 600_000_000L;
        long seconds = rest / 10_000_000L;
        long fraction = rest % 10_000_000L;
        if (days > 0) {
            out.append(days).append('.');
        }
        out.append(two(hours)).append(':').append(two(minutes)).append(':').append(two(seconds));
        if (fraction > 0) {
            out.append('.').append(String.format("%07d", fraction));
        }
        return out.toString();
    }

    private static String two(long value) {
        return value < 10 ? "0" + value : Long.toString(value);
    }
}
