package io.batchform.cli;

import io.batchform.autoscale.tune.TuneReport;
import io.batchform.autoscale.tune.Tuner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code formula tune} writes under {@code --out}: the tuned formula, the trade-off chart, every candidate. */
final class TuneView {
    private TuneView() {
    }

    static void write(Path out, Path formula, Path workload, Tuner.Settings settings, Tuner.Outcome outcome,
                      String filled) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("tuned.formula"), filled, StandardCharsets.UTF_8);
            Files.writeString(out.resolve("tradeoff.svg"), TuneReport.svg(formula.getFileName() + " on "
                    + workload.getFileName() + ": cost against p95 queue wait", settings, outcome), StandardCharsets.UTF_8);
            Files.writeString(out.resolve("candidates.csv"), TuneReport.csv(outcome), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException("cannot write to " + out + ": " + e.getMessage());
        }
    }
}
