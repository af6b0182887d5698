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
 * ({@link StateJournal#entry}) to {@code state.journal} and flushed to disk before the apply goes on, instead of
 * writing the whole state again: with thousands of resources, rewriting megabytes per resource made an apply's cost
 * grow with the square of its size. The journal's first line ({@link StateJournal#header}) names the state it
 * continues, the one {@code state.json} held when it was started. {@link #read} applies the journal to
 * {@code state.json}, and the apply's last write ({@link #settle}) writes the whole state and removes the journal. So
 * a killed apply leaves {@code state.json} and a journal that together record exactly what it did; a line cut short by
 * the kill announced a change that was never made, and is ignored.
 * <p>
 * A journal that does not continue {@code state.json} (the state was replaced since, by {@code state push --force} or
 * by hand, or removed) is refused in one line that names both files, what the journal continues and what the state is,
 * and what the user can do ({@link #remedy}); nothing is read, so no command plans or writes over it. As Terraform
 * never drops state on its own (an apply that cannot save its state leaves {@code errored.tfstate} for the user to
 * {@code state push}, and {@code state push} refuses another lineage or an older serial unless {@code -force}), the
 * journal is never deleted for the user either: a whole write removes only a journal this store read and applied, or
 * wrote, and only when what it writes continues that (the same lineage, no older): {@code state push --force} of
 * another history or an older copy leaves it, to be judged at the next read. The user moves it aside to keep the
 * state as it is, or puts back the state it continues with {@code state push --force}, after which the journal,
 * still there, is replayed onto it. A journal written before journals named their state has no such line and is read
 * as it was (entries of another lineage skipped).
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
    /** What {@code state.json} holds, as last read or written here: what a new journal continues (null: unknown). */
    private State stored;
    /**
     * Whether the journal on disk, if there is one, is in {@link #last}: read and applied, or written, by this store. A
     * whole write that continues {@link #last} removes only such a journal; any other (one refused, or never read
     * here) is left for the next read to judge, so that no journal is lost without the user's word.
     */
    private boolean journalHeld;
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
        last = null;
        stored = null;
        journalHeld = false;
        Optional<State> state;
        try {
            state = Optional.of(StateJson.state(StateJson.readBounded(stateFile), stateFile.toString()));
        } catch (NoSuchFileException | java.io.FileNotFoundException absent) {
            state = Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateFile + ": " + e.getMessage(), e);
        }
        Optional<State> replayed = state;
        try {
            replayed = StateJournal.replay(state, stateFile.toString(), StateJson.readBounded(journalFile),
                    journalFile.toString(), remedy());
        } catch (NoSuchFileException | java.io.FileNotFoundException none) {
            // no journal: the file is the whole state
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + journalFile + ": " + e.getMessage(), e);
        }
        stored = state.orElse(null);
        last = replayed.orElse(null);
        journalHeld = true;
        return replayed;
    }

    /**
     * What a refusal of the journal advises, after the facts: the two ways out, each the user's own choice (see the
     * class comment for why the store never takes one by itself).
     */
    private String remedy() {
        return ": nothing was read or changed. To keep the state as it is, move the journal aside (mv " + journalFile
                + " " + journalFile + ".refused): what it recorded and the state lacks then shows at plan as existing "
                + "outside the state, for batchform import. To keep what it recorded, put back the state it continues "
                + "with batchform state push --force FILE (" + backupFile + " holds the state before the last write): "
                + "the journal is then replayed onto it";
    }

    /**
     * Appends the change at {@code changed} to the journal and flushes it to disk; a new journal starts with the line
     * naming the state it continues. The first change after the state was read or written whole, any change to what
     * a journal line cannot hold (another lineage, region, target or outputs), and a journal left beside the state
     * that does not name it (left by a killed run of an earlier batchform, or spent: its changes already written whole)
     * are written whole instead.
     */
    @Override
    public synchronized void write(State state, io.batchform.address.Address changed) {
        if (last == null || stored == null || !StateJournal.holds(last, state) || !Files.exists(stateFile)) {
            write(state);
            return;
        }
        try {
            boolean fresh = false;
            if (journal == null) {
                if (!appendable()) {
                    write(state);
                    return;
                }
                journal = FileChannel.open(journalFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                journal.truncate(wholeLines(journal));
                journal.position(journal.size());
                fresh = journal.size() == 0;
            }
            byte[] entry = StateJournal.entry(state, changed);
            java.nio.ByteBuffer bytes;
            if (fresh) {
                byte[] header = StateJournal.header(StateJournal.Base.of(stored));
                bytes = java.nio.ByteBuffer.allocate(header.length + entry.length).put(header).put(entry).flip();
            } else {
                bytes = java.nio.ByteBuffer.wrap(entry);
            }
            while (bytes.hasRemaining()) {
                journal.write(bytes);
            }
            journal.force(false);
            last = state;
            journalHeld = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + journalFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether this store may append to the journal on disk: there is none (or only a line cut short), or it is the one
     * this store read and applied and it continues the state the file holds.
     */
    private boolean appendable() throws IOException {
        byte[] bytes;
        try {
            bytes = StateJson.readBounded(journalFile);
        } catch (NoSuchFileException | java.io.FileNotFoundException none) {
            return true;
        }
        boolean wholeLine = false;
        for (byte b : bytes) {
            wholeLine |= b == '\n';
        }
        return !wholeLine || journalHeld && StateJournal.base(bytes, journalFile.toString())
                .equals(Optional.of(StateJournal.Base.of(stored)));
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
            // entries are all at or below the file's serial, and reading skips them). Any other journal stays: one
            // this store did not apply, or one it did under a state now replaced by another history or an older
            // copy (state push --force), is replayed onto this state if it continues it (the state it continues put
            // back), else refused at the next read, never dropped without a word.
            closeJournal();
            if (journalHeld && StateJournal.continues(last, state)) {
                Files.deleteIfExists(journalFile);
            } else {
                journalHeld = false;
            }
            stored = state;
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
