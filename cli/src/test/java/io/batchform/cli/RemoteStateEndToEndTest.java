package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.azure.Azurite;
import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.FaultConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart with its state in a blob (Azurite from npm, through the real Storage SDK), as a team shares it:
 * two working copies see one state and one cloud (an emulator in this JVM, reached with --endpoint), a second apply is
 * refused naming the first, and nothing is written locally.
 */
class RemoteStateEndToEndTest {
    private static Azurite azurite;
    private static ArmEmulator emulator;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        azurite = Azurite.shared();
        emulator = ArmEmulator.builder().inMemory().build().start();
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    /** A working copy of the quickstart in {@code name}, with its state at {@code url}, talking to the shared cloud. */
    private Workdir checkout(String name, String url) throws java.io.IOException {
        return Workdir.quickstart(Files.createDirectories(tmp.resolve(name))).always("--state-url", url)
                .against(emulator);
    }

    @Test
    void twoWorkingCopiesShareOneStateAndOneLock() throws Exception {
        String url = azurite.signedBlobUrl("tfstate", "quickstart/dev.json");
        Workdir alice = checkout("alice", url);
        CliRun apply = alice.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(alice.state.resolve("state.json")).as("the state is remote").doesNotExist();

        // Bob's checkout has no local state, and talks to the same cloud.
        Workdir bob = checkout("bob", url);
        CliRun plan = bob.run("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(bob.run("state", "list", "--state-url", url).out().lines()).hasSize(7);

        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> alice.run("apply", "--auto-approve",
                "--var", "renderNodes=3"));
        waitFor(() -> azurite.leased("tfstate", "quickstart/dev.json"));
        CliRun second = bob.run("apply", "--auto-approve", "--var", "renderNodes=3");
        assertThat(first.get(2, TimeUnit.MINUTES).exitCode()).isZero();
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err()).contains("error: the state is locked by ", "running apply since")
                .doesNotContain("sig=", "Exception");
    }

    @Test
    void losingTheLeaseMidApplyStopsItSayingWhatWasNotRecorded() throws Exception {
        String url = azurite.signedBlobUrl("tfstate", "quickstart/lost.json");
        try (ArmEmulator slow = ArmEmulator.builder().inMemory()
                .faults(FaultConfig.NONE.withLatency(Duration.ofMillis(300))).build().start()) {
            Workdir dir = Workdir.quickstart(Files.createDirectories(tmp.resolve("lost"))).always("--state-url", url)
                    .against(slow);
            CompletableFuture<CliRun> apply = CompletableFuture.supplyAsync(() -> dir.run("apply", "--auto-approve",
                    "--parallelism", "1"));
            waitFor(() -> recorded(url) >= 2);
            CliRun wrong = CliRun.of("force-unlock", "not-the-id", "--force", "--state-url", url);
            assertThat(wrong.exitCode()).isEqualTo(1);
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("the state lock is (\\S+), not not-the-id")
                    .matcher(wrong.err());
            assertThat(id.find()).as(wrong.err()).isTrue();
            CliRun unlock = CliRun.of("force-unlock", id.group(1), "--force", "--state-url", url);
            assertThat(unlock.exitCode()).as(unlock.err()).isZero();
            assertThat(unlock.out()).contains("Removed the state lock held by ");

            CliRun stopped = apply.get(2, TimeUnit.MINUTES);
            assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isEqualTo(1);
            assertThat(stopped.err()).contains("Error: the state lock was lost: the lease on ")
                    .doesNotContain("internal error", "Exception", "sig=");
            assertThat(stopped.out()).contains("Apply stopped: the state lock was lost. Recorded: Resources: ",
                    "Done and not recorded in the state: ", "(created, id /subscriptions/",
                    "Another run may hold the state now.")
                    .doesNotContain("The state records everything that was done");
            String notRecorded = stopped.out().lines().filter(l -> l.startsWith("Done and not recorded")).findFirst()
                    .orElseThrow();
            int inState = recorded(url);
            assertThat(inState).as("the state keeps what was recorded before the lease was lost").isLessThan(7);
            long unrecorded = notRecorded.chars().filter(c -> c == '(').count();
            java.util.List<String> notStarted = stopped.out().lines().filter(l -> l.startsWith("Not started: "))
                    .findFirst().map(l -> java.util.List.of(l.substring(13, l.length() - 1).split(", ")))
                    .orElse(java.util.List.of());
            assertThat(inState + unrecorded + notStarted.size()).as(stopped.out()).isEqualTo(7);
            for (String address : notStarted) {
                assertThat(stopped.out()).as("nothing more starts once the lock is lost")
                        .doesNotContain(address + ": Creating...");
            }
        }
    }

    /** How many resources the state at {@code url} records now: its blob with its journal applied, as batchform reads it. */
    private static int recorded(String url) {
        try {
            return io.batchform.azure.BlobStateStore.connect(url, java.util.Map.of(), java.time.Clock.systemUTC()).read()
                    .map(state -> state.resources().size()).orElse(0);
        } catch (RuntimeException notYet) {
            return 0;
        }
    }

    /** How many resources the state blob alone holds, without its journal. */
    private static int inBlob(String blob) {
        try {
            byte[] bytes = azurite.container("tfstate").getBlobClient(blob).downloadContent().toBytes();
            return bytes.length == 0 ? 0 : new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes)
                    .path("resources").size();
        } catch (RuntimeException | java.io.IOException notYet) {
            return 0;
        }
    }

    /** The blocks (records) of the journal beside {@code blob}: 0 while there is none. */
    private static int journalBlocks(String blob) {
        var journal = azurite.container("tfstate").getBlobClient(blob + ".journal");
        try {
            return journal.getProperties().getCommittedBlockCount();
        } catch (RuntimeException none) {
            return 0;
        }
    }

    @Test
    void anApplyKilledBetweenTwoRecordsIsReadFromItsJournalAndFinishedByTheNext() throws Exception {
        String url = azurite.signedBlobUrl("tfstate", "quickstart/killed.json");
        try (ArmEmulator slow = ArmEmulator.builder().inMemory()
                .faults(FaultConfig.NONE.withLatency(Duration.ofMillis(300))).build().start()) {
            Workdir dir = Workdir.quickstart(Files.createDirectories(tmp.resolve("killed"))).always("--state-url", url)
                    .against(slow);
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(java.util.List.of(dir.args("apply", "--auto-approve", "--parallelism", "1")));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.root.resolve("killed-apply.log").toFile()).start();
            try {
                waitFor(() -> journalBlocks("quickstart/killed.json") >= 4 || !process.isAlive());
            } finally {
                process.destroyForcibly(); // SIGKILL: no settle, no release, the lease left to expire
                process.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(Files.readString(dir.root.resolve("killed-apply.log"))).as("killed midway")
                    .doesNotContain("Apply complete");

            int blobOnly = inBlob("quickstart/killed.json");
            int withJournal = recorded(url);
            assertThat(withJournal).as("the journal records what the blob does not").isGreaterThan(blobOnly);
            CliRun list = CliRun.of("state", "list", "--state-url", url);
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out().lines()).as("the next command reads the journal").hasSize(withJournal);

            CliRun wrong = CliRun.of("force-unlock", "not-the-id", "--force", "--state-url", url);
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("the state lock is (\\S+), not not-the-id")
                    .matcher(wrong.err());
            assertThat(id.find()).as(wrong.err()).isTrue();
            assertThat(CliRun.of("force-unlock", id.group(1), "--force", "--state-url", url).exitCode()).isZero();

            CliRun rerun = dir.run("apply", "--auto-approve");
            assertThat(rerun.exitCode()).as(rerun.out() + rerun.err()).isZero();
            assertThat(rerun.out() + rerun.err()).doesNotContain("AlreadyExists", "Exception", "sig=");
            assertThat(journalBlocks("quickstart/killed.json")).as("settled: the journal is gone").isZero();
            assertThat(inBlob("quickstart/killed.json")).isEqualTo(7);
            CliRun plan = dir.run("plan", "--detailed-exitcode");
            assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
            java.util.List<String> live = slow.resourceIds().stream().map(s -> s.toLowerCase(java.util.Locale.ROOT))
                    .toList();
            java.util.List<String> managed = io.batchform.azure.BlobStateStore.connect(url, java.util.Map.of(),
                    java.time.Clock.systemUTC()).read().orElseThrow().resources().stream()
                    .map(r -> r.id().toLowerCase(java.util.Locale.ROOT)).toList();
            assertThat(live).as("nothing created twice, nothing orphaned").containsExactlyInAnyOrderElementsOf(managed);
        }
    }

    /**
     * A killed apply's journal beside a remote state replaced since with {@code state push --force}: the push keeps
     * it, and every command refuses it in one line naming both blobs, what each holds and the two ways out a remote
     * state has (exit 1, as for any unreadable state), until the state it continues is pushed back (here the backup
     * blob's, printed by {@code state pull} with its URL): it is then replayed, plan is clean, and the next apply folds
     * it into the state and clears it.
     */
    @Test
    void aJournalThatDoesNotContinueTheRemoteStateIsKeptAndRefusedUntilTheStateItContinuesIsPushedBack()
            throws Exception {
        String blob = "quickstart/replaced.json";
        String url = azurite.signedBlobUrl("tfstate", blob);
        try (ArmEmulator cloud = ArmEmulator.builder().inMemory().build().start()) {
            Workdir dir = Workdir.quickstart(Files.createDirectories(tmp.resolve("replaced")))
                    .always("--state-url", url).against(cloud);
            keptAndRefusedUntilPushedBack(blob, url, dir);
        }
    }

    private void keptAndRefusedUntilPushedBack(String blob, String url, Workdir dir) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        CliRun applied = dir.run("apply", "--auto-approve");
        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        io.batchform.state.State state = io.batchform.azure.BlobStateStore.connect(url, java.util.Map.of(),
                java.time.Clock.systemUTC()).read().orElseThrow();

        // What an apply killed after recording one resource leaves: the journal blob, its metadata naming the state
        // it continues, and that one record.
        io.batchform.address.Address pool = io.batchform.address.Address.parse("pool.render");
        io.batchform.state.State recorded = state.with(state.get(pool).orElseThrow());
        var journal = azurite.container("tfstate").getBlobClient(blob + ".journal").getAppendBlobClient();
        journal.createWithResponse(new com.azure.storage.blob.options.AppendBlobCreateOptions().setMetadata(
                java.util.Map.of("lineage", state.lineage(), "serial", Long.toString(state.serial()))), null,
                com.azure.core.util.Context.NONE);
        byte[] entry = io.batchform.state.StateJournal.entry(recorded, pool);
        journal.appendBlock(new java.io.ByteArrayInputStream(entry), entry.length);
        CliRun pulled = CliRun.of("state", "pull", "--state-url", url);
        assertThat(json.readTree(pulled.out()).path("serial").asLong()).as("replayed while it continues the state")
                .isEqualTo(recorded.serial());

        var other = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(pulled.out());
        other.put("lineage", "00000000-0000-0000-0000-000000000000");
        Path foreign = Files.writeString(tmp.resolve("foreign.json"), json.writeValueAsString(other));
        CliRun forced = CliRun.of("state", "push", foreign.toString(), "--force", "--state-url", url);
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(journal.exists()).as("kept: it records another history").isTrue();
        assertThat(journal.downloadContent().toBytes()).isEqualTo(entry);

        String where = url.substring(0, url.indexOf('?'));
        String hidden = "?(SAS token hidden)";
        String name = blob + ".journal";
        String refused = "error: " + where + ".journal" + hidden + ": refused: it continues a state of lineage "
                + state.lineage() + " (serial " + state.serial() + "), and " + where + hidden + " has lineage "
                + "00000000-0000-0000-0000-000000000000 (serial " + recorded.serial() + "): the state was replaced "
                + "since: nothing was read or changed. To keep the state as it is, copy the journal blob aside and "
                + "delete it (az storage blob copy start --account-name devstoreaccount1 --source-container tfstate "
                + "--source-blob " + name + " --destination-container tfstate --destination-blob " + name
                + ".refused, then az storage blob delete --account-name devstoreaccount1 --container-name tfstate "
                + "--name " + name + "): what it recorded and the state lacks then shows at plan as existing outside "
                + "the state, for batchform import. To keep what it recorded, put back the state it continues with "
                + "batchform state push --force FILE and this state URL (" + where + ".backup" + hidden + " holds "
                + "the state before the last write: batchform state pull --state-url with its URL prints it): the "
                + "journal is then replayed onto it\n";
        for (String command : new String[] {"plan", "apply --auto-approve", "state list", "state pull",
                "state rm pool.render"}) {
            String[] args = command.split(" ");
            CliRun run = args[0].equals("state") ? CliRun.of(java.util.stream.Stream.concat(
                    java.util.Arrays.stream(args), java.util.stream.Stream.of("--state-url", url))
                    .toArray(String[]::new)) : dir.run(args);
            assertThat(run.exitCode()).as(command).isEqualTo(1);
            assertThat(run.err()).as(command).endsWith(refused).doesNotContain("Exception", "internal error", "sig=");
        }
        CliRun push = CliRun.of("state", "push", foreign.toString(), "--state-url", url);
        assertThat(push.exitCode()).isEqualTo(1);
        assertThat(push.err()).isEqualTo(refused.replace("\n", "; push with --force to replace it\n"));
        assertThat(journal.downloadContent().toBytes()).as("still kept").isEqualTo(entry);

        // The way out the line names: the backup blob holds the state before the forced push, the one it continues.
        String backupUrl = where + ".backup" + url.substring(url.indexOf('?'));
        CliRun backup = CliRun.of("state", "pull", "--state-url", backupUrl);
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        Path continued = Files.writeString(tmp.resolve("continued.json"), backup.out());
        CliRun back = CliRun.of("state", "push", continued.toString(), "--force", "--state-url", url);
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(json.readTree(CliRun.of("state", "pull", "--state-url", url).out()).path("serial").asLong())
                .as("the journal replayed onto the state it continues").isEqualTo(recorded.serial());
        CliRun plan = dir.run("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(journal.exists()).as("applied and continued by the apply's whole write: cleared").isFalse();
        assertThat(inBlob(blob)).isEqualTo(7);
        assertThat(CliRun.of("state", "list", "--state-url", url).out().lines()).hasSize(7);
    }

    /**
     * A remote workspace whose state blob is empty while a killed apply's journal records changes to it is not empty:
     * deleting it is refused with the journal's one line (it was deleted with the journal before), and the other way
     * out the line names, the journal blob copied aside and deleted (as the Azure CLI commands it spells out do), lets
     * it go.
     */
    @Test
    void aRemoteWorkspaceWhoseJournalRecordsChangesBesideNoStateIsNotDeleted() throws Exception {
        String url = azurite.signedBlobUrl("tfstate", "quickstart/spaces.json");
        Workdir dir = checkout("spaces", url);
        assertThat(dir.run("workspace", "new", "qa", "--state-url", url).exitCode()).isZero();
        assertThat(dir.run("workspace", "select", "default", "--state-url", url).exitCode()).isZero();
        String name = "quickstart/spaces.json.workspace-qa.journal";
        var journal = azurite.container("tfstate").getBlobClient(name).getAppendBlobClient();
        journal.createWithResponse(new com.azure.storage.blob.options.AppendBlobCreateOptions().setMetadata(
                java.util.Map.of("lineage", "lineage-qa", "serial", "3")), null, com.azure.core.util.Context.NONE);
        io.batchform.address.Address pool = io.batchform.address.Address.parse("pool.render");
        byte[] entry = io.batchform.state.StateJournal.entry(new io.batchform.state.State(
                io.batchform.state.State.FORMAT_VERSION, 4, "lineage-qa", null, java.util.List.of())
                .withIntent(pool, "/subscriptions/s/pools/render"), pool);
        journal.appendBlock(new java.io.ByteArrayInputStream(entry), entry.length);

        CliRun refused = dir.run("workspace", "delete", "qa", "--state-url", url);
        assertThat(refused.exitCode()).isEqualTo(1);
        String where = url.substring(0, url.indexOf('?')) + ".workspace-qa";
        assertThat(refused.err()).startsWith("error: " + where + ".journal?(SAS token hidden): refused: it continues a "
                + "state of lineage lineage-qa (serial 3) and records changes to it, and there is no " + where
                + "?(SAS token hidden): the state was removed since: nothing was read or changed. To keep the state "
                + "as it is, copy the journal blob aside and delete it (az storage blob copy start --account-name "
                + "devstoreaccount1 --source-container tfstate --source-blob " + name + " --destination-container "
                + "tfstate --destination-blob " + name + ".refused, then az storage blob delete ")
                .doesNotContain("Exception", "sig=");
        assertThat(journal.exists()).isTrue();

        var aside = azurite.container("tfstate").getBlobClient(name + ".refused");
        aside.beginCopy(journal.getBlobUrl(), null).waitForCompletion();
        journal.delete();
        assertThat(aside.downloadContent().toBytes()).as("the record kept aside").isEqualTo(entry);
        CliRun deleted = dir.run("workspace", "delete", "qa", "--state-url", url);
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(dir.run("workspace", "list", "--state-url", url).out()).isEqualTo("* default\n");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(10);
        }
    }
}
