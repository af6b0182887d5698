package io.batchform.autoscale.eval;

import io.batchform.autoscale.lang.DeallocationOption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one evaluation, as the service reports it ({@code timestamp}, {@code results}, {@code error}), plus
 * the three values the results start with, as numbers, for callers that apply them (the simulator, the emulator).
 * When the evaluation failed, results hold the pool's values before the evaluation: no change is applied.
 */
public record AutoScaleRun(Instant timestamp, String results, Optional<Error> error, double targetDedicatedNodes,
                           double targetLowPriorityNodes, DeallocationOption nodeDeallocationOption) {
    public AutoScaleRun {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(nodeDeallocationOption, "nodeDeallocationOption");
    }

    public boolean failed() {
        return error.isPresent();
    }

    /** The service's {@code AutoScaleRunError}: a code, a message and name/value details. */
    public record Error(String code, String message, List<NameValue> values) {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            values = List.copyOf(values);
        }
    }

    public record NameValue(String name, String value) {
    }
}
