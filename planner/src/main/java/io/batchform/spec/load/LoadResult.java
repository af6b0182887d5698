package io.batchform.spec.load;

import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.spec.OutputSpec;
import io.batchform.spec.SourceMap;
import io.batchform.spec.Spec;
import java.util.List;
import java.util.Map;

/**
 * What loading a spec gives: the spec (complete only when there are no errors), where each value was written, every
 * diagnostic sorted by file and position, the texts read (to print source lines under diagnostics), and the
 * {@code outputs:} entries, and the variables' values, name to value (null for one declared without a value), as the
 * JSON plan reports them.
 */
public record LoadResult(Spec spec, SourceMap sources, List<Diagnostic> diagnostics, Map<String, Source> texts,
                         List<OutputSpec> outputs, Map<String, String> variables) {
    public LoadResult {
        diagnostics = diagnostics.stream().sorted(Diagnostic.ORDER).toList();
        texts = Map.copyOf(texts);
        outputs = List.copyOf(outputs);
        variables = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(variables));
    }

    /** A spec without {@code outputs:}, telling its variables. */
    public LoadResult(Spec spec, SourceMap sources, List<Diagnostic> diagnostics, Map<String, Source> texts,
                      Map<String, String> variables) {
        this(spec, sources, diagnostics, texts, List.of(), variables);
    }

    /** A spec with outputs, loaded without telling its variables. */
    public LoadResult(Spec spec, SourceMap sources, List<Diagnostic> diagnostics, Map<String, Source> texts,
                      List<OutputSpec> outputs) {
        this(spec, sources, diagnostics, texts, outputs, Map.of());
    }

    /** A spec without {@code outputs:}, loaded without telling its variables. */
    public LoadResult(Spec spec, SourceMap sources, List<Diagnostic> diagnostics, Map<String, Source> texts) {
        this(spec, sources, diagnostics, texts, List.of(), Map.of());
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
