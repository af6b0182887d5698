package io.batchform.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WalkerTest {
    /** rg ← storage ← account ← pool-a, pool-b; rg ← vnet ← subnet ← pool-a; lone is independent. */
    private static Graph<String> graph() {
        Graph<String> graph = new Graph<>();
        graph.dependsOn("storage", "rg");
        graph.dependsOn("vnet", "rg");
        graph.dependsOn("subnet", "vnet");
        graph.dependsOn("account", "storage");
        graph.dependsOn("pool-a", "account");
        graph.dependsOn("pool-a", "subnet");
        graph.dependsOn("pool-b", "account");
        graph.add("lone");
        return graph;
    }

    @Test
    void runsEveryNodeAfterItsDependencies() {
        List<String> order = new CopyOnWriteArrayList<>();
        Map<String, Walker.Outcome> outcomes = Walker.walk(graph(), 4, node -> order.add(node));
        assertThat(Walker.with(outcomes, Walker.Outcome.SUCCEEDED)).hasSize(8);
        Graph<String> graph = graph();
        for (String node : graph.nodes()) {
            for (String dependency : graph.dependenciesOf(node)) {
                assertThat(order.indexOf(dependency)).as(dependency + " before " + node).isLessThan(order.indexOf(node));
            }
        }
    }

    @Test
    void neverRunsMoreThanTheParallelismAtOnce() {
        Graph<String> wide = new Graph<>();
        for (int i = 0; i < 30; i++) {
            wide.add("n" + (i < 10 ? "0" : "") + i);
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Walker.walk(wide, 3, node -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(5);
            running.decrementAndGet();
            return true;
        });
        assertThat(peak.get()).isBetween(2, 3);
    }

    @Test
    void skipsTheDependentsOfAFailureAndCompletesTheRest() {
        Map<String, Walker.Outcome> outcomes = Walker.walk(graph(), 2, node -> {
            if (node.equals("subnet")) {
                throw new IllegalStateException("NetcfgSubnetRangeOutsideVnet");
            }
            return true;
        });
        assertThat(Walker.with(outcomes, Walker.Outcome.FAILED)).containsExactly("subnet");
        assertThat(Walker.with(outcomes, Walker.Outcome.SKIPPED)).containsExactly("pool-a");
        assertThat(Walker.with(outcomes, Walker.Outcome.SUCCEEDED))
                .containsExactlyInAnyOrder("rg", "storage", "vnet", "account", "pool-b", "lone");
    }

    @Test
    void namesACycleInsteadOfWalkingIt() {
        Graph<String> graph = graph();
        graph.dependsOn("account", "pool-b");
        assertThat(graph.findCycle()).hasValueSatisfying(cycle -> {
            assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
            assertThat(cycle).contains("account", "pool-b");
        });
        assertThatThrownBy(() -> Walker.walk(graph, 1, node -> true)).hasMessageContaining("cycle");
    }

    @Test
    void reversesForDeletesAndClosesOverDependenciesForTargets() {
        Graph<String> reversed = graph().reversed();
        assertThat(reversed.dependenciesOf("account")).containsExactlyInAnyOrder("pool-a", "pool-b");
        assertThat(graph().closure(Set.of("pool-b"))).containsExactly("account", "pool-b", "rg", "storage");
    }
}
