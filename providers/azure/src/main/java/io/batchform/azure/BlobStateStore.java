package io.batchform.azure;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.BlobUrlParts;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.LeaseStateType;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.specialized.AppendBlobClient;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.batchform.state.LockInfo;
import io.batchform.state.LockLostException;
import io.batchform.state.State;
import io.batchform.state.StateJournal;
import io.batchform.state.StateJson;
import io.batchform.state.StateStore;
import io.batchform.state.Workspace;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * State in an Azure Storage blob, so that a team and its CI share one state: the blob holds what {@code state.json}
 * holds, a lease on it is the lock (as Terraform's azurerm backend does), the blob's metadata names the holder, and
 * {@code <name>.backup} keeps the previous version. Every write carries the lease, so a run that lost its lock can
 * never overwrite another's state; a blob upload replaces the content in one step. A lease lasts a minute and is
 * renewed while its run holds it, so the lock of a run that was killed expires by itself within that minute. A renewal
 * that fails is retried every few seconds for as long as the lease lasts; a lease that is gone (broken by
 * {@code force-unlock}, taken by another run, or expired) makes {@link #lockLost()} say so and every later write throw
 * {@link LockLostException}.
 * <p>
 * While an apply runs, each resource it records (and each intent before a create) is one {@link StateJournal} entry,
 * appended as one block to the append blob {@code <name>.journal} beside the state blob ({@link BlobStateJournal}:
 * leased with the state's lease, conditional appends, its metadata naming the state it continues), instead of
 * uploading the whole state again: with thousands of resources, rewriting megabytes per resource made an apply send
 * bytes that grow with the square of its size. This store keeps the state blob, the lease and the lineage checks: it
 * renews, releases and breaks the journal's lease with the state's, decides what is written whole (the apply's end,
 * {@link #settle}; any change a journal entry cannot hold; a journal at Azure's 50,000 blocks or at its size limit),
 * which uploads the state and then clears the journal. {@link #read} applies the journal to the state blob exactly as
 * {@link io.batchform.state.FileStateStore} does, and refuses, in one line, a journal that does not continue the state
 * beside it (another lineage, a state replaced by an older one, or written since without its changes, or no state at
 * all). Append blocks are atomic, so a killed apply leaves whole entries only.
 * <p>
 * The journal follows the local journal's rule: it is never deleted for the user. A whole write clears only a journal
 * this store read and applied, or wrote, and only when what it writes continues that (the same lineage, no older), so
 * {@code state push --force} of another history or an older copy leaves a killed apply's journal, to be refused at the
 * next read. The user copies it aside to keep the state as it is, or puts back the state it continues with
 * {@code state push --force}, after which the journal, still there, is replayed onto it.
 */
public final class BlobStateStore implements StateStore {
    /** What Azure allows: 15 to 60 seconds, or infinite (never used: a killed run would hold it for ever). */
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final String HOLDER = "batchformlock";
    private static final String WORKSPACE = ".workspace-";

    private final BlobClient blob;
    private final BlobClient backup;
    private final BlobStateJournal journal;
    private final String where;
    private final Clock clock;
    private final Duration lease;
    private final Object guard = new Object();
    private String leaseId;
    private LockInfo holding;
    private byte[] current;
    private ScheduledExecutorService renewal;
    private volatile String lost;
    private volatile Instant renewed;
    /** The most blocks a journal gets before the state is written whole instead (Azure's limit; tests lower it). */
    int maxBlocks = AppendBlobClient.MAX_BLOCKS;
    /** The state the blob holds, as last read or written here: what a new journal continues (null: unknown). */
    private State stored;
    /** The state last read, written or recorded here: what a journal entry is a change of (null: none yet). */
    private State last;
    /**
     * Whether the journal blob, if there is one, is in {@link #last}: read and applied, or written, by this store. A
     * whole write that continues {@link #last} clears only such a journal; any other (one refused, or never read
     * here) is left for the next read to judge, so that no journal is lost without the user's word.
     */
    private boolean journalHeld;

    BlobStateStore(BlobClient blob, BlobClient backup, BlobClient journal, String where, Clock clock, Duration lease) {
        this.blob = blob;
        this.backup = backup;
        this.journal = new BlobStateJournal(journal, where, lease, new BlobStateJournal.Failures() {
            @Override
            public LockLostException lost(BlobStorageException e) {
                return lostWriting(e);
            }

            @Override
            public IllegalStateException failure(String what, BlobStorageException e) {
                return BlobStateStore.this.failure(what, e);
            }
        });
        this.where = where;
        this.clock = clock;
        this.lease = lease;
    }

    /**
     * The store at a blob URL ({@code https://ACCOUNT.blob.core.windows.net/CONTAINER/PATH}). Signed in with the
     * URL's SAS token when it has one, else with {@code AZURE_STORAGE_CONNECTION_STRING}'s account key when that is
     * set, else with {@code DefaultAzureCredential} (environment, managed identity, Azure CLI).
     */
    public static BlobStateStore connect(String url, Map<String, String> env, Clock clock) {
        return connect(url, env, clock, LEASE);
    }

    static BlobStateStore connect(String url, Map<String, String> env, Clock clock, Duration lease) {
        BlobUrlParts parts;
        try {
            parts = BlobUrlParts.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--state-url " + redact(url) + ": not a blob URL (" + e.getMessage() + ")");
        }
        if (parts.getBlobContainerName() == null || parts.getBlobName() == null || parts.getBlobName().isEmpty()) {
            throw new IllegalArgumentException("--state-url " + redact(url) + ": name a container and a blob, as in "
                    + "https://ACCOUNT.blob.core.windows.net/CONTAINER/prod/batchform.json");
        }
        return new BlobStateStore(client(url, parts, env, ""), client(url, parts, env, ".backup"),
                client(url, parts, env, BlobStateJournal.SUFFIX), redact(url), clock, lease);
    }

    private static BlobClient client(String url, BlobUrlParts parts, Map<String, String> env, String suffix) {
        String sas = parts.getCommonSasQueryParameters() == null ? "" : parts.getCommonSasQueryParameters().encode();
        String base = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        BlobClientBuilder builder = new BlobClientBuilder().httpClient(new JdkHttpClientBuilder().build())
                .endpoint(base + suffix);
        String connection = env.get("AZURE_STORAGE_CONNECTION_STRING");
        if (!sas.isEmpty()) {
            builder.sasToken(sas);
        } else if (connection != null && !connection.isBlank()) {
            builder.credential(StorageSharedKeyCredential.fromConnectionString(connection));
        } else {
            builder.credential(new DefaultAzureCredentialBuilder().build());
        }
        return builder.buildClient();
    }

    /**
     * The URL of {@code workspace}'s state: {@code url} itself for {@code default}, else the blob
     * {@code NAME.workspace-WORKSPACE} beside it (same container, same sign-in).
     */
    public static String workspaceUrl(String url, Workspace workspace) {
        if (workspace.isDefault()) {
            return url;
        }
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)) + WORKSPACE + workspace.name()
                + (query < 0 ? "" : url.substring(query));
    }

    /** The workspaces other than {@code default} whose state lives beside {@code url}'s, sorted. */
    public static List<Workspace> workspaces(String url, Map<String, String> env) {
        BlobStateStore store = connect(url, env, Clock.systemUTC());
        String prefix = store.blob.getBlobName() + WORKSPACE;
        List<Workspace> found = new ArrayList<>();
        try {
            for (BlobItem item : store.blob.getContainerClient().listBlobs(new ListBlobsOptions().setPrefix(prefix),
                    null)) {
                String name = item.getName().substring(prefix.length());
                try {
                    if (!name.endsWith(".backup") && !name.endsWith(BlobStateJournal.SUFFIX)) {
                        found.add(new Workspace(name));
                    }
                } catch (IllegalArgumentException foreign) {
                    // a blob named like a workspace's that is not one: not ours to list
                }
            }
        } catch (BlobStorageException e) {
            throw store.failure("list the workspaces beside", e);
        }
        found.sort(java.util.Comparator.comparing(Workspace::name));
        return found;
    }

    /** Whether the state blob exists (a new workspace's state is an empty blob). */
    public boolean exists() {
        try {
            return blob.exists();
        } catch (BlobStorageException e) {
            throw failure("read", e);
        }
    }

    /** Creates the state blob empty when it is missing: a workspace that exists with no state yet. */
    public void create() {
        createIfMissing();
    }

    /** Deletes the state blob, its backup and journal (a deleted workspace); refused by Azure while a lease is held. */
    public void delete() {
        try {
            blob.deleteIfExists();
            backup.deleteIfExists();
            journal.delete();
        } catch (BlobStorageException e) {
            throw failure("delete", e);
        }
    }

    /** The URL without its query, where a SAS token would be: this is how the store is named in messages. */
    static String redact(String url) {
        return url.contains("?") ? url.substring(0, url.indexOf('?')) + "?(SAS token hidden)" : url;
    }

    @Override
    public String toString() {
        return where;
    }

    /**
     * The state blob with the journal beside it applied (an empty or missing state blob is no state). A journal that
     * does not continue the state (or records changes beside no state) is refused in one line that names both blobs,
     * what each holds and the two ways out ({@link #remedy()}), after reading both again twice: a whole write between
     * the two downloads (another run's apply ending) looks like one for a moment. Nothing is read then, so no command
     * plans or writes over it, and the journal stays until the user moves it aside or puts back the state it
     * continues, onto which the next read replays it.
     */
    @Override
    public Optional<State> read() {
        synchronized (guard) {
            stored = null;
            last = null;
            journalHeld = false;
        }
        for (int attempt = 1; ; attempt++) {
            byte[] bytes = download();
            if (bytes != null && bytes.length > StateJson.MAX_BYTES) {
                throw new io.batchform.state.JsonInput.Unreadable(where + ": cannot read: " + bytes.length + " bytes; "
                        + "the most batchform reads of a state is " + StateJson.MAX_BYTES);
            }
            Optional<State> state = bytes == null || bytes.length == 0 ? Optional.empty()
                    : Optional.of(StateJson.state(bytes, where));
            BlobStateJournal.Found found = journal.download();
            Optional<State> replayed;
            try {
                replayed = journal.replay(state, where, found, remedy());
            } catch (io.batchform.state.JsonInput.Unreadable refused) {
                if (attempt < 3) {
                    StateStore.pause(clock, clock.instant().plusMillis(200), Duration.ofMillis(200));
                    continue;
                }
                synchronized (guard) {
                    journal.read(found); // there is one, and it is not this run's to append to
                }
                throw refused;
            }
            synchronized (guard) {
                stored = state.orElse(null);
                last = replayed.orElse(null);
                journalHeld = true;
                journal.read(found);
            }
            return replayed;
        }
    }

    /**
     * What a refusal of the journal advises, after the facts: the two ways out, each the user's own choice, as for the
     * local state's journal (the store never takes one by itself): copy the journal blob aside and delete it (with the
     * Azure CLI, which a user of a remote state has), or put back the state it continues with {@code state push
     * --force}, after which the journal, still there, is replayed onto it.
     */
    private String remedy() {
        String account = blob.getAccountName();
        String container = blob.getContainerName();
        String journalName = blob.getBlobName() + BlobStateJournal.SUFFIX;
        return ": nothing was read or changed. To keep the state as it is, copy the journal blob aside and delete it "
                + "(az storage blob copy start --account-name " + account + " --source-container " + container
                + " --source-blob " + journalName + " --destination-container " + container + " --destination-blob "
                + journalName + ".refused, then az storage blob delete --account-name " + account
                + " --container-name " + container + " --name " + journalName + "): what it recorded and the state "
                + "lacks then shows at plan as existing outside the state, for batchform import. To keep what it "
                + "recorded, put back the state it continues with batchform state push --force FILE and this state "
                + "URL (" + beside(where, ".backup") + " holds the state before the last write: batchform state pull "
                + "--state-url with its URL prints it): the journal is then replayed onto it";
    }

    /**
     * How messages name the blob beside the state named {@code where} whose name ends with {@code suffix} (the SAS
     * token hidden, as in {@code where}).
     */
    static String beside(String where, String suffix) {
        int query = where.indexOf('?');
        return query < 0 ? where + suffix : where.substring(0, query) + suffix + where.substring(query);
    }

    private byte[] download() {
        try {
            return blob.downloadContent().toBytes();
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.BLOB_NOT_FOUND) {
                return null;
            }
            throw failure("read", e);
        }
    }

    @Override
    public void write(State state) {
        synchronized (guard) {
            ensureHeld();
            byte[] previous = current != null ? current : download();
            try {
                if (previous != null && previous.length > 0) {
                    backup.upload(BinaryData.fromBytes(previous), true);
                }
                byte[] bytes = StateJson.bytes(state);
                blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(bytes))
                        .setRequestConditions(new BlobRequestConditions().setLeaseId(leaseId))
                        .setMetadata(Map.of(HOLDER, StateJson.lock(holding))), null, Context.NONE);
                current = bytes;
            } catch (BlobStorageException e) {
                throw leaseGone(e) ? lostWriting(e) : failure("write", e);
            }
            boolean continues = StateJournal.continues(last, state);
            stored = state;
            last = state;
            if (journalHeld && continues) {
                // The state now holds every change the journal recorded (a kill before the journal goes leaves
                // entries at or below the state's serial, which reading skips).
                journal.clear(StateJournal.Base.of(state), leaseId);
            } else {
                // Any other journal stays: one this store did not apply (refused), or one it did under a state now
                // replaced by another history or an older copy (state push --force), is replayed onto the state if
                // it continues it (the state it continues put back), else refused at the next read, never dropped
                // without a word.
                journal.keep(leaseId);
                journalHeld = false;
            }
        }
    }

    /**
     * Appends the change at {@code changed} to the journal as one block. The first change after the state was read or
     * written whole, a change a journal entry cannot hold (another lineage, region, target, outputs or drills), a
     * journal left by a killed run (its changes are in the state read), and a journal at its block or size limit
     * are written whole instead.
     */
    @Override
    public void write(State state, io.batchform.address.Address changed) {
        synchronized (guard) {
            ensureHeld();
            byte[] entry = StateJournal.entry(state, changed);
            if (last == null || stored == null || !StateJournal.holds(last, state)
                    || !journal.takes(entry, maxBlocks)) {
                write(state);
                return;
            }
            if (journal.append(entry, StateJournal.Base.of(stored), leaseId)) {
                last = state;
                journalHeld = true;
            } else {
                write(state); // refused (a limit, a journal changed or gone): written whole, which starts it again
            }
        }
    }

    /** Writes the state whole if changes went to the journal since it was last written whole. */
    @Override
    public void settle(State state) {
        synchronized (guard) {
            if (journal.mayHoldChanges()) {
                write(state);
            }
        }
    }

    private void ensureHeld() {
        if (leaseId == null) {
            throw new IllegalStateException("the state in " + where + " is written only under its lock");
        }
        if (lost != null) {
            throw new LockLostException(lost);
        }
    }

    private LockLostException lostWriting(BlobStorageException e) {
        lose("the lease on " + where + " is no longer this run's (" + code(e) + "): another run broke or took it, "
                + "e.g. with batchform force-unlock");
        return new LockLostException(lost, e);
    }

    @Override
    public LockResult lock(String operation, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        LockInfo mine = LockInfo.thisProcess(operation, clock.instant());
        createIfMissing();
        BlobLeaseClient leases = new BlobLeaseClientBuilder().blobClient(blob).buildClient();
        while (true) {
            try {
                String id = leases.acquireLease((int) lease.toSeconds());
                synchronized (guard) {
                    leaseId = id;
                    holding = mine;
                    current = null;
                    lost = null;
                    renewed = clock.instant();
                }
                blob.setMetadataWithResponse(Map.of(HOLDER, StateJson.lock(mine)),
                        new BlobRequestConditions().setLeaseId(id), null, Context.NONE);
                renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "state lease renewal");
                    thread.setDaemon(true);
                    return thread;
                });
                BlobLeaseClient held = new BlobLeaseClientBuilder().blobClient(blob).leaseId(id).buildClient();
                renewal.schedule(() -> renew(held, id), renewalInterval().toMillis(), TimeUnit.MILLISECONDS);
                return new LockResult.Acquired(new BlobLock(mine, held));
            } catch (BlobStorageException e) {
                if (e.getStatusCode() != 409) {
                    throw failure("lock", e);
                }
                if (!clock.instant().isBefore(deadline)) {
                    return new LockResult.HeldBy(leaseHolder());
                }
                StateStore.pause(clock, deadline, Duration.ofMillis(1000));
            }
        }
    }

    @Override
    public Optional<String> lockLost() {
        return Optional.ofNullable(lost);
    }

    /** How often a held lease is renewed: three times per lease period. */
    private Duration renewalInterval() {
        return Duration.ofMillis(Math.max(1000, lease.toMillis() / 3));
    }

    /**
     * Renews the lease {@code id}, then schedules the next renewal. A failure is retried every two seconds (sooner
     * near the end) until the lease would have expired; a lease that is gone is lost at once.
     */
    private void renew(BlobLeaseClient held, String id) {
        synchronized (guard) {
            if (!id.equals(leaseId) || lost != null) {
                return; // released, abandoned or already lost
            }
        }
        Duration next;
        try {
            held.renewLease();
            renewJournal(id);
            renewed = clock.instant();
            next = renewalInterval();
        } catch (BlobStorageException e) {
            if (leaseGone(e)) {
                lose("the lease on " + where + " could not be renewed (" + code(e) + "): another run broke or took "
                        + "it, e.g. with batchform force-unlock");
                return;
            }
            next = retryOrLose(e);
        } catch (RuntimeException e) {
            next = retryOrLose(e);
        }
        if (next != null) {
            synchronized (guard) {
                if (id.equals(leaseId) && renewal != null && !renewal.isShutdown()) {
                    renewal.schedule(() -> renew(held, id), next.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** Renews the journal's lease with the state's, while this run has the journal open. */
    private void renewJournal(String id) {
        synchronized (guard) {
            if (!journal.isOpen() || !id.equals(leaseId)) {
                return;
            }
        }
        journal.renew(id);
    }

    /** When to try a failed renewal again, or null when the lease has run out and the lock is lost. */
    private Duration retryOrLose(RuntimeException e) {
        Instant expiry = renewed.plus(lease);
        Duration left = Duration.between(clock.instant(), expiry);
        if (left.compareTo(Duration.ofMillis(100)) <= 0) {
            lose("the lease on " + where + " expired: renewing it failed for " + lease.toSeconds() + "s, last with "
                    + (e instanceof BlobStorageException storage ? code(storage) : e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
            return null;
        }
        return Duration.ofMillis(Math.min(2000, Math.max(50, left.toMillis() - 100)));
    }

    private void lose(String why) {
        synchronized (guard) {
            if (lost == null) {
                lost = why;
            }
        }
    }

    /** A lease operation or a leased write refused because the lease is not (or no longer) this run's. */
    private static boolean leaseGone(BlobStorageException e) {
        return e.getStatusCode() == 409 || e.getStatusCode() == 412;
    }

    private static String code(BlobStorageException e) {
        return e.getErrorCode() == null ? "HTTP " + e.getStatusCode() : e.getErrorCode().toString();
    }

    @Override
    public Optional<LockInfo> forceUnlock() {
        try {
            if (!blob.exists() || blob.getProperties().getLeaseState() != LeaseStateType.LEASED) {
                return Optional.empty();
            }
            LockInfo held = leaseHolder();
            new BlobLeaseClientBuilder().blobClient(blob).buildClient().breakLeaseWithResponse(0, null, null, Context.NONE);
            journal.breakLease(); // the run that held the lock can no longer append either
            blob.setMetadata(Map.of());
            return Optional.of(held);
        } catch (BlobStorageException e) {
            throw failure("unlock", e);
        }
    }

    /** A lease needs a blob: a new state starts as an empty one (read as no state). */
    private void createIfMissing() {
        try {
            if (!blob.exists()) {
                blob.upload(BinaryData.fromBytes(new byte[0]), false);
            }
        } catch (BlobStorageException e) {
            if (e.getErrorCode() != BlobErrorCode.BLOB_ALREADY_EXISTS && e.getStatusCode() != 409
                    && e.getStatusCode() != 412) {
                throw failure("create", e);
            }
        }
    }

    @Override
    public Optional<LockInfo> holder() {
        try {
            if (!blob.exists() || blob.getProperties().getLeaseState() != LeaseStateType.LEASED) {
                return Optional.empty();
            }
        } catch (BlobStorageException e) {
            throw failure("read the lock of", e);
        }
        return Optional.of(leaseHolder());
    }

    /** Who holds the lease on the blob (the caller knows it is leased). */
    private LockInfo leaseHolder() {
        try {
            String text = blob.getProperties().getMetadata().get(HOLDER);
            return text == null ? new LockInfo("unknown (a lease on " + where + " without batchform's metadata)", 0,
                    "unknown", Instant.EPOCH) : StateJson.lock(text, where);
        } catch (BlobStorageException e) {
            throw failure("read the lock of", e);
        }
    }

    /**
     * Stops renewing the lease without releasing it, as a killed run would. A test hook (tests of lease expiry), in
     * main code because it needs the store's private lease state; nothing in batchform calls it.
     */
    void abandon() {
        synchronized (guard) {
            if (renewal != null) {
                renewal.shutdownNow();
            }
            leaseId = null;
            journal.unleased();
        }
    }

    private final class BlobLock implements StateLock {
        private final LockInfo info;
        private final BlobLeaseClient held;

        BlobLock(LockInfo info, BlobLeaseClient held) {
            this.info = info;
            this.held = held;
        }

        @Override
        public LockInfo info() {
            return info;
        }

        @Override
        public void close() {
            synchronized (guard) {
                if (leaseId == null) {
                    return;
                }
                renewal.shutdownNow();
                try {
                    if (lost == null) {
                        journal.release(leaseId);
                        blob.setMetadataWithResponse(Map.of(), new BlobRequestConditions().setLeaseId(leaseId), null,
                                Context.NONE);
                        held.releaseLease();
                    }
                } catch (BlobStorageException e) {
                    if (!leaseGone(e)) {
                        throw failure("release the lock of", e);
                    } // lost meanwhile: whoever holds it now owns the state and its metadata
                } finally {
                    leaseId = null;
                    holding = null;
                    journal.unleased(); // an open journal is no longer leased by this run
                }
            }
        }
    }

    /** A storage failure as one line that names the blob and Azure's code, never the SAS token. */
    private IllegalStateException failure(String what, BlobStorageException e) {
        String code = e.getErrorCode() == null ? "HTTP " + e.getStatusCode() : e.getErrorCode().toString();
        String message = e.getServiceMessage() == null ? "" : ": " + e.getServiceMessage().lines().findFirst().orElse("");
        return new IllegalStateException("cannot " + what + " the state in " + where + " (" + code + message + ")", e);
    }
}
