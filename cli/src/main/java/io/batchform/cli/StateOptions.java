package io.batchform.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where state lives, in which workspace, and how long a command waits for its lock. */
final class StateOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".batchform",
            description = "Directory of state.json, its backup and lock, and the embedded emulator's data "
                    + "(default: ${DEFAULT-VALUE}).")
    Path directory;

    @Option(names = "--state-url", paramLabel = "URL", defaultValue = "${env:BATCHFORM_STATE_URL}",
            description = "Keep the state in an Azure Storage blob instead, locked by a lease, e.g. "
                    + "https://ACCOUNT.blob.core.windows.net/CONTAINER/prod.json (default: $BATCHFORM_STATE_URL). "
                    + "Signed in with its SAS token, else AZURE_STORAGE_CONNECTION_STRING, else DefaultAzureCredential.")
    String url;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "How long to wait for the state lock held by another run, e.g. 30s or 2m "
                    + "(default: ${DEFAULT-VALUE}: fail at once, naming the holder).")
    Duration lockTimeout;

    /** The environment this run sees ({@code System.getenv()}, or what a test gives). */
    java.util.Map<String, String> environment() {
        return mixee == null ? System.getenv() : ((BatchformCommand) mixee.root().userObject()).environment();
    }

    /** Whether the state is a blob ({@code --state-url}). */
    boolean remote() {
        return url != null && !url.isBlank();
    }

    /** The current workspace: {@code BATCHFORM_WORKSPACE}, else the selected one, else {@code default}. */
    io.batchform.state.Workspace workspace() {
        return Workspaces.current(directory, environment());
    }
}
