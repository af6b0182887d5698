package io.batchform.cli.bench;

import io.batchform.address.ResourceType;
import io.batchform.apply.Applier;
import io.batchform.azure.AzureConnection;
import io.batchform.azure.AzureProvider;
import io.batchform.emulator.ArmEmulator;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.render.HumanPlanRenderer;
import io.batchform.render.JsonPlanRenderer;
import io.batchform.render.Style;
import io.batchform.spec.bench.SpecLoadBenchmark;
import io.batchform.spec.convert.DesiredState;
import io.batchform.spec.convert.SpecToDesired;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import io.batchform.state.FileStateStore;
import io.batchform.state.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4's budget: a plan of a spec with 1,000 pools in 20 accounts against the emulator, where the CPU time of
 * validation + diff + render must stay under 1 second. The trial creates everything in the emulator through the SDK
 * and then changes a tenth of the pools in the spec, so the diff has real work. Three measurements:
 * {@code validate} (load, validate with every formula compiled, convert), {@code diffAndRender} (the planner's diff
 * over refreshed state and both renderers; the refresh is answered from a snapshot so no network time is counted), and
 * {@code wholePlan} (all of it with the refresh through the SDK over HTTPS, for context). All single-threaded but
 * the refresh, so their time is their CPU time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Djdk.httpclient.allowRestrictedHeaders=content-length")
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
public class PlanBenchmark {
    private ArmEmulator emulator;
    private AzureProvider provider;
    private Path spec;
    private Path stateDir;
    private State prior;
    private List<DesiredResource> desired;
    private Provider snapshot;

    @Setup(Level.Trial)
    public void populate() throws IOException {
        emulator = ArmEmulator.builder().inMemory().accountsPerRegion(50).resizeDuration(Duration.ZERO).build().start();
        provider = new AzureProvider(AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                AzureConnection.EMULATOR_SUBSCRIPTION, Duration.ofMillis(5),
                new AzureConnection.RetrySettings(3, Duration.ofMillis(5))), "benchmark");
        spec = Files.createTempFile("batchform-plan-bench", ".yaml");
        Files.writeString(spec, SpecLoadBenchmark.spec());
        stateDir = Files.createTempDirectory("batchform-plan-bench");
        DesiredState created = load();
        Applier.ApplyOutcome outcome = new Applier(provider, new FileStateStore(stateDir, Clock.systemUTC()),
                Clock.systemUTC()).apply(Planner.plan(created.resources(), State.empty(), provider), State.empty(), 16, Applier.Listener.NONE);
        if (!outcome.succeeded()) {
            throw new IllegalStateException("populating the emulator failed: " + outcome.diagnostics());
        }
        prior = outcome.state();
        // A tenth of the fixed-size pools get a new target: 100 updates among 1,000 pools.
        Files.writeString(spec, SpecLoadBenchmark.spec().replaceAll("(pool\\d*0:\\n(?:    .*\\n)*?    fixedScale: \\{targetDedicatedNodes: )2",
                "$13"));
        desired = load().resources();
        Plan check = Planner.plan(desired, prior, provider);
        if (check.count(io.batchform.plan.Action.UPDATE) < 50 || check.hasErrors()) {
            throw new IllegalStateException("the benchmark plan is not what it should be: " + check.summary()
                    + check.diagnostics());
        }
        Provider.RefreshResponse refreshed = provider.refresh(new Provider.RefreshRequest(prior.resources().stream()
                .map(r -> new Provider.ResourceRef(r.address(), r.id())).toList()));
        snapshot = new Snapshot(provider.schema(), refreshed);
    }

    private DesiredState load() {
        LoadResult loaded = SpecLoader.load(List.of(spec), Map.of(), Map.of());
        if (loaded.hasErrors()) {
            throw new IllegalStateException("the benchmark spec is invalid: " + loaded.errors());
        }
        return SpecToDesired.convert(loaded.spec(), loaded.sources(), Map.of());
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        emulator.close();
        Files.deleteIfExists(spec);
    }

    @Benchmark
    public DesiredState validate() {
        return load();
    }

    @Benchmark
    public int diffAndRender() {
        Plan plan = Planner.plan(desired, prior, snapshot);
        return new HumanPlanRenderer(Style.PLAIN, a -> snapshot.schema().get(a.type())).render(plan).length()
                + new JsonPlanRenderer(a -> snapshot.schema().get(a.type())).render(plan).length();
    }

    @Benchmark
    public int wholePlan() {
        Plan plan = Planner.plan(load().resources(), prior, provider);
        return new HumanPlanRenderer(Style.PLAIN, a -> provider.schema().get(a.type())).render(plan).length();
    }

    /** Answers refreshes from one taken earlier, so that diffing is measured without the network. */
    private record Snapshot(Map<ResourceType, ResourceSchema> schemas, Provider.RefreshResponse refreshed)
            implements Provider {
        @Override
        public Map<ResourceType, ResourceSchema> schema() {
            return schemas;
        }

        @Override
        public String target() {
            return "snapshot";
        }

        @Override
        public RefreshResponse refresh(RefreshRequest request) {
            return refreshed;
        }

        @Override
        public ChangeResponse create(CreateRequest request) {
            throw new UnsupportedOperationException("a snapshot only answers refreshes");
        }

        @Override
        public ChangeResponse update(UpdateRequest request) {
            throw new UnsupportedOperationException("a snapshot only answers refreshes");
        }

        @Override
        public DeleteResponse delete(DeleteRequest request) {
            throw new UnsupportedOperationException("a snapshot only answers refreshes");
        }

        @Override
        public ChangeResponse importResource(ImportRequest request) {
            throw new UnsupportedOperationException("a snapshot only answers refreshes");
        }
    }
}
