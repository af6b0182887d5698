package io.batchform.cli;

import picocli.CommandLine.Command;

/** {@code batchform formula ...}: the autoscale formula tools. */
@Command(name = "formula", mixinStandardHelpOptions = true,
        description = "Check, evaluate and simulate Azure Batch autoscale formulas offline.",
        subcommands = {FormulaCheckCommand.class, FormulaEvalCommand.class})
final class FormulaCommand {
}
