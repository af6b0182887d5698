package io.batchform.plan;

import io.batchform.address.Address;
import io.batchform.source.Diagnostic;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reviewable plan: one change per resource (sorted by address), what changed outside batchform since the last
 * apply, the state serial and lineage it was made from, and diagnostics. {@link #canApply()} is the one place that
 * decides whether there is work.
 */
public record Plan(List<ResourceChange> changes, Map<Address, List<AttributeChange>> drift,
                   List<Diagnostic> diagnostics, long priorSerial, String lineage) {
    public Plan {
        changes = changes.stream().sorted((a, b) -> a.address().compareTo(b.address())).toList();
        drift = java.util.Collections.unmodifiableMap(new TreeMap<>(drift));
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** Whether applying would change anything: no errors, and at least one action that is not a no-op. */
    public boolean canApply() {
        return !hasErrors() && changes.stream().anyMatch(c -> c.action() != Action.NO_OP);
    }

    public long count(Action... actions) {
        List<Action> wanted = List.of(actions);
        return changes.stream().filter(c -> wanted.contains(c.action())).count();
    }

    /** {@code Plan: 2 to add, 1 to change, 1 to destroy.} (a replacement adds one and destroys one). */
    public String summary() {
        long replace = count(Action.DELETE_THEN_CREATE, Action.CREATE_THEN_DELETE);
        return "Plan: " + (count(Action.CREATE) + replace) + " to add, " + count(Action.UPDATE) + " to change, "
                + (count(Action.DELETE) + replace) + " to destroy.";
    }
}
