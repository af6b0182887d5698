package io.batchform.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A directed graph of comparable nodes where an edge {@code a → b} means "a depends on b". Every iteration is in node
 * order, so nothing about a walk depends on hash order.
 */
public final class Graph<N extends Comparable<N>> {
    private final Map<N, Set<N>> dependencies = new TreeMap<>();
    /** The same edges the other way round, so that a walk finds a node's dependents without visiting every node. */
    private final Map<N, Set<N>> dependents = new TreeMap<>();

    public void add(N node) {
        dependencies.computeIfAbsent(node, n -> new TreeSet<>());
    }

    /** {@code node} depends on {@code dependency}; both are added when missing. */
    public void dependsOn(N node, N dependency) {
        add(dependency);
        dependencies.computeIfAbsent(node, n -> new TreeSet<>()).add(dependency);
        dependents.computeIfAbsent(dependency, n -> new TreeSet<>()).add(node);
    }

    public Set<N> nodes() {
        return Collections.unmodifiableSet(dependencies.keySet());
    }

    public Set<N> dependenciesOf(N node) {
        return Collections.unmodifiableSet(dependencies.getOrDefault(node, Set.of()));
    }

    /** The nodes that depend on {@code node}, directly. */
    public Set<N> dependentsOf(N node) {
        return Collections.unmodifiableSet(dependents.getOrDefault(node, Set.of()));
    }

    /** A cycle, as the path that closes it ({@code [pool.a, application.x, pool.a]}), if there is one. */
    public Optional<List<N>> findCycle() {
        Map<N, Integer> state = new TreeMap<>();
        for (N start : dependencies.keySet()) {
            List<N> path = new ArrayList<>();
            Optional<List<N>> cycle = visit(start, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private Optional<List<N>> visit(N node, Map<N, Integer> state, List<N> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return Optional.empty();
        }
        if (seen != null && seen == 1) {
            List<N> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return Optional.of(cycle);
        }
        state.put(node, 1);
        path.add(node);
        for (N dependency : dependenciesOf(node)) {
            Optional<List<N>> cycle = visit(dependency, state, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return Optional.empty();
    }

    /** The graph with every edge reversed: what deletes walk (dependents go first). */
    public Graph<N> reversed() {
        Graph<N> out = new Graph<>();
        dependencies.forEach((node, deps) -> {
            out.add(node);
            deps.forEach(d -> out.dependsOn(d, node));
        });
        return out;
    }

    /** Every node that {@code roots} depend on, transitively, and the roots themselves. */
    public Set<N> closure(Set<N> roots) {
        Set<N> out = new LinkedHashSet<>();
        List<N> work = new ArrayList<>(roots);
        while (!work.isEmpty()) {
            N node = work.remove(work.size() - 1);
            if (out.add(node)) {
                work.addAll(dependenciesOf(node));
            }
        }
        return new TreeSet<>(out);
    }
}
