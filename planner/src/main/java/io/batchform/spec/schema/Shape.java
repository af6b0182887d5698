package io.batchform.spec.schema;

import java.util.List;
import java.util.Optional;

/**
 * The shape of a value in a spec: the one definition both the loader's structural check ({@link ShapeChecker}) and
 * the JSON Schema ({@link JsonSchema}) are made from, so editors and {@code batchform validate} accept the same files.
 */
public sealed interface Shape {
    /** A map with known keys; any other key is an error. */
    record Obj(String description, List<Field> fields) implements Shape {
        public Obj {
            fields = List.copyOf(fields);
        }

        public Optional<Field> field(String name) {
            return fields.stream().filter(f -> f.name().equals(name)).findFirst();
        }
    }

    /** A map whose keys the user chooses (resource keys, tags, environment variables). */
    record Dict(String description, Shape values) implements Shape {
    }

    record ListOf(String description, Shape items) implements Shape {
    }

    /** A string, optionally one of fixed values (compared exactly), optionally matching a pattern (for editors). */
    record Str(String description, List<String> allowed, String pattern) implements Shape {
        public Str {
            allowed = List.copyOf(allowed);
        }
    }

    record Int(String description, long min, long max) implements Shape {
    }

    record Bool(String description) implements Shape {
    }

    /** A string, number or boolean, taken as its text (tag values, metadata, environment settings). */
    record Text(String description, boolean nullable) implements Shape {
    }

    /**
     * A {@link Text}, or {@code {secret: VALUE}}: a value the spec marks secret, kept hashed in state and plans and
     * never printed ({@code environment: {TOKEN: {secret: "${env.TOKEN}"}}}).
     */
    record MaybeSecret(Text text) implements Shape {
        /** The key that marks a value secret. */
        public static final String KEY = "secret";
    }

    /** Either a string or an object ({@code resourceGroup: name} or {@code resourceGroup: {name: ..., tags: ...}}). */
    record StrOrObj(Str string, Obj object) implements Shape {
    }

    /** A key of an object: its name, its shape and whether it must be present. */
    record Field(String name, Shape shape, boolean required) {
    }

    /**
     * Any JSON value whose shape the service defines and batchform passes on unchanged (a VM extension's
     * {@code settings}): a map, a list or a scalar.
     */
    record Json(String description) implements Shape {
    }

    /** A key the spec recognises only to explain why it cannot be used (a retired Azure feature). */
    record Retired(String message) implements Shape {
    }
}
