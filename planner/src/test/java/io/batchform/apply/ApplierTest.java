package io.batchform.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.graph.Walker;
import io.batchform.plan.Action;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.InMemoryProviderAccess;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.source.Diagnostic;
import io.batchform.state.FileStateStore;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplierTest {
    @TempDir
    Path dir;

    private static final Address ACCOUNT = Address.of(ResourceType.BATCH_ACCOUNT, "main");
    private static final Address RENDER = Address.of(ResourceType.POOL, "render");
    private static final Address ETL = Address.of(ResourceType.POOL, "etl");

    /** Wraps a provider: records the order of calls and fails the creation of one address. */
    private static class Recording implements Provider {
        final Provider inner;
        final Address failCreate;
        final List<String> calls = new CopyOnWriteArrayList<>();
        /** Where the process dies: right after the cloud made this resource, before the apply hears of it. */
        volatile Address dieAfterCreate;

        Recording(Provider inner, Address failCreate) {
            this.inner = inner;
            this.failCreate = failCreate;
        }

        @Override
        public Map<ResourceType, ResourceSchema> schema() {
            return inner.schema();
        }

        @Override
        public String target() {
            return inner.target();
        }

        @Override
        public RefreshResponse refresh(RefreshRequest request) {
            return inner.refresh(request);
        }

        @Override
        public ChangeResponse create(CreateRequest request) {
            calls.add("create " + request.address());
            if (request.address().equals(failCreate)) {
                return ChangeResponse.failed(Diagnostic.error(request.address(), "AccountCoreQuotaReached",
                        "injected"));
            }
            if (request.address().equals(dieAfterCreate)) {
                inner.create(request);
                throw new IllegalStateException("the process died");
            }
            return inner.create(request);
        }

        @Override
        public ChangeResponse update(UpdateRequest request) {
            calls.add("update " + request.address());
            return inner.update(request);
        }

        @Override
        public DeleteResponse delete(DeleteRequest request) {
            calls.add("delete " + request.address());
            return inner.delete(request);
        }

        @Override
        public ChangeResponse importResource(ImportRequest request) {
            return inner.importResource(request);
        }
    }

    private static List<DesiredResource> spec(String etlVmSize) {
        DesiredResource account = new DesiredResource(ACCOUNT, "/a", Attributes.of(Map.of("name", "main",
                "location", "westeurope")), Set.of(), false, Set.of());
        DesiredResource render = new DesiredResource(RENDER, "/a/pools/render", Attributes.of(Map.of("name", "render",
                "account", "/a", "vmSize", "Standard_D2s_v3", "userAccounts", Map.of("password", "hunter2"))),
                Set.of(ACCOUNT), false, Set.of());
        DesiredResource etl = new DesiredResource(ETL, "/a/pools/etl", Attributes.of(Map.of("name", "etl",
                "account", "/a", "vmSize", etlVmSize)), Set.of(ACCOUNT), false, Set.of());
        return List.of(account, render, etl);
    }

    @Test
    void aFormerSha256HashStillComparesAndTheNextApplyRecordsScrypt() throws Exception {
        InMemoryProviderAccess access = new InMemoryProviderAccess();
        Provider provider = access.provider();
        FileStateStore store = new FileStateStore(dir, Clock.systemUTC());
        List<DesiredResource> spec = spec("Standard_D2s_v3");
        Applier applier = new Applier(provider, store, Clock.systemUTC());
        State applied = applier.apply(Planner.plan(spec, State.empty(), provider), State.empty(), 10,
                Applier.Listener.NONE).state();
        // A state written before scrypt: the password kept as sha256(lineage || 0 || value).
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update(applied.lineage().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update("hunter2".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String legacy = "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
        ResourceState render = applied.get(RENDER).orElseThrow();
        State old = applied.with(new ResourceState(RENDER, render.id(),
                render.attributes().with("userAccounts.password", legacy), render.dependencies()));

        Plan plan = Planner.plan(spec, old, provider);
        assertThat(plan.canApply()).as("the former hash still matches the spec's password").isFalse();
        State migrated = applier.apply(plan, old, 10, Applier.Listener.NONE).state();
        assertThat(migrated.get(RENDER).orElseThrow().attributes().string("userAccounts.password"))
                .as("the next apply records the scrypt hash").startsWith("scrypt:");
    }

    @Test
    void createsInDependencyOrderAndWritesStateAfterEachResource() throws Exception {
        Recording provider = new Recording(new InMemoryProviderAccess().provider(), null);
        FileStateStore store = new FileStateStore(dir, Clock.systemUTC());
        List<DesiredResource> spec = spec("Standard_D2s_v3");
        Plan plan = Planner.plan(spec, State.empty(), provider);
        List<String> progress = new CopyOnWriteArrayList<>();
        Applier.ApplyOutcome outcome = new Applier(provider, store, Clock.systemUTC()).apply(plan, State.empty(), 10, new Applier.Listener() {
                    @Override
                    public void started(Address address, Action action) {
                        progress.add(address + ": " + action);
                    }

                    @Override
                    public void finished(Applier.ResourceResult result) {
                        progress.add(result.address() + ": " + result.outcome());
                    }
                });
        assertThat(outcome.succeeded()).isTrue();
        assertThat(provider.calls.get(0)).isEqualTo("create batchAccount.main");
        assertThat(outcome.state().serial()).as("an intent, then the resource, for each of the three").isEqualTo(6);
        assertThat(outcome.state().intents()).isEmpty();
        assertThat(store.read().orElseThrow()).isEqualTo(outcome.state());
        assertThat(dir.resolve("state.journal")).as("each resource was a journal line, and the end wrote it whole")
                .doesNotExist();
        assertThat(io.batchform.state.StateJson.state(Files.readAllBytes(dir.resolve("state.json")), "state.json"))
                .isEqualTo(outcome.state());
        assertThat(Files.readString(dir.resolve("state.json"))).doesNotContain("hunter2");
        assertThat(outcome.state().get(RENDER).orElseThrow().attributes().string("userAccounts.password")).startsWith("scrypt:");
        assertThat(progress).contains("pool.etl: CREATE", "pool.etl: SUCCEEDED");
        assertThat(Planner.plan(spec, outcome.state(), provider).canApply()).as("a second plan has no changes").isFalse();
    }

    @Test
    void aFailureSkipsItsDependentsCompletesTheRestAndARerunConverges() {
        Provider memory = new InMemoryProviderAccess().provider();
        FileStateStore store = new FileStateStore(dir, Clock.systemUTC());
        List<DesiredResource> spec = spec("Standard_D2s_v3");
        Recording failing = new Recording(memory, ETL);
        Applier.ApplyOutcome first = new Applier(failing, store, Clock.systemUTC()).apply(
                Planner.plan(spec, State.empty(), failing), State.empty(), 2, Applier.Listener.NONE);
        assertThat(first.succeeded()).isFalse();
        assertThat(first.diagnostics()).extracting(Diagnostic::code).containsExactly("AccountCoreQuotaReached");
        assertThat(first.results()).filteredOn(r -> r.outcome() == Walker.Outcome.SUCCEEDED)
                .extracting(r -> r.address().toString()).containsExactly("batchAccount.main", "pool.render");
        State onDisk = store.read().orElseThrow();
        assertThat(onDisk.resources()).extracting(r -> r.address().toString()).containsExactly("batchAccount.main", "pool.render");

        Recording healthy = new Recording(memory, null);
        Plan rerun = Planner.plan(spec, onDisk, healthy);
        assertThat(rerun.changes()).filteredOn(c -> c.action() != Action.NO_OP).extracting(c -> c.address().toString())
                .containsExactly("pool.etl");
        Applier.ApplyOutcome second = new Applier(healthy, store, Clock.systemUTC()).apply(rerun, onDisk, 2, Applier.Listener.NONE);
        assertThat(second.succeeded()).isTrue();
        assertThat(Planner.plan(spec, second.state(), healthy).canApply()).isFalse();
    }

    @Test
    void deletesDependentsBeforeWhatTheyDependOn() {
        Provider memory = new InMemoryProviderAccess().provider();
        FileStateStore store = new FileStateStore(dir, Clock.systemUTC());
        List<DesiredResource> spec = spec("Standard_D2s_v3");
        Applier.ApplyOutcome created = new Applier(memory, store, Clock.systemUTC()).apply(
                Planner.plan(spec, State.empty(), memory), State.empty(), 4, Applier.Listener.NONE);
        Recording recording = new Recording(memory, null);
        Plan destroy = Planner.plan(List.of(), created.state(), recording);
        assertThat(destroy.summary()).isEqualTo("Plan: 0 to add, 0 to change, 3 to destroy.");
        Applier.ApplyOutcome outcome = new Applier(recording, store, Clock.systemUTC()).apply(destroy, created.state(), 4, Applier.Listener.NONE);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(recording.calls.get(recording.calls.size() - 1)).isEqualTo("delete batchAccount.main");
        assertThat(outcome.state().resources()).isEmpty();
    }

    /**
     * A pool moved to another account depends on the new one in the plan; the old account, deleted by the same
     * apply, must still wait until the pool's replacement has taken the pool out of it (the state's dependencies).
     * Before, the old account (or subnet, in the emulator) went at once, with the old pool still in it.
     */
    @Test
    void aResourceDeletedWaitsForWhatDependedOnItInTheStateEvenWhenTheSpecMovedItElsewhere() {
        Provider memory = new InMemoryProviderAccess().provider();
        FileStateStore store = new FileStateStore(dir, Clock.systemUTC());
        Applier.ApplyOutcome created = new Applier(memory, store, Clock.systemUTC()).apply(
                Planner.plan(spec("Standard_D2s_v3"), State.empty(), memory), State.empty(), 4, Applier.Listener.NONE);
        Address other = Address.of(ResourceType.BATCH_ACCOUNT, "other");
        DesiredResource account = new DesiredResource(other, "/b", Attributes.of(Map.of("name", "other",
                "location", "westeurope")), Set.of(), false, Set.of());
        DesiredResource render = new DesiredResource(RENDER, "/b/pools/render", Attributes.of(Map.of("name",
                "render", "account", "/b", "vmSize", "Standard_D2s_v3")), Set.of(other), false, Set.of());
        Recording recording = new Recording(memory, null);
        Plan moved = Planner.plan(List.of(account, render), created.state(), recording);
        assertThat(moved.summary()).isEqualTo("Plan: 2 to add, 0 to change, 3 to destroy.");
        Applier.ApplyOutcome outcome = new Applier(recording, store, Clock.systemUTC()).apply(moved, created.state(),
                4, Applier.Listener.NONE);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(recording.calls).contains("delete pool.render", "delete pool.etl");
        assertThat(recording.calls.indexOf("delete batchAccount.main"))
                .as("the old account goes after both its pools: %s", recording.calls)
                .isGreaterThan(recording.calls.indexOf("delete pool.render"))
                .isGreaterThan(recording.calls.indexOf("delete pool.etl"));
    }

    @Test
    void aResourceMadeByAKilledApplyIsAdoptedNotDuplicatedAndOneDeletedOutsideIsForgotten() {
        Provider memory = new InMemoryProviderAccess().provider();
        FileStateStore store = new FileStateStore(dir, Clock.systemUTC());
        List<DesiredResource> spec = spec("Standard_D2s_v3");
        Applier.ApplyOutcome created = new Applier(memory, store, Clock.systemUTC()).apply(
                Planner.plan(spec, State.empty(), memory), State.empty(), 4, Applier.Listener.NONE);
        // As if the process died after the pool was made but before the state recorded it: the intent is there.
        State lost = created.state().without(ETL).withIntent(ETL, "/a/pools/etl");
        Recording recording = new Recording(memory, null);
        Plan rerun = Planner.plan(spec, lost, recording);
        assertThat(rerun.canApply()).as("the existing pool is compared, not created again").isFalse();
        Applier.ApplyOutcome adopted = new Applier(recording, store, Clock.systemUTC()).apply(rerun, lost, 4, Applier.Listener.NONE);
        assertThat(recording.calls).noneMatch(call -> call.startsWith("create"));
        assertThat(adopted.state().get(ETL)).isPresent();
        assertThat(store.read().orElseThrow().get(ETL)).isPresent();
        assertThat(adopted.state().get(RENDER).orElseThrow().attributes().string("userAccounts.password"))
                .as("write-only secrets stay recorded, hashed").startsWith("scrypt:");

        memory.delete(new Provider.DeleteRequest(ETL, "/a/pools/etl", Attributes.EMPTY));
        List<DesiredResource> withoutEtl = spec.subList(0, 2);
        Plan forget = Planner.plan(withoutEtl, adopted.state(), memory);
        assertThat(forget.canApply()).isFalse();
        Applier.ApplyOutcome forgotten = new Applier(memory, store, Clock.systemUTC()).apply(forget, adopted.state(), 4, Applier.Listener.NONE);
        assertThat(forgotten.state().get(ETL)).isEmpty();
        assertThat(forgotten.state().serial()).as("one write for the whole refresh").isEqualTo(adopted.state().serial() + 1);
    }

    @Test
    void aBugInTheProviderIsThrownNotCountedAsACloudFailureAndWhatWasDoneStaysRecorded() {
        Provider memory = new InMemoryProviderAccess().provider();
        FileStateStore store = new FileStateStore(dir, Clock.systemUTC());
        Recording buggy = new Recording(memory, null) {
            @Override
            public ChangeResponse create(CreateRequest request) {
                if (request.address().equals(ETL)) {
                    throw new IllegalStateException("a bug in the pool mapping");
                }
                return super.create(request);
            }
        };
        List<DesiredResource> spec = spec("Standard_D2s_v3");
        Plan plan = Planner.plan(spec, State.empty(), buggy);
        Applier applier = new Applier(buggy, store, Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> applier.apply(plan, State.empty(), 1,
                Applier.Listener.NONE)).isInstanceOf(IllegalStateException.class).hasMessage("a bug in the pool mapping");
        assertThat(store.read().orElseThrow().resources()).extracting(r -> r.address().toString())
                .as("the resources created before the bug are in the state").contains("batchAccount.main")
                .doesNotContain("pool.etl");
    }

    /** A file store whose lock another run takes after {@code writes} writes, as force-unlock would. */
    private static final class LosesItsLock implements io.batchform.state.StateStore {
        private final FileStateStore file;
        private final java.util.concurrent.atomic.AtomicInteger left;
        private volatile String lost;

        LosesItsLock(Path dir, int writes) {
            this.file = new FileStateStore(dir, Clock.systemUTC());
            this.left = new java.util.concurrent.atomic.AtomicInteger(writes);
        }

        @Override
        public java.util.Optional<State> read() {
            return file.read();
        }

        @Override
        public void write(State state) {
            if (left.getAndDecrement() <= 0) {
                lost = "broken by another run";
                throw new io.batchform.state.LockLostException(lost);
            }
            file.write(state);
        }

        @Override
        public LockResult lock(String operation, java.time.Duration timeout) {
            return file.lock(operation, timeout);
        }

        @Override
        public java.util.Optional<io.batchform.state.LockInfo> forceUnlock() {
            return file.forceUnlock();
        }

        @Override
        public java.util.Optional<io.batchform.state.LockInfo> holder() {
            return file.holder();
        }

        @Override
        public java.util.Optional<String> lockLost() {
            return java.util.Optional.ofNullable(lost);
        }
    }

    @Test
    void losingTheLockStopsTheApplyAndNamesWhatWasDoneButNotRecorded() {
        Recording provider = new Recording(new InMemoryProviderAccess().provider(), null);
        // Three writes go through: the account's intent, the account, the first pool's intent; the pool is made and
        // the write that would record it finds the lock gone.
        LosesItsLock store = new LosesItsLock(dir, 3);
        List<DesiredResource> spec = spec("Standard_D2s_v3");
        Applier.ApplyOutcome outcome = new Applier(provider, store, Clock.systemUTC()).apply(
                Planner.plan(spec, State.empty(), provider), State.empty(), 1, Applier.Listener.NONE);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.lockLost()).isEqualTo("broken by another run");
        assertThat(outcome.state().resources()).extracting(r -> r.address().toString())
                .as("what the state holds").containsExactly("batchAccount.main");
        assertThat(store.read().orElseThrow()).isEqualTo(outcome.state());
        assertThat(outcome.state().intents()).as("the next run adopts the pool by its intent").hasSize(1);
        assertThat(outcome.unrecorded()).hasSize(1).allMatch(u -> u.matches("pool\\.(render|etl) \\(created, id /a/pools/\\w+\\)"));
        assertThat(outcome.notStarted()).as("nothing starts after the loss").hasSize(1);
        assertThat(provider.calls).hasSize(2);
        assertThat(outcome.diagnostics()).extracting(Diagnostic::code).containsExactly("StateLockLost");
    }

    @Test
    void anApplyKilledRightAfterACreateIsFinishedByTheNextRunWithNothingCreatedTwice() {
        Provider memory = new InMemoryProviderAccess().provider();
        FileStateStore store = new FileStateStore(dir, Clock.systemUTC());
        List<DesiredResource> spec = spec("Standard_D2s_v3");
        Recording dying = new Recording(memory, null);
        dying.dieAfterCreate = ETL;
        Plan first = Planner.plan(spec, State.empty(), dying);
        // An exception from a provider is a bug, rethrown after the walk; the state is written all the same.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Applier(dying, store, Clock.systemUTC()).apply(
                first, State.empty(), 1, Applier.Listener.NONE)).hasMessage("the process died");
        State left = store.read().orElseThrow();
        assertThat(left.get(ETL)).as("the apply never heard the pool was made").isEmpty();
        assertThat(left.intent(ETL)).as("but it recorded that it was about to").contains("/a/pools/etl");

        Recording next = new Recording(memory, null);
        Plan rerun = Planner.plan(spec, left, next);
        assertThat(rerun.diagnostics()).isEmpty();
        Applier.ApplyOutcome finished = new Applier(next, store, Clock.systemUTC()).apply(rerun, left, 4,
                Applier.Listener.NONE);
        assertThat(finished.succeeded()).isTrue();
        assertThat(dying.calls.stream().filter(c -> c.startsWith("create")).toList())
                .containsExactlyInAnyOrder("create batchAccount.main", "create pool.render", "create pool.etl");
        assertThat(next.calls).as("nothing created twice").noneMatch(c -> c.startsWith("create"));
        State after = store.read().orElseThrow();
        assertThat(after.get(ETL)).isPresent();
        assertThat(after.intents()).isEmpty();
        assertThat(Planner.plan(spec, after, memory).canApply()).isFalse();
    }
}
