package io.batchform.spec.load;

import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import io.batchform.spec.yaml.YNode;
import io.batchform.spec.yaml.YNode.ScalarKind;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import io.batchform.spec.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --var-file FILE}: a YAML map of variable names to scalar values ({@code renderNodes: 3}), read with the same
 * bounded reader as a spec. Values are taken as written (no {@code ${...}} interpolation, as in Terraform's
 * {@code .tfvars}); each problem is reported at its line and column in the file.
 */
final class VarFiles {
    /** One value a file sets, with where its name is written (for "not declared" and "set twice"). */
    record Assignment(String name, String value, SourceSpan where) {
    }

    private VarFiles() {
    }

    /** The assignments of {@code files}, in order (a later file's value wins); their texts go into {@code texts}. */
    static List<Assignment> read(List<Path> files, Map<String, Source> texts, List<Diagnostic> diagnostics) {
        List<Assignment> assignments = new ArrayList<>();
        for (Path file : files) {
            if (!java.nio.file.Files.isRegularFile(file)) {
                diagnostics.add(Diagnostic.error(SourceSpan.whole(file.toString()),
                        "--var-file: no such file (a YAML map of variable names to values)"));
                continue;
            }
            SpecLoader.read(file, diagnostics).ifPresent(text -> {
                texts.put(text.name(), text);
                YamlReader.read(text, diagnostics).ifPresent(node -> assignments.addAll(assignments(node, diagnostics)));
            });
        }
        return assignments;
    }

    private static List<Assignment> assignments(YNode node, List<Diagnostic> diagnostics) {
        if (!(node instanceof YMap map)) {
            diagnostics.add(Diagnostic.error(node.position(), "a variable file is a map of variable names to values "
                    + "(renderNodes: 3), not " + node.kindName()));
            return List.of();
        }
        List<Assignment> assignments = new ArrayList<>();
        for (YNode.Entry entry : map.entries()) {
            String name = entry.key().value();
            if (entry.value() instanceof YScalar scalar && scalar.kind() != ScalarKind.NULL) {
                assignments.add(new Assignment(name, scalar.value(), entry.key().position()));
            } else {
                diagnostics.add(Diagnostic.error(entry.value().position(), "variable '" + name
                        + "': a value is a string, a number or a boolean, not " + entry.value().kindName()));
            }
        }
        return assignments;
    }
}
