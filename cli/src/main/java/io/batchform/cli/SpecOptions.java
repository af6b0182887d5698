package io.batchform.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options that say which spec to read: {@code -f FILE|DIR} (repeatable), {@code --var-file FILE} and
 * {@code --var NAME=VALUE} (both repeatable; Terraform's single-dash spellings too), and {@code --allow-path DIR}
 * (repeatable).
 */
final class SpecOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE|DIR",
            description = "A spec file, or a directory of *.yaml files; repeatable. Default: ./batchform.yaml.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Set a variable declared in variables:; repeatable; wins over --var-file.")
    Map<String, String> vars = new LinkedHashMap<>();

    @Option(names = "--var-file", paramLabel = "FILE",
            description = "Set variables from a YAML map of names to values; repeatable, a later file wins.")
    List<Path> varFiles = new ArrayList<>();

    @Option(names = "--allow-path", paramLabel = "DIR", description = "Let the spec read files (formulaFile, "
            + "certificates, package zips) under DIR too, not only under its own directory; repeatable.")
    List<Path> allowedPaths = new ArrayList<>();

    /**
     * The workspace {@code ${workspace}} names: the command's current one (from its state options), or for a command
     * without state options, the one current for the default state directory.
     */
    String workspace() {
        CommandSpec state = mixee == null ? null : mixee.mixins().get("stateOptions");
        if (state != null && state.userObject() instanceof StateOptions options) {
            return options.workspace().name();
        }
        return Workspaces.current(Path.of(".batchform"), environment()).name();
    }

    /**
     * The environment of this run: the process's, or what a test gives. The spec reads it ({@code ${env.NAME}}, the
     * subscription its ids are computed in) as the cloud does, so both see one {@code AZURE_SUBSCRIPTION_ID}.
     */
    Map<String, String> environment() {
        return mixee == null ? System.getenv() : ((BatchformCommand) mixee.root().userObject()).environment();
    }
}
