package io.batchform.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command; its options are inherited by every subcommand. */
@Command(name = "batchform",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Plan and apply Azure Batch infrastructure from a YAML spec, and check, evaluate and simulate "
                + "autoscale formulas offline.",
                "With no Azure subscription configured (spec or AZURE_SUBSCRIPTION_ID), plan and apply talk to an "
                        + "embedded emulator."})
public final class BatchformCommand {
    /**
     * The subcommands, in the order the help lists them. {@link Main} adds them to the model itself (rather than
     * naming them in {@code @Command}) so that a run of one command builds the model of that command only.
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(ValidateCommand.class, PlanCommand.class,
            ApplyCommand.class, DestroyCommand.class, StateCommand.class, ShowCommand.class, WorkspaceCommand.class,
            ImportCommand.class, ForceUnlockCommand.class, QuotaCommand.class, FailoverCommand.class,
            FormulaCommand.class, SimulateCommand.class, ScheduleCommand.class, EmulatorCommand.class,
            SchemaCommand.class, OutputCommand.class, VersionCommand.class, CompletionCommand.class,
            MigrateCommand.class);

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of unexpected errors.")
    boolean verbose;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Do not colour the output.")
    boolean noColor;

    private BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private java.util.Map<String, String> environment = System.getenv();

    /** The environment variables this run sees: the process's, or what a test gives. */
    java.util.Map<String, String> environment() {
        return environment;
    }

    BatchformCommand withEnvironment(java.util.Map<String, String> variables) {
        this.environment = java.util.Map.copyOf(variables);
        return this;
    }

    /**
     * How often an apply says a resource is still in progress: every 10 seconds, or what
     * {@code BATCHFORM_PROGRESS_INTERVAL} says (a duration such as {@code 1s}; tests use a short one).
     */
    java.time.Duration progressInterval() {
        String text = environment.get("BATCHFORM_PROGRESS_INTERVAL");
        java.util.Optional<java.time.Duration> parsed = text == null ? java.util.Optional.empty()
                : io.batchform.source.Durations.parse(text).filter(d -> !d.isNegative() && !d.isZero());
        if (text != null && parsed.isEmpty()) {
            throw new UserException("BATCHFORM_PROGRESS_INTERVAL=" + text + " is not a positive duration such as 10s");
        }
        return parsed.orElse(java.time.Duration.ofSeconds(10));
    }

    /** Where answers to questions (apply's "yes") are read from: standard input, or what a test gives. */
    BufferedReader input() {
        return input;
    }

    BatchformCommand withInput(BufferedReader reader) {
        this.input = reader;
        return this;
    }
}
