package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --allow-path DIR} lets a spec read a formula file outside its own directory; without it, exit 1 at the value. */
class AllowPathCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aFormulaFileOutsideTheSpecsDirectoryNeedsAllowPath() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("common"));
        Files.writeString(shared.resolve("render.formula"), "$TargetDedicatedNodes = 2;\n");
        Workdir dir = new Workdir(Files.createDirectories(tmp.resolve("spec")));
        String quickstart = Workdir.read(Workdir.QUICKSTART);
        int formula = quickstart.indexOf("      formula: |");
        int end = quickstart.indexOf("$NodeDeallocationOption = taskcompletion;\n", formula)
                + "$NodeDeallocationOption = taskcompletion;\n".length();
        dir.write(quickstart.substring(0, formula) + "      formulaFile: ../common/render.formula\n"
                + quickstart.substring(end));
        for (String command : new String[] {"validate", "plan"}) {
            CliRun refused = command.equals("validate") ? CliRun.of("validate", "-f", dir.spec.toString())
                    : dir.run(command);
            assertThat(refused.exitCode()).as(command).isEqualTo(1);
            assertThat(refused.err()).as(command).contains("error: formula file '../common/render.formula' is outside "
                    + "the spec's directory; a spec reads only files under its own directory (pass --allow-path DIR "
                    + "to allow another)").doesNotContain("Exception");
        }
        CliRun allowed = CliRun.of("validate", "-f", dir.spec.toString(), "--allow-path", shared.toString());
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.out()).startsWith("The spec is valid");
    }
}
