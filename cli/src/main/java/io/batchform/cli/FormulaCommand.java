package io.batchform.cli;

import picocli.CommandLine.Command;

/** {@code batchform formula ...}: the autoscale formula tools. */
@Command(name = "formula", mixinStandardHelpOptions = true,
        description = "Check and evaluate Azure Batch autoscale formulas offline, as the service would.",
        subcommands = {FormulaCheckCommand.class, FormulaEvalCommand.class})
final class FormulaCommand {
}
