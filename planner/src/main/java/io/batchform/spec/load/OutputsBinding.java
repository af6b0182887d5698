package io.batchform.spec.load;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.source.Diagnostic;
import io.batchform.source.Suggestions;
import io.batchform.spec.OutputSpec;
import io.batchform.spec.Spec;
import io.batchform.spec.yaml.YNode;
import io.batchform.spec.yaml.YNode.ScalarKind;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds the {@code outputs:} section (its shape already checked) to {@link OutputSpec}s, parsing each value's
 * {@code ${ADDRESS.ATTRIBUTE}} references. A reference to a resource the spec does not declare is an error at its
 * {@code $}, with the nearest declared address suggested. Which attributes exist is the provider's to say: the plan
 * checks them.
 */
final class OutputsBinding {
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private OutputsBinding() {
    }

    /** The outputs of every file's {@code outputs:} map, by name as written (a name declared twice is an error). */
    static List<OutputSpec> bind(List<YMap> sections, Spec spec, List<Diagnostic> diagnostics) {
        Set<String> declared = addresses(spec);
        List<OutputSpec> outputs = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (YMap section : sections) {
            for (YNode.Entry entry : section.entries()) {
                String name = entry.key().value();
                if (!NAME.matcher(name).matches()) {
                    diagnostics.add(Diagnostic.error(entry.key().position(), "output name '" + name
                            + "' must be letters, digits, '_' and '-', starting with a letter or '_'"));
                    continue;
                }
                if (!names.add(name)) {
                    diagnostics.add(Diagnostic.error(entry.key().position(), "output '" + name
                            + "' is declared twice"));
                    continue;
                }
                if (!(entry.value() instanceof YMap output)
                        || !(output.get("value").orElse(null) instanceof YScalar value)) {
                    continue; // the shape check reported it
                }
                if (value.kind() == ScalarKind.UNRESOLVED) {
                    continue;
                }
                List<OutputSpec.Part> parts = parts(value, declared, diagnostics);
                if (parts == null) {
                    continue;
                }
                String description = Binder.str(output, "description");
                boolean sensitive = output.get("sensitive").orElse(null) instanceof YScalar s
                        && s.kind() == ScalarKind.BOOLEAN && Boolean.parseBoolean(s.value());
                outputs.add(new OutputSpec(name, parts, description, sensitive, entry.key().position()));
            }
        }
        return outputs;
    }

    /** The parts of {@code value}: text, and references where {@code ${...}} is written ({@code $${} is a literal). */
    private static List<OutputSpec.Part> parts(YScalar value, Set<String> declared, List<Diagnostic> diagnostics) {
        String text = value.value();
        List<OutputSpec.Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean ok = true;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    diagnostics.add(Diagnostic.error(value.positionOf(i),
                            "unterminated ${ (close it with }, or write $${ for a literal ${)"));
                    return null;
                }
                OutputSpec.Reference reference = reference(value, i, text.substring(i + 2, close), declared,
                        diagnostics);
                if (reference == null) {
                    ok = false;
                } else {
                    if (literal.length() > 0) {
                        parts.add(new OutputSpec.Text(literal.toString()));
                        literal.setLength(0);
                    }
                    parts.add(reference);
                }
                i = close + 1;
            } else {
                literal.append(text.charAt(i++));
            }
        }
        if (literal.length() > 0) {
            parts.add(new OutputSpec.Text(literal.toString()));
        }
        return ok ? parts : null;
    }

    private static OutputSpec.Reference reference(YScalar value, int at, String expression, Set<String> declared,
                                                  List<Diagnostic> diagnostics) {
        String[] segments = expression.split("\\.", -1);
        ResourceType type = ResourceType.byName(segments[0]).orElse(null);
        if (type == null || segments.length < type.nameSegments() + 2) {
            diagnostics.add(Diagnostic.error(value.positionOf(at), "an output refers to a resource's attribute as "
                    + "${ADDRESS.ATTRIBUTE}, e.g. ${pool.render.id}; '" + expression + "' is not one"
                    + (type == null ? Suggestions.suffix(segments[0], typeNames()) : "")));
            return null;
        }
        String address = String.join(".", java.util.Arrays.copyOfRange(segments, 0, type.nameSegments() + 1));
        String attribute = String.join(".", java.util.Arrays.copyOfRange(segments, type.nameSegments() + 1,
                segments.length));
        if (!declared.contains(address)) {
            diagnostics.add(Diagnostic.error(value.positionOf(at), "the spec declares no " + address
                    + Suggestions.suffix(address, declared)));
            return null;
        }
        if (attribute.isEmpty() || java.util.Arrays.stream(attribute.split("\\.", -1)).anyMatch(String::isEmpty)) {
            diagnostics.add(Diagnostic.error(value.positionOf(at), "'" + expression + "' names no attribute after "
                    + address + " (e.g. " + address + ".id)"));
            return null;
        }
        return new OutputSpec.Reference(Address.parse(address), attribute, value.positionOf(at));
    }

    private static List<String> typeNames() {
        return java.util.Arrays.stream(ResourceType.values()).map(ResourceType::typeName).toList();
    }

    /** The addresses the spec declares (as a plan shows them, without failover's regional copies). */
    private static Set<String> addresses(Spec spec) {
        Set<String> out = new TreeSet<>();
        out.add("resourceGroup.main");
        spec.storageAccounts().keySet().forEach(k -> out.add("storageAccount." + k));
        spec.virtualNetworks().forEach((k, net) -> {
            out.add("virtualNetwork." + k);
            net.subnets().keySet().forEach(s -> out.add("subnet." + k + "." + s));
        });
        spec.batchAccounts().keySet().forEach(k -> out.add("batchAccount." + k));
        spec.pools().keySet().forEach(k -> out.add("pool." + k));
        spec.certificates().keySet().forEach(k -> out.add("certificate." + k));
        spec.applications().forEach((k, app) -> {
            out.add("application." + k);
            app.packages().keySet().forEach(v -> out.add("applicationPackage." + k + "." + v));
        });
        return out;
    }
}
