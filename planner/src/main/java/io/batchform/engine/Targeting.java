package io.batchform.engine;

import io.batchform.address.Address;
import io.batchform.graph.Graph;
import io.batchform.plan.Action;
import io.batchform.plan.DesiredResource;
import io.batchform.plan.Move;
import io.batchform.plan.Plan;
import io.batchform.plan.Planner;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Provider;
import io.batchform.source.Diagnostic;
import io.batchform.source.Suggestions;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which resources a plan touches: with {@code --target}, only they and what they depend on (when destroying: they
 * and what depends on them); a destroy that would delete a protected resource fails, naming it.
 */
final class Targeting {
    private Targeting() {
    }

    /**
     * The plan of {@code desired} (ignored when destroying) against {@code prior}, carrying the whole graph; the
     * resources {@code replace} names are replaced whatever their changes (each must be in the spec and the state).
     */
    static Plan plan(List<DesiredResource> desired, State prior, Provider provider, List<String> targets,
                     List<String> replace, List<Move> moves, Plan.Mode mode) {
        Map<Address, Set<Address>> dependencies = Planner.graph(desired, prior);
        Set<Address> replaced = replaced(replace, desired, prior, mode);
        List<DesiredResource> wanted = mode == Plan.Mode.DESTROY ? List.of() : desired;
        State considered = prior;
        if (!targets.isEmpty()) {
            Set<Address> chosen = chosen(targets, dependencies, mode);
            wanted = wanted.stream().filter(d -> chosen.contains(d.address())).toList();
            considered = prior.only(chosen::contains);
        }
        Plan plan = Planner.plan(wanted, considered, provider, replaced, mode == Plan.Mode.DESTROY ? List.of() : moves)
                .withDependencies(dependencies).withProtect(desired.stream().filter(DesiredResource::protect)
                        .map(DesiredResource::address).collect(Collectors.toSet()));
        plan = refuseProtected(plan, desired, prior);
        return mode == Plan.Mode.DESTROY ? plan.withMode(Plan.Mode.DESTROY) : plan;
    }

    private static Set<Address> replaced(List<String> replace, List<DesiredResource> desired, State prior,
                                         Plan.Mode mode) {
        Set<Address> out = new TreeSet<>();
        if (!replace.isEmpty() && mode != Plan.Mode.NORMAL) {
            throw new Operations.Refused(Operations.refusal("--replace makes sense only for a plan that applies the "
                    + "spec, not for " + (mode == Plan.Mode.DESTROY ? "destroy" : "--refresh-only")));
        }
        List<String> names = desired.stream().map(d -> d.address().toString()).toList();
        for (String text : replace) {
            Address address;
            try {
                address = Address.parse(text);
            } catch (IllegalArgumentException e) {
                throw new Operations.Refused(Operations.refusal("--replace " + text + ": " + e.getMessage()));
            }
            boolean declared = desired.stream().anyMatch(d -> d.address().equals(address));
            if (!declared || prior.get(address).isEmpty()) {
                throw new Operations.Refused(Operations.refusal("--replace " + text + ": " + (declared
                        ? "not in the state yet, so there is nothing to replace (the plan creates it)"
                        : "the spec declares no such resource" + Suggestions.suffix(text, names))));
            }
            out.add(address);
        }
        return out;
    }

    /**
     * Refuses each delete of a protected resource: one the spec declares with {@code protect: true}; one the spec
     * does not declare (a destroy run without the spec, a resource taken out of the spec) that the state records as
     * protected when it was last applied, so that protection is lifted only by applying a spec that lifts it.
     */
    private static Plan refuseProtected(Plan plan, List<DesiredResource> desired, State prior) {
        Set<Address> declared = desired.stream().map(DesiredResource::address).collect(Collectors.toSet());
        List<Diagnostic> refused = new ArrayList<>();
        for (ResourceChange change : plan.changes()) {
            Address address = change.address();
            if (change.action() != Action.DELETE) {
                continue;
            }
            if (plan.protect().contains(address)) {
                refused.add(Diagnostic.error(address, "Protected", "destroy would delete this "
                        + "resource, but the spec protects it; remove protect: true to allow it, or leave it out "
                        + "with --target"));
            } else if (!declared.contains(address) && prior.get(address).map(ResourceState::protect).orElse(false)) {
                refused.add(Diagnostic.error(address, "Protected", "this plan would delete this "
                        + "resource, which the spec " + (desired.isEmpty() ? "(not read: none was found or given) "
                        : "no longer declares; it ") + "protected when it was last applied (the state records "
                        + "protect: true); to delete it, apply a spec that declares it with protect: false first, or "
                        + "leave it out with --target; batchform state rm forgets it without deleting it"));
            }
        }
        return plan.adding(refused);
    }

    private static Set<Address> chosen(List<String> targets, Map<Address, Set<Address>> dependencies, Plan.Mode mode) {
        Graph<Address> graph = new Graph<>();
        dependencies.forEach((address, deps) -> {
            graph.add(address);
            deps.forEach(d -> {
                graph.add(d);
                graph.dependsOn(address, d);
            });
        });
        Set<Address> roots = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        for (String target : targets) {
            Address address;
            try {
                address = Address.parse(target);
            } catch (IllegalArgumentException e) {
                throw new Operations.Refused(Operations.refusal("--target " + target + ": " + e.getMessage()));
            }
            if (!dependencies.containsKey(address)) {
                unknown.add(target);
            }
            roots.add(address);
        }
        if (!unknown.isEmpty()) {
            throw new Operations.Refused(Operations.refusal("--target " + String.join(", ", unknown) + ": no such "
                    + "resource in the spec or the state" + Suggestions.suffix(unknown.get(0),
                    dependencies.keySet().stream().map(Address::toString).toList())));
        }
        return mode == Plan.Mode.DESTROY ? graph.reversed().closure(roots) : graph.closure(roots);
    }
}
