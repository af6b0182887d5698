package io.batchform.plan;

import io.batchform.address.Address;
import io.batchform.source.Diagnostic;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A reviewable plan: one change per resource (sorted by address), what changed outside batchform since the last
 * apply, diagnostics, the state serial and lineage it was made from, the dependency graph the apply walks (per
 * address, what it depends on: from the spec for what is wanted, else from the state), its {@link Mode}, and the
 * resources it re-keys in the state without touching them ({@code moved}: from the old address to the new one; the
 * changes already use the new), what it does to the spec's outputs, and the resources the spec protects
 * ({@code protect}). {@link #canApply()} is the one place that decides whether there is work.
 */
public record Plan(List<ResourceChange> changes, Map<Address, List<AttributeChange>> drift,
                   List<Diagnostic> diagnostics, long priorSerial, String lineage,
                   Map<Address, Set<Address>> dependencies, Mode mode, Map<Address, Address> moved,
                   List<OutputChange> outputs, Set<Address> protect) {
    /** How a plan treats the spec. */
    public enum Mode {
        /** Make the cloud match the spec. */
        NORMAL,
        /** Delete what the state manages (all of it, or the targets and what depends on them). */
        DESTROY,
        /** Change nothing in the cloud: applying only records in the state what changed outside batchform. */
        REFRESH_ONLY
    }

    public Plan {
        changes = changes.stream().sorted((a, b) -> a.address().compareTo(b.address())).toList();
        drift = Collections.unmodifiableMap(new TreeMap<>(drift));
        diagnostics = List.copyOf(diagnostics);
        Map<Address, Set<Address>> graph = new TreeMap<>();
        dependencies.forEach((k, v) -> graph.put(k, Collections.unmodifiableSet(new TreeSet<>(v))));
        dependencies = Collections.unmodifiableMap(graph);
        java.util.Objects.requireNonNull(mode, "mode");
        moved = Collections.unmodifiableMap(new TreeMap<>(moved));
        outputs = outputs.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
        protect = Collections.unmodifiableSet(new TreeSet<>(protect));
    }

    /** A plan that protects nothing. */
    public Plan(List<ResourceChange> changes, Map<Address, List<AttributeChange>> drift, List<Diagnostic> diagnostics,
                long priorSerial, String lineage, Map<Address, Set<Address>> dependencies, Mode mode,
                Map<Address, Address> moved, List<OutputChange> outputs) {
        this(changes, drift, diagnostics, priorSerial, lineage, dependencies, mode, moved, outputs, Set.of());
    }

    /** A plan that changes no output. */
    public Plan(List<ResourceChange> changes, Map<Address, List<AttributeChange>> drift, List<Diagnostic> diagnostics,
                long priorSerial, String lineage, Map<Address, Set<Address>> dependencies, Mode mode,
                Map<Address, Address> moved) {
        this(changes, drift, diagnostics, priorSerial, lineage, dependencies, mode, moved, List.of());
    }

    /** A plan that moves nothing. */
    public Plan(List<ResourceChange> changes, Map<Address, List<AttributeChange>> drift, List<Diagnostic> diagnostics,
                long priorSerial, String lineage, Map<Address, Set<Address>> dependencies, Mode mode) {
        this(changes, drift, diagnostics, priorSerial, lineage, dependencies, mode, Map.of());
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /**
     * Whether this plan is partial: its only errors are resources that could not be read (a region that does not
     * answer, a timeout), so it shows what it could plan for the others and cannot be applied.
     */
    public boolean partial() {
        return hasErrors() && diagnostics.stream().filter(Diagnostic::isError)
                .allMatch(d -> d.code() != null && PARTIAL_CODES.contains(d.code()));
    }

    /** The codes of the errors that make a plan {@link #partial()}. */
    public static final Set<String> PARTIAL_CODES = Set.of(Planner.UNKNOWN, "RegionUnreachable");

    /**
     * Whether applying would change anything: no errors, and at least one action that changes the cloud, a move or an
     * output's new value; for a
     * refresh-only plan, drift or a resource to forget (applying it changes the state alone).
     */
    public boolean canApply() {
        if (hasErrors()) {
            return false;
        }
        if (mode == Mode.REFRESH_ONLY) {
            return !drift.isEmpty() || !forgotten().isEmpty();
        }
        return !moved.isEmpty() || changes.stream().anyMatch(c -> c.action().changesCloud())
                || outputs.stream().anyMatch(OutputChange::changed);
    }

    /** The outputs whose recorded value applying changes. */
    public List<OutputChange> changedOutputs() {
        return outputs.stream().filter(OutputChange::changed).toList();
    }

    /** This plan with what it does to the outputs. */
    public Plan withOutputs(List<OutputChange> changed) {
        return new Plan(changes, drift, diagnostics, priorSerial, lineage, dependencies, mode, moved, changed, protect);
    }

    /** The resources in state that are gone from the cloud (and the spec): applying forgets them. */
    public List<ResourceChange> forgotten() {
        return changes.stream().filter(c -> c.action() == Action.FORGET).toList();
    }

    public long count(Action... actions) {
        List<Action> wanted = List.of(actions);
        return changes.stream().filter(c -> wanted.contains(c.action())).count();
    }

    /** This plan with {@code added} after its diagnostics (itself when there are none). */
    public Plan adding(List<Diagnostic> added) {
        if (added.isEmpty()) {
            return this;
        }
        List<Diagnostic> all = new java.util.ArrayList<>(diagnostics);
        all.addAll(added);
        return withDiagnostics(all);
    }

    /** This plan with other diagnostics. */
    public Plan withDiagnostics(List<Diagnostic> replaced) {
        return new Plan(changes, drift, replaced, priorSerial, lineage, dependencies, mode, moved, outputs, protect);
    }

    /** This plan with another dependency graph. */
    public Plan withDependencies(Map<Address, Set<Address>> graph) {
        return new Plan(changes, drift, diagnostics, priorSerial, lineage, graph, mode, moved, outputs, protect);
    }

    /**
     * This plan with the resources the spec protects ({@code protect: true}): the apply records them so in the state,
     * so that a destroy without the spec, or a plan of a spec that no longer declares one, still refuses to delete it.
     */
    public Plan withProtect(Set<Address> addresses) {
        return new Plan(changes, drift, diagnostics, priorSerial, lineage, dependencies, mode, moved, outputs, addresses);
    }

    /** This plan in another mode. */
    public Plan withMode(Mode other) {
        return new Plan(changes, drift, diagnostics, priorSerial, lineage, dependencies, other, moved, outputs, protect);
    }

    /** This plan as made from the state at {@code serial} of {@code lineageOf}. */
    public Plan madeFrom(long serial, String lineageOf) {
        return new Plan(changes, drift, diagnostics, serial, lineageOf, dependencies, mode, moved, outputs, protect);
    }

    /** {@code Plan: 2 to add, 1 to change, 1 to destroy.} (a replacement adds one and destroys one). */
    public String summary() {
        long replace = count(Action.DELETE_THEN_CREATE, Action.CREATE_THEN_DELETE);
        return "Plan: " + (count(Action.CREATE) + replace) + " to add, " + count(Action.UPDATE) + " to change, "
                + (count(Action.DELETE) + replace) + " to destroy.";
    }
}
