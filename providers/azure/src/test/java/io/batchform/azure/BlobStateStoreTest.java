package io.batchform.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.batchform.address.Address;
import io.batchform.provider.Attributes;
import io.batchform.state.LockLostException;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import io.batchform.state.StateJson;
import io.batchform.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The remote state store against Azurite, through the real Storage SDK: content, backup, lease lock, expiry. Each test
 * has blobs of its own, so the tests run at once: most of their time is spent waiting on leases.
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class BlobStateStoreTest {
    private static Azurite azurite;
    private static BlobContainerClient container;
    private static final java.util.concurrent.atomic.AtomicInteger NEXT =
            new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start() {
        azurite = Azurite.start();
        container = azurite.container("tfstate");
        container.create();
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    private static String newBlob() {
        return azurite.endpoint() + "/tfstate/team/prod-" + NEXT.incrementAndGet() + ".json";
    }

    private static BlobStateStore store(String url) {
        return BlobStateStore.connect(url, Map.of("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString()),
                Clock.systemUTC());
    }

    private static State state(long serial) {
        State base = State.empty();
        return new State(base.version(), serial, "lineage-1", null, java.util.List.of(new ResourceState(
                Address.parse("pool.render"), "/subscriptions/s/pool", Attributes.of(Map.of("vmSize", "Standard_D2s_v3")),
                Set.of())), java.util.List.of());
    }

    private static StateStore.StateLock locked(StateStore store) {
        StateStore.LockResult result = store.lock("apply", Duration.ZERO);
        assertThat(result).isInstanceOf(StateStore.LockResult.Acquired.class);
        return ((StateStore.LockResult.Acquired) result).lock();
    }

    @Test
    void writesUnderTheLockAndKeepsThePreviousVersion() {
        String url = newBlob();
        BlobStateStore store = store(url);
        assertThat(store.read()).isEmpty();
        try (StateStore.StateLock lock = locked(store)) {
            assertThat(store.read()).as("a lock on a new state leaves it empty").isEmpty();
            store.write(state(1));
            store.write(state(2));
        }
        assertThat(store(url).read()).contains(state(2));
        String backup = blobOf(url, ".backup").downloadContent().toString();
        assertThat(StateJson.state(backup.getBytes(java.nio.charset.StandardCharsets.UTF_8), "backup")).isEqualTo(state(1));
        assertThatThrownBy(() -> store.write(state(3))).as("not without the lock")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only under its lock");
    }

    @Test
    void aSecondRunIsRefusedNamingTheHolderAndGetsTheLockOnceReleased() {
        String url = newBlob();
        BlobStateStore first = store(url);
        BlobStateStore second = store(url);
        StateStore.StateLock lock = locked(first);
        StateStore.LockResult refused = second.lock("plan", Duration.ofMillis(1500));
        assertThat(refused).isInstanceOf(StateStore.LockResult.HeldBy.class);
        var holder = ((StateStore.LockResult.HeldBy) refused).holder();
        assertThat(holder.operation()).isEqualTo("apply");
        assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(holder.who()).isEqualTo(io.batchform.state.LockInfo.currentUser());
        lock.close();
        try (StateStore.StateLock again = locked(second)) {
            second.write(state(5));
        }
        assertThat(first.read()).contains(state(5));
    }

    @Test
    void theLockOfAKilledRunExpiresByItself() {
        String url = newBlob();
        BlobStateStore killed = BlobStateStore.connect(url, Map.of("AZURE_STORAGE_CONNECTION_STRING",
                azurite.connectionString()), Clock.systemUTC(), Duration.ofSeconds(15));
        locked(killed);
        killed.abandon(); // no renewal, no release: what SIGKILL leaves behind
        BlobStateStore next = store(url);
        assertThat(next.lock("apply", Duration.ZERO)).isInstanceOf(StateStore.LockResult.HeldBy.class);
        long started = System.nanoTime();
        StateStore.LockResult waited = next.lock("apply", Duration.ofSeconds(30));
        assertThat(waited).as("acquired once the lease expired").isInstanceOf(StateStore.LockResult.Acquired.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        ((StateStore.LockResult.Acquired) waited).lock().close();
    }

    @Test
    void forceUnlockBreaksAnotherRunsLease() {
        String url = newBlob();
        BlobStateStore other = store(url);
        locked(other);
        other.abandon();
        BlobStateStore mine = store(url);
        assertThat(mine.forceUnlock()).hasValueSatisfying(h -> assertThat(h.operation()).isEqualTo("apply"));
        assertThat(mine.forceUnlock()).as("nothing held any more").isEmpty();
        try (StateStore.StateLock lock = locked(mine)) {
            mine.write(state(9));
        }
        assertThat(mine.read()).contains(state(9));
    }

    @Test
    void aSasUrlSignsInAndIsNeverNamed() {
        String sas = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setWritePermission(true)
                        .setCreatePermission(true).setAddPermission(true)));
        String url = newBlob() + "?" + sas;
        BlobStateStore store = BlobStateStore.connect(url, Map.of(), Clock.systemUTC());
        try (StateStore.StateLock lock = locked(store)) {
            store.write(state(7));
        }
        assertThat(store.read()).contains(state(7));
        // The token may not delete: the journal is cleared by an empty one that continues the state written.
        State recorded;
        try (StateStore.StateLock lock = locked(store)) {
            store.write(account());
            recorded = recordPool(store, recordPool(store, store.read().orElseThrow(), 0), 1);
            store.settle(recorded);
            assertThat(inBlob(url)).isEqualTo(recorded);
            recorded = recordPool(store, recorded, 2);
            store.settle(recorded);
        }
        assertThat(store.read()).contains(recorded);
        assertThat(inBlob(url)).isEqualTo(recorded);
        assertThat(blobOf(url, ".journal").getProperties().getBlobSize()).isZero();
        try (StateStore.StateLock lock = locked(store)) {
            State read = store.read().orElseThrow();
            State more = recordPool(store, read, 3);
            assertThat(inBlob(url)).as("an empty journal holds nothing to fold: the records go to it at once")
                    .isEqualTo(recorded);
            assertThat(blobOf(url, ".journal").getProperties().getCommittedBlockCount()).isEqualTo(2);
            assertThat(store.read()).contains(more);
        }
        assertThat(store.toString()).endsWith("?(SAS token hidden)").doesNotContain("sig=");
    }

    @Test
    void aMissingContainerOrAWrongUrlIsOneClearMessage() {
        BlobStateStore nowhere = store(azurite.endpoint() + "/nocontainer/state.json");
        assertThatThrownBy(nowhere::read).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read the state in " + azurite.endpoint() + "/nocontainer/state.json")
                .hasMessageContaining("ContainerNotFound");
        assertThatThrownBy(() -> store(azurite.endpoint() + "/tfstate")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name a container and a blob");
    }

    @Test
    void aLeaseBrokenByAnotherRunIsLostAtTheNextWriteAndTheReleaseDoesNotFail() {
        String url = newBlob();
        BlobStateStore mine = store(url);
        StateStore.StateLock lock = locked(mine);
        mine.write(state(1));
        assertThat(mine.lockLost()).isEmpty();
        assertThat(store(url).forceUnlock()).as("another shell ran force-unlock").isPresent();
        assertThatThrownBy(() -> mine.write(state(2))).isInstanceOf(LockLostException.class)
                .hasMessageContaining("the lease on " + url + " is no longer this run's")
                .hasMessageContaining("force-unlock");
        assertThat(mine.lockLost()).isPresent();
        assertThatThrownBy(() -> mine.write(state(3))).as("every later write").isInstanceOf(LockLostException.class);
        lock.close(); // the lease is someone else's now: nothing to release, and no error
        assertThat(store(url).read()).contains(state(1));
    }

    @Test
    void renewalNoticesABrokenLeaseWithoutAWrite() throws Exception {
        String url = newBlob();
        BlobStateStore mine = BlobStateStore.connect(url, Map.of("AZURE_STORAGE_CONNECTION_STRING",
                azurite.connectionString()), Clock.systemUTC(), Duration.ofSeconds(15));
        try (StateStore.StateLock lock = locked(mine)) {
            store(url).forceUnlock();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (mine.lockLost().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(mine.lockLost()).as("renewal runs every 5 s").hasValueSatisfying(why ->
                    assertThat(why).contains("could not be renewed", "force-unlock"));
        }
    }

    @Test
    void aFailingRenewalIsRetriedForTheWholeLeaseAndOnlyThenLost() throws Exception {
        Duration lease = Duration.ofSeconds(15);
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        String url = newBlob();
        BlobStateStore mine = new BlobStateStore(flakyRenewals(url, "", failing, refused),
                flakyRenewals(url, ".backup", failing, refused), flakyRenewals(url, ".journal", failing, refused), url,
                Clock.systemUTC(), lease);
        try (StateStore.StateLock lock = locked(mine)) {
            failing.set(true);
            Thread.sleep(12_000); // renewals due at 5 s and 10 s fail, and are retried
            assertThat(refused.get()).as("renewals were attempted and failed").isGreaterThanOrEqualTo(2);
            assertThat(mine.lockLost()).as("not lost while the lease may still hold").isEmpty();
            failing.set(false);
            Thread.sleep(3_000); // a retry within the lease succeeds
            mine.write(state(4));
            assertThat(mine.lockLost()).isEmpty();

            failing.set(true);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mine.lockLost().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(mine.lockLost()).as("lost once a whole lease period passed without a renewal")
                    .hasValueSatisfying(why -> assertThat(why).contains("expired", "renewing it failed for 15s"));
            assertThatThrownBy(() -> mine.write(state(5))).isInstanceOf(LockLostException.class);
        }
        assertThat(store(url).read()).contains(state(4));
    }

    /** A client of {@code url + suffix} whose lease renewals fail (as a network outage would) while {@code failing}. */
    private static com.azure.storage.blob.BlobClient flakyRenewals(String url, String suffix,
            java.util.concurrent.atomic.AtomicBoolean failing, java.util.concurrent.atomic.AtomicInteger refused) {
        return new com.azure.storage.blob.BlobClientBuilder()
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
                .endpoint(url + suffix)
                .credential(com.azure.storage.common.StorageSharedKeyCredential.fromConnectionString(
                        azurite.connectionString()))
                .retryOptions(new com.azure.storage.common.policy.RequestRetryOptions(
                        com.azure.storage.common.policy.RetryPolicyType.FIXED, 1, 2, 100L, 100L, null))
                .addPolicy((context, next) -> {
                    if (failing.get() && "renew".equals(context.getHttpRequest().getHeaders().getValue(
                            com.azure.core.http.HttpHeaderName.fromString("x-ms-lease-action")))) {
                        refused.incrementAndGet();
                        return reactor.core.publisher.Mono.error(new java.io.IOException("network unreachable"));
                    }
                    return next.process();
                })
                .buildClient();
    }

    // ---- the journal: per-resource records in an append blob beside the state blob ----

    private static final Address ACCOUNT = Address.parse("batchAccount.main");

    /** A pool of the size a real one has in the state (a few hundred bytes). */
    private static ResourceState pool(int i, String lineage) {
        return new ResourceState(Address.parse("pool.pool" + i), "/subscriptions/s/resourceGroups/rg/providers/"
                + "Microsoft.Batch/batchAccounts/main/pools/pool" + i, Attributes.of(Map.of("vmSize", "Standard_D2s_v3",
                "name", "pool" + i,
                "image", Map.of("publisher", "canonical", "offer", "0001-com-ubuntu-server-jammy", "sku", "22_04-lts"),
                "nodeAgentSkuId", "batch.node.ubuntu 22.04", "fixedScale", Map.of("targetDedicatedNodes", 1))),
                Set.of(ACCOUNT));
    }

    /** Pool {@code i} with a user account's password, kept (as every state keeps a secret) only as its salted hash. */
    private static ResourceState poolWithSecret(int i, String lineage) {
        io.batchform.provider.ResourceSchema schema = new io.batchform.provider.ResourceSchema(
                io.batchform.address.ResourceType.POOL, java.util.List.of(
                        io.batchform.provider.AttributeSchema.updatable("userAccounts.password").asSensitive(),
                        io.batchform.provider.AttributeSchema.updatable("vmSize")));
        ResourceState plain = pool(i, lineage);
        java.util.Map<String, Object> values = new java.util.TreeMap<>(plain.attributes().values());
        values.put("userAccounts", Map.of("password", "hunter2"));
        return new ResourceState(plain.address(), plain.id(), io.batchform.provider.Secrets.redact(Attributes.of(values),
                schema, lineage), plain.dependencies());
    }

    /** What an apply records for pool {@code i}: the intent before the create, then the pool made. */
    private static State recordPool(StateStore store, State state, int i) {
        ResourceState pool = pool(i, state.lineage());
        State intent = state.withIntent(pool.address(), pool.id());
        store.write(intent, pool.address());
        State made = intent.with(pool);
        store.write(made, pool.address());
        return made;
    }

    private static State account() {
        return State.empty().with(new ResourceState(ACCOUNT, "/subscriptions/s/resourceGroups/rg/providers/"
                + "Microsoft.Batch/batchAccounts/main", Attributes.of(Map.of("name", "main")), Set.of()));
    }

    private static com.azure.storage.blob.BlobClient blobOf(String url, String suffix) {
        String path = url.substring(url.indexOf("/tfstate/") + "/tfstate/".length());
        return container.getBlobClient((path.contains("?") ? path.substring(0, path.indexOf('?')) : path) + suffix);
    }

    private static void breakLease(com.azure.storage.blob.BlobClient blob) {
        new com.azure.storage.blob.specialized.BlobLeaseClientBuilder().blobClient(blob).buildClient()
                .breakLeaseWithResponse(0, null, null, com.azure.core.util.Context.NONE);
    }

    private static State inBlob(String url) {
        return StateJson.state(blobOf(url, "").downloadContent().toBytes(), url);
    }

    @Test
    void eachResourceIsOneBlockOfTheJournalThatAFreshReadAppliesUntilTheStateIsWrittenWhole() {
        String url = newBlob();
        BlobStateStore store = store(url);
        State state;
        try (StateStore.StateLock lock = locked(store)) {
            store.write(account(), ACCOUNT); // nothing to continue yet: written whole
            assertThat(blobOf(url, ".journal").exists()).isFalse();
            state = store.read().orElseThrow();
            for (int i = 0; i < 5; i++) {
                state = recordPool(store, state, i);
            }
            State secret = state.with(poolWithSecret(5, state.lineage()));
            store.write(secret, Address.parse("pool.pool5"));
            state = secret;
            State gone = state.without(Address.parse("pool.pool0"));
            store.write(gone, Address.parse("pool.pool0"));
            state = gone;
            var journal = blobOf(url, ".journal");
            assertThat(journal.getProperties().getBlobType()).isEqualTo(com.azure.storage.blob.models.BlobType.APPEND_BLOB);
            assertThat(journal.getProperties().getCommittedBlockCount()).as("one block per record").isEqualTo(12);
            assertThat(journal.getProperties().getMetadata()).containsEntry("lineage", state.lineage())
                    .containsEntry("serial", Long.toString(account().serial()));
            String text = journal.downloadContent().toString();
            assertThat(text.lines()).hasSize(12);
            assertThat(text).as("a secret only as its hash").contains("scrypt:").doesNotContain("hunter2");
            assertThat(inBlob(url).serial()).as("the state blob is not rewritten per resource")
                    .isEqualTo(account().serial());
            assertThat(store(url).read()).as("what the next command reads").contains(state);

            store.settle(state);
            assertThat(journal.exists()).as("the journal goes once the state holds it").isFalse();
            assertThat(inBlob(url)).isEqualTo(state);
            store.settle(state);
        }
        assertThat(store(url).read()).contains(state);
        assertThat(blobOf(url, ".journal").exists()).isFalse();
    }

    @Test
    void aWorkspacesJournalAndBackupAreNotWorkspaces() {
        String url = newBlob();
        String name = url.substring(url.indexOf("/tfstate/") + "/tfstate/".length());
        for (String blob : java.util.List.of(".workspace-dev", ".workspace-dev.backup", ".workspace-dev.journal")) {
            container.getBlobClient(name + blob).upload(com.azure.core.util.BinaryData.fromBytes(new byte[0]), true);
        }
        assertThat(BlobStateStore.workspaces(url, Map.of("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString())))
                .extracting(io.batchform.state.Workspace::name).containsExactly("dev");
    }

    @Test
    void aKilledApplyLeavesAJournalThatTheNextRunReplaysAndFoldsIntoTheState() {
        String url = newBlob();
        BlobStateStore killed = BlobStateStore.connect(url, Map.of("AZURE_STORAGE_CONNECTION_STRING",
                azurite.connectionString()), Clock.systemUTC(), Duration.ofSeconds(15));
        locked(killed);
        killed.write(account());
        State state = killed.read().orElseThrow();
        for (int i = 0; i < 3; i++) {
            state = recordPool(killed, state, i);
        }
        State intent = state.withIntent(Address.parse("pool.pool3"), pool(3, state.lineage()).id());
        killed.write(intent, Address.parse("pool.pool3"));
        killed.abandon(); // killed between two records: no settle, no release
        assertThat(inBlob(url).resources()).hasSize(1);

        BlobStateStore next = store(url);
        assertThat(next.read()).as("the state blob with the journal applied, intent included").contains(intent);
        assertThat(next.forceUnlock()).isPresent();
        try (StateStore.StateLock lock = locked(next)) {
            State resumed = next.read().orElseThrow();
            State made = resumed.with(pool(3, resumed.lineage()));
            next.write(made, Address.parse("pool.pool3"));
            assertThat(inBlob(url)).as("the first record after a killed run's journal folds it into the state")
                    .isEqualTo(made);
            assertThat(blobOf(url, ".journal").exists()).isFalse();
            State more = recordPool(next, made, 4);
            assertThat(blobOf(url, ".journal").getProperties().getCommittedBlockCount()).isEqualTo(2);
            next.settle(more);
            assertThat(store(url).read()).contains(more);
        }
    }

    @Test
    void aLastRecordCutShortIsIgnoredAndAJournalThatDoesNotContinueTheStateIsRefused() {
        String url = newBlob();
        BlobStateStore killed = store(url);
        locked(killed);
        killed.write(account());
        State state = killed.read().orElseThrow();
        State recorded = recordPool(killed, state, 0);
        killed.abandon();
        var journal = blobOf(url, ".journal");
        breakLease(journal); // as its lease would expire
        byte[] half = java.util.Arrays.copyOf(io.batchform.state.StateJournal.entry(recorded.with(pool(1,
                recorded.lineage())), Address.parse("pool.pool1")), 40);
        journal.getAppendBlobClient().appendBlock(new java.io.ByteArrayInputStream(half), half.length);
        assertThat(store(url).read()).as("a record without its newline never happened").contains(recorded);

        // The state blob replaced under the journal: another lineage, an older serial, a newer one without its changes.
        breakLease(blobOf(url, ""));
        State other = new State(state.version(), 9, "lineage-other", null, state.resources(), java.util.List.of());
        blobOf(url, "").upload(com.azure.core.util.BinaryData.fromBytes(StateJson.bytes(other)), true);
        assertThatThrownBy(() -> store(url).read()).isInstanceOf(io.batchform.state.JsonInput.Unreadable.class)
                .hasMessageStartingWith(url + ".journal: refused: it continues a state of lineage " + state.lineage())
                .hasMessageContaining("has lineage lineage-other")
                .hasMessageContaining("copy the journal blob aside and delete it");
        State older = new State(state.version(), state.serial() - 1, state.lineage(), null, java.util.List.of(),
                java.util.List.of());
        blobOf(url, "").upload(com.azure.core.util.BinaryData.fromBytes(StateJson.bytes(older)), true);
        assertThatThrownBy(() -> store(url).read()).isInstanceOf(io.batchform.state.JsonInput.Unreadable.class)
                .hasMessageContaining("continues the state at serial " + state.serial())
                .hasMessageContaining("older");
        State without = new State(state.version(), state.serial() + 1, state.lineage(), null, state.resources(),
                java.util.List.of());
        blobOf(url, "").upload(com.azure.core.util.BinaryData.fromBytes(StateJson.bytes(without)), true);
        assertThatThrownBy(() -> store(url).read()).isInstanceOf(io.batchform.state.JsonInput.Unreadable.class)
                .hasMessageContaining("with changes up to serial " + recorded.serial())
                .hasMessageContaining("without them");
        State holdsThem = new State(state.version(), recorded.serial(), state.lineage(), null, recorded.resources(),
                java.util.List.of());
        blobOf(url, "").upload(com.azure.core.util.BinaryData.fromBytes(StateJson.bytes(holdsThem)), true);
        assertThat(store(url).read()).as("written whole since with every change: the journal is spent")
                .contains(holdsThem);
    }

    /** What a refusal of the journal beside the state at {@code url} advises: the two ways out. */
    private static String remedy(String url) {
        String name = url.substring(url.indexOf("/tfstate/") + "/tfstate/".length()) + ".journal";
        return ": nothing was read or changed. To keep the state as it is, copy the journal blob aside and delete it "
                + "(az storage blob copy start --account-name devstoreaccount1 --source-container tfstate "
                + "--source-blob " + name + " --destination-container tfstate --destination-blob " + name
                + ".refused, then az storage blob delete --account-name devstoreaccount1 --container-name tfstate "
                + "--name " + name + "): what it recorded and the state lacks then shows at plan as existing outside "
                + "the state, for batchform import. To keep what it recorded, put back the state it continues with "
                + "batchform state push --force FILE and this state URL (" + url + ".backup holds the state before "
                + "the last write: batchform state pull --state-url with its URL prints it): the journal is then "
                + "replayed onto it";
    }

    /**
     * A killed apply's journal, then a whole write of another history or an older copy (what {@code state push --force}
     * does: it reads, journal applied or refused, then writes whole): the journal stays, refused at every read with
     * both ways out, until the state it continues is written back, onto which it is replayed; the next whole write that
     * continues it then clears it, as before.
     */
    @Test
    void aJournalIsKeptByAWholeWriteThatDoesNotContinueItAndReplayedOnceItsStateIsPutBack() {
        String url = newBlob();
        BlobStateStore killed = store(url);
        locked(killed);
        killed.write(account());
        State base = killed.read().orElseThrow();
        State recorded = recordPool(killed, base, 0);
        killed.abandon();
        assertThat(store(url).forceUnlock()).isPresent();
        var journal = blobOf(url, ".journal");
        byte[] records = journal.downloadContent().toBytes();

        BlobStateStore pushing = store(url);
        try (StateStore.StateLock lock = locked(pushing)) {
            assertThat(pushing.read()).as("applied while it continues the state").contains(recorded);
            pushing.write(new State(base.version(), base.serial() - 1, base.lineage(), null, base.resources(),
                    java.util.List.of()));
            assertThat(journal.downloadContent().toBytes()).as("an older copy keeps it").isEqualTo(records);
            pushing.write(new State(base.version(), 9, "lineage-other", null, base.resources(), java.util.List.of()));
            assertThat(journal.downloadContent().toBytes()).as("another history keeps it").isEqualTo(records);
        }
        assertThatThrownBy(() -> store(url).read()).isInstanceOf(io.batchform.state.JsonInput.Unreadable.class)
                .hasMessage(url + ".journal: refused: it continues a state of lineage " + base.lineage() + " (serial "
                        + base.serial() + "), and " + url + " has lineage lineage-other (serial 9): the state was "
                        + "replaced since" + remedy(url));

        BlobStateStore back = store(url);
        try (StateStore.StateLock lock = locked(back)) {
            assertThatThrownBy(back::read).isInstanceOf(io.batchform.state.JsonInput.Unreadable.class);
            back.write(base); // state push --force of the state it continues, after the refusal
            assertThat(journal.downloadContent().toBytes()).as("refused, so not this run's to clear")
                    .isEqualTo(records);
        }
        assertThat(store(url).read()).as("replayed onto the state it continues").contains(recorded);

        BlobStateStore next = store(url);
        try (StateStore.StateLock lock = locked(next)) {
            State read = next.read().orElseThrow();
            next.settle(read); // an apply with nothing to do: the state whole once, the journal folded into it
            assertThat(journal.exists()).as("applied and continued: cleared, as before").isFalse();
            assertThat(inBlob(url)).isEqualTo(recorded);
        }
    }

    @Test
    void aJournalThatRecordsChangesBesideNoStateIsRefusedAndKept() {
        String url = newBlob();
        BlobStateStore killed = store(url);
        locked(killed);
        killed.write(account());
        State base = killed.read().orElseThrow();
        recordPool(killed, base, 0);
        killed.abandon();
        assertThat(store(url).forceUnlock()).isPresent();
        blobOf(url, "").delete(); // removed by hand
        String refused = url + ".journal: refused: it continues a state of lineage " + base.lineage() + " (serial "
                + base.serial() + ") and records changes to it, and there is no " + url + ": the state was removed "
                + "since" + remedy(url);
        assertThatThrownBy(() -> store(url).read()).hasMessage(refused);
        BlobStateStore fresh = store(url);
        try (StateStore.StateLock lock = locked(fresh)) { // the lock makes the state blob again, empty
            assertThatThrownBy(fresh::read).hasMessage(refused);
            fresh.write(State.empty().with(pool(7, "lineage-new")));
        }
        assertThat(blobOf(url, ".journal").exists()).as("not this run's to clear").isTrue();
        assertThatThrownBy(() -> store(url).read()).hasMessageContaining("refused: it continues a state of lineage "
                + base.lineage());
    }

    @Test
    void onlyTheRunHoldingTheLockAppendsAndOneThatLostItStops() {
        String url = newBlob();
        BlobStateStore mine = store(url);
        StateStore.StateLock lock = locked(mine);
        mine.write(account());
        State state = recordPool(mine, mine.read().orElseThrow(), 0);
        var journal = blobOf(url, ".journal").getAppendBlobClient();
        byte[] stray = "{}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> journal.appendBlock(new java.io.ByteArrayInputStream(stray), stray.length))
                .as("the journal is leased with the state").isInstanceOf(com.azure.storage.blob.models.BlobStorageException.class)
                .satisfies(e -> assertThat(((com.azure.storage.blob.models.BlobStorageException) e).getStatusCode())
                        .isEqualTo(412));
        BlobStateStore other = store(url);
        assertThat(other.lock("apply", Duration.ofMillis(1500))).isInstanceOf(StateStore.LockResult.HeldBy.class);
        assertThat(other.forceUnlock()).as("another shell ran force-unlock").isPresent();
        State next = state;
        assertThatThrownBy(() -> recordPool(mine, next, 1)).isInstanceOf(LockLostException.class)
                .hasMessageContaining("no longer this run's");
        lock.close();
        assertThat(store(url).read()).as("what was recorded stays recorded").contains(state);
    }

    @Test
    void aJournalAtItsBlockLimitIsRolledIntoAWholeWrite() {
        String url = newBlob();
        BlobStateStore store = store(url);
        store.maxBlocks = 3;
        try (StateStore.StateLock lock = locked(store)) {
            store.write(account());
            State state = store.read().orElseThrow();
            int wholeWrites = 0;
            long blobSerial = inBlob(url).serial();
            for (int i = 0; i < 10; i++) {
                state = recordPool(store, state, i);
                var journal = blobOf(url, ".journal");
                if (journal.exists()) {
                    assertThat(journal.getProperties().getCommittedBlockCount()).isLessThanOrEqualTo(3);
                }
                if (inBlob(url).serial() != blobSerial) {
                    wholeWrites++;
                    blobSerial = inBlob(url).serial();
                }
                assertThat(store(url).read()).contains(state);
            }
            assertThat(wholeWrites).as("20 records, 3 to a journal, then the state whole").isBetween(4, 6);
            store.settle(state);
            assertThat(inBlob(url)).isEqualTo(state);
        }
    }

    /**
     * The bytes and requests an apply of {@code n} pools sends to Storage, after it read the state (one account) and
     * took the lock: {@code [records' bytes, records' requests, bytes with the final whole write]}.
     */
    private static long[] applyOf(int n) {
        String url = newBlob();
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
        BlobStateStore store = counting(url, requests, bytes);
        try (StateStore.StateLock lock = locked(store)) {
            store.write(account());
            State state = store.read().orElseThrow();
            state = recordPool(store, state, 0); // opens the journal
            bytes.set(0);
            requests.set(0);
            for (int i = 1; i <= n; i++) {
                state = recordPool(store, state, i);
            }
            long[] counted = {bytes.get(), requests.get(), 0};
            store.settle(state);
            counted[2] = bytes.get();
            assertThat(store(url).read()).contains(state);
            return counted;
        }
    }

    /** The store at {@code url}, counting the requests it sends to Storage and the bytes they carry. */
    private static BlobStateStore counting(String url, java.util.concurrent.atomic.AtomicLong requests,
            java.util.concurrent.atomic.AtomicLong bytes) {
        com.azure.core.http.policy.HttpPipelinePolicy counting = (context, next) -> {
            var request = context.getHttpRequest();
            String length = request.getHeaders().getValue(com.azure.core.http.HttpHeaderName.CONTENT_LENGTH);
            bytes.addAndGet(length == null ? 0 : Long.parseLong(length));
            requests.incrementAndGet();
            return next.process();
        };
        java.util.function.Function<String, com.azure.storage.blob.BlobClient> client = suffix ->
                new com.azure.storage.blob.BlobClientBuilder()
                        .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
                        .endpoint(url + suffix).credential(com.azure.storage.common.StorageSharedKeyCredential
                                .fromConnectionString(azurite.connectionString()))
                        .addPolicy(counting).buildClient();
        return new BlobStateStore(client.apply(""), client.apply(".backup"), client.apply(".journal"), url,
                Clock.systemUTC(), BlobStateStore.LEASE);
    }

    /**
     * A first apply, from no state, as the command runs it after taking the lock: the read, the first record (written
     * whole: nothing to continue yet), three pools journalled, the whole state at the end. Reading no state looks for
     * a journal too (one that records changes beside no state is refused), and so the first whole write, which knows
     * there is none, no longer deletes one blindly: the requests are as many as before that check.
     */
    @Test
    void aFirstApplyFromNoStateSendsAsManyRequestsAsBefore() {
        String url = newBlob();
        java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
        BlobStateStore store = counting(url, requests, new java.util.concurrent.atomic.AtomicLong());
        try (StateStore.StateLock lock = locked(store)) {
            requests.set(0);
            assertThat(store.read()).isEmpty();
            State state = account();
            store.write(state, ACCOUNT);
            for (int i = 0; i < 3; i++) {
                state = recordPool(store, state, i);
            }
            store.settle(state);
            // The read: the state, the journal (2); the first record whole: the state downloaded for its backup
            // (empty: none) and uploaded (2); the journal created and leased, two appends per pool (8); the end: the
            // backup, the state, the journal deleted (3).
            assertThat(requests.get()).as("15, as before the read of no state looked for a journal").isEqualTo(15);
        }
    }

    @Test
    void recordingAResourceSendsTheSameBytesWhateverTheStateHolds() {
        long[] small = applyOf(10);
        long[] large = applyOf(200);
        double perPoolSmall = small[0] / 10.0;
        double perPoolLarge = large[0] / 200.0;
        assertThat(small[1]).as("two appends per pool, nothing else").isEqualTo(20);
        assertThat(large[1]).isEqualTo(400);
        assertThat(perPoolLarge).as("bytes per pool at 200 pools against 10 (%s and %s)", perPoolLarge, perPoolSmall)
                .isLessThan(perPoolSmall * 1.2);
        assertThat(perPoolSmall).as("two journal entries of about a pool each").isLessThan(2_000);
        assertThat(large[2] / 200.0).as("with the final whole write (the state and its backup)")
                .isLessThan(small[2] / 10.0 * 1.5);
    }
}
