package io.batchform.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.engine.Outcomes.PlanOutcome;
import io.batchform.engine.Requests.PlanRequest;
import io.batchform.provider.Attributes;
import io.batchform.source.DeclaredAt;
import io.batchform.source.Diagnostic;
import io.batchform.source.SourceSpan;
import io.batchform.state.FileStateStore;
import io.batchform.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan's diagnostics about resources the spec declares point where the spec writes them. */
class SpecPositionsTest {
    private static final String SPEC = """
            resourceGroup: rg-engine
            location: westeurope
            storageAccounts:
              data:
                name: enginedata
                protect: true
            virtualNetworks:
              main:
                addressSpace: [10.20.0.0/16]
                subnets:
                  workers:
                    addressPrefix: 10.20.1.0/24
            batchAccounts:
              main:
                name: enginebatch
                autoStorage:
                  storageAccount: data
            pools:
              render:
                account: main
                vmSize: Standard_D2s_v3
                image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                fixedScale:
                  targetDedicatedNodes: 2
            moved:
              - {from: pool.old, to: pool.render}
            """;
    private static final Address STORAGE = Address.of(ResourceType.STORAGE_ACCOUNT, "data");
    private static final Address RENDER = Address.of(ResourceType.POOL, "render");
    private static final Address SUBNET = Address.of(ResourceType.SUBNET, "main", "workers");

    @TempDir
    Path dir;
    private MemoryCloud cloud;
    private StateStore store;
    private Path file;

    @BeforeEach
    void setUp() {
        cloud = new MemoryCloud();
        store = new FileStateStore(dir.resolve("state"), Clock.systemUTC());
        file = dir.resolve("batchform.yaml");
    }

    private LoadedSpec spec(String text) throws IOException {
        Files.writeString(file, text);
        LoadedSpec.Load load = LoadedSpec.load(new SpecInput(List.of(file), Map.of(), Map.of()));
        assertThat(load.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        return load.spec();
    }

    private String where(Diagnostic d) {
        return ((DeclaredAt) d.location()).span().where();
    }

    @Test
    void aProtectedResourcePointsAtItsProtectKeyAndWithoutTheSpecAtNothing() throws IOException {
        LoadedSpec spec = spec(SPEC);
        assertThat(Operations.apply(Operations.plan(new PlanRequest(spec, store, cloud, List.of())),
                new Requests.ApplyRequest(cloud, store, 2, io.batchform.apply.Applier.Listener.NONE, Clock.systemUTC()))
                .succeeded()).isTrue();
        PlanOutcome destroy = Operations.destroy(new PlanRequest(spec, store, cloud, List.of()));
        Diagnostic found = destroy.plan().diagnostics().stream().filter(d -> "Protected".equals(d.code()))
                .findFirst().orElseThrow();
        assertThat(found.address()).isEqualTo(STORAGE);
        assertThat(where(found)).isEqualTo(file + ":6:5");

        PlanOutcome withoutSpec = Operations.destroy(new PlanRequest(null, store, cloud, List.of()));
        assertThat(withoutSpec.plan().diagnostics()).extracting(Diagnostic::location).containsExactly(STORAGE);
    }

    @Test
    void aResourceThatAlreadyExistsPointsAtItsKey() throws IOException {
        LoadedSpec spec = spec(SPEC.replace("    protect: true\n", ""));
        cloud.live.put(RENDER, Attributes.of(Map.of("name", "render")));
        PlanOutcome planned = Operations.plan(new PlanRequest(spec, store, cloud, List.of()));
        Diagnostic exists = planned.plan().diagnostics().stream().filter(d -> "AlreadyExists".equals(d.code()))
                .findFirst().orElseThrow();
        assertThat(where(exists)).isEqualTo(file + ":18:3");
        assertThat(exists.address()).isEqualTo(RENDER);
    }

    @Test
    void eachCodePointsAtWhatItIsAboutOrTheKeyAndAnUndeclaredResourceStaysAsItIs() throws IOException {
        LoadedSpec spec = spec(SPEC);
        assertThat(where(SpecPositions.place(Diagnostic.error(SUBNET, "SubnetOverlap", "m"), spec)))
                .as("the addressPrefix value").isEqualTo(file + ":12:24");
        assertThat(where(SpecPositions.place(Diagnostic.warning(RENDER, "Gone", "m"), spec))).isEqualTo(file + ":19:3");
        assertThat(where(SpecPositions.place(Diagnostic.error(Address.of(ResourceType.POOL, "old"), "MoveConflict",
                "m"), spec))).as("the moved: entry").isEqualTo(file + ":27:12");
        Diagnostic undeclared = Diagnostic.error(Address.of(ResourceType.POOL, "gone"), "Protected", "m");
        assertThat(SpecPositions.place(undeclared, spec)).isSameAs(undeclared);
        Diagnostic aboutNothing = Diagnostic.error(null, "Quota", "m");
        assertThat(SpecPositions.place(aboutNothing, spec)).isSameAs(aboutNothing);
        Diagnostic spanned = Diagnostic.error(SourceSpan.at(file.toString(), 1, 1), "spec's own");
        assertThat(SpecPositions.place(spanned, spec)).isSameAs(spanned);
        assertThat(SpecPositions.place(undeclared, null)).isSameAs(undeclared);
    }

    @Test
    void aStandbyRegionsCopyPointsAtThePrimarysDeclarationAndSoDoTheFailoverChecks() throws IOException {
        LoadedSpec spec = spec(SPEC.substring(0, SPEC.indexOf("moved:")) + """
                failover:
                  primary: westeurope
                  secondary: northeurope
                  mode: warm
                  warmNodes: 1
                  regions:
                    northeurope:
                      resourceGroup: rg-engine-ne
                      names:
                        storageAccounts.data: enginedatane
                        batchAccounts.main: enginebatchne
                """);
        Address standbyStorage = Address.of(ResourceType.STORAGE_ACCOUNT, "data-northeurope");
        Address standbyPool = Address.of(ResourceType.POOL, "render-northeurope");
        assertThat(SpecPositions.written(spec, standbyPool)).isEqualTo(RENDER);
        Diagnostic protectedThere = SpecPositions.place(Diagnostic.error(standbyStorage, "Protected", "m"), spec);
        assertThat(where(protectedThere)).as("the primary's protect:").isEqualTo(file + ":6:5");
        assertThat(protectedThere.address()).isEqualTo(standbyStorage);

        Outcomes.ReadinessOutcome readiness = Operations.readiness(spec, store, cloud);
        Diagnostic notThere = readiness.report().findings().stream().map(Readiness.Finding::diagnostic)
                .filter(d -> "NotInShape".equals(d.code()) && standbyPool.equals(d.address())).findFirst().orElseThrow();
        assertThat(where(notThere)).isEqualTo(file + ":19:3");

        cloud.live.put(standbyPool, Attributes.of(Map.of("name", "render")));
        Outcomes.SwitchoverOutcome switchover = Operations.switchover(new Requests.SwitchoverRequest(spec, store, cloud,
                "northeurope"));
        Diagnostic exists = switchover.switchover().plan().diagnostics().stream()
                .filter(d -> "AlreadyExists".equals(d.code())).findFirst().orElseThrow();
        assertThat(exists.address()).isEqualTo(standbyPool);
        assertThat(where(exists)).as("failover plan's too").isEqualTo(file + ":19:3");
    }
}
