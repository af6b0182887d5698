package io.batchform.cli;

import io.batchform.engine.LoadedSpec;
import io.batchform.engine.SpecInput;
import io.batchform.render.Style;
import io.batchform.source.DiagnosticFormatter;
import java.io.PrintWriter;

/**
 * Reading the spec for a command: every problem printed at once, with its position; a spec with errors ends the
 * command with one line saying so. Also the colours every view draws with.
 */
final class SpecView {
    private SpecView() {
    }

    static SpecInput input(SpecOptions options) {
        return new SpecInput(options.files, options.vars, System.getenv(), options.workspace(),
                options.allowedPaths);
    }

    /** The loaded spec, or null after printing why it is invalid (the command then exits 1). */
    static LoadedSpec load(SpecOptions options, PrintWriter err) {
        LoadedSpec.Load load = LoadedSpec.load(input(options));
        err.print(DiagnosticFormatter.formatAll(load.diagnostics(), load.texts()));
        if (!load.ok()) {
            err.println("error: the spec is invalid (" + count(load.errors(), "error") + "); nothing was planned");
        }
        err.flush();
        return load.spec();
    }

    /** ANSI colours on a terminal unless {@code --no-color} or NO_COLOR; plain otherwise. */
    static Style style(boolean noColor) {
        return noColor || System.getenv("NO_COLOR") != null || System.console() == null ? Style.PLAIN : Style.ANSI;
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
