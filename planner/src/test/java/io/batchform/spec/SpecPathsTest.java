package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.source.DiagnosticFormatter;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files a spec names stay under its own directory unless the user allows another ({@code --allow-path}): no
 * {@code ../}, no absolute path, no symbolic link out; and what such a file holds is not echoed in messages.
 */
class SpecPathsTest {
    @TempDir
    Path root;

    private Path dir() throws Exception {
        return Files.createDirectories(root.resolve("spec"));
    }

    private static String withFormulaFile(String path) {
        return FormulaPositionTest.spec(" ''\n").replace("      formula: ''\n", "      formulaFile: " + path + "\n");
    }

    private List<String> load(Path dir, String yaml, List<Path> allowed) {
        Path file = Specs.write(dir, "spec.yaml", yaml);
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of(), "default", allowed);
        return Specs.printed(dir, result);
    }

    @Test
    void aFormulaFileOutsideTheSpecsDirectoryIsRefusedAtItsName() throws Exception {
        Path dir = dir();
        Files.writeString(root.resolve("outside.formula"), "$TargetDedicatedNodes = 1;\n");
        assertThat(load(dir, withFormulaFile("../outside.formula"), List.of())).containsExactly(
                "spec.yaml:13:20: error: formula file '../outside.formula' is outside the spec's directory; a spec "
                        + "reads only files under its own directory (pass --allow-path DIR to allow another)");
        assertThat(load(dir, withFormulaFile("sub/../../outside.formula"), List.of())).singleElement().asString()
                .contains("is outside the spec's directory");
    }

    @Test
    void absolutePathsAndProcAreRefused() throws Exception {
        Path dir = dir();
        assertThat(load(dir, withFormulaFile("/etc/hostname"), List.of())).containsExactly(
                "spec.yaml:13:20: error: formula file '/etc/hostname' is an absolute path; a spec reads only files "
                        + "under its own directory (pass --allow-path DIR to allow another)");
        assertThat(load(dir, withFormulaFile("/proc/self/environ"), List.of())).singleElement().asString()
                .contains("'/proc/self/environ' is an absolute path");
        Path inside = dir.resolve("p.formula");
        Files.writeString(inside, "$TargetDedicatedNodes = 1;\n");
        assertThat(load(dir, withFormulaFile(inside.toString()), List.of())).singleElement().asString()
                .contains("is an absolute path");
    }

    @Test
    void aSymbolicLinkLeadingOutIsRefusedAndOneStayingInsideIsRead() throws Exception {
        Path dir = dir();
        Files.writeString(root.resolve("secret.txt"), "ghp_S3cretTokenValue1234567890abcdef\n");
        Files.createSymbolicLink(dir.resolve("p.formula"), root.resolve("secret.txt"));
        List<String> printed = load(dir, withFormulaFile("p.formula"), List.of());
        assertThat(printed).containsExactly("spec.yaml:13:20: error: formula file 'p.formula' leads through a "
                + "symbolic link to a file outside the spec's directory; a spec reads only files under its own "
                + "directory (pass --allow-path DIR to allow another)");
        Files.createDirectories(dir.resolve("formulas"));
        Files.writeString(dir.resolve("formulas/real.formula"), "$TargetDedicatedNodes = 1;\n");
        Files.createSymbolicLink(dir.resolve("linked.formula"), dir.resolve("formulas/real.formula"));
        assertThat(load(dir, withFormulaFile("linked.formula"), List.of())).isEmpty();
        Files.createSymbolicLink(dir.resolve("up"), root);
        assertThat(load(dir, withFormulaFile("up/secret.txt"), List.of())).singleElement().asString()
                .contains("leads through a symbolic link");
    }

    @Test
    void aDirectoryAllowedOnTheCommandLineIsRead() throws Exception {
        Path dir = dir();
        Path shared = Files.createDirectories(root.resolve("common"));
        Files.writeString(shared.resolve("p.formula"), "$TargetDedicatedNodes = 1;\n");
        assertThat(load(dir, withFormulaFile("../common/p.formula"), List.of(shared))).isEmpty();
        assertThat(load(dir, withFormulaFile(shared.resolve("p.formula").toString()), List.of(shared))).isEmpty();
        assertThat(load(dir, withFormulaFile("../common/p.formula"), List.of(root.resolve("other"))))
                .singleElement().asString().contains("is outside the spec's directory");
    }

    @Test
    void certificateAndPackageFilesFollowTheSameRule() throws Exception {
        Path dir = dir();
        String yaml = Specs.HEADER + """
                certificates:
                  c: {account: main, file: ../c.pfx}
                applications:
                  a:
                    account: main
                    packages:
                      "1.0": {file: /etc/a.zip}
                """;
        assertThat(load(dir, yaml, List.of())).contains(
                "spec.yaml:7:28: error: certificate file '../c.pfx' is outside the spec's directory; a spec reads "
                        + "only files under its own directory (pass --allow-path DIR to allow another)",
                "spec.yaml:12:21: error: package file '/etc/a.zip' is an absolute path; a spec reads only files "
                        + "under its own directory (pass --allow-path DIR to allow another)");
    }

    @Test
    void aFormulaFileHoldingATokenIsNotEchoedBeyondTheExcerpt() throws Exception {
        Path dir = dir();
        String token = "ghp_S3cretTokenValue1234567890abcdef";
        Files.writeString(dir.resolve("p.formula"), token + "\n");
        Path file = Specs.write(dir, "spec.yaml", withFormulaFile("p.formula"));
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of());
        assertThat(result.diagnostics().stream().map(d -> d.message())).noneMatch(m -> m.contains(token))
                .anyMatch(m -> m.startsWith("unknown variable 'ghp_S3cr…' (36 characters)"));
        String printed = DiagnosticFormatter.formatAll(result.diagnostics(), result.texts());
        assertThat(printed.split(java.util.regex.Pattern.quote(token), -1).length - 1).as("the token appears at "
                + "most in the excerpt under each diagnostic").isLessThanOrEqualTo(result.diagnostics().size());
    }
}
