package io.batchform.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script from the command model: each subcommand offered where its parent's name was the last
 * command word seen, and each command's options (long, short and old-style single-dash names) once its own name was.
 */
final class FishCompletion {
    private FishCompletion() {
    }

    static String script(String program, CommandSpec root) {
        StringBuilder out = new StringBuilder("# fish completion for " + program + " (batchform completion fish)\n");
        out.append("complete -c ").append(program).append(" -f\n");
        walk(program, root, List.of(), out);
        return out.toString();
    }

    private static void walk(String program, CommandSpec command, List<String> path, StringBuilder out) {
        String here = condition(command, path);
        for (OptionSpec option : command.options()) {
            if (option.hidden()) {
                continue;
            }
            StringBuilder line = new StringBuilder("complete -c " + program + " -n " + quote(here));
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    line.append(" -l ").append(name.substring(2));
                } else if (name.length() == 2) {
                    line.append(" -s ").append(name.substring(1));
                } else {
                    line.append(" -o ").append(name.substring(1));
                }
            }
            if (option.arity().max() > 0) {
                boolean file = option.type() == java.nio.file.Path.class
                        || java.util.Arrays.asList(option.auxiliaryTypes()).contains(java.nio.file.Path.class);
                line.append(file ? " -r -F" : " -r");
                if (option.completionCandidates() != null) {
                    List<String> candidates = new ArrayList<>();
                    option.completionCandidates().forEach(candidates::add);
                    line.append(" -a ").append(quote(String.join(" ", candidates)));
                }
            }
            line.append(" -d ").append(quote(first(option.description())));
            out.append(line).append('\n');
        }
        for (Map.Entry<String, CommandLine> entry : command.subcommands().entrySet()) {
            CommandSpec sub = entry.getValue().getCommandSpec();
            if (!sub.name().equals(entry.getKey()) || sub.usageMessage().hidden()) {
                continue; // an alias
            }
            out.append("complete -c ").append(program).append(" -n ").append(quote(here)).append(" -a ")
                    .append(sub.name()).append(" -d ").append(quote(first(sub.usageMessage().description())))
                    .append('\n');
        }
        for (CommandLine sub : new java.util.LinkedHashSet<>(command.subcommands().values())) {
            List<String> next = new ArrayList<>(path);
            next.add(sub.getCommandSpec().name());
            walk(program, sub.getCommandSpec(), next, out);
        }
    }

    /** True where the words typed so far are {@code path} (the root: no subcommand yet). */
    private static String condition(CommandSpec command, List<String> path) {
        if (path.isEmpty()) {
            return "__fish_use_subcommand";
        }
        StringBuilder test = new StringBuilder();
        for (String word : path) {
            test.append(test.length() == 0 ? "" : "; and ").append("__fish_seen_subcommand_from ").append(word);
        }
        List<String> children = new ArrayList<>(command.subcommands().keySet());
        if (!children.isEmpty()) {
            test.append("; and not __fish_seen_subcommand_from ").append(String.join(" ", children));
        }
        return test.toString();
    }

    private static String first(String[] description) {
        if (description.length == 0) {
            return "";
        }
        String text = description[0].replace("${DEFAULT-VALUE}", "").replaceAll("\\s+", " ").trim();
        java.util.regex.Matcher stop = java.util.regex.Pattern.compile("\\. [A-Z]").matcher(text);
        return stop.find() ? text.substring(0, stop.start() + 1) : text;
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
