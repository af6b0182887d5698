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
 * <p>
 * While an apply runs, each resource it records (and each intent before a create) is appended as one line
 * ({@link StateJournal#entry}) to {@code state.journal} and flushed to disk before the apply goes on, instead of writing the whole state again: with
 * thousands of resources, rewriting megabytes per resource made an apply's cost grow with the square of its size.
 * {@link #read} applies the journal to {@code state.json}, and the apply's last write ({@link #settle}) writes the
 * whole state and removes the journal. So a killed apply leaves {@code state.json} and a journal that together record
 * exactly what it did; a line cut short by the kill announced a change that was never made, and is ignored.
 */
public final class FileStateStore implements StateStore {
    private final Path directory;
    private final Path stateFile;
    private final Path backupFile;
    private final Path lockFile;
    private final Path journalFile;
    private final Clock clock;
    /** The state last read, written or recorded here: what a journal entry is a change of (null: none yet). */
    private State last;
    /** The journal, open for appending while changes are recorded in it. */
    private FileChannel journal;

    public FileStateStore(Path directory, Clock clock) {
        this.directory = directory;
        this.stateFile = directory.resolve("state.json");
        this.backupFile = directory.resolve("state.json.backup");
        this.lockFile = directory.resolve("state.lock");
        this.journalFile = directory.resolve("state.journal");
        this.clock = clock;
    }

    /** How messages name it: the state file. */
    @Override
    public String toString() {
        return stateFile.toString();
    }

    @Override
    public synchronized Optional<State> read() {
        State state;
        try {
            state = StateJson.state(StateJson.readBounded(stateFile), stateFile.toString());
        } catch (NoSuchFileException | java.io.FileNotFoundException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateFile + ": " + e.getMessage(), e);
        }
        try {
            state = StateJournal.replay(state, StateJson.readBounded(journalFile), journalFile.toString());
        } catch (NoSuchFileException | java.io.FileNotFoundException none) {
            // no journal: the file is the whole state
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + journalFile + ": " + e.getMessage(), e);
        }
        last = state;
        return Optional.of(state);
    }

    /**
     * Appends the change at {@code changed} to the journal and flushes it to disk. The first change after the state
     * was read or written whole, or any change to what a journal line cannot hold (another lineage, region, target
     * or outputs), is written whole instead.
     */
    @Override
    public synchronized void write(State state, io.batchform.address.Address changed) {
        if (last == null || !StateJournal.holds(last, state) || !Files.exists(stateFile)) {
            write(state);
            return;
        }
        try {
            if (journal == null) {
                journal = FileChannel.open(journalFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                journal.truncate(wholeLines(journal));
                journal.position(journal.size());
            }
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(StateJournal.entry(state, changed));
            while (bytes.hasRemaining()) {
                journal.write(bytes);
            }
            journal.force(false);
            last = state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + journalFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The length of a journal without a last line cut short (by a killed apply, which never made that change): what
     * is appended next must start a line of its own.
     */
    private static long wholeLines(FileChannel channel) throws IOException {
        long end = channel.size();
        java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        return end;
    }

    @Override
    public synchronized void settle(State state) {
        if (journal != null || Files.exists(journalFile)) {
            write(state);
        }
    }

    private void closeJournal() throws IOException {
        if (journal != null) {
            journal.close();
            journal = null;
        }
    }

    @Override
    public synchronized void write(State state) {
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
            // The file now holds every change the journal recorded (a kill before this line leaves a journal whose
            // entries are all at or below the file's serial, and reading skips them).
            closeJournal();
            Files.deleteIfExists(journalFile);
            last = state;
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
                synchronized (FileStateStore.this) {
                    closeJournal();
                }
                Files.deleteIfExists(lockFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the state lock " + lockFile, e);
            }
        }
    }
}
