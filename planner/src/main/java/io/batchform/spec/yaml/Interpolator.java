package io.batchform.spec.yaml;

import io.batchform.source.Diagnostic;
import io.batchform.source.Suggestions;
import io.batchform.spec.yaml.YNode.ScalarKind;
import io.batchform.spec.yaml.YNode.YMap;
import io.batchform.spec.yaml.YNode.YScalar;
import io.batchform.spec.yaml.YNode.YSeq;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${var.NAME}}, {@code ${env.NAME}}, {@code ${env.NAME:-default}} and {@code ${workspace}} (the
 * current workspace's name) in string values (never in keys);
 * {@code $${} writes a literal {@code ${}. A plain scalar that was interpolated is typed again, and so is a quoted
 * one that is exactly one reference, so {@code targetDedicatedNodes: ${var.nodes}} and {@code '${var.nodes}'} are
 * numbers. Each problem is reported at the {@code $} that caused it. A string may not grow past
 * {@link YamlReader#MAX_STRING} characters, nor all the strings one interpolator writes past
 * {@link YamlReader#MAX_EXPANDED_CHARACTERS} (aliases of an interpolated string each cost a copy); past that budget
 * the rest stay unresolved, reported once.
 */
public final class Interpolator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A variable's value, or empty when it was declared without a default and not set with --var. */
    private final Map<String, Optional<String>> variables;
    private final java.util.Set<String> unresolved;
    private final Map<String, String> environment;
    private final boolean variablesAllowed;
    private final List<Diagnostic> diagnostics;
    private final String workspace;
    /** In {@code outputs:}: references to resources ({@code ${pool.render.id}}) are kept for apply to resolve. */
    private final boolean keepResourceReferences;
    /** Characters written by interpolation so far, against {@link YamlReader#MAX_EXPANDED_CHARACTERS}. */
    private long written;

    /**
     * @param variables  values by name (empty: declared without a value)
     * @param unresolved variables whose own value failed to interpolate (already reported; uses stay silent)
     */
    public Interpolator(Map<String, Optional<String>> variables, java.util.Set<String> unresolved,
                        Map<String, String> environment, boolean variablesAllowed, List<Diagnostic> diagnostics) {
        this(variables, unresolved, environment, variablesAllowed, diagnostics, "default");
    }

    /** As the constructor above, with {@code workspace} as the value of {@code ${workspace}}. */
    public Interpolator(Map<String, Optional<String>> variables, java.util.Set<String> unresolved,
                        Map<String, String> environment, boolean variablesAllowed, List<Diagnostic> diagnostics,
                        String workspace) {
        this(variables, unresolved, environment, variablesAllowed, diagnostics, workspace, false);
    }

    private Interpolator(Map<String, Optional<String>> variables, java.util.Set<String> unresolved,
                         Map<String, String> environment, boolean variablesAllowed, List<Diagnostic> diagnostics,
                         String workspace, boolean keepResourceReferences) {
        this.keepResourceReferences = keepResourceReferences;
        this.workspace = workspace;
        this.variables = variables;
        this.unresolved = unresolved;
        this.environment = environment;
        this.variablesAllowed = variablesAllowed;
        this.diagnostics = diagnostics;
    }

    /**
     * This interpolator for {@code outputs:} values: {@code ${TYPE.NAME...}} references to resources stay as written,
     * and so does {@code $${}, for the outputs' own parser; what a variable inserts is escaped for it.
     */
    public Interpolator keepingResourceReferences() {
        return new Interpolator(variables, unresolved, environment, variablesAllowed, diagnostics, workspace, true);
    }

    public YNode apply(YNode node) {
        if (node instanceof YScalar scalar) {
            return scalar(scalar);
        }
        if (node instanceof YSeq seq) {
            return new YSeq(seq.items().stream().map(this::apply).toList(), seq.position());
        }
        YMap map = (YMap) node;
        return new YMap(map.entries().stream().map(e -> new YNode.Entry(e.key(), apply(e.value()))).toList(),
                map.position());
    }

    public YScalar scalar(YScalar scalar) {
        String value = scalar.value();
        if (scalar.kind() != ScalarKind.STRING || !value.contains("${")) {
            return scalar;
        }
        if (written > YamlReader.MAX_EXPANDED_CHARACTERS) {
            return unresolved(scalar);
        }
        StringBuilder out = new StringBuilder();
        List<Integer> toDecoded = new ArrayList<>();
        boolean usedEnvironment = false;
        int i = 0;
        while (i < value.length()) {
            if (value.startsWith("$${", i)) {
                append(out, toDecoded, keepResourceReferences ? "$${" : "${", i);
                i += 3;
                continue;
            }
            if (!value.startsWith("${", i)) {
                append(out, toDecoded, String.valueOf(value.charAt(i)), i);
                i++;
                continue;
            }
            int close = value.indexOf('}', i + 2);
            if (close < 0) {
                error(scalar, i, "unterminated ${ (close it with }, or write $${ for a literal ${)");
                return unresolved(scalar);
            }
            String expression = value.substring(i + 2, close);
            if (keepResourceReferences && isResourceReference(expression)) {
                append(out, toDecoded, value.substring(i, close + 1), i);
                i = close + 1;
                continue;
            }
            String replacement = resolve(scalar, i, expression);
            if (replacement != null && keepResourceReferences) {
                replacement = replacement.replace("${", "$${");
            }
            if (replacement == null) {
                return unresolved(scalar);
            }
            usedEnvironment |= expression.startsWith("env.");
            if (out.length() + replacement.length() > YamlReader.MAX_STRING) {
                error(scalar, i, "${" + expression + "} makes the string longer than " + YamlReader.MAX_STRING
                        + " characters, the most a spec's string may hold");
                return unresolved(scalar);
            }
            append(out, toDecoded, replacement, i);
            i = close + 1;
        }
        String result = out.toString();
        written += result.length();
        if (written > YamlReader.MAX_EXPANDED_CHARACTERS) {
            error(scalar, value.indexOf("${"), "interpolation writes more than " + YamlReader.MAX_EXPANDED_CHARACTERS
                    + " characters of strings in all (an alias of an interpolated string repeated?); later "
                    + "references are left unresolved");
            return unresolved(scalar);
        }
        int[] map = toDecoded.stream().mapToInt(Integer::intValue).toArray();
        boolean whole = value.startsWith("${") && value.indexOf('}') == value.length() - 1;
        ScalarKind kind = YamlReader.isPlain(scalar) || whole ? YamlReader.resolve(result) : ScalarKind.STRING;
        ScalarSource source = scalar.source() == null ? null : scalar.source().interpolated(map, usedEnvironment);
        return new YScalar(result, kind, scalar.position(), source);
    }

    private String resolve(YScalar scalar, int at, String expression) {
        if (expression.equals("workspace")) {
            return workspace;
        }
        if (expression.startsWith("var.")) {
            String name = expression.substring(4);
            if (!variablesAllowed) {
                error(scalar, at, "a variable's default cannot refer to another variable (${" + expression + "})");
                return null;
            }
            if (unresolved.contains(name)) {
                return null;
            }
            Optional<String> value = variables.get(name);
            if (value == null) {
                error(scalar, at, "variable '" + name + "' is not declared in a variables: block"
                        + Suggestions.suffix(name, variables.keySet()));
                return null;
            }
            if (value.isEmpty()) {
                error(scalar, at, "variable '" + name + "' has no value: set it with --var " + name
                        + "=VALUE or give it a default in variables:");
                return null;
            }
            return value.get();
        }
        if (expression.startsWith("env.")) {
            String rest = expression.substring(4);
            int dash = rest.indexOf(":-");
            String name = dash < 0 ? rest : rest.substring(0, dash);
            if (!NAME.matcher(name).matches()) {
                error(scalar, at, "'" + name + "' is not an environment variable name");
                return null;
            }
            String value = environment.get(name);
            if (value != null) {
                return value;
            }
            if (dash >= 0) {
                return rest.substring(dash + 2);
            }
            error(scalar, at, "environment variable " + name + " is not set (write ${env." + name
                    + ":-default} to give a default)");
            return null;
        }
        error(scalar, at, "unknown reference ${" + expression + "}: use ${var.NAME}, ${env.NAME} or ${workspace}"
                + (keepResourceReferences ? ", or a resource's attribute as ${ADDRESS.ATTRIBUTE}" + Suggestions.suffix(
                expression.split("\\.")[0], java.util.Arrays.stream(io.batchform.address.ResourceType.values())
                        .map(io.batchform.address.ResourceType::typeName).toList()) : ""));
        return null;
    }

    /** {@code TYPE.…} where TYPE is a resource type's name ({@code pool.render.id}). */
    private static boolean isResourceReference(String expression) {
        int dot = expression.indexOf('.');
        return dot > 0 && io.batchform.address.ResourceType.byName(expression.substring(0, dot)).isPresent();
    }

    private static YScalar unresolved(YScalar scalar) {
        return new YScalar(scalar.value(), ScalarKind.UNRESOLVED, scalar.position(), scalar.source());
    }

    private static void append(StringBuilder out, List<Integer> toDecoded, String text, int decodedIndex) {
        out.append(text);
        for (int k = 0; k < text.length(); k++) {
            toDecoded.add(decodedIndex);
        }
    }

    private void error(YScalar scalar, int index, String message) {
        diagnostics.add(Diagnostic.error(scalar.positionOf(index), message));
    }
}
