package io.batchform.spec.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.spec.schema.Shape.Bool;
import io.batchform.spec.schema.Shape.Dict;
import io.batchform.spec.schema.Shape.Field;
import io.batchform.spec.schema.Shape.Int;
import io.batchform.spec.schema.Shape.ListOf;
import io.batchform.spec.schema.Shape.Obj;
import io.batchform.spec.schema.Shape.Retired;
import io.batchform.spec.schema.Shape.Str;
import io.batchform.spec.schema.Shape.StrOrObj;
import io.batchform.spec.schema.Shape.Text;

/**
 * The spec's JSON Schema (draft-07, which yaml-language-server reads), generated from {@link SpecSchema} so that it
 * always says what the loader accepts. Output is deterministic: keys in definition order, two-space indentation,
 * {@code \n} line ends.
 */
public final class JsonSchema {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A string holding a {@code ${var.NAME}} or {@code ${env.NAME}} reference. */
    static final String INTERPOLATED = "\\$\\{(var|env)\\.[^}]+\\}";

    private JsonSchema() {
    }

    public static ObjectNode of(Obj root) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("$id", "https://batchform.io/schema/batchform.schema.json");
        schema.put("title", "batchform spec");
        schema.setAll(shape(root));
        return schema;
    }

    /** The schema of the spec as text, ending with a newline. */
    public static String text() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(of(SpecSchema.ROOT)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the schema is a tree of plain nodes", e);
        }
    }

    private static ObjectNode shape(Shape shape) {
        ObjectNode node = JSON.createObjectNode();
        if (shape instanceof Obj obj) {
            describe(node, obj.description());
            node.put("type", "object");
            ObjectNode properties = node.putObject("properties");
            ArrayNode required = JSON.createArrayNode();
            for (Field field : obj.fields()) {
                properties.set(field.name(), shape(field.shape()));
                if (field.required()) {
                    required.add(field.name());
                }
            }
            if (!required.isEmpty()) {
                node.set("required", required);
            }
            node.put("additionalProperties", false);
        } else if (shape instanceof Dict dict) {
            describe(node, dict.description());
            node.put("type", "object");
            node.set("additionalProperties", shape(dict.values()));
        } else if (shape instanceof ListOf list) {
            describe(node, list.description());
            node.put("type", "array");
            node.set("items", shape(list.items()));
        } else if (shape instanceof Str str) {
            describe(node, str.description());
            if (str.allowed().isEmpty() && str.pattern() == null) {
                node.put("type", "string");
            } else {
                ObjectNode constrained = JSON.createObjectNode();
                constrained.put("type", "string");
                if (!str.allowed().isEmpty()) {
                    ArrayNode values = constrained.putArray("enum");
                    str.allowed().forEach(values::add);
                }
                if (str.pattern() != null) {
                    constrained.put("pattern", str.pattern());
                }
                orInterpolated(node, constrained);
            }
        } else if (shape instanceof Int range) {
            describe(node, range.description());
            ObjectNode number = JSON.createObjectNode();
            number.put("type", "integer");
            number.put("minimum", range.min());
            number.put("maximum", range.max());
            orInterpolated(node, number);
        } else if (shape instanceof Bool bool) {
            describe(node, bool.description());
            ObjectNode flag = JSON.createObjectNode();
            flag.put("type", "boolean");
            orInterpolated(node, flag);
        } else if (shape instanceof Text text) {
            describe(node, text.description());
            ArrayNode types = node.putArray("type");
            types.add("string").add("number").add("boolean");
            if (text.nullable()) {
                types.add("null");
            }
        } else if (shape instanceof Shape.MaybeSecret secret) {
            ArrayNode oneOf = node.putArray("oneOf");
            oneOf.add(shape(secret.text()));
            ObjectNode marked = oneOf.addObject();
            marked.put("description", "A secret: kept hashed in state and plans, never printed.");
            marked.put("type", "object");
            marked.putObject("properties").set(Shape.MaybeSecret.KEY, shape(secret.text()));
            marked.putArray("required").add(Shape.MaybeSecret.KEY);
            marked.put("additionalProperties", false);
        } else if (shape instanceof StrOrObj either) {
            ArrayNode oneOf = node.putArray("oneOf");
            oneOf.add(shape(either.string()));
            oneOf.add(shape(either.object()));
        } else if (shape instanceof Retired retired) {
            describe(node, retired.message());
            node.putObject("not");
        } else if (shape instanceof Shape.Json json) {
            describe(node, json.description());
        }
        return node;
    }

    /**
     * The value's own schema, or a string with a {@code ${...}} reference: the loader resolves references before it
     * checks types, so {@code targetDedicatedNodes: ${var.nodes}} is a number to it.
     */
    private static void orInterpolated(ObjectNode node, ObjectNode own) {
        ArrayNode anyOf = node.putArray("anyOf");
        anyOf.add(own);
        ObjectNode reference = anyOf.addObject();
        reference.put("type", "string");
        reference.put("pattern", INTERPOLATED);
    }

    private static void describe(ObjectNode node, String description) {
        if (description != null) {
            node.put("description", description);
        }
    }
}
