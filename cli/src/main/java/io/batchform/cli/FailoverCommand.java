package io.batchform.cli;

import picocli.CommandLine.Command;

/** {@code batchform failover plan|apply --to REGION}: switch the active region of a spec with {@code failover:}. */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Switch the active region: plan the switchover, carry it out, or rehearse it (--drill).",
        subcommands = {FailoverPlanCommand.class, FailoverApplyCommand.class, FailoverCheckCommand.class})
final class FailoverCommand {
}
