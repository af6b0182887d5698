package io.batchform.cli;

import picocli.CommandLine.Command;

/** {@code batchform formula ...}: the autoscale formula tools. */
@Command(name = "formula", mixinStandardHelpOptions = true,
        description = "Check, evaluate, simulate, test and tune Azure Batch autoscale formulas offline.",
        subcommands = {FormulaCheckCommand.class, FormulaEvalCommand.class, FormulaSimulateCommand.class,
                FormulaTestCommand.class, FormulaTuneCommand.class})
final class FormulaCommand {
}
