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
 * The Terraform workflow through the command line against the embedded emulator (real Azure SDK over HTTPS, data
 * under the state directory): the quickstart applied, changed in place, a pool replaced, a pool deleted, everything
 * destroyed, saved plans, confirmation, targets and state commands.
 */
// Its methods run at once (each its own directory and embedded emulator).
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class PlanApplyEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Workdir applied() {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        return dir;
    }

    @Test
    void theQuickstartPlansAppliesAndThenHasNoChanges() {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun plan = dir.run("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
        assertThat(plan.out()).startsWith("Talking to the embedded ARM emulator (no Azure subscription configured")
                .contains("+ pool.batch {", "+ subnet.main.pools {", "Plan: 7 to add, 0 to change, 0 to destroy.");

        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("batchAccount.main: Creating...", "pool.render: Creation complete after ",
                "Apply complete! Resources: 7 added, 0 changed, 0 destroyed.");
        // Dependency order: the account exists before its pools are created.
        assertThat(apply.out().indexOf("batchAccount.main: Creation complete"))
                .isLessThan(apply.out().indexOf("pool.render: Creating..."));

        CliRun again = dir.run("plan", "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out()).isZero();
        assertThat(again.out()).contains("No changes. Your infrastructure matches the configuration.");
        assertThat(dir.run("state", "list").out().lines()).containsExactly("resourceGroup.main", "storageAccount.data",
                "virtualNetwork.main", "subnet.main.pools", "batchAccount.main", "pool.batch", "pool.render");
    }

    @Test
    void aVariableChangesAPoolInPlace() {
        Workdir dir = applied();
        CliRun plan = dir.run("plan", "--var", "renderNodes=3", "--detailed-exitcode");
        assertThat(plan.exitCode()).isEqualTo(2);
        assertThat(plan.out()).contains("  # pool.render will be updated in place", "~ fixedScale.targetDedicatedNodes = 2 -> 3",
                "Plan: 0 to add, 1 to change, 0 to destroy.");
        CliRun apply = dir.run("apply", "--var", "renderNodes=3", "--auto-approve");
        assertThat(apply.out()).contains("pool.render: Modifications complete", "Resources: 0 added, 1 changed, 0 destroyed.");
        assertThat(dir.run("plan", "--var", "renderNodes=3", "--detailed-exitcode").exitCode()).isZero();
        assertThat(dir.run("state", "show", "pool.render").out()).contains("fixedScale.targetDedicatedNodes = 3");
    }

    @Test
    void aNewVmSizeReplacesThePoolAndMarksTheForcingAttribute() {
        Workdir dir = applied().edit("vmSize: Standard_D2s_v3", "vmSize: Standard_D8s_v3");
        CliRun plan = dir.run("plan");
        assertThat(plan.out()).contains("  # pool.render must be replaced", "-/+ pool.render {",
                "~ vmSize = \"Standard_D2s_v3\" -> \"Standard_D8s_v3\" # forces replacement or drain (needs an empty pool)",
                "Plan: 1 to add, 0 to change, 1 to destroy.");
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("pool.render: Replacing...", "pool.render: Replacement complete after ",
                "Resources: 1 added, 0 changed, 1 destroyed.");
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        assertThat(dir.run("state", "show", "pool.render").out()).contains("vmSize = \"Standard_D8s_v3\"");
    }

    @Test
    void aPoolWithTheDrainStrategyIsScaledToZeroChangedAndScaledBackNotReplaced() {
        Workdir dir = Workdir.quickstart(tmp).edit("    metadata:\n      purpose: render",
                "    metadata:\n      purpose: render\n    updateStrategy: drain");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        dir.edit("vmSize: Standard_D2s_v3", "vmSize: Standard_D4s_v3");
        CliRun plan = dir.run("plan");
        assertThat(plan.out()).contains("  # pool.render will be drained (scaled to zero), updated, and scaled back",
                "dedicated and 0 low-priority nodes are removed (TaskCompletion: running tasks finish first)",
                "~ vmSize = \"Standard_D2s_v3\" -> \"Standard_D4s_v3\" # needs an empty pool: drained",
                "Plan: 0 to add, 1 to change, 0 to destroy.");
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("pool.render: Modifications complete", "0 added, 1 changed, 0 destroyed.");
        String shown = dir.run("state", "show", "pool.render").out();
        assertThat(shown).contains("vmSize = \"Standard_D4s_v3\"", "fixedScale.targetDedicatedNodes = 2");
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void aPoolLeftOutOfTheSpecIsDestroyedThenEverythingIs() {
        Workdir dir = applied();
        String spec = dir.specText();
        dir.write(spec.substring(0, spec.indexOf("  batch:\n")));
        CliRun plan = dir.run("plan");
        assertThat(plan.out()).contains("  # pool.batch will be destroyed", "  - pool.batch",
                "Plan: 0 to add, 0 to change, 1 to destroy.");
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.out()).contains("pool.batch: Destruction complete after ", "0 added, 0 changed, 1 destroyed.");
        assertThat(dir.run("state", "list").out()).doesNotContain("pool.batch");

        CliRun destroy = dir.run("destroy", "--auto-approve");
        assertThat(destroy.exitCode()).as(destroy.err()).isZero();
        assertThat(destroy.out()).contains("Plan: 0 to add, 0 to change, 6 to destroy.",
                "Destroy complete! Resources: 0 added, 0 changed, 6 destroyed.");
        // The account goes after its pool, the resource group last.
        assertThat(destroy.out().indexOf("pool.render: Destruction complete"))
                .isLessThan(destroy.out().indexOf("batchAccount.main: Destroying..."));
        assertThat(destroy.out().lines().filter(l -> l.contains("Destroying...")).reduce((a, b) -> b).orElseThrow())
                .startsWith("resourceGroup.main");
        assertThat(dir.run("state", "list").out()).isEmpty();
        assertThat(dir.run("plan").out()).contains("Plan: 6 to add, 0 to change, 0 to destroy.");
    }

    @Test
    void aProtectedPoolIsNotDestroyedByADestroyRunWithoutTheSpec() {
        Workdir dir = Workdir.quickstart(tmp).edit("  render:\n", "  render:\n    protect: true\n");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        // No -f: the spec is looked for in the working directory (this module's, which has none), as a user who runs
        // destroy from another directory.
        CliRun destroy = CliRun.of("destroy", "--auto-approve", "--state-dir", dir.state.toString(), "--no-color");
        assertThat(destroy.exitCode()).as(destroy.out()).isEqualTo(1);
        assertThat(destroy.out()).contains("Error: pool.render: Protected: this plan would delete this resource, "
                + "which the spec (not read: none was found or given) protected when it was last applied");
        assertThat(destroy.out()).doesNotContain("Destroying...");
        assertThat(dir.run("state", "list").out()).contains("pool.render", "pool.batch");
    }

    @Test
    void applicationPackagesAreUploadedAndTheDefaultVersionSetOnceTheyExist() throws Exception {
        for (String version : new String[] {"1.0", "2.0"}) {
            try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(tmp.resolve("tool-" + version + ".zip")))) {
                zip.putNextEntry(new java.util.zip.ZipEntry("tool.sh"));
                zip.write(("echo " + version + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        Workdir dir = Workdir.quickstart(tmp);
        dir.write(dir.specText() + """

                applications:
                  tool:
                    account: main
                    defaultVersion: "1.0"
                    packages:
                      "1.0": {file: tool-1.0.zip}
                      "2.0": {file: tool-2.0.zip}
                """);
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("applicationPackage.tool[\"1.0\"]: Creation complete", "10 added");
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();

        dir.edit("defaultVersion: \"1.0\"", "defaultVersion: \"2.0\"");
        CliRun plan = dir.run("plan");
        assertThat(plan.out()).contains("~ applicationPackage.tool[\"2.0\"] {", "~ default = false -> true",
                "Plan: 0 to add, 2 to change, 0 to destroy.");
        CliRun move = dir.run("apply", "--auto-approve");
        assertThat(move.exitCode()).as(move.out() + move.err()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        assertThat(dir.run("state", "show", "applicationPackage.tool[\"2.0\"]").out()).contains("default = true");
    }

    @Test
    void aNewZipForTheDefaultVersionIsUploadedAgainInPlace() throws Exception {
        writeZip("tool-1.0.zip", "echo 1.0\n");
        Workdir dir = Workdir.quickstart(tmp);
        dir.write(dir.specText() + """

                applications:
                  tool:
                    account: main
                    defaultVersion: "1.0"
                    packages:
                      "1.0": {file: tool-1.0.zip}
                """);
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();

        // A new zip is uploaded to the same version, in place: replacing the version would delete it first.
        writeZip("tool-1.0.zip", "echo 1.0 fixed\n");
        CliRun plan = dir.run("plan");
        assertThat(plan.out()).contains("# applicationPackage.tool[\"1.0\"] will be updated in place", "~ contentHash",
                "Plan: 0 to add, 1 to change, 0 to destroy.").doesNotContain("must be replaced");
        CliRun reupload = dir.run("apply", "--auto-approve");
        assertThat(reupload.exitCode()).as(reupload.out() + reupload.err()).isZero();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        assertThat(dir.run("state", "show", "applicationPackage.tool[\"1.0\"]").out()).contains("default = true");

        // An application that does not allow updates: the apply stops with the way out.
        dir.edit("    account: main\n    defaultVersion", "    account: main\n    allowUpdates: false\n    defaultVersion");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        writeZip("tool-1.0.zip", "echo 1.0 again\n");
        CliRun refused = dir.run("apply", "--auto-approve");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out() + refused.err()).contains("allowUpdates: false", "give it a new version");
    }

    private void writeZip(String name, String content) throws IOException {
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(tmp.resolve(name)))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("tool.sh"));
            zip.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void applyAsksForYesAndAnythingElseCancels() {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun no = dir.runWithInput("no\n", "apply");
        assertThat(no.exitCode()).isEqualTo(1);
        assertThat(no.out()).contains("Do you want to perform these actions?", "Only 'yes' will be accepted",
                "Apply cancelled.");
        assertThat(Files.exists(dir.state.resolve("state.json"))).isFalse();
        CliRun closedInput = dir.runWithInput("", "apply");
        assertThat(closedInput.out()).contains("Apply cancelled.");
        CliRun yes = dir.runWithInput("yes\n", "apply");
        assertThat(yes.exitCode()).as(yes.err()).isZero();
        assertThat(yes.out()).contains("Apply complete!");
    }

    @Test
    void aSavedPlanIsAppliedExactlyOnceAndRefusedWhenStale() {
        Workdir dir = applied();
        Path planFile = tmp.resolve("nodes.plan");
        CliRun plan = dir.run("plan", "--var", "renderNodes=4", "--out", planFile.toString());
        assertThat(plan.out()).contains("Saved the plan to " + planFile);
        Path other = tmp.resolve("metadata.plan");
        dir.run("plan", "--var", "renderNodes=5", "--out", other.toString());

        CliRun apply = dir.run("apply", planFile.toString());
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Resources: 0 added, 1 changed, 0 destroyed.").doesNotContain("Enter a value");
        assertThat(dir.run("state", "show", "pool.render").out()).contains("fixedScale.targetDedicatedNodes = 4");

        CliRun stale = dir.run("apply", other.toString());
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.err()).contains(other + " is stale: it was made from state serial", "Run batchform plan again.");
        assertThat(dir.run("state", "show", "pool.render").out()).contains("fixedScale.targetDedicatedNodes = 4");

        CliRun notAPlan = dir.run("apply", dir.spec.toString());
        assertThat(notAPlan.exitCode()).isEqualTo(1);
        assertThat(notAPlan.err()).contains("not a saved plan").doesNotContain("Exception");
    }

    @Test
    void theJsonPlanHasTerraformsShape() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun plan = dir.run("plan", "--json");
        assertThat(plan.err()).contains("Talking to the embedded ARM emulator");
        JsonNode root = JSON.readTree(plan.out());
        assertThat(root.path("format_version").asText()).isEqualTo("1.2");
        assertThat(root.path("resource_changes")).hasSize(7);
        JsonNode pool = root.path("resource_changes").get(6);
        assertThat(pool.path("address").asText()).isEqualTo("pool.render");
        assertThat(pool.path("type").asText()).isEqualTo("pool");
        assertThat(pool.path("change").path("actions").get(0).asText()).isEqualTo("create");
        assertThat(pool.path("change").path("after").path("vmSize").asText()).isEqualTo("Standard_D2s_v3");
    }

    @Test
    void aTargetLimitsThePlanToTheResourceAndWhatItNeeds() {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun plan = dir.run("plan", "--target", "batchAccount.main");
        assertThat(plan.out()).contains("+ batchAccount.main {", "+ storageAccount.data {", "+ resourceGroup.main {",
                "Plan: 3 to add, 0 to change, 0 to destroy.").doesNotContain("pool.render", "virtualNetwork.main");
        CliRun unknown = dir.run("plan", "--target", "pool.rendr");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("--target pool.rendr: no such resource in the spec or the state "
                + "(did you mean 'pool.render'?)");
    }

    @Test
    void stateRmForgetsAndImportBringsBack() {
        Workdir dir = applied();
        String id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-batchform-dev/providers/"
                + "Microsoft.Batch/batchAccounts/bfquickstartdev/pools/render";
        CliRun rm = dir.run("state", "rm", "pool.render");
        assertThat(rm.out()).contains("Removed pool.render from the state; the cloud resource is untouched.");
        assertThat(dir.run("state", "list").out()).doesNotContain("pool.render");
        CliRun imported = dir.run("import", "pool.render", id);
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(dir.run("state", "show", "pool.render").out()).contains("id = \"" + id + "\"");
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        CliRun twice = dir.run("import", "pool.render", id);
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.err()).contains("pool.render is already in the state");
        assertThat(dir.run("state", "show", "pool.nothing").err()).contains("pool.nothing: not in the state");
    }

    @Test
    void anInvalidSpecStopsBeforeAnyCloudIsContacted() {
        Workdir dir = Workdir.quickstart(tmp).edit("vmSize: Standard_D2s_v3", "vmSize: Standard_D2s_v99");
        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).contains("batchform.yaml:", "error", "Standard_D2s_v99",
                "error: the spec is invalid (1 error); nothing was planned").doesNotContain("Exception");
        assertThat(plan.out()).doesNotContain("Talking to");
        assertThat(Files.exists(dir.state.resolve("emulator"))).isFalse();
    }

    @Test
    void hostileSpecsGetPositionedErrorsAndNoStackTrace() {
        StringBuilder laughs = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ", ").repeat(9))
                    .append("*a").append(i - 1).append("]\n");
        }
        java.util.Map<String, String> specs = java.util.Map.of(
                "an alias bomb", laughs.toString(),
                "wrong types", "resourceGroup: [not, a, name]\nlocation: westeurope\npools: 7\n",
                "unknown keys", "resourceGroup: rg\nlocation: westeurope\nbatchAcounts: {}\n",
                "deep nesting", "resourceGroup: " + "[".repeat(3000) + "]".repeat(3000) + "\n");
        specs.forEach((name, yaml) -> {
            Workdir dir = new Workdir(tmp).write(yaml);
            CliRun plan = dir.run("plan");
            assertThat(plan.exitCode()).as(name).isEqualTo(1);
            assertThat(plan.err()).as(name).containsPattern("batchform\\.yaml:\\d+:\\d+: error: ")
                    .contains("the spec is invalid").doesNotContain("Exception", "\tat ");
        });
        CliRun unknown = new Workdir(tmp).write("resourceGroup: rg\nlocation: westeurope\nbatchAcounts: {}\n").run("plan");
        assertThat(unknown.err()).contains("did you mean 'batchAccounts'?");
    }

    @Test
    void aLockLeftByARunOnAnotherMachineIsRemovedByForceUnlockAfterConfirmation() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        Files.createDirectories(dir.state);
        Files.writeString(dir.state.resolve("state.lock"), io.batchform.state.StateJson.lock(new io.batchform.state.LockInfo(
                "bob@ci-runner-7", 4121, "apply", java.time.Instant.parse("2026-12-01T08:00:00Z"))));
        CliRun refused = dir.run("apply", "--auto-approve");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("locked by bob@ci-runner-7 (pid 4121, running apply since 2026-12-01T08:00:00Z)",
                "batchform force-unlock");
        assertThat(refused.err()).contains("batchform force-unlock 4121."); // a lock without an id: its pid
        CliRun wrong = dir.run("force-unlock", "4122", "--force");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).contains("error: the state lock is 4121, not 4122: it is held by bob@ci-runner-7 (pid "
                + "4121, apply) since 2026-12-01T08:00:00Z. Nothing was removed");
        assertThat(dir.state.resolve("state.lock")).exists();
        CliRun no = dir.runWithInput("no\n", "force-unlock", "4121");
        assertThat(no.exitCode()).isEqualTo(1);
        assertThat(no.out()).startsWith("The state lock 4121 is held by bob@ci-runner-7 (pid 4121, apply) since "
                + "2026-12-01T08:00:00Z.\n");
        assertThat(no.err()).contains("force-unlock cancelled");
        assertThat(dir.state.resolve("state.lock")).exists();
        CliRun yes = dir.runWithInput("yes\n", "force-unlock", "4121");
        assertThat(yes.exitCode()).as(yes.err()).isZero();
        assertThat(yes.out()).contains("Removed the state lock held by bob@ci-runner-7 (pid 4121, apply)");
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("force-unlock", "4121", "--force").out())
                .isEqualTo("The state is not locked; there is nothing to unlock.\n");
    }

    @Test
    void aLockWithAnIdIsNamedByItAndAStaleLockBrokenAutomaticallyIsReported() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        Files.createDirectories(dir.state);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dir.state.resolve("state.lock"), io.batchform.state.StateJson.lock(new io.batchform.state.LockInfo(
                io.batchform.state.LockInfo.currentUser(), gone.pid(), "apply", java.time.Instant.parse(
                        "2026-12-01T08:00:00Z"), "7d1c5f0e-lock")));
        CliRun plan = dir.run("force-unlock", "other", "--force");
        assertThat(plan.err()).contains("the state lock is 7d1c5f0e-lock, not other");
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.err()).contains("Warning: broke the state lock of a run that is gone: "
                + io.batchform.state.LockInfo.currentUser() + " (pid " + gone.pid() + ", apply) since "
                + "2026-12-01T08:00:00Z (its process no longer runs on this machine)");
        assertThat(dir.state.resolve("state.lock")).doesNotExist();
        assertThat(dir.run("plan").err()).doesNotContain("broke the state lock");
    }
}
