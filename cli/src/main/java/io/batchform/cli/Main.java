package io.batchform.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point. Maps exceptions to exit codes in exactly one place: user errors print one line, anything else is a
 * bug and prints "internal error" (with the stack trace only under {@code --verbose}).
 */
public final class Main {
    /** Exit code for an unexpected failure (a bug), distinct from the codes commands return. */
    public static final int EXIT_INTERNAL = 70;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs batchform with the given arguments and writers; returns the exit code. Used by tests too. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, null, out, err);
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, answering questions from {@code in} (null: stdin). */
    public static int run(String[] args, java.io.BufferedReader in, PrintWriter out, PrintWriter err) {
        if (isVersion(args)) {
            return version(out); // before the environment's map is made: --version alone needs nothing else
        }
        return run(args, in, System.getenv(), out, err);
    }

    /** As {@link #run(String[], java.io.BufferedReader, PrintWriter, PrintWriter)}, seeing {@code env} as the environment. */
    public static int run(String[] args, java.io.BufferedReader in, java.util.Map<String, String> env, PrintWriter out,
                          PrintWriter err) {
        if (isVersion(args)) {
            return version(out);
        }
        CommandLine cli = commandLine(args);
        ((BatchformCommand) cli.getCommand()).withEnvironment(env);
        if (in != null) {
            ((BatchformCommand) cli.getCommand()).withInput(in);
        }
        cli.setOut(out);
        cli.setErr(err);
        String[] arguments = TerraformSpellings.normalise(args, cli.getCommandSpec());
        boolean verbose = java.util.Arrays.asList(arguments).contains("--verbose");
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserException user) {
                commandLine.getErr().println("error: " + user.getMessage());
                return user.exitCode();
            }
            commandLine.getErr().println("internal error: " + ex
                    + (verbose ? "" : " (run with --verbose for the stack trace)"));
            if (verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            return EXIT_INTERNAL;
        });
        int code;
        try {
            code = cli.execute(arguments);
        } catch (OutOfMemoryError e) {
            // What held the memory is unreachable now that the command has unwound, so there is room to say so.
            err.println("internal error: out of memory (" + e.getMessage() + "); the input is larger than this run can "
                    + "hold: give Java more memory (JAVA_TOOL_OPTIONS=-Xmx4g) or a smaller input");
            code = EXIT_INTERNAL;
        } catch (Error e) {
            err.println("internal error: " + e + (verbose ? "" : " (run with --verbose for the stack trace)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            code = EXIT_INTERNAL;
        }
        out.flush();
        err.flush();
        return code;
    }

    private static boolean isVersion(String[] args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /** What picocli prints for the root's --version, without building a model of every command to print it. */
    private static int version(PrintWriter out) {
        out.println(VersionProvider.line());
        out.flush();
        return 0;
    }

    /** The model of every command: what the help, completion scripts and an unknown command's message need. */
    static CommandLine commandLine() {
        return commandLine(BatchformCommand.SUBCOMMANDS);
    }

    /**
     * The model for {@code args}: when they name a command (their first argument that is not an option, after none
     * but the root's {@code --verbose} and {@code --no-color}) and use no single-dash spelling (whose reading looks at every command's options), the root with that command only, since
     * building the model of each of the others (reflection over their options) was most of a short command's own
     * time; otherwise every command.
     */
    static CommandLine commandLine(String[] args) {
        for (String arg : args) {
            if (arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-') {
                return commandLine();
            }
        }
        String name = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                name = arg;
                break;
            }
            if (!arg.equals("--verbose") && !arg.equals("--no-color")) {
                return commandLine(); // the root's own --help or --version, say, or a mistake it reports
            }
        }
        for (Class<?> command : BatchformCommand.SUBCOMMANDS) {
            picocli.CommandLine.Command declared = command.getAnnotation(picocli.CommandLine.Command.class);
            if (declared.name().equals(name) || java.util.Arrays.asList(declared.aliases()).contains(name)) {
                // A completion script describes every command.
                return command == CompletionCommand.class ? commandLine() : commandLine(java.util.List.of(command));
            }
        }
        return commandLine();
    }

    private static CommandLine commandLine(java.util.List<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(new BatchformCommand());
        subcommands.forEach(cli::addSubcommand);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        invalidInputExitsOne(cli);
        return cli;
    }

    /** A usage mistake exits 1, like any other user error (picocli's default 2 means "evaluation failed" for eval). */
    private static void invalidInputExitsOne(CommandLine command) {
        command.getCommandSpec().exitCodeOnInvalidInput(1);
        command.getSubcommands().values().forEach(Main::invalidInputExitsOne);
    }
}
