package io.batchform.cli;

import io.batchform.autoscale.sim.Chart;
import io.batchform.autoscale.sim.Prices;
import io.batchform.autoscale.sim.Reports;
import io.batchform.autoscale.sim.SimulationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code formula simulate} writes: the files under {@code --out}; and reading its text inputs. */
final class SimulationView {
    private SimulationView() {
    }

    static List<String> outputs(List<String> names) {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String prefix = names.size() == 1 ? "" : stem(names.get(i)) + ".";
            files.addAll(List.of(prefix + "timeline.csv", prefix + "report.json", prefix + "chart.svg"));
        }
        return files;
    }

    /** Writes each result's timeline.csv, report.json and chart.svg to {@code out} (prefixed by formula when comparing). */
    static void write(Path out, Path workload, List<String> names, List<SimulationResult> results, Prices.Price price) {
        try {
            Files.createDirectories(out);
            for (int i = 0; i < names.size(); i++) {
                String prefix = names.size() == 1 ? "" : stem(names.get(i)) + ".";
                Files.writeString(out.resolve(prefix + "timeline.csv"), Reports.csv(results.get(i)), StandardCharsets.UTF_8);
                Files.writeString(out.resolve(prefix + "report.json"), Reports.json(names.get(i), results.get(i), price),
                        StandardCharsets.UTF_8);
                Files.writeString(out.resolve(prefix + "chart.svg"), Chart.svg(names.get(i) + " on "
                        + workload.getFileName(), results.get(i)), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UserException("cannot write to " + out + ": " + e.getMessage());
        }
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
