package io.batchform.autoscale.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs independent simulations in parallel, one thread per available processor (a simulation is single-threaded
 * and deterministic, so the results do not depend on the number of threads). Results come back in the jobs' order.
 */
public final class Runs {
    private Runs() {
    }

    /** The threads a batch of runs uses: the processors this JVM may use. */
    public static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Runs each job keeping what {@code recording} asks; in the jobs' order. */
    public static List<SimulationResult> parallel(List<SimulationJob> jobs, Recording recording) {
        return map(jobs, job -> job.run(recording));
    }

    /** Applies {@code work} to each item on {@link #threads()} threads; in the items' order. */
    public static <T, R> List<R> map(List<T> items, Function<T, R> work) {
        if (items.size() <= 1 || threads() == 1) {
            return items.stream().map(work).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads(), items.size()), r -> {
            Thread t = new Thread(r, "batchform-simulation");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
