package io.batchform.cli;

import picocli.CommandLine.Command;

/** {@code batchform migrate ...}: print the spec YAML that replaces a feature Azure retired. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Print the spec YAML that replaces a feature Azure retired.",
        subcommands = {MigrateCertificatesCommand.class})
final class MigrateCommand {
}
