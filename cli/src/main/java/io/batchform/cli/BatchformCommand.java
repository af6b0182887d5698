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
                        + "embedded emulator."},
        subcommands = {ValidateCommand.class, PlanCommand.class, ApplyCommand.class, DestroyCommand.class,
                StateCommand.class, WorkspaceCommand.class, ImportCommand.class, ForceUnlockCommand.class, QuotaCommand.class, FailoverCommand.class, FormulaCommand.class, SimulateCommand.class, EmulatorCommand.class,
                SchemaCommand.class})
public final class BatchformCommand {
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

    /** Where answers to questions (apply's "yes") are read from: standard input, or what a test gives. */
    BufferedReader input() {
        return input;
    }

    BatchformCommand withInput(BufferedReader reader) {
        this.input = reader;
        return this;
    }
}
