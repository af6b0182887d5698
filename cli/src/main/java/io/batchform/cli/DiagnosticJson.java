package io.batchform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.source.Diagnostic;
import java.util.List;

/** The JSON shape of diagnostics, shared by every command with {@code --json}. */
final class DiagnosticJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private DiagnosticJson() {
    }

    static ArrayNode array(String file, List<Diagnostic> diagnostics) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Diagnostic d : diagnostics) {
            ObjectNode node = array.addObject();
            node.put("file", file);
            node.put("line", d.span().line());
            node.put("column", d.span().column());
            node.put("endLine", d.span().endLine());
            node.put("endColumn", d.span().endColumn());
            node.put("severity", d.severity().label());
            node.put("code", d.code());
            node.put("message", d.message());
        }
        return array;
    }
}
