package io.batchform.cli;

import picocli.CommandLine.Command;

/** {@code batchform workspace ...}: several states for one spec, side by side (dev and prod in one directory). */
@Command(name = "workspace", mixinStandardHelpOptions = true,
        description = {"Keep several states for one spec, one per workspace: default keeps the state where it always "
                + "was; the spec reads the current workspace's name as $${workspace}.",
                "The current workspace is BATCHFORM_WORKSPACE when set, else the one last selected."},
        subcommands = {WorkspaceListCommand.class, WorkspaceShowCommand.class, WorkspaceNewCommand.class,
                WorkspaceSelectCommand.class, WorkspaceDeleteCommand.class})
final class WorkspaceCommand {
}
