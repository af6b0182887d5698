package io.batchform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.engine.LoadedSpec;
import io.batchform.engine.Operations;
import io.batchform.engine.Outcomes.ReadinessOutcome;
import io.batchform.engine.Readiness;
import io.batchform.render.DiagnosticJson;
import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code batchform failover check}: whether each standby region could take the work on its own, for CI. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check that each standby region could take the work on its own: its pools' references stay in "
                + "the region, it is in the shape the spec wants, Batch offers its pools' VM sizes there, its quotas "
                + "cover it once active, its last drill is recent enough (failover.maxDrillAge), and it answers.",
                "Exit 0 when every standby region is ready (warnings allowed), 1 otherwise."})
final class FailoverCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    EndpointOptions endpointOptions;

    @Option(names = "--json", description = "Print the findings as JSON (for dashboards).")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the findings as JUnit XML (for CI).")
    Path junit;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        LoadedSpec loaded = SpecView.load(specOptions, err);
        if (loaded == null) {
            return 1;
        }
        StateStore store = StateStores.open(stateOptions);
        try (Cloud cloud = Cloud.connect(loaded.subscription(), Cloud.environment(command), stateOptions.directory,
                endpointOptions, store)) {
            (json ? err : out).println("Talking to " + cloud.description() + ".");
            ReadinessOutcome outcome = Operations.readiness(loaded, cloud.store(), cloud.provider());
            if (outcome.refused()) {
                return PlanView.refused(outcome.refusals(), out, err);
            }
            Readiness.Report report = outcome.report();
            if (junit != null) {
                writeJunit(report, junit);
            }
            if (json) {
                out.println(json(report));
            } else {
                human(report, loaded, out);
            }
            out.flush();
            return report.ready() ? 0 : 1;
        }
    }

    private static void human(Readiness.Report report, LoadedSpec loaded, PrintWriter out) {
        for (String region : report.regions()) {
            List<Readiness.Finding> findings = findings(report, region);
            long errors = findings.stream().filter(f -> f.diagnostic().isError()).count();
            long warnings = findings.size() - errors;
            out.println();
            out.println(region + ": " + (errors == 0 ? "ready" : "NOT READY") + " (" + SpecView.count(errors, "error")
                    + ", " + SpecView.count(warnings, "warning") + ")");
            for (String check : report.checks()) {
                List<Readiness.Finding> these = findings.stream().filter(f -> f.check().equals(check)).toList();
                out.println("  " + (these.stream().anyMatch(f -> f.diagnostic().isError()) ? "FAIL" : these.isEmpty()
                        ? "ok  " : "warn") + "  " + check);
            }
            for (Readiness.Finding finding : findings) {
                out.println();
                out.print(DiagnosticFormatter.format(finding.diagnostic(), loaded.texts()).indent(2));
            }
            List<String> replicate = report.replicate().getOrDefault(region, List.of());
            if (!replicate.isEmpty()) {
                out.println();
                out.println("  What " + region + "'s pools read, which batchform does not copy (replicate it there, "
                        + "e.g. object replication or AzCopy for blobs, geo-replication for registries):");
                replicate.forEach(item -> out.println("    " + item));
            }
        }
        out.println();
        out.println(report.ready() ? "Every standby region is ready." : "Not ready: fix the errors above, then run "
                + "batchform failover check again.");
    }

    private static List<Readiness.Finding> findings(Readiness.Report report, String region) {
        return report.findings().stream().filter(f -> f.region().equals(region)).toList();
    }

    private static String json(Readiness.Report report) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("ready", report.ready());
        ArrayNode regions = root.putArray("regions");
        for (String region : report.regions()) {
            List<Readiness.Finding> findings = findings(report, region);
            ObjectNode node = regions.addObject();
            node.put("region", region);
            node.put("ready", findings.stream().noneMatch(f -> f.diagnostic().isError()));
            report.replicate().getOrDefault(region, List.of()).forEach(node.withArray("replicate")::add);
            ArrayNode list = node.putArray("findings");
            findings.forEach(f -> DiagnosticJson.write(f.diagnostic(), list.addObject().put("check", f.check())));
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** One test suite per standby region, one test case per check: failed with its errors, warnings as output. */
    static void writeJunit(Readiness.Report report, Path file) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        List<String> checks = report.checks(); // one JUnit test case per region and check
        long failures = report.regions().stream().mapToLong(r -> checks.stream().filter(c -> findings(report, r)
                .stream().anyMatch(f -> f.check().equals(c) && f.diagnostic().isError())).count()).sum();
        xml.append("<testsuites name=\"batchform failover check\" tests=\"")
                .append(report.regions().size() * checks.size()).append("\" failures=\"").append(failures).append("\">\n");
        for (String region : report.regions()) {
            Map<String, List<Diagnostic>> byCheck = new TreeMap<>(findings(report, region).stream().collect(
                    Collectors.groupingBy(Readiness.Finding::check,
                            Collectors.mapping(Readiness.Finding::diagnostic, Collectors.toList()))));
            long failed = checks.stream().filter(c -> byCheck.getOrDefault(c, List.of()).stream()
                    .anyMatch(Diagnostic::isError)).count();
            xml.append("  <testsuite name=\"").append(escape(region)).append("\" tests=\"").append(checks.size())
                    .append("\" failures=\"").append(failed).append("\">\n");
            for (String check : checks) {
                List<Diagnostic> found = byCheck.getOrDefault(check, List.of());
                xml.append("    <testcase classname=\"failover.").append(escape(region)).append("\" name=\"")
                        .append(escape(check)).append("\">");
                List<Diagnostic> errors = found.stream().filter(Diagnostic::isError).toList();
                if (!errors.isEmpty()) {
                    xml.append("\n      <failure message=\"").append(escape(errors.size() + " finding(s): "
                            + errors.get(0).message())).append("\">").append(escape(errors.stream()
                            .map(DiagnosticFormatter::header).collect(Collectors.joining("\n")))).append("</failure>");
                }
                List<Diagnostic> warnings = found.stream().filter(d -> !d.isError()).toList();
                if (!warnings.isEmpty()) {
                    xml.append("\n      <system-out>").append(escape(warnings.stream().map(DiagnosticFormatter::header)
                            .collect(Collectors.joining("\n")))).append("</system-out>");
                }
                xml.append(found.isEmpty() ? "" : "\n    ").append("</testcase>\n");
            }
            xml.append("  </testsuite>\n");
        }
        xml.append("</testsuites>\n");
        try {
            Files.writeString(file, xml.toString());
        } catch (IOException e) {
            throw new UserException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
