package io.batchform.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the command line in-process for tests, capturing the exit code and both streams. Commands see this process's
 * environment without {@code CI}: the tests run as in a developer's shell whether or not the build runs in CI (where
 * {@code CI=true} would make the embedded emulator refuse to start unasked); the behaviour under {@code CI=true} is
 * tested explicitly with {@link #withEnvironment}.
 */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        return withInput(null, args);
    }

    /** Runs with {@code input} as what the user types (apply's "yes"). */
    static CliRun withInput(String input, String... args) {
        return run(input, Map.of(), args);
    }

    /** Runs seeing {@code variables} on top of the test environment (a null value removes a variable). */
    static CliRun withEnvironment(Map<String, String> variables, String... args) {
        return run(null, variables, args);
    }

    private static CliRun run(String input, Map<String, String> variables, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("CI");
        variables.forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        int code = Main.run(args, input == null ? null : new java.io.BufferedReader(new java.io.StringReader(input)),
                env, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }
}
