package io.batchform.cli;

import io.batchform.autoscale.sim.FormulaTest;
import io.batchform.source.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform formula test FILE...}: runs formula test files ({@code *.test.yaml}). */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run formula tests: each *.test.yaml names a formula, a pool and scenarios (a workload and "
                + "expectations such as 'queueWaitP95 <= 30m'). A directory runs every *.test.yaml in it.",
                "Exit 0 when every expectation holds, 1 otherwise (or when a file is invalid)."})
final class FormulaTestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Test files, or directories of *.test.yaml.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report for CI systems.")
    Path junit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, List<FormulaTest.ScenarioResult>> results = new TreeMap<>();
        Map<String, List<String>> invalid = new TreeMap<>();
        int passed = 0;
        int failed = 0;
        for (Path file : files()) {
            Path directory = file.toAbsolutePath().getParent();
            FormulaTest.Loaded loaded = FormulaTest.load(FormulaFiles.workload(file),
                    name -> read(directory.resolve(name)));
            if (!loaded.valid()) {
                loaded.problems().forEach(err::println);
                invalid.put(file.toString(), loaded.problems());
                out.println("INVALID " + file);
                continue;
            }
            out.println(file);
            List<FormulaTest.ScenarioResult> scenarioResults = FormulaTest.run(loaded);
            results.put(file.toString(), scenarioResults);
            for (FormulaTest.ScenarioResult result : scenarioResults) {
                out.println("  " + (result.passed() ? "PASS " : "FAIL ") + result.name());
                for (FormulaTest.Checked check : result.checks()) {
                    if (!check.passed()) {
                        out.println("      expected " + check.describe());
                    }
                }
                if (result.passed()) {
                    passed++;
                } else {
                    failed++;
                }
            }
        }
        out.println();
        out.println(passed + " passed, " + failed + " failed" + (invalid.isEmpty() ? "" : ", " + invalid.size()
                + " invalid file" + (invalid.size() == 1 ? "" : "s")) + ".");
        if (junit != null) {
            try {
                Files.writeString(junit, FormulaTest.junit(results, invalid), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserException("cannot write " + junit + ": " + e.getMessage());
            }
        }
        out.flush();
        err.flush();
        return failed == 0 && invalid.isEmpty() ? 0 : 1;
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (var listing = Files.list(path)) {
                    listing.filter(p -> p.getFileName().toString().endsWith(".test.yaml")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UserException(path + ": cannot list: " + e.getMessage());
                }
            } else {
                files.add(path);
            }
        }
        if (files.isEmpty()) {
            throw new UserException("no *.test.yaml files in " + paths);
        }
        return files;
    }

    private static Optional<Source> read(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        return Optional.of(FormulaFiles.workload(path));
    }
}
