package io.batchform.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.source.Diagnostic;
import io.batchform.source.Location;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import java.util.List;
import java.util.function.Function;

/**
 * The one JSON shape of a diagnostic, for every command with {@code --json} (plans, quotas, formula checks): the
 * keys of Terraform's machine-readable diagnostics where they exist, in this order, each only when it applies:
 * <pre>
 * {"severity": "error", "address": "pool.render", "code": "Protected", "summary": "...",
 *  "range": {"filename": "batchform.yaml", "start": {"line": 3, "column": 5, "byte": 31},
 *            "end": {"line": 3, "column": 9, "byte": 35}}}
 * </pre>
 * {@code address} names the resource a diagnostic is about ({@code null} for one about the whole run, such as a stale
 * plan; absent for a spec's own problem, which has a range only); {@code range} is where it is written (without
 * {@code start}/{@code end} for a whole file or an option), for a resource the place the spec declares it when the
 * run had the spec. Columns count code points, as the human form does; {@code byte} is the 0-based offset in the
 * file's UTF-8 bytes, given when the text of the file was read.
 */
public final class DiagnosticJson {
    private DiagnosticJson() {
    }

    /** The diagnostics, without {@code byte} in their ranges (no source text at hand). */
    public static ArrayNode array(List<Diagnostic> diagnostics) {
        return array(diagnostics, name -> null);
    }

    /** The diagnostics, with {@code byte} in the ranges in the sources that {@code sources} gives by name. */
    public static ArrayNode array(List<Diagnostic> diagnostics, Function<String, Source> sources) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        diagnostics.forEach(d -> write(d, array.addObject(), sources));
        return array;
    }

    /** Writes {@code diagnostic} into {@code node} and returns it. */
    public static ObjectNode write(Diagnostic diagnostic, ObjectNode node) {
        return write(diagnostic, node, name -> null);
    }

    /** Writes {@code diagnostic} into {@code node}, with the bytes of its range when its source is at hand. */
    public static ObjectNode write(Diagnostic diagnostic, ObjectNode node, Function<String, Source> sources) {
        node.put("severity", diagnostic.severity().label());
        Location location = diagnostic.location();
        if (!(location instanceof SourceSpan)) {
            Location address = diagnostic.address();
            node.put("address", address == null ? null : address.toString());
        }
        if (diagnostic.code() != null) {
            node.put("code", diagnostic.code());
        }
        node.put("summary", diagnostic.message());
        SourceSpan span = diagnostic.place();
        if (span != null) {
            ObjectNode range = node.putObject("range");
            range.put("filename", span.source());
            if (span.hasLine()) {
                Source source = sources.apply(span.source());
                position(range.putObject("start"), span.line(), span.column(), source);
                position(range.putObject("end"), span.endLine(), span.endColumn(), source);
            }
        }
        return node;
    }

    private static void position(ObjectNode node, int line, int column, Source source) {
        node.put("line", line).put("column", column);
        if (source != null) {
            node.put("byte", source.byteOffset(line, column));
        }
    }
}
