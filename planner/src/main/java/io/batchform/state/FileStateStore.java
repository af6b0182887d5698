package io.batchform.state;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * State in a directory (by default {@code .batchform/}): {@code state.json}, the previous version in
 * {@code state.json.backup}, and while a command writes, {@code state.lock} naming the holder. A write goes to a temp
 * file that is flushed to disk, then renamed over the state in one atomic step, so a crash leaves either the old or
 * the new state, never half of one.
 */
public final class FileStateStore implements StateStore {
    private final Path directory;
    private final Path stateFile;
    private final Path backupFile;
    private final Path lockFile;
    private final Clock clock;

    public FileStateStore(Path directory, Clock clock) {
        this.directory = directory;
        this.stateFile = directory.resolve("state.json");
        this.backupFile = directory.resolve("state.json.backup");
        this.lockFile = directory.resolve("state.lock");
        this.clock = clock;
    }

    /** How messages name it: the state file. */
    @Override
    public String toString() {
        return stateFile.toString();
    }

    @Override
    public Optional<State> read() {
        try {
            return Optional.of(StateJson.state(StateJson.readBounded(stateFile), stateFile.toString()));
        } catch (NoSuchFileException | java.io.FileNotFoundException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(State state) {
        try {
            Files.createDirectories(directory);
            byte[] bytes = StateJson.bytes(state);
            Path temp = Files.createTempFile(directory, "state", ".json.tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                out.write(bytes);
                out.flush();
                channel.force(true);
            }
            if (Files.exists(stateFile)) {
                Files.copy(stateFile, backupFile, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LockResult lock(String operation, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        LockInfo mine = LockInfo.thisProcess(operation, clock.instant());
        LockInfo broke = null;
        while (true) {
            try {
                Files.createDirectories(directory);
                Files.writeString(lockFile, StateJson.lock(mine), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return new LockResult.Acquired(new FileLock(mine), broke);
            } catch (FileAlreadyExistsException held) {
                Optional<LockInfo> holder = holder();
                if (holder.isEmpty()) {
                    continue; // released between our attempt and the read: try again at once
                }
                if (abandoned(holder.get())) {
                    if (breakAbandoned(holder.get())) {
                        broke = holder.get();
                    }
                    continue;
                }
                if (!clock.instant().isBefore(deadline)) {
                    return new LockResult.HeldBy(holder.get());
                }
                StateStore.pause(clock, deadline, Duration.ofMillis(200));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot take the state lock " + lockFile + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Removes a lock whose process is gone (killed): it protects nothing. The file is first renamed aside, so that
     * of two runs breaking it at once only one succeeds, and a fresh lock taken in between is put back. Says whether it broke it.
     */
    private boolean breakAbandoned(LockInfo stale) {
        Path aside = directory.resolve("state.lock.abandoned-" + ProcessHandle.current().pid());
        try {
            Files.move(lockFile, aside, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the abandoned state lock " + lockFile + ": " + e.getMessage(), e);
        }
        try {
            LockInfo moved = StateJson.lock(Files.readString(aside), aside.toString());
            boolean broken = moved.pid() == stale.pid();
            if (!broken) {
                Files.move(aside, lockFile, StandardCopyOption.ATOMIC_MOVE); // not the abandoned one: restore it
            }
            Files.deleteIfExists(aside);
            return broken;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the abandoned state lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /** A lock taken on this machine by a process that no longer runs. */
    private static boolean abandoned(LockInfo holder) {
        return holder.who().equals(LockInfo.currentUser()) && holder.pid() > 0 && holder.pid() != ProcessHandle.current().pid()
                && ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true);
    }

    @Override
    public Optional<LockInfo> forceUnlock() {
        Optional<LockInfo> holder = holder();
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the state lock " + lockFile + ": " + e.getMessage(), e);
        }
        return holder;
    }

    @Override
    public Optional<LockInfo> holder() {
        try {
            return Optional.of(StateJson.lock(Files.readString(lockFile), lockFile.toString()));
        } catch (NoSuchFileException | java.io.FileNotFoundException released) {
            return Optional.empty();
        } catch (IOException unreadable) {
            return Optional.of(new LockInfo("unknown (unreadable " + lockFile + ")", 0, "unknown", Instant.EPOCH));
        }
    }

    private final class FileLock implements StateLock {
        private final LockInfo info;

        FileLock(LockInfo info) {
            this.info = info;
        }

        @Override
        public LockInfo info() {
            return info;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(lockFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the state lock " + lockFile, e);
            }
        }
    }
}
