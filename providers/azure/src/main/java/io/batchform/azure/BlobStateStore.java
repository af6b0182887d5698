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
import com.azure.storage.blob.models.AppendBlobItem;
import com.azure.storage.blob.models.AppendBlobRequestConditions;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.options.AppendBlobCreateOptions;
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
 * appended as one block to the append blob {@code <name>.journal} beside the state blob, instead of uploading the
 * whole state again: with thousands of resources, rewriting megabytes per resource made an apply send bytes that grow
 * with the square of its size. The journal is leased with the state's lease id and renewed, released and broken with
 * it, so only the run holding the lock appends; each append is conditional on the position this run expects (a
 * retried append that had landed is recognised, never doubled) and on the journal staying under
 * {@link StateJson#MAX_BYTES}. The journal's metadata names the state it continues (lineage and serial). A whole
 * write (the apply's end, {@link #settle}; any change a journal entry cannot hold; a journal at Azure's 50,000 blocks
 * or at its size limit) uploads the state and then deletes the journal. {@link #read} applies the journal to the state
 * blob exactly as {@link io.batchform.state.FileStateStore} does, and refuses, in one line, a journal that does not
 * continue the state beside it (another lineage, a state replaced by an older one, or written since without its
 * changes). Append blocks are atomic, so a killed apply leaves whole entries only.
 */
public final class BlobStateStore implements StateStore {
    /** What Azure allows: 15 to 60 seconds, or infinite (never used: a killed run would hold it for ever). */
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final String HOLDER = "batchformlock";
    private static final String WORKSPACE = ".workspace-";

    /** The journal's metadata: the lineage and serial of the state it continues. */
    private static final String BASE_LINEAGE = "lineage";
    private static final String BASE_SERIAL = "serial";
    private static final String JOURNAL = ".journal";

    private final BlobClient blob;
    private final BlobClient backup;
    private final AppendBlobClient journal;
    private final String where;
    private final String journalWhere;
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
    /** What this run knows of the journal blob. */
    private JournalState journalState = JournalState.UNKNOWN;
    /** While {@link JournalState#OPEN}: its length, the position of the next append, and its committed blocks. */
    private long journalLength;
    private int journalBlocks;

    /** The journal blob as this run knows it. */
    private enum JournalState {
        /** There is none. */
        ABSENT,
        /** There may be one (left by a run that was killed, or not looked at yet). */
        UNKNOWN,
        /** This run created it and leases it under the lock: it appends at {@link #journalLength}. */
        OPEN
    }

    BlobStateStore(BlobClient blob, BlobClient backup, BlobClient journal, String where, Clock clock, Duration lease) {
        this.blob = blob;
        this.backup = backup;
        this.journal = journal.getAppendBlobClient();
        this.where = where;
        this.journalWhere = where.contains("?") ? where.substring(0, where.indexOf('?')) + JOURNAL
                + where.substring(where.indexOf('?')) : where + JOURNAL;
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
                client(url, parts, env, JOURNAL), redact(url), clock, lease);
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
                    if (!name.endsWith(".backup") && !name.endsWith(JOURNAL)) {
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
            journal.deleteIfExists();
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
     * The state blob with the journal beside it applied. A journal that does not continue the state is refused in one
     * line ({@link StateJournal#replay(State, String, StateJournal.Base, byte[], String)}), after reading both again
     * twice: a whole write between the two downloads (another run's apply ending) looks like one for a moment.
     */
    @Override
    public Optional<State> read() {
        for (int attempt = 1; ; attempt++) {
            byte[] bytes = download();
            if (bytes != null && bytes.length > StateJson.MAX_BYTES) {
                throw new io.batchform.state.JsonInput.Unreadable(where + ": cannot read: " + bytes.length + " bytes; "
                        + "the most batchform reads of a state is " + StateJson.MAX_BYTES);
            }
            if (bytes == null || bytes.length == 0) {
                synchronized (guard) {
                    stored = null;
                    last = null;
                }
                return Optional.empty();
            }
            State state = StateJson.state(bytes, where);
            BlobDownloadContentResponse found = downloadJournal();
            State replayed = state;
            byte[] records = found == null ? new byte[0] : found.getValue().toBytes();
            if (found != null) {
                try {
                    replayed = StateJournal.replay(state, where, base(found), records, journalWhere);
                } catch (io.batchform.state.JsonInput.Unreadable refused) {
                    if (attempt < 3) {
                        StateStore.pause(clock, clock.instant().plusMillis(200), Duration.ofMillis(200));
                        continue;
                    }
                    throw refused;
                }
            }
            synchronized (guard) {
                stored = state;
                last = replayed;
                if (journalState != JournalState.OPEN) {
                    // An empty journal (left where deleting is not allowed) records nothing to fold into the state.
                    journalState = records.length == 0 ? JournalState.ABSENT : JournalState.UNKNOWN;
                }
            }
            return Optional.of(replayed);
        }
    }

    /** The journal blob's content and metadata, or null when there is none. */
    private BlobDownloadContentResponse downloadJournal() {
        try {
            BlobDownloadContentResponse response = journal.downloadContentWithResponse(null, null, null, Context.NONE);
            Long length = response.getDeserializedHeaders().getContentLength();
            if (length != null && length > StateJson.MAX_BYTES) {
                throw new io.batchform.state.JsonInput.Unreadable(journalWhere + ": cannot read: " + length + " bytes; "
                        + "the most batchform reads of a state journal is " + StateJson.MAX_BYTES);
            }
            return response;
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.BLOB_NOT_FOUND || e.getStatusCode() == 404) {
                return null;
            }
            throw failure("read the journal of", e);
        }
    }

    /** The state a journal continues, as its metadata names it. */
    private StateJournal.Base base(BlobDownloadContentResponse found) {
        Map<String, String> metadata = found.getDeserializedHeaders().getMetadata();
        String lineage = metadata == null ? null : metadata.get(BASE_LINEAGE);
        String serial = metadata == null ? null : metadata.get(BASE_SERIAL);
        try {
            if (lineage != null && serial != null) {
                return new StateJournal.Base(lineage, Long.parseLong(serial));
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new io.batchform.state.JsonInput.Unreadable(journalWhere + ": refused: its metadata does not name the "
                + "state it continues (" + BASE_LINEAGE + " and " + BASE_SERIAL + "), so it was not written by "
                + "batchform: delete it to read the state without it");
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
                stored = state;
                last = state;
            } catch (BlobStorageException e) {
                throw leaseGone(e) ? lostWriting(e) : failure("write", e);
            }
            // The state now holds every change the journal recorded (a kill before the journal goes leaves entries
            // at or below the state's serial, which reading skips).
            deleteJournal();
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
                    || entry.length > AppendBlobClient.MAX_APPEND_BLOCK_BYTES || journalState == JournalState.UNKNOWN
                    || journalState == JournalState.OPEN && (journalBlocks >= maxBlocks
                    || journalLength + entry.length > StateJson.MAX_BYTES)) {
                write(state);
                return;
            }
            if (journalState == JournalState.ABSENT) {
                openJournal();
            }
            append(state, entry);
        }
    }

    /** Writes the state whole if changes went to the journal since it was last written whole. */
    @Override
    public void settle(State state) {
        synchronized (guard) {
            if (journalState != JournalState.ABSENT) {
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

    /**
     * Creates the journal, naming the state it continues in its metadata, and leases it with the state's lease id.
     * One found in its place (an empty one left where deleting is not allowed, or one written since this run looked,
     * by a run that lost the lock) is replaced: the state's lease is this run's.
     */
    private void openJournal() {
        try {
            try {
                journal.createWithResponse(journalOptions().setRequestConditions(new BlobRequestConditions()
                        .setIfNoneMatch("*")), null, Context.NONE);
            } catch (BlobStorageException e) {
                if (e.getStatusCode() != 409 && e.getStatusCode() != 412) {
                    throw e;
                }
                breakJournalLease();
                journal.createWithResponse(journalOptions(), null, Context.NONE);
            }
            new BlobLeaseClientBuilder().blobClient(journal).leaseId(leaseId).buildClient()
                    .acquireLease((int) lease.toSeconds());
        } catch (BlobStorageException e) {
            throw failure("start the journal of", e);
        }
        journalState = JournalState.OPEN;
        journalLength = 0;
        journalBlocks = 0;
    }

    /** A new, empty journal that continues the state the blob holds. */
    private AppendBlobCreateOptions journalOptions() {
        return new AppendBlobCreateOptions().setMetadata(Map.of(BASE_LINEAGE, stored.lineage(), BASE_SERIAL,
                Long.toString(stored.serial())));
    }

    /**
     * Appends {@code entry}, the journal entry of {@code state}, at the position this run expects. A refusal of that
     * position after a retry means the retried request had landed (nobody else can append under the lease) when the
     * journal is exactly that much longer. A lease refused is the lock lost; any other refusal (Azure's block or size
     * limit, a journal changed or gone) writes the state whole, which starts the journal again.
     */
    private void append(State state, byte[] entry) {
        try {
            AppendBlobItem item = journal.appendBlockWithResponse(new java.io.ByteArrayInputStream(entry), entry.length,
                    null, new AppendBlobRequestConditions().setLeaseId(leaseId).setAppendPosition(journalLength)
                            .setMaxSize(StateJson.MAX_BYTES), null, Context.NONE).getValue();
            journalLength += entry.length;
            journalBlocks = item.getBlobCommittedBlockCount() != null ? item.getBlobCommittedBlockCount()
                    : journalBlocks + 1;
            last = state;
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.APPEND_POSITION_CONDITION_NOT_MET && landed(entry.length)) {
                journalLength += entry.length;
                journalBlocks++;
                last = state;
                return;
            }
            if (journalLeaseGone(e)) {
                throw lostWriting(e);
            }
            journalState = JournalState.UNKNOWN;
            write(state);
        }
    }

    /** Whether the journal is {@code length} bytes longer than this run's last append left it. */
    private boolean landed(int length) {
        try {
            return journal.getProperties().getBlobSize() == journalLength + length;
        } catch (BlobStorageException e) {
            return false;
        }
    }

    /** A write to the leased journal refused because its lease is not (or no longer) this run's. */
    private static boolean journalLeaseGone(BlobStorageException e) {
        BlobErrorCode code = e.getErrorCode();
        return BlobErrorCode.LEASE_ID_MISMATCH_WITH_BLOB_OPERATION.equals(code)
                || BlobErrorCode.LEASE_NOT_PRESENT_WITH_BLOB_OPERATION.equals(code)
                || BlobErrorCode.LEASE_ID_MISSING.equals(code) || BlobErrorCode.LEASE_LOST.equals(code);
    }

    /**
     * Clears the journal once the state blob holds its changes: deletes it (with this run's lease when it is open).
     * Where the credential may not delete (a SAS token without the delete permission), it is replaced by an empty
     * journal that continues the state just written, which reads as nothing to apply.
     */
    private void deleteJournal() {
        if (journalState == JournalState.ABSENT) {
            return;
        }
        try {
            if (journalState == JournalState.OPEN) {
                try {
                    journal.deleteWithResponse(null, new BlobRequestConditions().setLeaseId(leaseId), null,
                            Context.NONE);
                } catch (BlobStorageException e) {
                    if (journalLeaseGone(e)) {
                        throw lostWriting(e);
                    }
                    if (e.getStatusCode() == 403) {
                        journal.createWithResponse(journalOptions().setRequestConditions(new BlobRequestConditions()
                                .setLeaseId(leaseId)), null, Context.NONE);
                        journalLength = 0;
                        journalBlocks = 0;
                        return; // still open, and leased
                    }
                    if (e.getStatusCode() != 404) {
                        throw e;
                    }
                }
            } else {
                try {
                    removeJournal();
                } catch (BlobStorageException e) {
                    if (e.getStatusCode() != 403) {
                        throw e;
                    }
                    if (journal.exists()) {
                        breakJournalLease();
                        journal.createWithResponse(journalOptions(), null, Context.NONE);
                    }
                }
            }
        } catch (BlobStorageException e) {
            throw failure("clear the journal of", e);
        }
        journalState = JournalState.ABSENT;
    }

    /** Deletes a journal this run does not lease: breaking the lease of the run that left it, if it has one. */
    private void removeJournal() {
        try {
            journal.deleteIfExists();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 412 && e.getStatusCode() != 409) {
                throw e;
            }
            breakJournalLease();
            journal.deleteIfExists();
        }
    }

    /** Breaks the journal's lease, if it has one. */
    private void breakJournalLease() {
        try {
            new BlobLeaseClientBuilder().blobClient(journal).buildClient().breakLeaseWithResponse(0, null, null,
                    Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404 && e.getStatusCode() != 409) {
                throw e;
            }
        }
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
            if (journalState != JournalState.OPEN || !id.equals(leaseId)) {
                return;
            }
        }
        try {
            new BlobLeaseClientBuilder().blobClient(journal).leaseId(id).buildClient().renewLease();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404) { // deleted meanwhile by this run's whole write
                throw e;
            }
        }
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
            breakJournalLease(); // the run that held the lock can no longer append either
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
            if (journalState == JournalState.OPEN) {
                journalState = JournalState.UNKNOWN;
            }
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
                        releaseJournal();
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
                    if (journalState == JournalState.OPEN) {
                        journalState = JournalState.UNKNOWN; // no longer leased by this run
                    }
                }
            }
        }
    }

    /**
     * Releases the journal's lease when this run has it open: an apply that stopped before writing the state whole
     * leaves its journal for the next command to read.
     */
    private void releaseJournal() {
        if (journalState != JournalState.OPEN) {
            return;
        }
        try {
            new BlobLeaseClientBuilder().blobClient(journal).leaseId(leaseId).buildClient().releaseLease();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404 && !leaseGone(e)) {
                throw e;
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
