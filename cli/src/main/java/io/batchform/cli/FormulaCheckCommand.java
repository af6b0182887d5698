package io.batchform.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.render.DiagnosticJson;
import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform formula check FILE...}: compiles formulas and reports every problem found. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check autoscale formulas: syntax, names, types and the service's limits. "
                + "Exit 0 when every file is valid (warnings allowed), 1 otherwise.")
final class FormulaCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Formula files.")
    List<Path> files;

    @Option(names = "--json", description = "Print the diagnostics as JSON on standard output.")
    boolean json;

    @Override
    public Integer call() {
        boolean allValid = true;
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (Path file : files) {
            CheckedFormula checked = FormulaCompiler.compile(FormulaFiles.read(file));
            allValid &= !checked.hasErrors();
            if (json) {
                ObjectNode result = results.addObject();
                result.put("file", file.toString());
                result.put("valid", !checked.hasErrors());
                result.set("diagnostics", DiagnosticJson.array(checked.diagnostics(), name -> checked.source()));
            } else {
                report(file, checked);
            }
        }
        if (json) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("valid", allValid);
            root.set("files", results);
            spec.commandLine().getOut().println(root.toPrettyString());
        }
        return allValid ? 0 : 1;
    }

    private void report(Path file, CheckedFormula checked) {
        List<Diagnostic> diagnostics = checked.diagnostics();
        spec.commandLine().getErr().print(DiagnosticFormatter.formatAll(checked.source(), diagnostics));
        spec.commandLine().getErr().flush();
        long errors = diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).count();
        long warnings = diagnostics.size() - errors;
        String verdict = errors > 0 ? "invalid (" + count(errors, "error") + (warnings > 0 ? ", " + count(warnings, "warning") : "") + ")"
                : warnings > 0 ? "valid (" + count(warnings, "warning") + ")" : "valid";
        spec.commandLine().getOut().println(file + ": " + verdict);
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
