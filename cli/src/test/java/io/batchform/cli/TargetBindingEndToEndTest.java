package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import io.batchform.emulator.ArmEmulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state records the cloud it belongs to, and a run against another cloud is refused with both named, before it
 * talks to either: the embedded emulator is never a silent fallback for a state of Azure, and under {@code CI=true}
 * it must be asked for with {@code --emulator}.
 */
class TargetBindingEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OTHER = "11111111-2222-3333-4444-555555555555";

    @TempDir
    Path tmp;

    @RegisterExtension
    final CheckedEmulators emulators = new CheckedEmulators();

    @Test
    void theFirstApplyBindsTheStateToTheEmbeddedEmulatorAndItsDataDirectory() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun apply = dir.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        JsonNode target = state(dir).path("target");
        assertThat(target.path("cloud").asText()).isEqualTo("emulator");
        assertThat(target.path("subscription").asText()).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(target.path("dataDirectory").asText())
                .isEqualTo(dir.state.resolve("emulator").toAbsolutePath().normalize().toString());
        assertThat(dir.run("plan", "--detailed-exitcode").exitCode()).isZero();
    }

    @Test
    void aStateOfTheEmulatorIsRefusedWhenASubscriptionIsConfigured() {
        Workdir dir = Workdir.quickstart(tmp);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        CliRun plan = dir.runWithEnvironment(Map.of("AZURE_SUBSCRIPTION_ID", OTHER), "plan");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.out()).isEmpty();
        assertThat(plan.err().lines()).containsExactly("error: the state " + dir.state.resolve("state.json")
                + " belongs to the embedded ARM emulator (data in " + dir.state.resolve("emulator").toAbsolutePath()
                .normalize() + "), not to Azure subscription " + OTHER + ": run against the cloud it belongs to, or "
                + "keep this cloud's state apart (another --state-dir, --state-url or workspace)");
    }

    @Test
    void aStateOfAzureNeverFallsBackToTheEmbeddedEmulator() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        Files.createDirectories(dir.state);
        Files.writeString(dir.state.resolve("state.json"), "{\"version\":1,\"serial\":3,\"lineage\":\"l\","
                + "\"target\":{\"cloud\":\"azure\",\"subscription\":\"" + OTHER + "\"},\"resources\":[]}");
        for (String[] command : new String[][] {{"plan"}, {"apply", "--auto-approve"}, {"destroy", "--auto-approve"}}) {
            CliRun run = dir.runWithEnvironment(java.util.Collections.singletonMap("AZURE_SUBSCRIPTION_ID", null),
                    command);
            assertThat(run.exitCode()).as(command[0]).isEqualTo(1);
            assertThat(run.err().lines()).as(command[0]).containsExactly("error: the state "
                    + dir.state.resolve("state.json") + " belongs to Azure subscription " + OTHER + ", and no Azure "
                    + "subscription is configured here (the spec's subscription: or AZURE_SUBSCRIPTION_ID): configure "
                    + "it; batchform will not fall back to the embedded emulator for this state");
        }
        assertThat(dir.state.resolve("emulator")).as("no emulator was started").doesNotExist();
        assertThat(state(dir).path("serial").asLong()).as("the state is untouched").isEqualTo(3);
    }

    /**
     * {@code --emulator} with a subscription configured used to plan the spec's ids in that subscription against a
     * state of the emulator's own: every resource replaced. The run's subscription is now one for the ids, the
     * connection and the binding, so the state is refused, naming both.
     */
    @Test
    void theEmbeddedEmulatorAskedForInAnotherSubscriptionRefusesTheStateOfItsDefaultOne() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        long serial = state(dir).path("serial").asLong();
        CliRun plan = dir.runWithEnvironment(Map.of("AZURE_SUBSCRIPTION_ID", OTHER), "plan", "--emulator");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.out()).isEmpty();
        Path data = dir.state.resolve("emulator").toAbsolutePath().normalize();
        assertThat(plan.err().lines()).containsExactly("error: the state " + dir.state.resolve("state.json")
                + " belongs to the embedded ARM emulator (data in " + data + "), not to the embedded ARM emulator "
                + "(subscription " + OTHER + ", data in " + data + "): run against the cloud it belongs to, or keep "
                + "this cloud's state apart (another --state-dir, --state-url or workspace)");
        assertThat(state(dir).path("serial").asLong()).as("the state is untouched").isEqualTo(serial);
        assertThat(dir.run("plan", "--emulator", "--detailed-exitcode").exitCode()).isZero();

        // The other way round: a state of the embedded emulator in that subscription, run without it.
        Workdir other = Workdir.quickstart(java.nio.file.Files.createDirectories(tmp.resolve("other")));
        CliRun made = other.runWithEnvironment(Map.of("AZURE_SUBSCRIPTION_ID", OTHER), "apply", "--emulator",
                "--auto-approve");
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(other.runWithEnvironment(Map.of("AZURE_SUBSCRIPTION_ID", OTHER), "plan", "--emulator",
                "--detailed-exitcode").exitCode()).isZero();
        CliRun without = other.runWithEnvironment(java.util.Collections.singletonMap("AZURE_SUBSCRIPTION_ID", null),
                "plan");
        assertThat(without.exitCode()).isEqualTo(1);
        Path otherData = other.state.resolve("emulator").toAbsolutePath().normalize();
        assertThat(without.err().lines()).containsExactly("error: the state " + other.state.resolve("state.json")
                + " belongs to the embedded ARM emulator (subscription " + OTHER + ", data in " + otherData + "), and "
                + "no Azure subscription is configured here: run with AZURE_SUBSCRIPTION_ID=" + OTHER + " and "
                + "--emulator, as it was made");
    }

    /**
     * The same with {@code --endpoint}: the binding took the emulator's subscription while the spec's ids took
     * AZURE_SUBSCRIPTION_ID, so the plan replaced everything, the old resources deleted from the endpoint.
     */
    @Test
    void anEndpointInAnotherSubscriptionRefusesTheStateOfTheFirst() throws Exception {
        ArmEmulator emulator = emulators.start(ArmEmulator.builder().dataDirectory(tmp.resolve("endpoint")).port(0)
                .resizeDuration(Duration.ofSeconds(1)));
        Workdir dir = Workdir.quickstart(Files.createDirectories(tmp.resolve("work"))).against(emulator);
        CliRun apply = dir.runWithEnvironment(java.util.Collections.singletonMap("AZURE_SUBSCRIPTION_ID", null),
                "apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        long serial = state(dir).path("serial").asLong();

        CliRun plan = dir.runWithEnvironment(Map.of("AZURE_SUBSCRIPTION_ID", OTHER), "plan");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.out()).isEmpty();
        assertThat(plan.err().lines()).containsExactly("error: the state " + dir.state.resolve("state.json")
                + " belongs to the ARM endpoint " + emulator.endpoint() + " (subscription "
                + "00000000-0000-0000-0000-000000000000), not to the ARM endpoint " + emulator.endpoint()
                + " (subscription " + OTHER + "): run against the cloud it belongs to, or keep this cloud's state "
                + "apart (another --state-dir, --state-url or workspace)");
        assertThat(state(dir).path("serial").asLong()).as("the state is untouched").isEqualTo(serial);

        // Without --endpoint: what is missing is the endpoint (it said to configure a subscription).
        CliRun bare = new Workdir(tmp.resolve("work")).runWithEnvironment(
                java.util.Collections.singletonMap("AZURE_SUBSCRIPTION_ID", null), "plan");
        assertThat(bare.exitCode()).isEqualTo(1);
        assertThat(bare.err().lines()).containsExactly("error: the state " + dir.state.resolve("state.json")
                + " belongs to the ARM endpoint " + emulator.endpoint() + " (subscription "
                + "00000000-0000-0000-0000-000000000000): run with --endpoint URL --ca-cert PEM (a running batchform "
                + "emulator prints both); batchform will not fall back to the embedded emulator for this state");
    }

    /**
     * An endpoint matches by its subscription (a running emulator has a new port each time), so a state pointed at
     * another endpoint of the same subscription, where its resources do not exist, plans to create them all. That
     * used to read like a first apply; each such create now says that the state records the resource and where it
     * was made may be another cloud.
     */
    @Test
    void aRecordedResourceThatDoesNotExistIsSaidBeforeItIsCreatedAgain() throws Exception {
        ArmEmulator first = emulators.start(ArmEmulator.builder().inMemory());
        Workdir dir = Workdir.quickstart(Files.createDirectories(tmp.resolve("work")));
        String[] firstEndpoint = {"--endpoint", first.endpoint().toString(), "--ca-cert",
                first.caCertificatePath().toString()};
        CliRun apply = dir.run(concat(new String[] {"apply", "--auto-approve"}, firstEndpoint));
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        try (ArmEmulator second = ArmEmulator.builder().dataDirectory(tmp.resolve("second")).port(0).build()
                .start()) {
            CliRun plan = dir.run("plan", "--endpoint", second.endpoint().toString(), "--ca-cert",
                    second.caCertificatePath().toString());
            assertThat(plan.exitCode()).as(plan.err()).isZero();
            assertThat(plan.out()).contains("# pool.render will be created", "Plan: 7 to add, 0 to change, 0 to "
                    + "destroy.", dir.spec + ":46:3: warning: pool.render: Gone: the state records /subscriptions/"
                    + "00000000-0000-0000-0000-000000000000/resourceGroups/rg-batchform-dev/providers/Microsoft.Batch/"
                    + "batchAccounts/bfquickstartdev/pools/render, but it does not exist (deleted outside batchform, or "
                    + "this is not the cloud the state was made against): this plan creates it again\n"
                    + "    render:\n"
                    + "    ^\n");
            assertThat(plan.out().lines().filter(l -> l.contains(": Gone: "))).hasSize(7);
        }
        assertThat(dir.run(concat(new String[] {"plan", "--detailed-exitcode"}, firstEndpoint)).exitCode()).isZero();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void anOldStateWithoutTheRecordIsJudgedByItsIdsAndBoundOnItsNextWrite() throws Exception {
        Workdir dir = Workdir.quickstart(tmp);
        assertThat(dir.run("apply", "--auto-approve").exitCode()).isZero();
        ObjectNode old = (ObjectNode) state(dir);
        old.remove("target");
        Files.writeString(dir.state.resolve("state.json"), old.toPrettyString());

        CliRun elsewhere = dir.runWithEnvironment(Map.of("AZURE_SUBSCRIPTION_ID", OTHER), "plan");
        assertThat(elsewhere.exitCode()).isEqualTo(1);
        assertThat(elsewhere.err()).contains("records resources in subscription 00000000-0000-0000-0000-000000000000, "
                + "not in Azure subscription " + OTHER);

        CliRun change = dir.run("apply", "--var", "renderNodes=3", "--auto-approve");
        assertThat(change.exitCode()).as(change.err()).isZero();
        assertThat(state(dir).path("target").path("cloud").asText()).isEqualTo("emulator");
    }

    @Test
    void underCiTheEmbeddedEmulatorMustBeAskedFor() {
        Workdir dir = Workdir.quickstart(tmp);
        CliRun refused = dir.runWithEnvironment(Map.of("CI", "true"), "plan");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().lines()).containsExactly("error: no Azure subscription is configured (the spec's "
                + "subscription: or AZURE_SUBSCRIPTION_ID), and under CI=true the embedded emulator is used only when "
                + "asked for: configure the subscription, or run with --emulator");
        assertThat(dir.state.resolve("emulator")).doesNotExist();

        CliRun asked = dir.runWithEnvironment(Map.of("CI", "true"), "apply", "--emulator", "--auto-approve");
        assertThat(asked.exitCode()).as(asked.err()).isZero();
        assertThat(asked.out()).startsWith("Talking to the embedded ARM emulator (no Azure subscription configured");
        assertThat(dir.runWithEnvironment(Map.of("CI", "true"), "plan", "--emulator", "--detailed-exitcode").exitCode())
                .isZero();
    }

    @Test
    void emulatorAndEndpointTogetherAreRefused() {
        CliRun run = Workdir.quickstart(tmp).run("plan", "--emulator", "--endpoint", "https://127.0.0.1:1/");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: --emulator and --endpoint name two clouds: give one of them\n");
    }

    private static JsonNode state(Workdir dir) throws java.io.IOException {
        return JSON.readTree(dir.state.resolve("state.json").toFile());
    }
}
