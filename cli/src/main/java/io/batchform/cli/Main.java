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
        return run(args, in, System.getenv(), out, err);
    }

    /** As {@link #run(String[], java.io.BufferedReader, PrintWriter, PrintWriter)}, seeing {@code env} as the environment. */
    public static int run(String[] args, java.io.BufferedReader in, java.util.Map<String, String> env, PrintWriter out,
                          PrintWriter err) {
        CommandLine cli = commandLine();
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

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BatchformCommand());
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
