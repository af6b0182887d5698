package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.graph.Graph;
import io.batchform.plan.Action;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Provider;
import io.batchform.render.Style;
import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Suggestions;
import io.batchform.spec.convert.DesiredState;
import io.batchform.spec.convert.Regions;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import io.batchform.state.FileStateStore;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the plan, apply, destroy and import commands share: reading the spec (every problem printed at once, with
 * its position), the state store, choosing which resources a {@code --target} touches, and making the plan.
 */
final class Workspace {
    private Workspace() {
    }

    /** A spec that loaded and converted without errors, for one active region (failover). */
    record Loaded(LoadResult result, Regions.Expanded expanded) {
        String subscription() {
            return result.spec().subscription();
        }

        DesiredState desired() {
            return expanded.desired();
        }

        /** The spec with {@code region} active (null: the primary, or the state's when it has one). */
        Loaded forRegion(String region) {
            return new Loaded(result, Regions.convert(result.spec(), result.sources(), System.getenv(), region));
        }

        boolean hasFailover() {
            return result.spec().failover() != null;
        }
    }

    /** A plan and, per address, what it depends on (from the spec, else from state), which the apply walks. */
    record Planned(Plan plan, Map<Address, Set<Address>> dependencies) {
    }

    /** Whether {@code options} name a spec, or the default {@code batchform.yaml} exists. */
    static boolean specPresent(SpecOptions options) {
        return !options.files.isEmpty() || Files.exists(Path.of(SpecLoader.DEFAULT_FILE));
    }

    /** Loads the spec, printing its diagnostics; a spec with errors ends the command (exit 1). */
    static Loaded load(SpecOptions options, PrintWriter err) {
        LoadResult result = SpecLoader.load(options.files, options.vars, System.getenv());
        err.print(DiagnosticFormatter.formatAll(result.diagnostics(), result.texts()));
        err.flush();
        if (result.hasErrors()) {
            throw new UserException("the spec is invalid (" + count(result.errors().size(), "error")
                    + "); nothing was planned");
        }
        Regions.Expanded expanded = Regions.convert(result.spec(), result.sources(), System.getenv(), null);
        DesiredState desired = expanded.desired();
        err.print(DiagnosticFormatter.formatAll(desired.diagnostics(), result.texts()));
        err.flush();
        if (desired.hasErrors()) {
            throw new UserException("the spec is invalid (" + count((int) desired.diagnostics().stream()
                    .filter(io.batchform.source.Diagnostic::isError).count(), "error") + "); nothing was planned");
        }
        return new Loaded(result, expanded);
    }

    /** The state store: the directory's {@code state.json}, or the blob that {@code --state-url} names. */
    static StateStore store(StateOptions options) {
        if (options.url != null && !options.url.isBlank()) {
            try {
                return io.batchform.azure.BlobStateStore.connect(options.url, System.getenv(), Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
        return new FileStateStore(options.directory, Clock.systemUTC());
    }

    /** The stored state, or a new empty one. */
    static State state(StateStore store) {
        try {
            return store.read().orElseGet(State::empty);
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** How a plan treats the spec. */
    enum Mode {
        /** Make the cloud match the spec. */
        NORMAL,
        /** Delete everything in state. */
        DESTROY
    }

    /**
     * Makes the plan for {@code desired} (ignored when destroying) against {@code prior}. With targets, only they and
     * what they depend on are planned (when destroying: they and what depends on them).
     */
    static Planned plan(List<DesiredResource> desired, State prior, Provider provider, List<String> targets, Mode mode) {
        Map<Address, Set<Address>> dependencies = new TreeMap<>();
        prior.resources().forEach(r -> dependencies.put(r.address(), r.dependencies()));
        desired.forEach(d -> dependencies.put(d.address(), d.dependsOn()));
        List<DesiredResource> wanted = mode == Mode.DESTROY ? List.of() : desired;
        State considered = prior;
        if (!targets.isEmpty()) {
            Set<Address> chosen = chosen(targets, dependencies, mode);
            wanted = wanted.stream().filter(d -> chosen.contains(d.address())).toList();
            considered = new State(prior.version(), prior.serial(), prior.lineage(), prior.activeRegion(),
                    prior.resources().stream().filter(r -> chosen.contains(r.address())).toList(),
                    prior.unreachableRegions());
        }
        Plan plan = Planner.plan(wanted, considered, provider);
        if (mode == Mode.DESTROY) {
            plan = refuseProtected(plan, desired);
        }
        return new Planned(plan, dependencies);
    }

    /** A destroy plan that would delete a resource the spec protects fails, naming it. */
    private static Plan refuseProtected(Plan plan, List<DesiredResource> desired) {
        List<Diagnostic> diagnostics = new ArrayList<>(plan.diagnostics());
        for (ResourceChange change : plan.changes()) {
            boolean isProtected = desired.stream().anyMatch(d -> d.address().equals(change.address()) && d.protect());
            if (change.action() == Action.DELETE && isProtected) {
                diagnostics.add(Diagnostic.error(change.address(), "Protected", "destroy would delete this "
                        + "resource, but the spec protects it; remove protect: true to allow it, or leave it out "
                        + "with --target"));
            }
        }
        return new Plan(plan.changes(), plan.drift(), diagnostics, plan.priorSerial(), plan.lineage());
    }

    private static Set<Address> chosen(List<String> targets, Map<Address, Set<Address>> dependencies, Mode mode) {
        Graph<Address> graph = new Graph<>();
        dependencies.forEach((address, deps) -> {
            graph.add(address);
            deps.forEach(d -> {
                graph.add(d);
                graph.dependsOn(address, d);
            });
        });
        Set<Address> roots = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        for (String target : targets) {
            Address address;
            try {
                address = Address.parse(target);
            } catch (IllegalArgumentException e) {
                throw new UserException("--target " + target + ": " + e.getMessage());
            }
            if (!dependencies.containsKey(address)) {
                unknown.add(target);
            }
            roots.add(address);
        }
        if (!unknown.isEmpty()) {
            throw new UserException("--target " + String.join(", ", unknown) + ": no such resource in the spec or the "
                    + "state" + Suggestions.suffix(unknown.get(0), dependencies.keySet().stream().map(Address::toString).toList()));
        }
        return mode == Mode.DESTROY ? graph.reversed().closure(roots) : graph.closure(roots);
    }

    /** ANSI colours on a terminal unless {@code --no-color} or NO_COLOR; plain otherwise. */
    static Style style(boolean noColor) {
        return noColor || System.getenv("NO_COLOR") != null || System.console() == null ? Style.PLAIN : Style.ANSI;
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
