package io.batchform.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.batchform.address.Address;
import io.batchform.provider.Attributes;
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
}
