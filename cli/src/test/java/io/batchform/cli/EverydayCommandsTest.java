package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The everyday commands that need no cloud, through the command line: {@code --var-file}, {@code validate --json},
 * {@code version}, {@code completion} and Terraform's single-dash spellings.
 */
class EverydayCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void varFilesApplyInOrderAndVarWinsOverThem() throws IOException {
        Workdir dir = Workdir.quickstart(tmp);
        Path first = file("first.yaml", "renderNodes: 4\nenv: test\n");
        Path second = file("second.yaml", "renderNodes: 5\n");
        CliRun plan = dir.run("plan", "--var-file", first.toString(), "-var-file", second.toString());
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("targetDedicatedNodes = 5", "\"rg-batchform-test\"");

        CliRun overridden = dir.run("plan", "-var-file=" + first, "--var-file", second.toString(), "-var",
                "renderNodes=6");
        assertThat(overridden.out()).contains("targetDedicatedNodes = 6").doesNotContain("targetDedicatedNodes = 5");
    }

    @Test
    void varFileProblemsAreReportedAtTheirLineAndColumn() throws IOException {
        Workdir dir = Workdir.quickstart(tmp);
        Path vars = file("vars.yaml", "env: dev\nrenderNode: 3\npools: [a, b]\n");
        CliRun validate = CliRun.of("validate", "-f", dir.spec.toString(), "--var-file", vars.toString());
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.err())
                .contains(vars + ":2:1: error: variable 'renderNode' is not declared in a variables: block (did you "
                        + "mean 'renderNodes'?)\n  renderNode: 3\n  ^")
                .contains(vars + ":3:8: error: variable 'pools': a value is a string, a number or a boolean, not a list");

        Path broken = file("broken.yaml", "env: [dev\n");
        assertThat(CliRun.of("validate", "-f", dir.spec.toString(), "--var-file", broken.toString()).err()).contains(broken + ":");
        assertThat(CliRun.of("validate", "-f", dir.spec.toString(), "--var-file",
                tmp.resolve("absent.yaml").toString()).err())
                .contains("absent.yaml: error: --var-file: no such file");
    }

    @Test
    void validateJsonHasTerraformsShape() throws IOException {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun valid = CliRun.of("validate", "-f", dir.spec.toString(), "--json");
        assertThat(valid.exitCode()).isZero();
        assertThat(valid.err()).isEmpty();
        JsonNode ok = JSON.readTree(valid.out());
        assertThat(ok.path("format_version").asText()).isEqualTo("1.0");
        assertThat(ok.path("valid").asBoolean()).isTrue();
        assertThat(ok.path("error_count").asInt()).isZero();
        assertThat(ok.path("diagnostics").isArray()).isTrue();

        dir.edit("sku: Standard_LRS", "skuu: Standard_LRS");
        CliRun bad = CliRun.of("validate", "-f", dir.spec.toString(), "-json");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEmpty();
        JsonNode errors = JSON.readTree(bad.out());
        assertThat(errors.path("valid").asBoolean()).isFalse();
        assertThat(errors.path("error_count").asInt()).isEqualTo(1);
        JsonNode diagnostic = errors.path("diagnostics").get(0);
        assertThat(diagnostic.path("severity").asText()).isEqualTo("error");
        assertThat(diagnostic.path("summary").asText()).startsWith("unknown key 'skuu'");
        assertThat(diagnostic.path("range").path("filename").asText()).isEqualTo(dir.spec.toString());
        assertThat(diagnostic.path("range").path("start").path("line").asInt()).isEqualTo(22);
        assertThat(diagnostic.path("range").path("start").path("column").asInt()).isEqualTo(5);
    }

    @Test
    void versionNamesTheCommitAndTheBuildDate() {
        CliRun version = CliRun.of("version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out().lines().toList()).hasSize(4);
        assertThat(version.out()).startsWith("batchform ").containsPattern("\ncommit ([0-9a-f]{40}(-dirty)?|unknown)\n")
                .containsPattern("\nbuilt \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n").contains("\njava ");
        assertThat(version.out()).doesNotContain("commit unknown"); // the build wrote it: tests run from a checkout
        assertThat(CliRun.of("--version").out()).isEqualTo(version.out().lines().findFirst().orElseThrow() + "\n");
    }

    @Test
    void completionScriptsCoverCommandsAndOptions() {
        CliRun bash = CliRun.of("completion", "bash");
        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out()).contains("complete -F _complete_batchform", "force-unlock", "--var-file", "--auto-approve");
        CliRun zsh = CliRun.of("completion", "zsh");
        assertThat(zsh.out()).startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && "
                + "bashcompinit\n").contains("complete -F _complete_batchform");
        CliRun fish = CliRun.of("completion", "fish");
        assertThat(fish.exitCode()).isZero();
        assertThat(fish.out()).as(fish.out())
                .contains("complete -c batchform -n '__fish_use_subcommand' -a plan -d ")
                .contains("complete -c batchform -n '__fish_seen_subcommand_from state; and not "
                        + "__fish_seen_subcommand_from ")
                .contains("-n '__fish_seen_subcommand_from plan' -l var-file -r -F -d ")
                .contains("-n '__fish_seen_subcommand_from completion' -s h -l help -d ");
        assertThat(fish.out().lines().filter(l -> !l.startsWith("#") && !l.isEmpty()))
                .allMatch(l -> l.startsWith("complete -c batchform "));
        assertThat(CliRun.of("completion", "tcsh").exitCode()).isEqualTo(1);
    }

    @Test
    void planDestroyShowsTheDestructionAndItsSavedPlanCarriesItOut() {
        Workdir dir = Workdir.quickstart(tmp);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        Path saved = tmp.resolve("destroy.plan");
        CliRun plan = dir.run("plan", "--destroy", "--detailed-exitcode", "--out", saved.toString());
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
        // How many nodes depends on whether the pool's first resize is over (ProgressEndToEndTest waits for it).
        assertThat(plan.out()).containsPattern("  # pool.render will be destroyed\n  #   it goes with its [02] dedicated "
                + "and 0 low-priority nodes and the tasks running on them\n  - pool.render\n")
                .contains("Plan: 0 to add, 0 to change, 7 to destroy.");
        assertThat(dir.run("state", "list").out().lines()).hasSize(7); // a plan changes nothing
        CliRun apply = dir.run("apply", saved.toString());
        assertThat(apply.exitCode()).as(apply.err() + apply.out()).isZero();
        assertThat(apply.out()).contains("Resources: 0 added, 0 changed, 7 destroyed.");
        assertThat(dir.run("state", "list").out()).isEmpty();
        assertThat(dir.run("plan", "-destroy", "-detailed-exitcode").exitCode()).isZero();
        assertThat(dir.run("plan", "--destroy", "--refresh-only").exitCode()).isEqualTo(1);
    }

    @Test
    void targetingWarnsAndDoesNotSayNoChangesWhileUntargetedChangesExist() {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun account = dir.run("apply", "--target", "batchAccount.main", "--auto-approve");
        assertThat(account.exitCode()).as(account.err()).isZero();
        assertThat(account.out()).contains("Warning: Resource targeting is in effect\n\nThis plan covers only the "
                + "--target resources");
        CliRun plan = dir.run("plan", "--target", "batchAccount.main", "--detailed-exitcode");
        assertThat(plan.exitCode()).isZero();
        assertThat(plan.out()).contains("Warning: Resource targeting is in effect",
                "No changes for the targeted resources, but 4 outside the targets have changes: virtualNetwork.main, "
                        + "subnet.main.pools, "
                        + "pool.batch, pool.render.\nRun batchform plan without --target to see them.\n")
                .doesNotContain("No changes. Your infrastructure matches");
        assertThat(dir.run("plan").out()).doesNotContain("targeting");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("plan", "--target", "pool.render").out()).contains("Warning: Resource targeting is in effect",
                "No changes. Your infrastructure matches the configuration.");
    }

    @Test
    void terraformsSingleDashSpellingsAreAccepted() {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun plan = dir.run("plan", "-var", "renderNodes=3", "-target", "pool.render", "-detailed-exitcode",
                "-out", tmp.resolve("saved.plan").toString(), "-lock-timeout", "1s");
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
        CliRun apply = dir.run("apply", "-auto-approve", "-parallelism", "2", "-target=pool.render");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Apply complete!");
        CliRun destroy = dir.run("destroy", "-auto-approve");
        assertThat(destroy.exitCode()).as(destroy.err()).isZero();
    }
}
