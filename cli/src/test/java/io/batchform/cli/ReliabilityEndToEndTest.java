package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.Exchange;
import io.batchform.emulator.FaultConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What must hold when things go wrong, through the command line against an emulator in this JVM (reached with
 * --endpoint, like a running {@code batchform emulator}): a flaky cloud, two applies at once, a process killed in
 * the middle of an apply.
 */
class ReliabilityEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private ArmEmulator emulator;

    /** The emulator each test starts, checked against Microsoft's published API and closed after the test. */
    @RegisterExtension
    final CheckedEmulators emulators = new CheckedEmulators();
    /**
     * The PUT whose answer the emulator holds back until {@link #answerReleased}: the resource then exists while the
     * client cannot know it, for as long as the test needs to kill the client, however loaded the machine is.
     */
    private volatile String holdAnswerTo;
    private final CountDownLatch answerReleased = new CountDownLatch(1);

    @AfterEach
    void release() {
        answerReleased.countDown(); // before the extension closes the emulator, whose held answer waits for it
    }

    private Workdir against(FaultConfig faults) {
        emulator = emulators.start(ArmEmulator.builder().inMemory().faults(faults), this::holdIfAsked);
        return Workdir.quickstart(tmp).against(emulator);
    }

    @Test
    void applyConvergesWhenTenPercentOfCallsFailWith429Or5xx() {
        Workdir dir = against(FaultConfig.NONE.withFailureRates(0.05, 0.05).withRetryAfterSeconds(1));
        CliRun apply = dir.run("apply", "--auto-approve");
        for (int attempt = 1; apply.exitCode() != 0 && attempt < 3; attempt++) {
            apply = dir.run("apply", "--auto-approve"); // a run that still failed is finished by the next one
        }
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        CliRun plan = dir.run("plan", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(emulator.injectedFailures()).as("failures were injected, %d of %d requests",
                emulator.injectedFailures(), emulator.requestCount()).isGreaterThan(0);
        assertNothingOrphaned(dir);
    }

    @Test
    void aSecondConcurrentApplyIsRefusedNamingTheHolder() throws Exception {
        Workdir dir = against(FaultConfig.NONE.withLatency(Duration.ofMillis(150)));
        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> dir.run("apply", "--auto-approve"));
        waitFor(() -> Files.exists(dir.state.resolve("state.lock")));
        CliRun second = dir.run("apply", "--auto-approve");
        CliRun winner = first.get(2, TimeUnit.MINUTES);
        assertThat(winner.exitCode()).as(winner.err()).isZero();
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err()).containsPattern("error: the state is locked by \\S+ \\(pid \\d+, running apply since "
                + "\\d{4}-\\d\\d-\\d\\dT[^)]+\\)\\. It is released when that run ends").doesNotContain("Exception");
        assertThat(Files.exists(dir.state.resolve("state.lock"))).as("released after the apply").isFalse();
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void anApplyKilledMidwayIsFinishedByTheNextWithNothingLostOrOrphaned() throws Exception {
        Workdir dir = against(FaultConfig.NONE.withLatency(Duration.ofMillis(250)));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(dir.args("apply", "--auto-approve")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> seen = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            long completed = 0;
            String line;
            while (completed < 3 && (line = out.readLine()) != null) {
                seen.add(line);
                if (line.contains("complete after")) {
                    completed++;
                }
            }
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no lock release, a request possibly in flight
            process.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(seen).as("the apply was killed midway").noneMatch(l -> l.startsWith("Apply complete"));
        JsonNode state = recorded(dir);
        assertThat(state.path("resources").size()).as("what finished before the kill is recorded").isGreaterThanOrEqualTo(3);
        assertThat(Files.exists(dir.state.resolve("state.lock"))).as("the killed run's lock is left behind").isTrue();

        CliRun rerun = dir.run("apply", "--auto-approve");
        assertThat(rerun.exitCode()).as(rerun.out() + rerun.err()).isZero();
        assertThat(dir.run("state", "list").out().lines()).hasSize(7);
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        assertNothingOrphaned(dir);
    }

    private static final String ACCOUNT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
            + "rg-batchform-dev/providers/Microsoft.Batch/batchAccounts/bfquickstartdev";

    @Test
    void aCreateKilledInFlightIsAdoptedByTheNextApplyNeverCreatedTwice() throws Exception {
        Workdir dir = against(FaultConfig.NONE.withLatency(Duration.ofMillis(250)));
        String render = ACCOUNT + "/pools/render";
        holdAnswerTo = render; // the create reaches the emulator, its answer never reaches the killed apply
        killWhenTheEmulatorHolds(dir, render);
        answerReleased.countDown();

        JsonNode state = recorded(dir);
        assertThat(state.path("resources").findValuesAsText("address")).as("the pool is not recorded")
                .doesNotContain("pool.render");
        assertThat(state.path("intents").findValuesAsText("id")).as("but its intent is").contains(render);

        CliRun rerun = dir.run("apply", "--auto-approve");
        assertThat(rerun.exitCode()).as(rerun.out() + rerun.err()).isZero();
        assertThat(rerun.out()).as("adopted, not created again").doesNotContain("pool.render: Creating");
        assertThat(dir.run("state", "show", "pool.render").out()).contains(render);
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        assertNothingOrphaned(dir);
    }

    @Test
    void aCreateBeforeDestroyKilledAfterTheNewPoolIsFinishedByTheNextApply() throws Exception {
        Workdir dir = against(FaultConfig.NONE);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        emulator.faults(FaultConfig.NONE.withLatency(Duration.ofMillis(250)));
        dir.edit("  render:\n    account: main", "  render:\n    name: render2\n    account: main");
        // The new pool is created, then waited for until its nodes come (seconds): the kill lands in between.
        killWhenTheEmulatorHolds(dir, ACCOUNT + "/pools/render2");
        emulator.faults(FaultConfig.NONE);
        assertThat(emulator.resourceIds()).as("both pools live").contains(ACCOUNT + "/pools/render",
                ACCOUNT + "/pools/render2");

        CliRun plan = dir.run("plan");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out() + plan.err()).contains("ReplacementResumed", "an interrupted apply created "
                + ACCOUNT + "/pools/render2 to replace " + ACCOUNT + "/pools/render");
        CliRun rerun = dir.run("apply", "--auto-approve");
        assertThat(rerun.exitCode()).as(rerun.out() + rerun.err()).isZero();
        assertThat(emulator.resourceIds()).as("the old pool is gone").doesNotContain(ACCOUNT + "/pools/render")
                .contains(ACCOUNT + "/pools/render2");
        assertThat(dir.run("state", "show", "pool.render").out()).contains(ACCOUNT + "/pools/render2");
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
        assertNothingOrphaned(dir);
    }

    private void holdIfAsked(Exchange exchange) {
        String held = holdAnswerTo;
        if (held != null && exchange.method().equals("PUT") && exchange.path().equalsIgnoreCase(held)) {
            try {
                answerReleased.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs apply in a child process and kills it (SIGKILL) as soon as the emulator holds {@code id}. */
    private void killWhenTheEmulatorHolds(Workdir dir, String id) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(dir.args("apply", "--auto-approve")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.root.resolve("killed-apply.log").toFile()).start();
        try {
            waitFor(() -> emulator.resourceIds().contains(id) || !process.isAlive());
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        String log = Files.readString(dir.root.resolve("killed-apply.log"));
        assertThat(log).as("the apply was killed midway").doesNotContain("Apply complete");
    }

    /**
     * The state as batchform reads it: {@code state.json} with the changes a killed apply left in
     * {@code state.journal} applied.
     */
    private static JsonNode recorded(Workdir dir) throws java.io.IOException {
        return JSON.readTree(io.batchform.state.StateJson.bytes(new io.batchform.state.FileStateStore(dir.state,
                java.time.Clock.systemUTC()).read().orElseThrow()));
    }

    /** Every resource in the cloud is one the state manages, and the other way round. */
    private void assertNothingOrphaned(Workdir dir) {
        try {
            JsonNode state = recorded(dir);
            List<String> managed = new ArrayList<>();
            state.path("resources").forEach(r -> managed.add(r.path("id").asText().toLowerCase(Locale.ROOT)));
            List<String> live = emulator.resourceIds().stream().map(id -> id.toLowerCase(Locale.ROOT)).toList();
            assertThat(live).containsExactlyInAnyOrderElementsOf(managed);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(10);
        }
    }
}
