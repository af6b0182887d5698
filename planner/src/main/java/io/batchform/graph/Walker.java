package io.batchform.graph;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Walks a graph: a node runs once all its dependencies succeeded, at most {@code parallelism} at a time. When a node
 * fails, everything that depends on it (transitively) is skipped without running, and every other node still runs.
 * The graph must have no cycle ({@link Graph#findCycle()} names one).
 */
public final class Walker {
    private Walker() {
    }

    /** What became of each node. */
    public enum Outcome { SUCCEEDED, FAILED, SKIPPED }

    /** The work done for one node: true when it succeeded. Exceptions count as failures. */
    @FunctionalInterface
    public interface Visit<N> {
        boolean run(N node) throws Exception;
    }

    public static <N extends Comparable<N>> Map<N, Outcome> walk(Graph<N> graph, int parallelism, Visit<N> visit) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        graph.findCycle().ifPresent(cycle -> {
            throw new IllegalArgumentException("the graph has a cycle: " + cycle);
        });
        Map<N, Outcome> outcomes = new TreeMap<>();
        Map<N, Integer> waitingOn = new TreeMap<>();
        graph.nodes().forEach(n -> waitingOn.put(n, graph.dependenciesOf(n).size()));
        LinkedBlockingQueue<Map.Entry<N, Boolean>> done = new LinkedBlockingQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            int running = 0;
            for (N node : graph.nodes()) {
                if (waitingOn.get(node) == 0) {
                    submit(pool, visit, node, done);
                    running++;
                }
            }
            while (running > 0) {
                Map.Entry<N, Boolean> finished = done.take();
                running--;
                N node = finished.getKey();
                if (finished.getValue()) {
                    outcomes.put(node, Outcome.SUCCEEDED);
                    for (N dependent : graph.dependentsOf(node)) {
                        if (!outcomes.containsKey(dependent) && waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                            submit(pool, visit, dependent, done);
                            running++;
                        }
                    }
                } else {
                    outcomes.put(node, Outcome.FAILED);
                    skipDependents(graph, node, outcomes);
                }
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while walking the graph", e);
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <N extends Comparable<N>> void submit(ExecutorService pool, Visit<N> visit, N node,
                                                         LinkedBlockingQueue<Map.Entry<N, Boolean>> done) {
        Future<?> ignored = pool.submit(() -> {
            boolean ok;
            try {
                ok = visit.run(node);
            } catch (Exception | Error failure) {
                ok = false;
            }
            done.add(Map.entry(node, ok));
        });
    }

    private static <N extends Comparable<N>> void skipDependents(Graph<N> graph, N failed, Map<N, Outcome> outcomes) {
        for (N dependent : graph.dependentsOf(failed)) {
            if (!outcomes.containsKey(dependent)) {
                outcomes.put(dependent, Outcome.SKIPPED);
                skipDependents(graph, dependent, outcomes);
            }
        }
    }

    /** The nodes with a given outcome. */
    public static <N> Set<N> with(Map<N, Outcome> outcomes, Outcome outcome) {
        Set<N> out = new java.util.TreeSet<>();
        outcomes.forEach((n, o) -> {
            if (o == outcome) {
                out.add(n);
            }
        });
        return out;
    }
}
