package io.batchform.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.source.Diagnostic;
import io.batchform.source.Location;
import io.batchform.source.SourceSpan;
import java.util.List;

/**
 * The one JSON shape of a diagnostic, for every command with {@code --json} (plans, quotas, formula checks): the
 * keys of Terraform's machine-readable diagnostics where they exist, in this order, each only when it applies:
 * <pre>
 * {"severity": "error", "address": "pool.render", "code": "Protected", "summary": "...",
 *  "range": {"filename": "batchform.yaml", "start": {"line": 3, "column": 5}, "end": {"line": 3, "column": 9}}}
 * </pre>
 * {@code address} names the resource a diagnostic is about ({@code null} for one about the whole run, such as a stale
 * plan); {@code range} is where it is written (without {@code start}/{@code end} for a whole file or an option).
 * Columns count code points, as the human form does.
 */
public final class DiagnosticJson {
    private DiagnosticJson() {
    }

    public static ArrayNode array(List<Diagnostic> diagnostics) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        diagnostics.forEach(d -> write(d, array.addObject()));
        return array;
    }

    /** Writes {@code diagnostic} into {@code node} and returns it. */
    public static ObjectNode write(Diagnostic diagnostic, ObjectNode node) {
        node.put("severity", diagnostic.severity().label());
        Location location = diagnostic.location();
        if (!(location instanceof SourceSpan)) {
            node.put("address", location == null ? null : location.toString());
        }
        if (diagnostic.code() != null) {
            node.put("code", diagnostic.code());
        }
        node.put("summary", diagnostic.message());
        if (location instanceof SourceSpan span) {
            ObjectNode range = node.putObject("range");
            range.put("filename", span.source());
            if (span.hasLine()) {
                range.putObject("start").put("line", span.line()).put("column", span.column());
                range.putObject("end").put("line", span.endLine()).put("column", span.endColumn());
            }
        }
        return node;
    }
}
