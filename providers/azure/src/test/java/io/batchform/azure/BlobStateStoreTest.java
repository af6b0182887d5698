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

/** The remote state store against Azurite, through the real Storage SDK: content, backup, lease lock, expiry. */
class BlobStateStoreTest {
    private static Azurite azurite;
    private static BlobContainerClient container;
    private static int next;

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
        return azurite.endpoint() + "/tfstate/team/prod-" + (++next) + ".json";
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
        String backup = container.getBlobClient("team/prod-" + next + ".json.backup").downloadContent().toString();
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
}
