package io.batchform.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where state lives and how long a command waits for its lock. */
final class StateOptions {
    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".batchform",
            description = "Directory of state.json, its backup and lock, and the embedded emulator's data "
                    + "(default: ${DEFAULT-VALUE}).")
    Path directory;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "How long to wait for the state lock held by another run, e.g. 30s or 2m "
                    + "(default: ${DEFAULT-VALUE}: fail at once, naming the holder).")
    Duration lockTimeout;
}
