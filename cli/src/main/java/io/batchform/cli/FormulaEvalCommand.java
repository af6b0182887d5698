package io.batchform.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.eval.AutoScaleRun;
import io.batchform.autoscale.eval.ContextLoader;
import io.batchform.autoscale.eval.EvaluationContext;
import io.batchform.autoscale.eval.Evaluator;
import io.batchform.autoscale.eval.PoolState;
import io.batchform.autoscale.lang.TimeFormats;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Source;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform formula eval FILE --context CONTEXT.yaml}: what the service's evaluation would return. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate an autoscale formula against a pool and its metric history, as the service would.",
                "Exit 0 when the evaluation succeeded, 1 when the formula or the context is invalid, "
                        + "2 when the evaluation failed (as the service would report it)."})
final class FormulaEvalCommand implements Callable<Integer> {
    static final int EXIT_EVALUATION_FAILED = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The formula file.")
    Path file;

    @Option(names = "--context", paramLabel = "CONTEXT.yaml",
            description = "Evaluation time, pool and metric history (default: now, an empty pool, no history).")
    Path contextFile;

    @Option(names = "--json", description = "Print the AutoScaleRun as the REST API shapes it.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CheckedFormula formula = FormulaCompiler.compile(FormulaFiles.read(file));
        err.print(DiagnosticFormatter.formatAll(formula.source(), formula.diagnostics()));
        err.flush();
        EvaluationContext context = context(err);
        if (context == null || !formula.isEvaluable()) {
            return 1;
        }
        AutoScaleRun run = Evaluator.evaluate(formula, context);
        if (json) {
            out.println(toJson(run).toPrettyString());
        } else {
            out.println("timestamp: " + TimeFormats.print(run.timestamp()));
            out.println("results: " + run.results());
            run.error().ifPresent(error -> {
                out.println("error: " + error.code() + ": " + error.message());
                error.values().forEach(v -> out.println("  " + v.name() + ": " + v.value()));
            });
        }
        return run.failed() ? EXIT_EVALUATION_FAILED : 0;
    }

    private EvaluationContext context(PrintWriter err) {
        if (contextFile == null) {
            return new EvaluationContext(Instant.now(), PoolState.EMPTY);
        }
        Source source = FormulaFiles.read(contextFile);
        ContextLoader.Result result = ContextLoader.load(source, Instant.now());
        err.print(DiagnosticFormatter.formatAll(source, result.diagnostics()));
        err.flush();
        return result.context().orElse(null);
    }

    static ObjectNode toJson(AutoScaleRun run) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("timestamp", TimeFormats.print(run.timestamp()));
        node.put("results", run.results());
        run.error().ifPresent(error -> {
            ObjectNode e = node.putObject("error");
            e.put("code", error.code());
            e.put("message", error.message());
            var values = e.putArray("values");
            error.values().forEach(v -> values.addObject().put("name", v.name()).put("value", v.value()));
        });
        return node;
    }
}
