package io.batchform.render;

import io.batchform.address.Address;
import io.batchform.plan.Action;
import io.batchform.plan.AttributeChange;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import io.batchform.source.Diagnostic;
import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Source;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A plan as people read it, in Terraform's shape: what changed outside batchform, then one block per resource with
 * its symbol ({@code + ~ -/+ -}), attribute-level changes aligned on {@code =}, {@code # forces replacement} marks,
 * {@code (sensitive)} for secrets, and the summary line. Its diagnostics follow: one placed in the spec (a spec's
 * problem, or one about a resource the spec declares) as {@code validate} prints it, {@code FILE:LINE:COL: error:
 * ADDRESS: CODE: message}, the line and a caret; any other as {@code Error: ADDRESS: CODE: message}.
 */
public final class HumanPlanRenderer {
    private final Style style;
    private final Function<Address, ResourceSchema> schemas;
    private final Function<String, Source> sources;

    /** {@code schemas} says which attributes are sensitive, for creates (changes carry it themselves). */
    public HumanPlanRenderer(Style style, Function<Address, ResourceSchema> schemas) {
        this(style, schemas, name -> null);
    }

    /** As above; {@code sources} gives the spec's texts by name, for the lines the diagnostics placed in it quote. */
    public HumanPlanRenderer(Style style, Function<Address, ResourceSchema> schemas, Function<String, Source> sources) {
        this.style = style;
        this.schemas = schemas;
        this.sources = sources;
    }

    public String render(Plan plan) {
        return render(plan, false, List.of());
    }

    /**
     * As {@link #render(Plan)}, for a plan made with {@code --target} when {@code targeted}: it starts with the warning
     * that targeting is in effect, and when it has nothing to do while {@code leftOut} (resources outside the targets)
     * have changes, it names them instead of saying "No changes".
     */
    public String render(Plan plan, boolean targeted, List<Address> leftOut) {
        StringBuilder out = new StringBuilder();
        if (targeted) {
            out.append(style.bold("Warning: Resource targeting is in effect")).append("\n\n")
                    .append("This plan covers only the --target resources and what they need, so it may not show every\n"
                            + "change the spec asks for. --target is for exceptional cases, such as recovering from an\n"
                            + "error, not for routine use.\n\n");
        }
        if (!plan.drift().isEmpty()) {
            out.append(style.bold("Objects have changed outside of batchform")).append("\n\n");
            out.append("batchform detected the following changes made outside of batchform since the last apply:\n\n");
            plan.drift().forEach((address, changes) -> {
                out.append("  # ").append(address).append(" has changed\n");
                out.append("  ").append(style.action(Action.UPDATE, "~")).append(' ').append(address).append(" {\n");
                ResourceSchema schema = schemas.apply(address);
                lines(out, changes.stream().map(c -> line(schema, c, "")).toList(), Action.UPDATE);
                out.append("    }\n\n");
            });
        }
        if (plan.mode() == Plan.Mode.REFRESH_ONLY) {
            return refreshOnly(out, plan);
        }
        List<ResourceChange> work = plan.changes().stream().filter(c -> c.action().changesCloud()).toList();
        if (work.isEmpty() && plan.moved().isEmpty() && !plan.hasErrors() && !plan.changedOutputs().isEmpty()) {
            outputs(out, plan);
            out.append("\nApplying this plan records the new output values in the state; nothing in the cloud "
                    + "changes.\n");
            return out.toString();
        }
        if (work.isEmpty() && plan.moved().isEmpty() && !plan.hasErrors()) {
            if (!leftOut.isEmpty()) {
                out.append("No changes for the targeted resources, but " + leftOut.size() + " outside the targets "
                        + (leftOut.size() == 1 ? "has" : "have") + " changes: " + leftOut.stream().map(Address::toString)
                        .collect(java.util.stream.Collectors.joining(", ")) + ".\nRun batchform plan without --target "
                        + "to see them.\n");
                return out.toString();
            }
            out.append("No changes. Your infrastructure matches the configuration.\n");
            return out.toString();
        }
        if (!work.isEmpty() || !plan.moved().isEmpty()) {
            out.append("batchform will perform the following actions:\n\n");
        }
        plan.moved().forEach((from, to) -> out.append("  # ").append(from).append(" has moved to ").append(to)
                .append(" (the state re-keys it; the cloud resource is untouched)\n\n"));
        for (ResourceChange change : work) {
            resource(out, change);
        }
        for (Diagnostic diagnostic : plan.diagnostics()) {
            // A warning (a resumed replacement, a zone change) is said as one: the plan can still be applied.
            diagnostic(out, diagnostic, diagnostic.isError());
        }
        if (!plan.hasErrors()) {
            out.append(style.bold(plan.summary())).append('\n');
            if (!plan.changedOutputs().isEmpty()) {
                out.append('\n');
                outputs(out, plan);
            }
        }
        return out.toString();
    }

    /**
     * One diagnostic and a blank line: at its place in the spec when it has one, else after {@code Error:} (when
     * {@code asError}) or {@code Warning:}.
     */
    private void diagnostic(StringBuilder out, Diagnostic diagnostic, boolean asError) {
        if (diagnostic.place() != null) {
            out.append(DiagnosticFormatter.format(diagnostic, sources, label -> diagnostic.isError()
                    ? style.action(Action.DELETE, label) : style.bold(label))).append('\n');
            return;
        }
        out.append(asError ? style.action(Action.DELETE, "Error:") : style.bold("Warning:"))
                .append(' ').append(diagnostic).append("\n\n");
    }

    /** {@code Changes to Outputs:} and a line per output whose recorded value applying changes. */
    private void outputs(StringBuilder out, Plan plan) {
        List<io.batchform.plan.OutputChange> changed = plan.changedOutputs();
        int width = changed.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        out.append("Changes to Outputs:\n");
        for (io.batchform.plan.OutputChange c : changed) {
            Action action = c.removed() ? Action.DELETE : c.hadBefore() ? Action.UPDATE : Action.CREATE;
            String after = c.removed() ? "null" : !c.afterKnown() ? "(known after apply)" : output(c.after(), c);
            out.append("  ").append(style.action(action, action.symbol())).append(' ')
                    .append(String.format("%-" + width + "s", c.name())).append(" = ")
                    .append(c.hadBefore() ? output(c.before(), c) + " -> " + after : after).append('\n');
        }
    }

    private static String output(Object value, io.batchform.plan.OutputChange change) {
        if (change.sensitive()) {
            return "(sensitive value)";
        }
        try {
            return value instanceof String || value instanceof java.util.Map || value instanceof java.util.List
                    ? OUTPUT_JSON.writeValueAsString(value) : String.valueOf(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper OUTPUT_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** After the drift: the errors, the resources gone from the cloud, and what applying would do (only the state). */
    private String refreshOnly(StringBuilder out, Plan plan) {
        if (plan.hasErrors()) {
            for (Diagnostic diagnostic : plan.diagnostics()) {
                diagnostic(out, diagnostic, true);
            }
        }
        List<ResourceChange> gone = plan.forgotten();
        for (ResourceChange change : gone) {
            out.append("  # ").append(change.address()).append(" has been deleted outside of batchform\n");
        }
        if (!gone.isEmpty()) {
            out.append('\n');
        }
        if (plan.drift().isEmpty() && gone.isEmpty()) {
            out.append("No changes. The state matches what lives in the cloud.\n");
        } else {
            out.append("This is a refresh-only plan: applying it (apply --refresh-only) records these changes in the "
                    + "state and changes nothing in the cloud.\n");
        }
        return out.toString();
    }

    private void resource(StringBuilder out, ResourceChange change) {
        Action action = change.action();
        String symbol = action.symbol();
        out.append("  # ").append(change.address()).append(switch (action) {
            case CREATE -> " will be created";
            case UPDATE -> change.drains() ? " will be drained (scaled to zero), updated, and scaled back" + impact(change)
                    : " will be updated in place";
            case DELETE -> " will be destroyed" + poolGoes(change) + jobsGo(change);
            case DELETE_THEN_CREATE -> (change.replacedWith() != null
                    ? " must be replaced (it lives in " + change.replacedWith() + ", which is replaced)"
                    : asked(change) ? " will be replaced, as requested (--replace)" : " must be replaced")
                    + sameName(change) + jobsGo(change);
            case CREATE_THEN_DELETE -> " must be replaced (created before the old one is destroyed)" + newName(change)
                    + jobsGo(change);
            case NO_OP, FORGET -> "";
        }).append('\n');
        String pad = symbol.length() == 1 ? "  " : "";
        out.append(pad).append(style.action(action, symbol)).append(' ').append(change.address());
        if (action == Action.DELETE) {
            out.append("\n\n");
            return;
        }
        out.append(" {\n");
        if (action == Action.CREATE) {
            ResourceSchema schema = schemas.apply(change.address());
            Map<String, Object> leaves = new TreeMap<>();
            flatten("", change.after().values(), leaves);
            lines(out, leaves.entrySet().stream().map(e -> e.getValue() instanceof String text && multiLine(text)
                    ? new Line("+", e.getKey(), HEREDOC, "", heredoc(null, text), "")
                    : new Line("+", e.getKey(), shown(schema, e.getKey(), e.getValue(), false), "")).toList(), action);
        } else {
            ResourceSchema schema = schemas.apply(change.address());
            lines(out, change.changes().stream().map(c -> line(schema, c, note(c, change.drains()))).toList(), action);
        }
        out.append("    }\n\n");
    }

    /** For a pool replaced under a new name: which pool is made, and which goes with how many nodes. */
    private static String newName(ResourceChange change) {
        if (change.address().type() != io.batchform.address.ResourceType.POOL) {
            return "";
        }
        return "\n  #   the new pool " + lastSegment(change.id()) + " is created first; then the old pool "
                + lastSegment(change.recordedId()) + " is deleted with its " + nodes(change)
                + " and the tasks running on them";
    }

    /** For a pool replaced under its own name: why the old one goes first, and what that costs. */
    private static String sameName(ResourceChange change) {
        if (change.address().type() != io.batchform.address.ResourceType.POOL || change.replacedWith() != null) {
            return "";
        }
        return "\n  #   an account holds one pool of a name: the old one goes first with its " + nodes(change)
                + "\n  #   and the tasks running on them (no capacity until the new one is up); a new name: makes the new "
                + "pool first";
    }

    /** For a pool destroyed: what goes with it (its nodes as the refresh saw them, and their running tasks). */
    private static String poolGoes(ResourceChange change) {
        if (change.address().type() != io.batchform.address.ResourceType.POOL || change.before() == null) {
            return "";
        }
        return "\n  #   it goes with its " + nodes(change) + " and the tasks running on them";
    }

    /** For a job schedule destroyed or replaced: the active jobs the service terminates with it. */
    private static String jobsGo(ResourceChange change) {
        if (change.address().type() != io.batchform.address.ResourceType.JOB_SCHEDULE || change.before() == null) {
            return "";
        }
        Object active = change.before().get("activeJobs");
        long jobs = active instanceof Number n ? n.longValue() : active instanceof java.util.Collection<?> c ? c.size() : 0;
        return "\n  #   it goes with its " + jobs + " active job" + (jobs == 1 ? "" : "s") + " and their tasks";
    }

    /** A pool's current nodes, as the refresh saw them (deleting a pool also stops the tasks running on them). */
    private static String nodes(ResourceChange change) {
        Object dedicated = change.before() == null ? null : change.before().get("currentDedicatedNodes");
        Object lowPriority = change.before() == null ? null : change.before().get("currentLowPriorityNodes");
        return (dedicated == null ? 0 : dedicated) + " dedicated and " + (lowPriority == null ? 0 : lowPriority)
                + " low-priority nodes";
    }

    private static String lastSegment(String id) {
        return id == null ? "?" : id.substring(id.lastIndexOf('/') + 1);
    }

    /** Whether nothing forces the replacement: --replace asked for it. */
    private static boolean asked(ResourceChange change) {
        return change.changes().stream().noneMatch(c -> c.forcesReplacement() || c.needsEmptyPool());
    }

    /** What a drain costs: the nodes it removes, and that the pool runs nothing until it is scaled back. */
    private static String impact(ResourceChange change) {
        Object dedicated = change.before() == null ? null : change.before().get("currentDedicatedNodes");
        Object lowPriority = change.before() == null ? null : change.before().get("currentLowPriorityNodes");
        Object option = change.after() == null ? null : change.after().get("fixedScale.nodeDeallocationOption");
        String deallocation = option == null ? "TaskCompletion" : option.toString();
        String tasks = switch (deallocation.toLowerCase(java.util.Locale.ROOT)) {
            case "requeue" -> "running tasks are stopped and requeued";
            case "terminate" -> "running tasks are stopped and fail";
            case "retaineddata" -> "running tasks finish first, their data kept";
            default -> "running tasks finish first";
        };
        return "\n  #   its " + (dedicated == null ? 0 : dedicated) + " dedicated and " + (lowPriority == null ? 0 : lowPriority)
                + " low-priority nodes are removed (" + deallocation + ": " + tasks
                + "), and it runs no tasks until it is scaled back";
    }

    private static String note(AttributeChange change, boolean drained) {
        return change.forcesReplacement() ? " # forces replacement"
                : change.needsEmptyPool() ? (drained ? " # needs an empty pool: drained"
                : " # forces replacement or drain (needs an empty pool)") : "";
    }

    private static Line line(ResourceSchema schema, AttributeChange change, String note) {
        String text;
        String symbol;
        if (!change.sensitive() && change.after() instanceof String after && multiLine(after)
                && (change.before() == null || change.before() instanceof String)) {
            // A formula, say: shown as a heredoc, line by line, as Terraform shows multi-line strings.
            return new Line(change.before() == null ? "+" : "~", change.path(), HEREDOC, note,
                    heredoc((String) change.before(), after), "");
        }
        if (!change.sensitive() && change.after() == null && change.before() instanceof String before
                && multiLine(before)) {
            return new Line("-", change.path(), HEREDOC, note, heredoc(before, ""), " -> null");
        }
        if (change.before() == null) {
            symbol = "+";
            text = shown(schema, change.path(), change.after(), change.sensitive());
        } else if (change.after() == null) {
            symbol = "-";
            text = shown(schema, change.path(), change.before(), change.sensitive()) + " -> null";
        } else {
            symbol = "~";
            text = shown(schema, change.path(), change.before(), change.sensitive()) + " -> "
                    + shown(schema, change.path(), change.after(), change.sensitive());
        }
        return new Line(symbol, change.path(), text, note, List.of(), "");
    }

    private static final String HEREDOC = "<<-EOT";

    private static boolean multiLine(String text) {
        return text.indexOf('\n') >= 0 && text.indexOf('\n') < text.length() - 1;
    }

    /**
     * The lines of a multi-line string, each marked {@code ' '} (unchanged), {@code '-'} (only in {@code before})
     * or {@code '+'} (only in {@code after}), from their longest common subsequence; all unchanged for a new value.
     */
    static List<String> heredoc(String before, String after) {
        List<String> b = before == null ? List.of() : before.lines().toList();
        List<String> a = after.lines().toList();
        if (before == null) {
            return a.stream().map(line -> " " + line).toList();
        }
        int[][] common = new int[b.size() + 1][a.size() + 1];
        for (int i = b.size() - 1; i >= 0; i--) {
            for (int j = a.size() - 1; j >= 0; j--) {
                common[i][j] = b.get(i).equals(a.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new java.util.ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < b.size() || j < a.size()) {
            if (i < b.size() && j < a.size() && b.get(i).equals(a.get(j))) {
                out.add(" " + a.get(j++));
                i++;
            } else if (i < b.size() && (j == a.size() || common[i + 1][j] >= common[i][j + 1])) {
                out.add("-" + b.get(i++)); // what goes is shown before what replaces it
            } else {
                out.add("+" + a.get(j++));
            }
        }
        return out;
    }

    /**
     * One attribute line; {@code heredoc} holds the marked lines of a multi-line value printed below it, and
     * {@code after} what follows its closing {@code EOT} ({@code -> null} for a removed value).
     */
    private record Line(String symbol, String path, String value, String note, List<String> heredoc, String after) {
        Line(String symbol, String path, String value, String note) {
            this(symbol, path, value, note, List.of(), "");
        }
    }

    private void lines(StringBuilder out, List<Line> lines, Action action) {
        int width = lines.stream().mapToInt(l -> l.path().length()).max().orElse(0);
        for (Line line : lines) {
            out.append("      ").append(style.action(colour(line.symbol()), line.symbol())).append(' ')
                    .append(line.path()).append(" ".repeat(width - line.path().length())).append(" = ")
                    .append(line.value()).append(line.note().isEmpty() ? "" : style.dim(line.note())).append('\n');
            if (!line.heredoc().isEmpty()) {
                boolean marked = line.heredoc().stream().anyMatch(l -> l.charAt(0) != ' ');
                for (String text : line.heredoc()) {
                    String marker = text.substring(0, 1);
                    out.append(marked && !marker.equals(" ") ? "          " + style.action(colour(marker), marker) + " "
                            : "            ").append(text.substring(1)).append('\n');
                }
                out.append("        EOT").append(line.after()).append('\n');
            }
        }
    }

    private static Action colour(String symbol) {
        return switch (symbol) {
            case "+" -> Action.CREATE;
            case "-" -> Action.DELETE;
            default -> Action.UPDATE;
        };
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> out) {
        map.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> child && !child.isEmpty()) {
                flatten(path, (Map<String, Object>) child, out);
            } else {
                out.put(path, value);
            }
        });
    }

    /** A value at {@code path} as plans print it, with every secret in it (a password in a list of maps) hidden. */
    static String shown(ResourceSchema schema, String path, Object value, boolean sensitive) {
        if (sensitive || schema == null) {
            return value(value, sensitive);
        }
        return value(Secrets.mask(path, value, schema), false);
    }

    /** A value as plans print it: strings quoted, lists in brackets, secrets hidden. */
    static String value(Object value, boolean sensitive) {
        if (value == null) {
            return "null";
        }
        if (sensitive || value == Secrets.Hidden.VALUE) {
            return "(sensitive)";
        }
        if (value instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(v -> value(v, false)).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + " = " + value(e.getValue(), false))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }
}
