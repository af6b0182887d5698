package io.batchform.azure;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.AppendBlobItem;
import com.azure.storage.blob.models.AppendBlobRequestConditions;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.AppendBlobCreateOptions;
import com.azure.storage.blob.specialized.AppendBlobClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import io.batchform.state.JsonInput;
import io.batchform.state.LockLostException;
import io.batchform.state.State;
import io.batchform.state.StateJournal;
import io.batchform.state.StateJson;
import java.time.Duration;
import java.util.Map;

/**
 * The remote state's journal: the append blob {@code <name>.journal} beside the state blob, to which
 * {@link BlobStateStore} appends each {@link StateJournal} entry as one block while an apply records resources. Its
 * metadata names the state it continues (lineage and serial), set with the blob in the one request that creates it.
 * It is leased with the state's lease id (the store passes the id it holds) and renewed, released and broken with the
 * state's lease, so only the run holding the lock appends; each append is conditional on the position this run
 * expects (a retried append that had landed is recognised, never doubled) and on the journal staying under
 * {@link StateJson#MAX_BYTES}. What it cannot take (a journal left by a killed run, one at Azure's 50,000 blocks or at
 * its size limit, an append refused) the store writes whole, and then clears the journal here when what it wrote
 * continues the journal it read and applied; any other journal is kept ({@link #keep}) for the next read to judge.
 * <p>
 * The store keeps the state blob, its lease and the lineage checks, and calls this class only under its own guard:
 * this class is not safe for concurrent use by itself.
 */
final class BlobStateJournal {
    /** The journal blob's name: the state blob's, with this after it. */
    static final String SUFFIX = ".journal";
    /** The journal's metadata: the lineage and serial of the state it continues. */
    private static final String BASE_LINEAGE = "lineage";
    private static final String BASE_SERIAL = "serial";

    /** How the store names what goes wrong: the lock lost, or a storage failure naming the state. */
    interface Failures {
        /** The lock lost: a leased write refused because the lease is no longer this run's. */
        LockLostException lost(BlobStorageException e);

        /** Any other failure: one line naming the state and Azure's code ({@code "cannot WHAT the state in ..."}). */
        IllegalStateException failure(String what, BlobStorageException e);
    }

    /** The journal blob as this run knows it. */
    private enum Status {
        /** There is none. */
        ABSENT,
        /** There may be one (left by a run that was killed, or not looked at yet). */
        UNKNOWN,
        /** This run created it and leases it under the lock: it appends at {@link #length}. */
        OPEN
    }

    /** What a read found: the journal's records and its metadata. */
    record Found(byte[] records, Map<String, String> metadata) {
    }

    private final AppendBlobClient blob;
    private final String where;
    private final Duration lease;
    private final Failures failures;
    private Status status = Status.UNKNOWN;
    /** While {@link Status#OPEN}: its length, the position of the next append, and its committed blocks. */
    private long length;
    private int blocks;

    /**
     * The journal of the state at {@code stateWhere} (as the store names it, SAS token hidden), in {@code blob}; a
     * lease it takes lasts {@code lease}.
     */
    BlobStateJournal(BlobClient blob, String stateWhere, Duration lease, Failures failures) {
        this.blob = blob.getAppendBlobClient();
        this.where = BlobStateStore.beside(stateWhere, SUFFIX);
        this.lease = lease;
        this.failures = failures;
    }

    /** The journal blob's content and metadata, or null when there is none. */
    Found download() {
        try {
            BlobDownloadContentResponse response = blob.downloadContentWithResponse(null, null, null, Context.NONE);
            Long size = response.getDeserializedHeaders().getContentLength();
            if (size != null && size > StateJson.MAX_BYTES) {
                throw new JsonInput.Unreadable(where + ": cannot read: " + size + " bytes; "
                        + "the most batchform reads of a state journal is " + StateJson.MAX_BYTES);
            }
            return new Found(response.getValue().toBytes(), response.getDeserializedHeaders().getMetadata());
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.BLOB_NOT_FOUND || e.getStatusCode() == 404) {
                return null;
            }
            throw failures.failure("read the journal of", e);
        }
    }

    /**
     * {@code state} (empty: no state), read from {@code stateWhere}, with the journal {@code found} (null: none)
     * applied, as {@link StateJournal#replay(java.util.Optional, String, StateJournal.Base, byte[], String, String)}
     * applies it: refused in one line ending with {@code advice} when it records changes and does not continue the
     * state (or there is no state), or when its metadata does not name the state it continues. A journal without
     * records (left empty where deleting is not allowed) reads as the state alone.
     */
    java.util.Optional<State> replay(java.util.Optional<State> state, String stateWhere, Found found, String advice) {
        if (found == null || found.records().length == 0) {
            return state;
        }
        return StateJournal.replay(state, stateWhere, base(found), found.records(), where, advice);
    }

    /**
     * What a read that found {@code found} (null: none) tells of the journal: an empty one (left where deleting is
     * not allowed) records nothing to fold into the state; one with records was left by another run (applied, or
     * refused).
     */
    void read(Found found) {
        if (status != Status.OPEN) {
            status = found == null || found.records().length == 0 ? Status.ABSENT : Status.UNKNOWN;
        }
    }

    /** The state a journal continues, as its metadata names it. */
    private StateJournal.Base base(Found found) {
        Map<String, String> metadata = found.metadata();
        String lineage = metadata == null ? null : metadata.get(BASE_LINEAGE);
        String serial = metadata == null ? null : metadata.get(BASE_SERIAL);
        try {
            if (lineage != null && serial != null) {
                return new StateJournal.Base(lineage, Long.parseLong(serial));
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new JsonInput.Unreadable(where + ": refused: its metadata does not name the "
                + "state it continues (" + BASE_LINEAGE + " and " + BASE_SERIAL + "), so it was not written by "
                + "batchform: delete it to read the state without it");
    }

    /**
     * Whether {@code entry} can be appended rather than the state written whole: it fits one block, and the journal is
     * known (none, or this run's) with fewer than {@code maxBlocks} blocks and room for it under the size limit.
     */
    boolean takes(byte[] entry, int maxBlocks) {
        return entry.length <= AppendBlobClient.MAX_APPEND_BLOCK_BYTES && status != Status.UNKNOWN
                && !(status == Status.OPEN && (blocks >= maxBlocks || length + entry.length > StateJson.MAX_BYTES));
    }

    /** Whether changes may have gone to a journal since the state was last written whole. */
    boolean mayHoldChanges() {
        return status != Status.ABSENT;
    }

    /** Whether this run has the journal open (created and leased under its lock). */
    boolean isOpen() {
        return status == Status.OPEN;
    }

    /**
     * Appends {@code entry}, starting the journal (continuing {@code base}, leased with {@code leaseId}) when there is
     * none. Says whether it was recorded; when not, the store writes the state whole, which starts the journal again.
     * Throws the store's {@link Failures#lost} when the journal's lease is not this run's.
     */
    boolean append(byte[] entry, StateJournal.Base base, String leaseId) {
        if (status == Status.ABSENT) {
            open(base, leaseId);
        }
        return appendAt(entry, leaseId);
    }

    /**
     * Creates the journal, naming the state it continues in its metadata, and leases it with the state's lease id.
     * One found in its place (an empty one left where deleting is not allowed, or one written since this run looked,
     * by a run that lost the lock) is replaced: the state's lease is this run's.
     */
    private void open(StateJournal.Base base, String leaseId) {
        try {
            try {
                blob.createWithResponse(options(base).setRequestConditions(new BlobRequestConditions()
                        .setIfNoneMatch("*")), null, Context.NONE);
            } catch (BlobStorageException e) {
                if (e.getStatusCode() != 409 && e.getStatusCode() != 412) {
                    throw e;
                }
                breakLease();
                blob.createWithResponse(options(base), null, Context.NONE);
            }
            new BlobLeaseClientBuilder().blobClient(blob).leaseId(leaseId).buildClient()
                    .acquireLease((int) lease.toSeconds());
        } catch (BlobStorageException e) {
            throw failures.failure("start the journal of", e);
        }
        status = Status.OPEN;
        length = 0;
        blocks = 0;
    }

    /** A new, empty journal that continues {@code base}. */
    private static AppendBlobCreateOptions options(StateJournal.Base base) {
        return new AppendBlobCreateOptions().setMetadata(Map.of(BASE_LINEAGE, base.lineage(), BASE_SERIAL,
                Long.toString(base.serial())));
    }

    /**
     * Appends {@code entry} at the position this run expects. A refusal of that position after a retry means the
     * retried request had landed (nobody else can append under the lease) when the journal is exactly that much
     * longer. A lease refused is the lock lost; any other refusal (Azure's block or size limit, a journal changed or
     * gone) answers false, for the store to write the state whole.
     */
    private boolean appendAt(byte[] entry, String leaseId) {
        try {
            AppendBlobItem item = blob.appendBlockWithResponse(new java.io.ByteArrayInputStream(entry), entry.length,
                    null, new AppendBlobRequestConditions().setLeaseId(leaseId).setAppendPosition(length)
                            .setMaxSize(StateJson.MAX_BYTES), null, Context.NONE).getValue();
            length += entry.length;
            blocks = item.getBlobCommittedBlockCount() != null ? item.getBlobCommittedBlockCount() : blocks + 1;
            return true;
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.APPEND_POSITION_CONDITION_NOT_MET && landed(entry.length)) {
                length += entry.length;
                blocks++;
                return true;
            }
            if (leaseGone(e)) {
                throw failures.lost(e);
            }
            status = Status.UNKNOWN;
            return false;
        }
    }

    /** Whether the journal is {@code more} bytes longer than this run's last append left it. */
    private boolean landed(int more) {
        try {
            return blob.getProperties().getBlobSize() == length + more;
        } catch (BlobStorageException e) {
            return false;
        }
    }

    /** A write to the leased journal refused because its lease is not (or no longer) this run's. */
    private static boolean leaseGone(BlobStorageException e) {
        BlobErrorCode code = e.getErrorCode();
        return BlobErrorCode.LEASE_ID_MISMATCH_WITH_BLOB_OPERATION.equals(code)
                || BlobErrorCode.LEASE_NOT_PRESENT_WITH_BLOB_OPERATION.equals(code)
                || BlobErrorCode.LEASE_ID_MISSING.equals(code) || BlobErrorCode.LEASE_LOST.equals(code);
    }

    /**
     * Clears the journal once the state blob holds its changes (the state {@code base} just written): deletes it
     * (with this run's lease {@code leaseId} when it is open). Where the credential may not delete (a SAS token without
     * the delete permission), it is replaced by an empty journal that continues that state, which reads as nothing to
     * apply.
     */
    void clear(StateJournal.Base base, String leaseId) {
        if (status == Status.ABSENT) {
            return;
        }
        try {
            if (status == Status.OPEN) {
                try {
                    blob.deleteWithResponse(null, new BlobRequestConditions().setLeaseId(leaseId), null,
                            Context.NONE);
                } catch (BlobStorageException e) {
                    if (leaseGone(e)) {
                        throw failures.lost(e);
                    }
                    if (e.getStatusCode() == 403) {
                        blob.createWithResponse(options(base).setRequestConditions(new BlobRequestConditions()
                                .setLeaseId(leaseId)), null, Context.NONE);
                        length = 0;
                        blocks = 0;
                        return; // still open, and leased
                    }
                    if (e.getStatusCode() != 404) {
                        throw e;
                    }
                }
            } else {
                try {
                    remove();
                } catch (BlobStorageException e) {
                    if (e.getStatusCode() != 403) {
                        throw e;
                    }
                    if (blob.exists()) {
                        breakLease();
                        blob.createWithResponse(options(base), null, Context.NONE);
                    }
                }
            }
        } catch (BlobStorageException e) {
            throw failures.failure("clear the journal of", e);
        }
        status = Status.ABSENT;
    }

    /**
     * Leaves the journal where it is, for the next read to judge: the state was written whole without its changes (a
     * state of another history, or an older copy, pushed with {@code --force} over a journal this run refused or
     * applied). One this run has open is released ({@code leaseId}, the state's lease), so that it is no longer
     * appended to; the store writes whole from now on.
     */
    void keep(String leaseId) {
        if (status == Status.OPEN) {
            status = Status.UNKNOWN;
            try {
                release(leaseId);
            } catch (BlobStorageException e) {
                throw failures.failure("release the journal of", e);
            }
        }
    }

    /** Deletes a journal this run does not lease: breaking the lease of the run that left it, if it has one. */
    private void remove() {
        try {
            blob.deleteIfExists();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 412 && e.getStatusCode() != 409) {
                throw e;
            }
            breakLease();
            blob.deleteIfExists();
        }
    }

    /** Breaks the journal's lease, if it has one (the run that held the lock can no longer append). */
    void breakLease() {
        try {
            new BlobLeaseClientBuilder().blobClient(blob).buildClient().breakLeaseWithResponse(0, null, null,
                    Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404 && e.getStatusCode() != 409) {
                throw e;
            }
        }
    }

    /** Renews the journal's lease with the state's lease {@code leaseId}; one deleted meanwhile is no failure. */
    void renew(String leaseId) {
        try {
            new BlobLeaseClientBuilder().blobClient(blob).leaseId(leaseId).buildClient().renewLease();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404) { // deleted meanwhile by this run's whole write
                throw e;
            }
        }
    }

    /**
     * Releases the journal's lease when this run has it open: an apply that stopped before writing the state whole
     * leaves its journal for the next command to read. A lease already gone is no failure.
     */
    void release(String leaseId) {
        if (status != Status.OPEN) {
            return;
        }
        try {
            new BlobLeaseClientBuilder().blobClient(blob).leaseId(leaseId).buildClient().releaseLease();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404 && e.getStatusCode() != 409 && e.getStatusCode() != 412) {
                throw e;
            }
        }
    }

    /** The lock is no longer this run's (released, or abandoned): an open journal is no longer leased by it. */
    void unleased() {
        if (status == Status.OPEN) {
            status = Status.UNKNOWN;
        }
    }

    /** Deletes the journal if there is one (a deleted workspace); throws what Azure answers. */
    void delete() {
        blob.deleteIfExists();
    }
}
