package io.batchform.autoscale.tune;

import io.batchform.autoscale.ast.Expr;
import io.batchform.autoscale.ast.Statement;
import io.batchform.autoscale.check.CheckedFormula;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import io.batchform.source.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A formula's tunable constants. The convention: a constant is an assignment of a number, {@code cap = 20;} or
 * {@code $cap = 20;}, and a comment anywhere in the formula, {@code // @param cap 5..60:5}, declares its range
 * (to the end of the line; {@code :step} optional). The command line may add ranges for other such assignments or
 * replace declared ones ({@code --param cap=5..60:5}). The service ignores comments, so a tuned formula deploys as
 * it is, with the values {@link #fill filled in}.
 */
public final class Tunables {
    /** Problems with the declarations: an unknown name, a range that does not parse. */
    public static final String CODE = "T001";
    private static final Pattern DECLARATION = Pattern.compile("//\\s*@param\\b[ \\t]*(\\$?[A-Za-z_][A-Za-z0-9_]*)?"
            + "[ \\t]*([^\\r\\n]*)");

    private Tunables() {
    }

    /** A tunable constant and the number literal the formula assigns it. */
    public record Declared(Param param, SourceSpan literal) {
    }

    public record Result(List<Declared> params, List<Diagnostic> diagnostics) {
        public boolean failed() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    /** The constants a checked formula declares, with {@code fromCommandLine} added or replacing; in formula order. */
    public static Result read(CheckedFormula checked, List<Param> fromCommandLine) {
        Source source = checked.source();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, SourceSpan> literals = new LinkedHashMap<>();
        checked.formula().ifPresent(formula -> {
            for (Statement statement : formula.statements()) {
                if (statement instanceof Statement.Assignment a && a.value() instanceof Expr.NumberLiteral n) {
                    String name = bare(a.target().name());
                    if (literals.containsKey(name)) {
                        literals.put(name, null); // assigned twice: which one to tune is not clear
                    } else {
                        literals.put(name, n.span());
                    }
                }
            }
        });
        Map<String, Param> params = new LinkedHashMap<>();
        Matcher m = DECLARATION.matcher(source.text());
        while (m.find()) {
            SourceSpan at = source.span(m.start(), m.end());
            String name = m.group(1);
            if (name == null) {
                diagnostics.add(Diagnostic.error(CODE, "@param needs a name and a range: // @param cap 5..60:5", at));
                continue;
            }
            var param = Param.parse(name, m.group(2));
            if (param.isEmpty()) {
                diagnostics.add(Diagnostic.error(CODE, "@param " + name + ": '" + m.group(2).strip()
                        + "' is not a range such as 5..60 or 5..60:5", at));
                continue;
            }
            if (known(literals, param.get().name(), at, diagnostics)) {
                params.put(param.get().name(), param.get());
            }
        }
        for (Param p : fromCommandLine) {
            if (known(literals, p.name(), SourceSpan.whole(source.name()), diagnostics)) {
                params.put(p.name(), p);
            }
        }
        List<Declared> declared = new ArrayList<>();
        for (Map.Entry<String, SourceSpan> e : literals.entrySet()) {
            if (params.containsKey(e.getKey()) && e.getValue() != null) {
                declared.add(new Declared(params.get(e.getKey()), e.getValue()));
            }
        }
        return new Result(declared, diagnostics);
    }

    private static boolean known(Map<String, SourceSpan> literals, String name, SourceSpan at,
                                 List<Diagnostic> diagnostics) {
        if (!literals.containsKey(name)) {
            diagnostics.add(Diagnostic.error(CODE, "@param " + name + ": the formula has no assignment of a number to "
                    + name + " (such as " + name + " = 20;) to tune" + Suggestions.didYouMean(name, literals.keySet()),
                    at));
            return false;
        }
        if (literals.get(name) == null) {
            diagnostics.add(Diagnostic.error(CODE, "@param " + name + ": the formula assigns " + name
                    + " more than once; tune a constant assigned once", at));
            return false;
        }
        return true;
    }

    private static String bare(String name) {
        return name.startsWith("$") ? name.substring(1) : name;
    }

    /** The formula's text with each constant's literal replaced by its value in {@code values} (by name). */
    public static String fill(Source source, List<Declared> params, Map<String, Double> values) {
        List<Declared> byOffset = new ArrayList<>(params);
        byOffset.sort((a, b) -> Integer.compare(b.literal().startOffset(), a.literal().startOffset()));
        StringBuilder text = new StringBuilder(source.text());
        for (Declared d : byOffset) {
            Double value = values.get(d.param().name());
            if (value != null) {
                text.replace(d.literal().startOffset(), d.literal().endOffset(), Param.format(value));
            }
        }
        return text.toString();
    }
}
