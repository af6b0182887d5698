package io.batchform.spec.convert;

import io.batchform.address.Address;
import io.batchform.plan.DesiredResource;
import io.batchform.source.Diagnostic;
import io.batchform.source.SourceSpan;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the spec wants, for the planner: resources sorted by address, where each is declared (for messages about
 * it), and problems met while converting (a certificate or package file that cannot be read).
 */
public record DesiredState(String subscription, List<DesiredResource> resources, Map<Address, SourceSpan> locations,
                           List<Diagnostic> diagnostics) {
    public DesiredState {
        resources = resources.stream().sorted(Comparator.comparing(DesiredResource::address)).toList();
        locations = java.util.Collections.unmodifiableMap(new TreeMap<>(locations));
        diagnostics = diagnostics.stream().sorted(Diagnostic.ORDER).toList();
    }

    public Optional<DesiredResource> get(Address address) {
        return resources.stream().filter(r -> r.address().equals(address)).findFirst();
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
