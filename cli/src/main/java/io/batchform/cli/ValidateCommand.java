package io.batchform.cli;

import io.batchform.source.DiagnosticFormatter;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code batchform validate [-f FILE|DIR]... [--var k=v]... [--allow-path DIR]...}: loads and checks a spec without talking to a cloud. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a spec (YAML shape, names, references, networks, VM sizes, autoscale formulas) without "
                + "talking to a cloud. Exit 0 when valid (warnings allowed), 1 otherwise.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE|DIR",
            description = "A spec file, or a directory of *.yaml files; repeatable. Default: ./batchform.yaml.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Set a variable declared in variables:; repeatable.")
    Map<String, String> vars = new LinkedHashMap<>();

    @Option(names = "--allow-path", paramLabel = "DIR", description = "Let the spec read files (formulaFile, "
            + "certificates, package zips) under DIR too, not only under its own directory; repeatable.")
    List<Path> allowedPaths = new ArrayList<>();

    @Override
    public Integer call() {
        LoadResult result = SpecLoader.load(files, vars, System.getenv(), Workspaces.current(Path.of(".batchform"),
                ((BatchformCommand) spec.root().userObject()).environment()).name(), allowedPaths);
        spec.commandLine().getErr().print(DiagnosticFormatter.formatAll(result.diagnostics(), result.texts()));
        spec.commandLine().getErr().flush();
        int errors = result.errors().size();
        int warnings = result.warnings().size();
        if (errors > 0) {
            spec.commandLine().getErr().println("The spec is invalid: " + count(errors, "error")
                    + (warnings > 0 ? ", " + count(warnings, "warning") : "") + ".");
            return 1;
        }
        spec.commandLine().getOut().println("The spec is valid" + (warnings > 0 ? " (" + count(warnings, "warning")
                + ")" : "") + ".");
        return 0;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
