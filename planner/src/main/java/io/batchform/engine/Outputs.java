package io.batchform.engine;

import io.batchform.address.Address;
import io.batchform.plan.Action;
import io.batchform.plan.OutputChange;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.AttributeSchema;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.source.Diagnostic;
import io.batchform.source.Suggestions;
import io.batchform.spec.OutputSpec;
import io.batchform.state.OutputValue;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The spec's outputs: their references checked against the provider's attributes, what a plan does to them, and
 * their values in a state after apply. An output whose value cannot be known yet (it reads an attribute of a
 * resource the apply creates) is "known after apply".
 */
final class Outputs {
    /** A reference's value: known (possibly null: the attribute is not set) or not before apply. */
    private record Resolved(Object value, boolean known) {
        static final Resolved UNKNOWN = new Resolved(null, false);

        Resolved {
            value = normal(value);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** A value as the state file gives it back (a number as JSON reads it), so that comparisons hold. */
    static Object normal(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.readValue(JSON.writeValueAsBytes(value), Object.class); // convertValue would keep a Long
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("an attribute's value always serialises", e);
        }
    }

    private Outputs() {
    }

    /** An error at each reference to an attribute the provider does not know, with the nearest one suggested. */
    static List<Diagnostic> check(List<OutputSpec> outputs, Provider provider) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (OutputSpec output : outputs) {
            for (OutputSpec.Reference ref : output.references()) {
                ResourceSchema schema = provider.schema().get(ref.address().type());
                if (schema == null || ref.attribute().equals("id")) {
                    continue;
                }
                List<String> paths = schema.attributes().stream().map(AttributeSchema::path).toList();
                boolean known = paths.stream().anyMatch(p -> p.equals(ref.attribute())
                        || ref.attribute().startsWith(p + ".") || p.startsWith(ref.attribute() + "."));
                if (!known) {
                    List<String> candidates = new ArrayList<>(paths);
                    candidates.add("id");
                    diagnostics.add(Diagnostic.error(ref.at(), "output '" + output.name() + "': a "
                            + ref.address().type().typeName() + " has no attribute '" + ref.attribute() + "'"
                            + Suggestions.suffix(ref.attribute(), candidates)));
                }
            }
        }
        return diagnostics;
    }

    /** What applying {@code plan} (made from {@code prior}) does to the outputs. */
    static List<OutputChange> planned(List<OutputSpec> outputs, Plan plan, State prior, Provider provider) {
        Map<Address, ResourceChange> changes = new TreeMap<>();
        plan.changes().forEach(c -> changes.put(c.address(), c));
        List<OutputChange> planned = new ArrayList<>();
        Map<String, OutputValue> recorded = prior.outputs();
        java.util.Set<String> declared = new java.util.TreeSet<>();
        if (plan.mode() != Plan.Mode.DESTROY) {
            for (OutputSpec output : outputs) {
                declared.add(output.name());
                OutputValue before = recorded.get(output.name());
                Resolved after = evaluate(output, ref -> planned(ref, changes.get(ref.address()), prior));
                planned.add(new OutputChange(output.name(), before == null ? null : normal(before.value()), before != null,
                        after.value(), after.known(), false, sensitive(output, provider)
                        || before != null && before.sensitive()));
            }
        }
        recorded.forEach((name, value) -> {
            if (!declared.contains(name)) {
                planned.add(new OutputChange(name, value.value(), true, null, true, true, value.sensitive()));
            }
        });
        return planned;
    }

    /**
     * The outputs' values in {@code state} after an apply: each computed from the resources' recorded attributes; one
     * that reads a resource the state does not hold (a targeted apply left it out) keeps its recorded value, if any.
     */
    static Map<String, OutputValue> values(List<OutputSpec> outputs, State state, Provider provider) {
        Map<String, OutputValue> values = new TreeMap<>();
        for (OutputSpec output : outputs) {
            Resolved value = evaluate(output, ref -> state.get(ref.address()).map(r -> new Resolved(read(r, ref), true))
                    .orElse(Resolved.UNKNOWN));
            if (value.known()) {
                values.put(output.name(), new OutputValue(value.value(), sensitive(output, provider)));
            } else if (state.outputs().containsKey(output.name())) {
                values.put(output.name(), state.outputs().get(output.name()));
            }
        }
        return values;
    }

    private static boolean sensitive(OutputSpec output, Provider provider) {
        return output.sensitive() || output.references().stream().anyMatch(ref -> {
            ResourceSchema schema = provider.schema().get(ref.address().type());
            return schema != null && schema.lookup(ref.attribute()).sensitive();
        });
    }

    private static Resolved planned(OutputSpec.Reference ref, ResourceChange change, State prior) {
        Optional<ResourceState> recorded = prior.get(ref.address());
        if (change == null) {
            return recorded.map(r -> new Resolved(read(r, ref), true)).orElse(Resolved.UNKNOWN);
        }
        if (ref.attribute().equals("id")) {
            return new Resolved(change.id(), change.id() != null);
        }
        Action action = change.action();
        Object declared = change.after() == null ? null : change.after().get(ref.attribute());
        if (declared != null) {
            return new Resolved(declared, true);
        }
        if (action == Action.NO_OP || action == Action.UPDATE && !change.drains()) {
            Object live = change.before() == null ? null : change.before().get(ref.attribute());
            return live != null ? new Resolved(live, true)
                    : recorded.map(r -> new Resolved(read(r, ref), true)).orElse(Resolved.UNKNOWN);
        }
        return Resolved.UNKNOWN;
    }

    private static Object read(ResourceState resource, OutputSpec.Reference ref) {
        return ref.attribute().equals("id") ? resource.id() : resource.attributes().get(ref.attribute());
    }

    /** The output's value: the attribute's itself for one reference alone, else the parts joined as text. */
    private static Resolved evaluate(OutputSpec output, Function<OutputSpec.Reference, Resolved> lookup) {
        if (output.value().size() == 1 && output.value().get(0) instanceof OutputSpec.Reference ref) {
            return lookup.apply(ref);
        }
        StringBuilder text = new StringBuilder();
        for (OutputSpec.Part part : output.value()) {
            if (part instanceof OutputSpec.Text literal) {
                text.append(literal.text());
            } else {
                Resolved resolved = lookup.apply((OutputSpec.Reference) part);
                if (!resolved.known()) {
                    return Resolved.UNKNOWN;
                }
                text.append(resolved.value() == null ? "" : resolved.value());
            }
        }
        return new Resolved(text.toString(), true);
    }
}
