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

    /** The spec's input, seeing the run's environment (the one the cloud is chosen from: one subscription a run). */
    static SpecInput input(SpecOptions options) {
        return input(options, options.environment());
    }

    /** As {@link #input(SpecOptions)}, the spec seeing {@code env} (the run's environment, as a test gives it). */
    static SpecInput input(SpecOptions options, java.util.Map<String, String> env) {
        return new SpecInput(options.files, options.vars, env, options.workspace(), options.varFiles,
                options.allowedPaths);
    }

    /** The loaded spec, or null after printing why it is invalid (the command then exits 1). */
    static LoadedSpec load(SpecOptions options, PrintWriter err) {
        return load(input(options), err);
    }

    /** As {@link #load(SpecOptions, PrintWriter)}, from an input already made. */
    static LoadedSpec load(SpecInput input, PrintWriter err) {
        LoadedSpec.Load load = LoadedSpec.load(input);
        err.print(DiagnosticFormatter.formatAll(load.diagnostics(), load.texts()));
        if (!load.ok()) {
            err.println("error: the spec is invalid (" + count(load.errors(), "error") + "); nothing was planned");
        }
        err.flush();
        return load.spec();
    }

    /** A spec read for a command: the spec (null when there is none or it is invalid), and whether it was invalid. */
    record Loaded(LoadedSpec spec, boolean failed) {
    }

    /**
     * As {@link #load(SpecOptions, PrintWriter)}; with {@code optional} (destroying), no spec at all is fine: what to
     * delete is in the state.
     */
    static Loaded load(SpecOptions options, boolean optional, PrintWriter err) {
        if (optional && !LoadedSpec.present(input(options))) {
            return new Loaded(null, false);
        }
        LoadedSpec spec = load(options, err);
        return new Loaded(spec, spec == null);
    }

    /** ANSI colours on a terminal unless {@code --no-color} or NO_COLOR; plain otherwise. */
    static Style style(boolean noColor) {
        return noColor || System.getenv("NO_COLOR") != null || System.console() == null ? Style.PLAIN : Style.ANSI;
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
