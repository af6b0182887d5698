package io.batchform.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Terraform's single-dash spellings ({@code -var}, {@code -var-file=FILE}, {@code -auto-approve}, {@code -target},
 * {@code -destroy}, {@code -json}...): an argument {@code -NAME} or {@code -NAME=VALUE} where {@code --NAME} is one of
 * batchform's long options, and {@code -NAME} is none of its own names, is read as {@code --NAME}. Rewriting the
 * arguments, rather than declaring a second name on every option, keeps the help as it was; picocli itself would
 * read such an argument as a cluster of one-letter options and refuse it.
 */
final class TerraformSpellings {
    private TerraformSpellings() {
    }

    static String[] normalise(String[] args, CommandSpec root) {
        if (java.util.Arrays.stream(args).noneMatch(a -> a.length() > 2 && a.charAt(0) == '-' && a.charAt(1) != '-')) {
            return args; // nothing to rewrite (--version, say): the model is not walked
        }
        Set<String> longNames = new TreeSet<>();
        Set<String> allNames = new TreeSet<>();
        collect(root, longNames, allNames);
        List<String> out = new ArrayList<>(args.length);
        boolean optionsEnded = false;
        for (String arg : args) {
            optionsEnded |= arg.equals("--");
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean single = !optionsEnded && name.length() > 2 && name.charAt(0) == '-' && name.charAt(1) != '-';
            out.add(single && !allNames.contains(name) && longNames.contains("-" + name) ? "-" + arg : arg);
        }
        return out.toArray(String[]::new);
    }

    private static void collect(CommandSpec command, Set<String> longNames, Set<String> allNames) {
        for (OptionSpec option : command.options()) {
            for (String name : option.names()) {
                allNames.add(name);
                if (name.startsWith("--")) {
                    longNames.add(name);
                }
            }
        }
        command.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), longNames, allNames));
    }
}
