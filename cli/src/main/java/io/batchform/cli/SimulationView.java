package io.batchform.cli;

import io.batchform.autoscale.sim.Chart;
import io.batchform.autoscale.sim.Prices;
import io.batchform.autoscale.sim.Recording;
import io.batchform.autoscale.sim.Reports;
import io.batchform.autoscale.sim.SimulationJob;
import io.batchform.autoscale.sim.SimulationResult;
import io.batchform.autoscale.sim.Timeline;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code formula simulate} writes under {@code --out}: each run streams its timeline.csv and its report's
 * evaluations to files as it goes (nothing of them is kept in memory, so a year of samples costs no heap), then
 * report.json is assembled and chart.svg drawn from the run's aggregated series.
 */
final class SimulationView {
    private SimulationView() {
    }

    static List<String> outputs(List<String> names) {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String prefix = prefix(names, i);
            files.addAll(List.of(prefix + "timeline.csv", prefix + "report.json", prefix + "chart.svg"));
        }
        return files;
    }

    /** Runs a job, writing its files to {@code out} as it goes (prefixed by formula when comparing). */
    static SimulationResult runAndWrite(SimulationJob job, double waitThreshold, Path out, Path workload,
                                        List<String> names, int i) {
        String prefix = prefix(names, i);
        Path evaluations = out.resolve("." + prefix + "evaluations.part");
        try {
            Files.createDirectories(out);
            SimulationResult result;
            try (BufferedWriter csv = Files.newBufferedWriter(out.resolve(prefix + "timeline.csv"), StandardCharsets.UTF_8);
                 BufferedWriter json = Files.newBufferedWriter(evaluations, StandardCharsets.UTF_8)) {
                csv.write(Reports.csvHeader());
                result = job.run(Recording.streaming(waitThreshold, new Streams(csv, json, job.start())));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            Path report = out.resolve(prefix + "report.json");
            Path part = out.resolve("." + prefix + "report.json.part");
            try (Writer json = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                json.write(Reports.jsonHead(names.get(i), result, job.price()));
                try (var in = Files.newBufferedReader(evaluations, StandardCharsets.UTF_8)) {
                    in.transferTo(json);
                }
                json.write(Reports.jsonTail(result.figure("evaluations", job.price()) == 0 ? 0 : 1));
            }
            Files.move(part, report, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(out.resolve(prefix + "chart.svg"), Chart.svg(names.get(i) + " on "
                    + workload.getFileName(), result), StandardCharsets.UTF_8);
            return result;
        } catch (IOException e) {
            throw new UserException("cannot write to " + out + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(evaluations);
            } catch (IOException ignored) {
                // a scratch file left behind is harmless
            }
        }
    }

    /** Writes a run's samples and evaluations as they come. */
    private record Streams(Writer csv, Writer json, Instant start) implements Recording.Listener {
        @Override
        public void sample(Timeline.Row row) {
            StringBuilder line = new StringBuilder(96);
            Reports.csvRow(line, start, row);
            write(csv, line);
        }

        @Override
        public void evaluation(int index, SimulationResult.Evaluation evaluation) {
            write(json, Reports.jsonEvaluation(index, evaluation));
        }

        private static void write(Writer to, CharSequence text) {
            try {
                to.append(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String prefix(List<String> names, int i) {
        return names.size() == 1 ? "" : stem(names.get(i)) + ".";
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
