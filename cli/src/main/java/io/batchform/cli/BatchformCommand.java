package io.batchform.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root command; its options are inherited by every subcommand. */
@Command(name = "batchform",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Check and evaluate Azure Batch autoscale formulas, and run a local Azure Resource Manager emulator.",
        subcommands = {FormulaCommand.class, EmulatorCommand.class,
                ValidateCommand.class,
                SchemaCommand.class})
public final class BatchformCommand {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of unexpected errors.")
    boolean verbose;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Do not colour the output.")
    boolean noColor;
}
