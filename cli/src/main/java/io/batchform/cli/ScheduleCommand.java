package io.batchform.cli;

import picocli.CommandLine.Command;

/** {@code batchform schedule ...}: the spec's job schedules, offline. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Show when the spec's job schedules run, offline.",
        subcommands = {SchedulePreviewCommand.class})
final class ScheduleCommand {
}
