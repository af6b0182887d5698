package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.azure.Azurite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspaces keep dev and prod apart in one directory, against the embedded emulator (one cloud for both): each has
 * its own state and its own resources, named from {@code ${workspace}}; the current one is selected, or given by
 * {@code BATCHFORM_WORKSPACE}; deleting the current or a non-empty workspace is refused.
 */
class WorkspaceEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Workdir perWorkspace() {
        return Workdir.quickstart(tmp).edit("  env: dev", "  env: ${workspace}");
    }

    @Test
    void helpNamesTheSpecsVariableLiterally() {
        CliRun help = perWorkspace().run("workspace", "--help");
        assertThat(help.out()).as("picocli would read ${workspace} as a lookup and print null")
                .contains("name as\n${workspace}.").doesNotContain("null");
    }

    @Test
    void devAndProdLiveSideBySideInOneDirectory() throws Exception {
        Workdir dir = perWorkspace();
        assertThat(dir.run("workspace", "show").out()).isEqualTo("default\n");
        CliRun created = dir.run("workspace", "new", "dev");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("Created and selected workspace dev.");
        CliRun dev = dir.run("apply", "--auto-approve");
        assertThat(dev.exitCode()).as(dev.err()).isZero();
        assertThat(dev.out()).contains("Apply complete! Resources: 7 added");

        assertThat(dir.run("workspace", "new", "prod").exitCode()).isZero();
        CliRun prodPlan = dir.run("plan");
        assertThat(prodPlan.out()).as("prod starts empty, beside dev").contains("Plan: 7 to add, 0 to change, 0 to destroy.",
                "rg-batchform-prod").doesNotContain("rg-batchform-dev");
        CliRun prod = dir.run("apply", "--auto-approve");
        assertThat(prod.exitCode()).as(prod.err()).isZero();

        assertThat(dir.run("workspace", "list").out()).isEqualTo("  default\n  dev\n* prod\n");
        assertThat(ids(dir.state.resolve("workspaces/prod/state.json"))).allMatch(id -> !id.contains("-dev"))
                .anyMatch(id -> id.contains("rg-batchform-prod"));
        assertThat(ids(dir.state.resolve("workspaces/dev/state.json"))).anyMatch(id -> id.contains("rg-batchform-dev"));
        assertThat(dir.state.resolve("state.json")).as("default's state is untouched").doesNotExist();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).as("prod converged").isZero();

        CliRun viaVariable = dir.runWithEnvironment(Map.of("BATCHFORM_WORKSPACE", "dev"), "plan", "--detailed-exitcode");
        assertThat(viaVariable.exitCode()).as(viaVariable.out()).isZero();
        assertThat(dir.runWithEnvironment(Map.of("BATCHFORM_WORKSPACE", "dev"), "state", "list").out().lines())
                .hasSize(7);

        CliRun current = dir.run("workspace", "delete", "prod");
        assertThat(current.exitCode()).isEqualTo(1);
        assertThat(current.err()).isEqualTo("error: workspace prod is the current one: select another first "
                + "(batchform workspace select default)\n");
        assertThat(dir.run("workspace", "select", "dev").out()).isEqualTo("Switched to workspace dev.\n");
        CliRun notEmpty = dir.run("workspace", "delete", "prod");
        assertThat(notEmpty.exitCode()).isEqualTo(1);
        assertThat(notEmpty.err()).startsWith("error: workspace prod is not empty: its state records 7 resources.");

        CliRun destroyDev = dir.run("destroy", "--auto-approve");
        assertThat(destroyDev.exitCode()).as(destroyDev.err()).isZero();
        assertThat(dir.runWithEnvironment(Map.of("BATCHFORM_WORKSPACE", "prod"), "plan", "--detailed-exitcode")
                .exitCode()).as("destroying dev left prod alone").isZero();
        assertThat(dir.run("workspace", "select", "default").exitCode()).isZero();
        CliRun deleted = dir.run("workspace", "delete", "dev");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(dir.run("workspace", "list").out()).isEqualTo("* default\n  prod\n");
    }

    /**
     * A resource one workspace manages is not imported into another: both states would change or delete it (a
     * destroy of one environment would take the other's resource). It used to be imported without a word.
     */
    @Test
    void aResourceAnotherWorkspaceManagesIsNotImported() {
        Workdir dir = Workdir.quickstart(tmp);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(dir.run("workspace", "new", "prod").exitCode()).isZero();
        String id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-batchform-dev";
        CliRun imported = dir.run("import", "resourceGroup.main", id);
        assertThat(imported.exitCode()).isEqualTo(1);
        assertThat(imported.out() + imported.err()).contains(id + " is already managed by workspace default as "
                + "resourceGroup.main: two states managing one resource would each change or delete it; manage it "
                + "from that workspace (batchform workspace select default), or forget it there first (batchform "
                + "state rm resourceGroup.main in that workspace)");
        assertThat(dir.run("state", "list").out()).as("prod's state records nothing").isEmpty();

        assertThat(dir.run("workspace", "select", "default").exitCode()).isZero();
        assertThat(dir.run("state", "rm", "resourceGroup.main").exitCode()).isZero();
        assertThat(dir.run("workspace", "select", "prod").exitCode()).isZero();
        CliRun moved = dir.run("import", "resourceGroup.main", id);
        assertThat(moved.exitCode()).as(moved.out() + moved.err()).isZero();
    }

    @Test
    void anUnknownOrMalformedWorkspaceIsOneClearError() {
        Workdir dir = perWorkspace();
        CliRun unknown = dir.runWithEnvironment(Map.of("BATCHFORM_WORKSPACE", "staging"), "plan");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("error: workspace staging does not exist (batchform workspace list shows "
                + "those that do); create it with batchform workspace new staging\n");
        CliRun malformed = dir.run("workspace", "new", "Prod!");
        assertThat(malformed.exitCode()).isEqualTo(1);
        assertThat(malformed.err()).startsWith("error: 'Prod!' is not a workspace name");
        assertThat(dir.run("workspace", "new", "qa").exitCode()).isZero();
        CliRun twice = dir.run("workspace", "new", "qa");
        assertThat(twice.err()).isEqualTo("error: workspace qa already exists; select it with batchform workspace select qa\n");
        assertThat(dir.run("workspace", "delete", "default").err()).isEqualTo("error: the default workspace cannot be deleted\n");
    }

    /**
     * A workspace whose state.json is gone while a killed apply's journal records changes to it is not empty: deleting
     * it is refused with the journal's one line (it was deleted with the journal before journals named their state).
     */
    @Test
    void aWorkspaceWhoseJournalRecordsChangesBesideNoStateIsNotDeleted() throws Exception {
        Workdir dir = perWorkspace();
        assertThat(dir.run("workspace", "new", "qa").exitCode()).isZero();
        assertThat(dir.run("workspace", "select", "default").exitCode()).isZero();
        Path qa = Files.createDirectories(dir.state.resolve("workspaces/qa"));
        io.batchform.state.State state = new io.batchform.state.State(io.batchform.state.State.FORMAT_VERSION, 3,
                "lineage-qa", null, List.of());
        io.batchform.address.Address pool = io.batchform.address.Address.parse("pool.render");
        java.io.ByteArrayOutputStream journal = new java.io.ByteArrayOutputStream();
        journal.writeBytes(io.batchform.state.StateJournal.header(io.batchform.state.StateJournal.Base.of(state)));
        journal.writeBytes(io.batchform.state.StateJournal.entry(state.withIntent(pool, "/subscriptions/s/pools/render"),
                pool));
        Files.write(qa.resolve("state.journal"), journal.toByteArray());

        CliRun refused = dir.run("workspace", "delete", "qa");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: " + qa.resolve("state.journal") + ": refused: it continues a "
                + "state of lineage lineage-qa (serial 3) and records changes to it, and there is no "
                + qa.resolve("state.json") + ": the state was removed since: nothing was read or changed.")
                .doesNotContain("Exception");
        assertThat(qa.resolve("state.journal")).exists();

        Files.move(qa.resolve("state.journal"), tmp.resolve("qa.journal"));
        CliRun deleted = dir.run("workspace", "delete", "qa");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(qa).doesNotExist();
    }

    @Test
    void aRemoteStateKeepsEachWorkspaceInABlobBesideIt() throws Exception {
        try (Azurite azurite = Azurite.shared()) {
            String url = azurite.signedBlobUrl("tfstate", "quickstart/state.json");
            Workdir dir = perWorkspace().always("--state-url", url);
            CliRun created = dir.run("workspace", "new", "prod", "--state-url", url);
            assertThat(created.exitCode()).as(created.err()).isZero();
            CliRun apply = dir.run("apply", "--auto-approve");
            assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
            assertThat(dir.run("workspace", "list", "--state-url", url).out()).isEqualTo("  default\n* prod\n");
            List<String> blobs = new ArrayList<>();
            azurite.container("tfstate").listBlobs().forEach(b -> blobs.add(b.getName()));
            assertThat(blobs).contains("quickstart/state.json.workspace-prod");
            byte[] prod = azurite.container("tfstate").getBlobClient("quickstart/state.json.workspace-prod")
                    .downloadContent().toBytes();
            assertThat(JSON.readTree(prod).path("resources").size()).isEqualTo(7);
            assertThat(dir.state.resolve("workspaces")).as("nothing local but the selection").doesNotExist();
        }
    }

    private static List<String> ids(Path state) throws java.io.IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode resource : JSON.readTree(state.toFile()).path("resources")) {
            ids.add(resource.path("id").asText());
        }
        assertThat(ids).hasSize(7);
        return ids;
    }
}
