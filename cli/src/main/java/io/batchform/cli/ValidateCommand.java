package io.batchform.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.engine.SpecInput;
import io.batchform.render.DiagnosticJson;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code batchform validate [-f FILE|DIR]... [--var k=v]... [--allow-path DIR]... [--json]}: checks a spec without a cloud. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a spec (YAML shape, names, references, networks, VM sizes, autoscale formulas) without "
                + "talking to a cloud. Exit 0 when valid (warnings allowed), 1 otherwise.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Option(names = "--json",
            description = "Print the result as JSON on stdout, in the shape of terraform validate -json.")
    boolean json;

    @Override
    public Integer call() {
        SpecInput input = SpecView.input(specOptions);
        LoadResult result = SpecLoader.load(input.files(), input.varFiles(), input.vars(), input.env(),
                input.workspace(), input.allowedPaths());
        int errors = result.errors().size();
        int warnings = result.warnings().size();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("format_version", "1.0");
            root.put("valid", errors == 0);
            root.put("error_count", errors);
            root.put("warning_count", warnings);
            root.set("diagnostics", DiagnosticJson.array(result.diagnostics(), result.texts()::get));
            out.println(root.toPrettyString());
            out.flush();
            return errors > 0 ? 1 : 0;
        }
        err.print(DiagnosticFormatter.formatAll(result.diagnostics(), result.texts()));
        err.flush();
        if (errors > 0) {
            err.println("The spec is invalid: " + SpecView.count(errors, "error")
                    + (warnings > 0 ? ", " + SpecView.count(warnings, "warning") : "") + ".");
            return 1;
        }
        out.println("The spec is valid" + (warnings > 0 ? " (" + SpecView.count(warnings, "warning") + ")" : "") + ".");
        return 0;
    }
}
