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
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.batchform.state.LockInfo;
import io.batchform.state.LockLostException;
import io.batchform.state.State;
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
 */
public final class BlobStateStore implements StateStore {
    /** What Azure allows: 15 to 60 seconds, or infinite (never used: a killed run would hold it for ever). */
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final String HOLDER = "batchformlock";
    private static final String WORKSPACE = ".workspace-";

    private final BlobClient blob;
    private final BlobClient backup;
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

    BlobStateStore(BlobClient blob, BlobClient backup, String where, Clock clock, Duration lease) {
        this.blob = blob;
        this.backup = backup;
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
        return new BlobStateStore(client(url, parts, env, ""), client(url, parts, env, ".backup"), redact(url), clock,
                lease);
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
                    if (!name.endsWith(".backup")) {
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

    /** Deletes the state blob and its backup (a deleted workspace); refused by Azure while a lease is held. */
    public void delete() {
        try {
            blob.deleteIfExists();
            backup.deleteIfExists();
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

    @Override
    public Optional<State> read() {
        byte[] bytes = download();
        if (bytes != null && bytes.length > StateJson.MAX_BYTES) {
            throw new io.batchform.state.JsonInput.Unreadable(where + ": cannot read: " + bytes.length + " bytes; the "
                    + "most batchform reads of a state is " + StateJson.MAX_BYTES);
        }
        return bytes == null || bytes.length == 0 ? Optional.empty() : Optional.of(StateJson.state(bytes, where));
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
            if (leaseId == null) {
                throw new IllegalStateException("the state in " + where + " is written only under its lock");
            }
            if (lost != null) {
                throw new LockLostException(lost);
            }
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
                if (leaseGone(e)) {
                    lose("the lease on " + where + " is no longer this run's (" + code(e) + "): another run broke or "
                            + "took it, e.g. with batchform force-unlock");
                    throw new LockLostException(lost, e);
                }
                throw failure("write", e);
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
