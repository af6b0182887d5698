package io.batchform.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process for tests, capturing the exit code and both streams. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs with {@code input} as what the user types (apply's "yes"). */
    static CliRun withInput(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new java.io.BufferedReader(new java.io.StringReader(input)), new PrintWriter(out),
                new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }
}
