package io.batchform.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What an emulator has persisted in its data directory: its data file and the journal of the changes since. */
final class PersistedStore {
    private PersistedStore() {
    }

    /** Both files' bytes, each followed by a newline (an absent file counts as empty), to compare before and after. */
    static byte[] bytes(Path dataDirectory) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String name : List.of(ResourceStore.FILE, ResourceStore.JOURNAL)) {
            Path file = dataDirectory.resolve(name);
            if (Files.exists(file)) {
                all.write(Files.readAllBytes(file));
            }
            all.write('\n');
        }
        return all.toByteArray();
    }
}
