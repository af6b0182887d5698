package io.batchform.spec;

import io.batchform.spec.yaml.SourceText;
import java.util.List;
import java.util.Map;

/**
 * What loading a spec gives: the spec (complete only when there are no errors), where each value was written, every
 * diagnostic sorted by file and position, and the texts read (to print source lines under diagnostics).
 */
public record LoadResult(Spec spec, SourceMap sources, List<SpecDiagnostic> diagnostics, Map<String, SourceText> texts) {
    public LoadResult {
        diagnostics = diagnostics.stream().sorted(SpecDiagnostic.ORDER).toList();
        texts = Map.copyOf(texts);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(SpecDiagnostic::isError);
    }

    public List<SpecDiagnostic> errors() {
        return diagnostics.stream().filter(SpecDiagnostic::isError).toList();
    }

    public List<SpecDiagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
