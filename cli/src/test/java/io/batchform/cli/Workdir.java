package io.batchform.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A spec and a state directory in a temporary folder, and the commands run on them in-process, as a user would
 * run them from that folder: {@code -f} and {@code --state-dir} are added to every plan/apply/destroy/state run.
 */
final class Workdir {
    static final Path QUICKSTART = Path.of("..", "examples", "quickstart", "batchform.yaml");

    final Path root;
    final Path spec;
    final Path state;
    private final List<String> extra = new ArrayList<>();

    Workdir(Path root) {
        this.root = root;
        this.spec = root.resolve("batchform.yaml");
        this.state = root.resolve(".batchform");
    }

    static Workdir quickstart(Path root) {
        Workdir dir = new Workdir(root);
        dir.write(read(QUICKSTART));
        return dir;
    }

    /** Every command from now on talks to {@code emulator}, trusting its certificate. */
    Workdir against(io.batchform.emulator.ArmEmulator emulator) {
        return always("--endpoint", emulator.endpoint().toString(), "--ca-cert",
                emulator.caCertificatePath().toString());
    }

    /** Adds options to every command from now on (an --endpoint, say). */
    Workdir always(String... options) {
        extra.addAll(List.of(options));
        return this;
    }

    Workdir write(String text) {
        try {
            Files.writeString(spec, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String specText() {
        return read(spec);
    }

    /** Edits the spec: the first occurrence of {@code from} becomes {@code to} (which must change it). */
    Workdir edit(String from, String to) {
        String text = specText();
        if (!text.contains(from)) {
            throw new IllegalArgumentException("the spec has no '" + from + "'");
        }
        return write(text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    }

    CliRun run(String... args) {
        return CliRun.of(args(args));
    }

    /** Runs seeing {@code variables} on top of the test environment (see {@link CliRun#withEnvironment}). */
    CliRun runWithEnvironment(java.util.Map<String, String> variables, String... args) {
        return CliRun.withEnvironment(variables, args(args));
    }

    CliRun runWithInput(String input, String... args) {
        return CliRun.withInput(input, args(args));
    }

    String[] args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        boolean stateOnly = args.length >= 1 && (args[0].equals("state") || args[0].equals("force-unlock")
                || args[0].equals("output")
                || args[0].equals("workspace") || args[0].equals("show"));
        if (!stateOnly) {
            all.addAll(List.of("-f", spec.toString()));
            all.addAll(extra);
        }
        all.addAll(List.of("--state-dir", state.toString(), "--no-color"));
        return all.toArray(String[]::new);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
