package io.batchform.spec.schema;

import io.batchform.source.Diagnostic;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
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
import io.batchform.spec.yaml.Scalars;
import io.batchform.spec.yaml.YNode.ScalarKind;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import io.batchform.spec.yaml.YNode.YSeq;
import io.batchform.spec.yaml.YNode;
import java.util.List;
import java.util.OptionalLong;

/**
 * Checks YAML against a {@link Shape}: unknown keys (with a suggestion), missing required keys, wrong types and
 * values outside a fixed set. Every problem is reported; checking goes on past each one. A value of the wrong type
 * is reported and then skipped, so the typed model later reads only what fits.
 */
public final class ShapeChecker {
    private final List<Diagnostic> diagnostics;

    private ShapeChecker(List<Diagnostic> diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * Checks {@code node} against {@code shape}. {@code owner} is where the value is introduced (its key), for
     * "missing" diagnostics; {@code ownerName} names it ("pool 'render'").
     */
    public static void check(YNode node, Shape shape, SourceSpan owner, String ownerName,
                             List<Diagnostic> diagnostics) {
        new ShapeChecker(diagnostics).visit(node, shape, owner, ownerName);
    }

    private void visit(YNode node, Shape shape, SourceSpan owner, String ownerName) {
        if (node instanceof YScalar scalar && scalar.kind() == ScalarKind.UNRESOLVED) {
            return;
        }
        if (shape instanceof Obj obj) {
            object(node, obj, owner, ownerName);
        } else if (shape instanceof Dict dict) {
            if (expect(node, YMap.class, "a map", ownerName)) {
                for (YNode.Entry entry : ((YMap) node).entries()) {
                    visit(entry.value(), dict.values(), entry.key().position(), child(ownerName, entry.key().value()));
                }
            }
        } else if (shape instanceof ListOf list) {
            if (expect(node, YSeq.class, "a list", ownerName)) {
                List<YNode> items = ((YSeq) node).items();
                for (int i = 0; i < items.size(); i++) {
                    visit(items.get(i), list.items(), items.get(i).position(), ownerName + "[" + i + "]");
                }
            }
        } else if (shape instanceof Str str) {
            string(node, str, ownerName);
        } else if (shape instanceof Int range) {
            integer(node, range, ownerName);
        } else if (shape instanceof Bool) {
            if (!(node instanceof YScalar scalar && scalar.kind() == ScalarKind.BOOLEAN)) {
                boolean yaml11 = node instanceof YScalar s && java.util.Set.of("yes", "no", "on", "off", "y", "n")
                        .contains(s.value().toLowerCase(java.util.Locale.ROOT));
                error(node.position(), ownerName + ": expected true or false, got " + describe(node)
                        + (yaml11 ? " ('" + ((YScalar) node).value() + "' is a boolean only in YAML 1.1; batchform "
                        + "reads YAML 1.2: write true or false)" : ""));
            }
        } else if (shape instanceof Text text) {
            boolean ok = node instanceof YScalar scalar && (text.nullable() || scalar.kind() != ScalarKind.NULL);
            if (!ok) {
                error(node.position(), ownerName + ": expected a string, number or boolean, got " + describe(node));
            }
        } else if (shape instanceof Shape.MaybeSecret secret) {
            if (node instanceof YMap map) {
                if (map.entries().size() != 1 || map.get(Shape.MaybeSecret.KEY).isEmpty()) {
                    error(node.position(), ownerName + ": expected a value or {" + Shape.MaybeSecret.KEY
                            + ": VALUE}, got a map with other keys");
                } else {
                    visit(map.get(Shape.MaybeSecret.KEY).orElseThrow(), secret.text(), owner, ownerName);
                }
            } else {
                visit(node, secret.text(), owner, ownerName);
            }
        } else if (shape instanceof StrOrObj either) {
            if (node instanceof YMap) {
                object(node, either.object(), owner, ownerName);
            } else if (!(node instanceof YScalar scalar && scalar.kind() == ScalarKind.STRING)) {
                error(node.position(), ownerName + ": expected a string or a map, got " + describe(node));
            }
        } else if (shape instanceof Retired retired) {
            error(owner, retired.message());
        }
        // Shape.Json: any value is accepted, as the service defines it

    }

    private void integer(YNode node, Int range, String ownerName) {
        if (node instanceof YScalar scalar && scalar.kind() == ScalarKind.INTEGER) {
            OptionalLong value = Scalars.integer(scalar);
            if (value.isEmpty()) {
                error(scalar.position(), ownerName + ": " + scalar.value() + " is not a whole number that fits");
            } else if (value.getAsLong() < range.min() || value.getAsLong() > range.max()) {
                error(scalar.position(), ownerName + " must be between " + range.min() + " and " + range.max()
                        + ", got " + value.getAsLong());
            }
        } else {
            error(node.position(), ownerName + ": expected a whole number, got " + describe(node));
        }
    }

    private void object(YNode node, Obj obj, SourceSpan owner, String ownerName) {
        if (!expect(node, YMap.class, "a map", ownerName)) {
            return;
        }
        YMap map = (YMap) node;
        List<String> known = obj.fields().stream().filter(f -> !(f.shape() instanceof Retired)).map(Field::name).toList();
        for (YNode.Entry entry : map.entries()) {
            String key = entry.key().value();
            var field = obj.field(key);
            if (field.isEmpty()) {
                error(entry.key().position(), "unknown key '" + key + "' " + (ownerName.isEmpty() ? "at the top level"
                        : "in " + ownerName) + Suggestions.suffix(key, known));
                continue;
            }
            visit(entry.value(), field.get().shape(), entry.key().position(), child(ownerName, key));
        }
        for (Field field : obj.fields()) {
            if (field.required() && map.get(field.name()).isEmpty()) {
                error(owner, (ownerName.isEmpty() ? "the spec" : ownerName) + " is missing the required key '"
                        + field.name() + "'");
            }
        }
    }

    private void string(YNode node, Str str, String ownerName) {
        if (!(node instanceof YScalar scalar) || scalar.kind() != ScalarKind.STRING) {
            String hint = node instanceof YScalar s && s.kind() != ScalarKind.NULL ? " (put it in quotes)" : "";
            error(node.position(), ownerName + ": expected a string, got " + describe(node) + hint);
            return;
        }
        if (!str.allowed().isEmpty() && !str.allowed().contains(scalar.value())) {
            error(scalar.position(), ownerName + ": expected one of " + String.join(", ", str.allowed()) + ", got '"
                    + scalar.value() + "'" + Suggestions.suffix(scalar.value(), str.allowed()));
        }
    }

    private boolean expect(YNode node, Class<? extends YNode> type, String noun, String ownerName) {
        if (type.isInstance(node)) {
            return true;
        }
        error(node.position(), (ownerName.isEmpty() ? "the spec" : ownerName) + ": expected " + noun + ", got "
                + describe(node));
        return false;
    }

    private static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static String describe(YNode node) {
        return node.kindName();
    }

    private void error(SourceSpan position, String message) {
        diagnostics.add(Diagnostic.error(position, message));
    }
}
