package io.batchform.engine;

import io.batchform.address.Address;
import io.batchform.plan.Plan;
import io.batchform.source.Diagnostic;
import io.batchform.source.SourceSpan;
import io.batchform.spec.SourceMap;
import io.batchform.spec.convert.Regions;
import io.batchform.spec.yaml.YNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Places a plan's diagnostics about resources where the spec declares them, so that every command prints them as
 * {@code validate} prints a spec's problems ({@code batchform.yaml:12:3: error: pool.render: Protected: ...}, the
 * line and a caret) and a user can jump there. A diagnostic about a resource the spec declares points at the value it
 * is about when that is written ({@code protect:} for {@code Protected}, {@code addressPrefix} for
 * {@code SubnetOverlap}, {@code timeZone} for {@code ZoneChanged}), else at the resource's key; a
 * {@code MoveConflict} at its {@code moved:} entry. A diagnostic about a resource only in the state, one about no
 * resource, and every diagnostic of a run without a spec stay as they are.
 */
final class SpecPositions {
    /** A value a diagnostic's code is about, by the code: its path in the resource, and whether its key or value. */
    private record Written(String path, boolean key) {
    }

    private static final Map<String, Written> ABOUT = Map.of(
            "Protected", new Written("protect", true),
            "SubnetOverlap", new Written("addressPrefix", false),
            "ZoneChanged", new Written("timeZone", false));

    private SpecPositions() {
    }

    /** The plan with its diagnostics about declared resources placed; the plan itself when there is nothing to place. */
    static Plan place(Plan plan, LoadedSpec spec) {
        if (spec == null || plan.diagnostics().isEmpty()) {
            return plan;
        }
        List<Diagnostic> placed = place(plan.diagnostics(), spec);
        return placed.equals(plan.diagnostics()) ? plan : plan.withDiagnostics(placed);
    }

    /** The diagnostics, in the same order, each about a resource the spec declares placed where it is written. */
    static List<Diagnostic> place(List<Diagnostic> diagnostics, LoadedSpec spec) {
        return spec == null ? diagnostics : diagnostics.stream().map(d -> place(d, spec)).toList();
    }

    /** One diagnostic, placed when it is about a resource the spec declares (or a {@code moved:} entry's). */
    static Diagnostic place(Diagnostic diagnostic, LoadedSpec spec) {
        if (spec == null || !(diagnostic.location() instanceof Address address)) {
            return diagnostic;
        }
        if ("MoveConflict".equals(diagnostic.code())) {
            return movedEntry(spec, address).map(diagnostic::declaredAt).orElse(diagnostic);
        }
        SourceSpan declared = spec.desired().locations().get(address);
        if (declared == null || !declared.hasLine()) {
            return diagnostic;
        }
        Written about = diagnostic.code() == null ? null : ABOUT.get(diagnostic.code());
        if (about != null) {
            Optional<SourceMap.Located> found = spec.sources().find(written(spec, address), about.path());
            if (found.isPresent()) {
                SourceSpan at = about.key() || found.get().value() == null ? found.get().key().position()
                        : found.get().value().position();
                if (at.hasLine()) {
                    return diagnostic.declaredAt(at);
                }
            }
        }
        return diagnostic.declaredAt(declared);
    }

    /** Where the {@code moved:} entry from {@code from} is written: its {@code from} value. */
    private static Optional<SourceSpan> movedEntry(LoadedSpec spec, Address from) {
        if (!(spec.sources().section("moved").orElse(null) instanceof YNode.YSeq entries)) {
            return Optional.empty();
        }
        for (YNode item : entries.items()) {
            if (item instanceof YNode.YMap entry && entry.get("from").orElse(null) instanceof YNode.YScalar written
                    && written.position().hasLine() && from.toString().equals(parsed(written.value()))) {
                return Optional.of(written.position());
            }
        }
        return Optional.empty();
    }

    private static String parsed(String address) {
        try {
            return Address.parse(address).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The address a resource is written under in the spec: itself, or for a standby region's copy of a failover spec
     * ({@code pool.render-northeurope}) the primary's ({@code pool.render}).
     */
    static Address written(LoadedSpec spec, Address address) {
        String region = spec.hasFailover() ? spec.expanded().regionOf().get(address) : null;
        String suffix = region == null ? "" : Regions.suffix(spec.spec().failover(), region);
        String first = address.names().get(0);
        if (suffix.isEmpty() || !first.endsWith(suffix)) {
            return address;
        }
        List<String> names = new java.util.ArrayList<>(address.names());
        names.set(0, first.substring(0, first.length() - suffix.length()));
        return new Address(address.type(), names);
    }
}
