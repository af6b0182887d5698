package io.batchform.autoscale.eval;

import io.batchform.autoscale.lang.SystemVariable;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Everything an evaluation reads besides the formula: the evaluation time ({@code time()}), the pool before the
 * evaluation, the metric histories (a variable without one has an empty history), the sample percentage a windowed
 * {@code GetSample} without one requires, and the random source of {@code rand()}. Mutable on purpose, so that a
 * simulator updates one context per step instead of building a new one.
 */
public final class EvaluationContext {
    /** The percentage the service requires of a windowed GetSample given none (observed, not documented). */
    public static final double DEFAULT_IMPLICIT_SAMPLE_PERCENT = 70;

    private Instant time;
    private PoolState pool;
    private final Map<SystemVariable, MetricHistory> metrics = new EnumMap<>(SystemVariable.class);
    private double implicitSamplePercent = DEFAULT_IMPLICIT_SAMPLE_PERCENT;
    private RandomGenerator random;

    public EvaluationContext(Instant time, PoolState pool) {
        this.time = Objects.requireNonNull(time, "time");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.random = new java.util.SplittableRandom(0);
    }

    public Instant time() {
        return time;
    }

    public EvaluationContext time(Instant newTime) {
        this.time = Objects.requireNonNull(newTime, "time");
        return this;
    }

    public PoolState pool() {
        return pool;
    }

    public EvaluationContext pool(PoolState newPool) {
        this.pool = Objects.requireNonNull(newPool, "pool");
        return this;
    }

    /** The history of a sampled variable; empty when none was given. */
    public MetricHistory metric(SystemVariable variable) {
        MetricHistory history = metrics.get(variable);
        return history == null ? EMPTY : history;
    }

    public EvaluationContext metric(SystemVariable variable, MetricHistory history) {
        if (variable.kind() != SystemVariable.Kind.SAMPLED) {
            throw new IllegalArgumentException(variable.variableName() + " is not a sampled variable");
        }
        metrics.put(variable, Objects.requireNonNull(history, "history"));
        return this;
    }

    public double implicitSamplePercent() {
        return implicitSamplePercent;
    }

    public EvaluationContext implicitSamplePercent(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("a sample percentage is between 0 and 100: " + percent);
        }
        this.implicitSamplePercent = percent;
        return this;
    }

    public RandomGenerator random() {
        return random;
    }

    public EvaluationContext random(RandomGenerator generator) {
        this.random = Objects.requireNonNull(generator, "random");
        return this;
    }

    private static final MetricHistory EMPTY = MetricHistory.withCapacity(1);
}
