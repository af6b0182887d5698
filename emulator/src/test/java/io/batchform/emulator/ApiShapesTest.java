package io.batchform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.contract.OpenApiContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The emulator's table of Batch shapes per api-version ({@code api-shapes.json}) is exactly what Microsoft's
 * documents in the test resources say. After changing a document, run with {@code -Dbatchform.shapes.write=true}
 * to write the table again, and review the diff.
 */
class ApiShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] ROOTS = {"BatchAccount", "BatchAccountCreateParameters", "BatchAccountUpdateParameters",
        "Pool", "Application", "ApplicationPackage"};

    @Test
    void theTableIsDerivedFromMicrosoftsDocuments() throws Exception {
        ObjectNode derived = JSON.createObjectNode();
        for (String version : OpenApiContract.get().versions("microsoft.batch")) {
            JsonNode definitions = OpenApiContract.get().document("microsoft.batch", version).path("definitions");
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (String root : ROOTS) {
                definition(definitions, root, out);
            }
            ObjectNode node = derived.putObject(version);
            out.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> node.set(e.getKey(), e.getValue()));
        }
        String text = JSON.writeValueAsString(derived) + "\n";
        Path table = Path.of("src/main/resources/io/batchform/emulator/api-shapes.json");
        if (Boolean.getBoolean("batchform.shapes.write")) {
            Files.writeString(table, text);
        }
        assertThat(Files.readString(table)).as("api-shapes.json; write it again with -Dbatchform.shapes.write=true")
                .isEqualTo(text);
    }

    private static void definition(JsonNode definitions, String name, Map<String, JsonNode> out) {
        if (out.containsKey(name)) {
            return;
        }
        ObjectNode shape = JSON.createObjectNode();
        out.put(name, shape);
        JsonNode schema = definitions.path(name);
        if (schema.has("enum")) {
            shape.set("enum", schema.get("enum"));
            return;
        }
        ObjectNode properties = JSON.createObjectNode();
        collect(definitions, schema, properties, out);
        if (schema.path("additionalProperties").isObject()) {
            shape.set("values", property(definitions, schema.get("additionalProperties"), out));
        } else if (properties.isEmpty()) {
            shape.put("open", true);
        } else {
            shape.set("properties", properties);
        }
    }

    private static void collect(JsonNode definitions, JsonNode schema, ObjectNode into, Map<String, JsonNode> out) {
        for (JsonNode parent : schema.path("allOf")) {
            collect(definitions, definitions.path(name(parent)), into, out);
        }
        schema.path("properties").fields().forEachRemaining(e -> into.set(e.getKey(), property(definitions, e.getValue(), out)));
    }

    private static JsonNode property(JsonNode definitions, JsonNode schema, Map<String, JsonNode> out) {
        ObjectNode shape = JSON.createObjectNode();
        if (schema.has("$ref")) {
            shape.put("ref", name(schema));
            definition(definitions, name(schema), out);
        } else if (schema.has("enum")) {
            shape.set("enum", schema.get("enum"));
        } else if (schema.has("items")) {
            shape.set("items", property(definitions, schema.get("items"), out));
        } else if (schema.path("additionalProperties").isObject()) {
            shape.set("values", property(definitions, schema.get("additionalProperties"), out));
        } else if (schema.path("type").asText().equals("object")) {
            shape.put("open", true);
        }
        if (schema.path("readOnly").asBoolean(false)) {
            shape.put("readOnly", true);
        }
        if (schema.path("x-ms-secret").asBoolean(false)) {
            shape.put("secret", true);
        }
        return shape;
    }

    private static String name(JsonNode reference) {
        String ref = reference.get("$ref").asText();
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    @Test
    void aRequestWithAPropertyOrEnumValueItsVersionLacksIsRefusedAtItsPath() throws Exception {
        ApiShapes shapes = ApiShapes.load();
        JsonNode simplified = new ObjectMapper().readTree("{\"properties\":{\"targetNodeCommunicationMode\":\"Simplified\"}}");
        assertThat(shapes.check("2025-06-01", "Pool", simplified)).isEmpty();
        ArmError unknown = shapes.check("2022-01-01", "Pool", simplified).orElseThrow();
        assertThat(unknown.code).isEqualTo("InvalidRequestBody");
        assertThat(unknown.target).isEqualTo("properties.targetNodeCommunicationMode");
        ArmError value = shapes.check("2025-06-01", "Pool", new ObjectMapper().readTree(
                "{\"properties\":{\"interNodeCommunication\":\"Sometimes\"}}")).orElseThrow();
        assertThat(value.code).isEqualTo("InvalidPropertyValue");
        assertThat(value.getMessage()).contains("'Sometimes'").contains("properties.interNodeCommunication");
        assertThat(shapes.check("2024-07-01", "Pool", simplified)).as("no shape: not judged").isEmpty();
    }

    @Test
    void anAnswerShowsOnlyWhatItsVersionHas() throws Exception {
        ApiShapes shapes = ApiShapes.load();
        JsonNode account = new ObjectMapper().readTree("{\"type\":\"Microsoft.Batch/batchAccounts\",\"properties\":"
                + "{\"accountEndpoint\":\"a\",\"nodeManagementEndpoint\":\"n\"}}");
        assertThat(shapes.present("2022-01-01", account).path("properties").has("nodeManagementEndpoint")).isFalse();
        assertThat(shapes.present("2025-06-01", account).path("properties").has("nodeManagementEndpoint")).isTrue();
        ObjectNode list = new ObjectMapper().createObjectNode();
        list.putArray("value").add(account);
        JsonNode shown = shapes.present("2022-01-01", list);
        assertThat(shown.path("value").get(0).path("properties").has("nodeManagementEndpoint")).isFalse();
    }
}
