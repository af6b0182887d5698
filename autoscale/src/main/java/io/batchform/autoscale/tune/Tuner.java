package io.batchform.autoscale.tune;

import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.autoscale.check.FormulaCompiler;
import io.batchform.autoscale.eval.Evaluator;
import io.batchform.autoscale.eval.PreparedFormula;
import io.batchform.autoscale.sim.Recording;
import io.batchform.autoscale.sim.Runs;
import io.batchform.autoscale.sim.SimulationJob;
import io.batchform.autoscale.sim.SimulationResult;
import io.batchform.source.Source;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Searches a formula's tunable constants for the setting that minimises a figure under constraints. Each candidate
 * setting is the formula with its values filled in, simulated over the same seeds (so candidates differ only by
 * their values) keeping figures only; a candidate's figures are the means over the seeds. One or two constants are
 * searched on a grid (every step, or evenly spaced points, within the budget), all candidates and seeds in parallel.
 * Three or more are searched by CMA-ES (commons-math3; chosen because it needs no gradients and stands the noise and
 * the plateaus that stepped values and random workloads give), four searches in parallel, and a candidate already
 * simulated (the same values after snapping to the steps) is not simulated again.
 * A candidate that breaks a constraint scores above every one that keeps them, by how far it breaks them.
 */
public final class Tuner {
    /** Feasible candidates score their objective; the others this plus their relative violation, times this. */
    private static final double INFEASIBLE = 1e12;
    /** Independent CMA-ES searches, run in parallel (a fixed number, so the outcome does not depend on the cores). */
    static final int STARTS = 4;

    private Tuner() {
    }

    /** What to search: the figure to minimise, the constraints, seeds, and the most candidates to simulate. */
    public record Settings(String objective, List<Constraint> constraints, int seeds, long firstSeed, int budget) {
        public Settings {
            objective = Constraint.figureName(objective);
            constraints = List.copyOf(constraints);
            if (seeds < 1 || budget < 1) {
                throw new IllegalArgumentException("seeds and budget must be at least 1");
            }
        }
    }

    /**
     * Settings from the command line's words: an objective figure, constraint texts ({@link Constraint#parse});
     * throws IllegalArgumentException naming the option that is wrong.
     */
    public static Settings settings(String objective, List<String> constraints, int seeds, long firstSeed, int budget) {
        String unknown = Constraint.unknownFigure(objective);
        if (unknown != null) {
            throw new IllegalArgumentException("--objective: " + unknown);
        }
        List<Constraint> parsed = new ArrayList<>();
        for (String c : constraints) {
            try {
                parsed.add(Constraint.parse(c));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--constraint: " + e.getMessage());
            }
        }
        if (seeds < 1 || seeds > 100 || budget < 1 || budget > 100_000) {
            throw new IllegalArgumentException("--seeds must be 1 to 100 and --budget 1 to 100000");
        }
        return new Settings(objective, parsed, seeds, firstSeed, budget);
    }

    /** One setting simulated: its values (by name, in formula order) and its figures (means over the seeds). */
    public record Candidate(Map<String, Double> values, Map<String, Double> figures, double violation) {
        public boolean feasible() {
            return violation == 0;
        }

        public double figure(String name) {
            return figures.get(name);
        }
    }

    /** The search's outcome: every candidate in the order simulated, the best, and how it searched. */
    public record Outcome(List<Candidate> candidates, Candidate best, String method, int simulations) {
        /** Whether the best keeps every constraint (else it is the one that breaks them least). */
        public boolean found() {
            return best.feasible();
        }

        /** The candidates no other beats on both cost and p95 wait, by cost. */
        public List<Candidate> paretoFront() {
            List<Candidate> sorted = new ArrayList<>(candidates);
            sorted.sort(Comparator.comparingDouble((Candidate c) -> c.figure("costTotal"))
                    .thenComparingDouble(c -> c.figure("queueWaitP95")));
            List<Candidate> front = new ArrayList<>();
            double bestWait = Double.POSITIVE_INFINITY;
            for (Candidate c : sorted) {
                if (c.figure("queueWaitP95") < bestWait) {
                    front.add(c);
                    bestWait = c.figure("queueWaitP95");
                }
            }
            return front;
        }
    }

    /**
     * Tunes {@code params} of {@code formula} with the pool, workload and prices of {@code base} (whose formula and
     * seed are replaced).
     */
    public static Outcome tune(Source formula, List<Tunables.Declared> params, SimulationJob base, Settings settings) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("nothing to tune");
        }
        Search search = new Search(formula, params, base, settings);
        String method;
        if (params.size() <= 2) {
            method = "grid";
            search.grid();
        } else {
            method = "CMA-ES";
            search.cmaes();
        }
        List<Candidate> all = search.candidates;
        Candidate best = Collections.min(all, Comparator.comparingDouble(search::score));
        return new Outcome(List.copyOf(all), best, method, all.size() * settings.seeds());
    }

    private static final class Search {
        private final Source formula;
        private final List<Tunables.Declared> params;
        private final SimulationJob base;
        private final Settings settings;
        private final List<Candidate> candidates = new ArrayList<>();
        private final Map<List<Double>, Candidate> seen = new HashMap<>();

        Search(Source formula, List<Tunables.Declared> params, SimulationJob base, Settings settings) {
            this.formula = formula;
            this.params = params;
            this.base = base;
            this.settings = settings;
        }

        double score(Candidate c) {
            return c.feasible() ? c.figure(settings.objective()) : INFEASIBLE * (1 + c.violation());
        }

        /** Every point of the grid, all candidates and seeds in parallel. */
        void grid() {
            List<List<Double>> points = new ArrayList<>();
            points.add(List.of());
            int[] per = perParam();
            for (int i = 0; i < params.size(); i++) {
                Tunables.Declared d = params.get(i);
                int n = per[i];
                List<List<Double>> next = new ArrayList<>();
                for (List<Double> p : points) {
                    for (double v : d.param().grid(n, n)) {
                        List<Double> q = new ArrayList<>(p);
                        q.add(v);
                        next.add(q);
                    }
                }
                points = next;
            }
            record Work(int candidate, PreparedFormula prepared, long seed) {
            }
            List<PreparedFormula> prepared = points.stream().map(this::prepare).toList();
            List<Work> work = new ArrayList<>();
            for (int c = 0; c < points.size(); c++) {
                for (int s = 0; s < settings.seeds(); s++) {
                    work.add(new Work(c, prepared.get(c), settings.firstSeed() + s));
                }
            }
            List<SimulationResult> results = Runs.map(work, w -> base.with(w.prepared(), w.seed()).run(Recording.FIGURES));
            for (int c = 0; c < points.size(); c++) {
                add(points.get(c), results.subList(c * settings.seeds(), (c + 1) * settings.seeds()));
            }
        }

        /**
         * Points per constant within the budget: all of a constant's values when they fit; with two, the one with
         * fewer values gets up to the square root of the budget and the other what the budget leaves.
         */
        private int[] perParam() {
            int budget = settings.budget();
            if (params.size() == 1) {
                return new int[] {Math.min(budget, params.get(0).param().count())};
            }
            int a = params.get(0).param().count();
            int b = params.get(1).param().count();
            boolean firstSmaller = a <= b;
            int small = Math.min(Math.min(a, b), Math.max(1, (int) Math.floor(Math.sqrt(budget))));
            int large = Math.min(Math.max(a, b), Math.max(1, budget / small));
            return firstSmaller ? new int[] {small, large} : new int[] {large, small};
        }

        /**
         * CMA-ES over the constants scaled to [0, 1]: {@value #STARTS} independent searches (the first from the
         * formula's own values, the others from seeded random points), each with its share of the budget, run in
         * parallel. The library's optimiser asks for one candidate at a time, so parallel starts are what keeps the
         * cores busy; they also guard against a local minimum. Their candidates are shared through a cache (a value
         * already simulated is not simulated again), which changes only the time taken: every search's path, and so
         * the outcome, is the same on any number of cores.
         */
        void cmaes() {
            int n = params.size();
            int share = Math.max(1, settings.budget() / STARTS);
            Map<List<Double>, java.util.concurrent.CompletableFuture<Candidate>> cache =
                    new java.util.concurrent.ConcurrentHashMap<>();
            List<Integer> starts = java.util.stream.IntStream.range(0, STARTS).boxed().toList();
            List<List<Candidate>> found = Runs.map(starts, i -> search(i, n, share, cache));
            for (List<Candidate> list : found) {
                for (Candidate c : list) {
                    if (seen.putIfAbsent(valuesOf(c), c) == null) {
                        candidates.add(c);
                    }
                }
            }
        }

        /** One CMA-ES search: its own path and budget share, candidates through the shared cache. */
        private List<Candidate> search(int index, int n, int share,
                                       Map<List<Double>, java.util.concurrent.CompletableFuture<Candidate>> cache) {
            double[] start = new double[n];
            double[] sigma = new double[n];
            double[] lower = new double[n];
            double[] upper = new double[n];
            double[] current = currentValues();
            java.util.SplittableRandom random = new java.util.SplittableRandom(settings.firstSeed() * 31 + index);
            for (int i = 0; i < n; i++) {
                Param p = params.get(i).param();
                start[i] = index > 0 ? random.nextDouble() : p.hi() == p.lo() ? 0
                        : Math.max(0, Math.min(1, (current[i] - p.lo()) / (p.hi() - p.lo())));
                sigma[i] = 0.3;
                upper[i] = 1;
            }
            List<Candidate> mine = new ArrayList<>();
            Map<List<Double>, Candidate> mineSeen = new HashMap<>();
            org.apache.commons.math3.analysis.MultivariateFunction objective = x -> {
                List<Double> values = unscale(x);
                Candidate known = mineSeen.get(values);
                if (known == null) {
                    if (mine.size() >= share) {
                        throw new BudgetSpent();
                    }
                    java.util.concurrent.CompletableFuture<Candidate> mineFuture = new java.util.concurrent.CompletableFuture<>();
                    java.util.concurrent.CompletableFuture<Candidate> f = cache.putIfAbsent(values, mineFuture);
                    if (f == null) {
                        try {
                            mineFuture.complete(simulate(values, false));
                        } catch (RuntimeException | Error e) {
                            mineFuture.completeExceptionally(e); // the searches waiting for it fail too
                            throw e;
                        }
                        f = mineFuture;
                    }
                    known = f.join();
                    mineSeen.put(values, known);
                    mine.add(known);
                }
                return score(known);
            };
            CMAESOptimizer optimizer = new CMAESOptimizer(100_000, Double.NEGATIVE_INFINITY, true, 0, 0,
                    new MersenneTwister(settings.firstSeed() * 31 + index), false, null);
            try {
                optimizer.optimize(new MaxEval(share * 50), new MaxIter(100_000), GoalType.MINIMIZE,
                        new InitialGuess(start), new SimpleBounds(lower, upper), new CMAESOptimizer.Sigma(sigma),
                        new CMAESOptimizer.PopulationSize(4 + (int) (3 * Math.log(n)) + 2),
                        new ObjectiveFunction(objective));
            } catch (BudgetSpent | org.apache.commons.math3.exception.TooManyEvaluationsException done) {
                // the budget is the stopping rule
            }
            return mine;
        }

        private List<Double> valuesOf(Candidate c) {
            return new ArrayList<>(c.values().values());
        }

        private List<Double> unscale(double[] x) {
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                Param p = params.get(i).param();
                values.add(p.snap(p.lo() + x[i] * (p.hi() - p.lo())));
            }
            return values;
        }

        private double[] currentValues() {
            double[] values = new double[params.size()];
            for (int i = 0; i < values.length; i++) {
                Tunables.Declared d = params.get(i);
                values[i] = Double.parseDouble(formula.text().substring(d.literal().startOffset(),
                        d.literal().endOffset()));
            }
            return values;
        }

        /** One candidate simulated over the seeds (in parallel when asked), not recorded. */
        private Candidate simulate(List<Double> values, boolean parallelSeeds) {
            PreparedFormula prepared = prepare(values);
            List<Long> seeds = new ArrayList<>();
            for (int s = 0; s < settings.seeds(); s++) {
                seeds.add(settings.firstSeed() + s);
            }
            java.util.function.Function<Long, SimulationResult> run =
                    seed -> base.with(prepared, seed).run(Recording.FIGURES);
            return candidate(values, parallelSeeds ? Runs.map(seeds, run) : seeds.stream().map(run).toList());
        }

        private PreparedFormula prepare(List<Double> values) {
            String text = Tunables.fill(formula, params, named(values));
            CheckedFormula checked = FormulaCompiler.compile(new Source(formula.name(), text));
            if (!checked.isEvaluable()) {
                throw new IllegalStateException("the formula with " + named(values) + " does not compile: "
                        + checked.diagnostics());
            }
            return Evaluator.prepare(checked);
        }

        private Map<String, Double> named(List<Double> values) {
            Map<String, Double> named = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                named.put(params.get(i).param().name(), values.get(i));
            }
            return named;
        }

        private Candidate candidate(List<Double> values, List<SimulationResult> runs) {
            Map<String, Double> figures = new LinkedHashMap<>();
            for (String figure : SimulationResult.FIGURES) {
                figures.put(figure, runs.stream().mapToDouble(r -> r.figure(figure, base.price())).average()
                        .orElse(Double.NaN));
            }
            double violation = 0;
            for (Constraint c : settings.constraints()) {
                violation += c.violation(figures.get(c.figure()));
            }
            return new Candidate(named(values), figures, violation);
        }

        private void add(List<Double> values, List<SimulationResult> runs) {
            Candidate candidate = candidate(values, runs);
            candidates.add(candidate);
            seen.put(values, candidate);
        }
    }

    /** Thrown through the optimiser when the budget of candidates is spent. */
    private static final class BudgetSpent extends RuntimeException {
        BudgetSpent() {
            super("budget spent", null, false, false);
        }
    }
}
