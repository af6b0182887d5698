package io.batchform.autoscale.sim;

import io.batchform.source.Durations;
import java.util.SplittableRandom;

/**
 * A distribution of durations in seconds (allocation delays, task durations), drawn from a seeded generator so that
 * a simulation is reproducible. Never negative.
 */
public sealed interface Distribution {
    double sample(SplittableRandom random);

    /** A short description for reports: {@code 5m}, {@code uniform(2m, 6m)}. */
    String describe();

    record Fixed(double seconds) implements Distribution {
        public Fixed {
            requireNonNegative(seconds, "a duration");
        }

        @Override
        public double sample(SplittableRandom random) {
            return seconds;
        }

        @Override
        public String describe() {
            return Durations.format(seconds);
        }
    }

    record Uniform(double min, double max) implements Distribution {
        public Uniform {
            requireNonNegative(min, "min");
            if (max < min) {
                throw new IllegalArgumentException("max must not be less than min");
            }
        }

        @Override
        public double sample(SplittableRandom random) {
            return max == min ? min : min + random.nextDouble() * (max - min);
        }

        @Override
        public String describe() {
            return "uniform(" + Durations.format(min) + ", " + Durations.format(max) + ")";
        }
    }

    /** A normal distribution, cut at zero. */
    record Normal(double mean, double stddev) implements Distribution {
        public Normal {
            requireNonNegative(mean, "mean");
            requireNonNegative(stddev, "stddev");
        }

        @Override
        public double sample(SplittableRandom random) {
            return Math.max(0, mean + stddev * gaussian(random));
        }

        @Override
        public String describe() {
            return "normal(" + Durations.format(mean) + ", " + Durations.format(stddev) + ")";
        }
    }

    /** A log-normal distribution given by its median and the standard deviation of its logarithm. */
    record LogNormal(double median, double sigma) implements Distribution {
        public LogNormal {
            if (!(median > 0)) {
                throw new IllegalArgumentException("median must be positive");
            }
            requireNonNegative(sigma, "sigma");
        }

        @Override
        public double sample(SplittableRandom random) {
            return median * Math.exp(sigma * gaussian(random));
        }

        @Override
        public String describe() {
            return "lognormal(" + Durations.format(median) + ", " + sigma + ")";
        }
    }

    record Exponential(double mean) implements Distribution {
        public Exponential {
            requireNonNegative(mean, "mean");
        }

        @Override
        public double sample(SplittableRandom random) {
            return -mean * Math.log(1 - random.nextDouble());
        }

        @Override
        public String describe() {
            return "exponential(" + Durations.format(mean) + ")";
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static void requireNonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be zero or positive: " + value);
        }
    }
}
