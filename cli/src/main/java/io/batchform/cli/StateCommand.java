package io.batchform.cli;

import picocli.CommandLine.Command;

/** {@code batchform state ...}: look into the state, or make batchform forget a resource. */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = "List, show, move and remove resources in the state; pull it as JSON or push a copy back.",
        subcommands = {StateListCommand.class, StateShowCommand.class, StateRmCommand.class, StateMvCommand.class,
                StatePullCommand.class, StatePushCommand.class})
final class StateCommand {
}
