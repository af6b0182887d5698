package io.batchform.cli;

import picocli.CommandLine.Command;

/** {@code batchform state ...}: look into the state, or make batchform forget a resource. */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = "List, show and remove resources in the state.",
        subcommands = {StateListCommand.class, StateShowCommand.class, StateRmCommand.class, StateMvCommand.class})
final class StateCommand {
}
