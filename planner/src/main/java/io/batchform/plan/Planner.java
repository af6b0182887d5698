package io.batchform.plan;

import io.batchform.address.Address;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.source.Diagnostic;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes a plan: refreshes every resource the spec or the state knows, in one batched call, then compares each
 * desired resource with what lives (create, update in place, replace, no-op) and deletes what the state has and
 * the spec dropped. A change that needs an empty pool replaces the pool, or drains it when its update strategy says
 * so. A protected resource that would be deleted or replaced makes the plan fail with an error.
 */
public final class Planner {
    private Planner() {
    }

    public static Plan plan(List<DesiredResource> desired, State prior, Provider provider) {
        Map<Address, String> ids = new TreeMap<>();
        prior.resources().forEach(r -> ids.put(r.address(), r.id()));
        desired.forEach(d -> ids.put(d.address(), d.id()));
        List<Provider.ResourceRef> refs = ids.entrySet().stream()
                .map(e -> new Provider.ResourceRef(e.getKey(), e.getValue())).toList();
        Provider.RefreshResponse refresh = provider.refresh(new Provider.RefreshRequest(refs));
        List<Diagnostic> diagnostics = new ArrayList<>(refresh.diagnostics());
        List<ResourceChange> changes = new ArrayList<>();
        Map<Address, List<AttributeChange>> drift = new TreeMap<>();
        Map<Address, DesiredResource> wanted = new TreeMap<>();
        desired.forEach(d -> wanted.put(d.address(), d));

        for (DesiredResource resource : wanted.values()) {
            ResourceSchema schema = provider.schema().get(resource.address().type());
            Attributes live = refresh.live().get(resource.address());
            Attributes recorded = prior.get(resource.address()).map(ResourceState::attributes).orElse(Attributes.EMPTY);
            if (live == null) {
                changes.add(new ResourceChange(resource.address(), resource.id(), Action.CREATE, null, resource.config(),
                        List.of()));
                continue;
            }
            if (prior.get(resource.address()).isPresent()) {
                List<AttributeChange> outside = Differ.drift(schema, recorded, live);
                if (!outside.isEmpty()) {
                    drift.put(resource.address(), outside);
                }
            }
            List<AttributeChange> attributeChanges = Differ.diff(schema, resource.config(), live, recorded, prior.lineage()).stream()
                    .filter(c -> resource.ignoreChanges().stream()
                            .noneMatch(ignored -> c.path().equals(ignored) || c.path().startsWith(ignored + ".")))
                    .toList();
            Action action = Differ.actionFor(attributeChanges);
            boolean needsEmptyPool = attributeChanges.stream().anyMatch(AttributeChange::needsEmptyPool);
            boolean drain = false;
            if (action == Action.UPDATE && needsEmptyPool) {
                if (resource.updateStrategy() == DesiredResource.UpdateStrategy.DRAIN) {
                    drain = true;
                } else {
                    action = Action.DELETE_THEN_CREATE;
                }
            }
            if (action.isReplace() && resource.protect()) {
                diagnostics.add(Diagnostic.error(resource.address(), "Protected", "the plan would replace this "
                        + "resource (" + forcing(attributeChanges) + " cannot change in place), but it is protected; "
                        + "remove protect: true to allow it, or undo the change"));
            }
            changes.add(new ResourceChange(resource.address(), resource.id(), action, live, resource.config(),
                    attributeChanges, drain ? ResourceChange.UpdateMode.DRAIN : ResourceChange.UpdateMode.IN_PLACE, null));
        }
        changes = replaceChildren(changes, wanted, diagnostics);
        for (ResourceState recorded : prior.resources()) {
            if (wanted.containsKey(recorded.address())) {
                continue;
            }
            Attributes live = refresh.live().get(recorded.address());
            if (live == null) {
                // Gone from the cloud and from the spec: nothing to do but forget it.
                changes.add(new ResourceChange(recorded.address(), recorded.id(), Action.FORGET, null, null, List.of()));
                continue;
            }
            changes.add(new ResourceChange(recorded.address(), recorded.id(), Action.DELETE, live, null, List.of()));
        }
        return new Plan(changes, drift, diagnostics, prior.serial(), prior.lineage(), graph(desired, prior),
                Plan.Mode.NORMAL);
    }

    /** Per address, what it depends on: from the spec for what is wanted, else from the state. */
    public static Map<Address, java.util.Set<Address>> graph(List<DesiredResource> desired, State prior) {
        Map<Address, java.util.Set<Address>> dependencies = new TreeMap<>();
        prior.resources().forEach(r -> dependencies.put(r.address(), r.dependencies()));
        desired.forEach(d -> dependencies.put(d.address(), d.dependsOn()));
        return dependencies;
    }

    /**
     * A refresh-only plan: what changed outside batchform since the last apply, as drift, and per resource in state a
     * no-op whose {@code before} is what lives now, or a forget when it is gone. Applying it only rewrites the state.
     */
    public static Plan refreshOnly(State prior, Provider provider) {
        List<Provider.ResourceRef> refs = prior.resources().stream()
                .map(r -> new Provider.ResourceRef(r.address(), r.id())).toList();
        Provider.RefreshResponse refresh = provider.refresh(new Provider.RefreshRequest(refs));
        List<ResourceChange> changes = new ArrayList<>();
        Map<Address, List<AttributeChange>> drift = new TreeMap<>();
        for (ResourceState recorded : prior.resources()) {
            Attributes live = refresh.live().get(recorded.address());
            if (live != null) {
                List<AttributeChange> outside = Differ.drift(provider.schema().get(recorded.address().type()),
                        recorded.attributes(), live);
                if (!outside.isEmpty()) {
                    drift.put(recorded.address(), outside);
                }
            }
            changes.add(new ResourceChange(recorded.address(), recorded.id(), live == null ? Action.FORGET : Action.NO_OP,
                    live, null, List.of()));
        }
        return new Plan(changes, drift, refresh.diagnostics(), prior.serial(), prior.lineage(),
                graph(List.of(), prior), Plan.Mode.REFRESH_ONLY);
    }

    /**
     * A resource that lives inside another (a pool in its account, a package version in its application) goes with
     * it: when the parent is replaced, the child is replaced too, whatever its own changes.
     */
    private static List<ResourceChange> replaceChildren(List<ResourceChange> changes, Map<Address, DesiredResource> wanted,
                                                        List<Diagnostic> diagnostics) {
        List<ResourceChange> replaced = changes.stream().filter(c -> c.action().isReplace()).toList();
        if (replaced.isEmpty()) {
            return changes;
        }
        List<ResourceChange> out = new ArrayList<>();
        for (ResourceChange change : changes) {
            if (change.action() == Action.CREATE || change.action().isReplace()) {
                out.add(change);
                continue;
            }
            ResourceChange parent = replaced.stream()
                    .filter(p -> change.id().toLowerCase(java.util.Locale.ROOT)
                            .startsWith(p.id().toLowerCase(java.util.Locale.ROOT) + "/"))
                    .findFirst().orElse(null);
            if (parent == null) {
                out.add(change);
                continue;
            }
            DesiredResource resource = wanted.get(change.address());
            if (resource != null && resource.protect()) {
                diagnostics.add(Diagnostic.error(change.address(), "Protected", "the plan would replace this "
                        + "resource because " + parent.address() + " is replaced, but it is protected; remove protect: "
                        + "true to allow it, or undo the change to " + parent.address()));
            }
            out.add(new ResourceChange(change.address(), change.id(), Action.DELETE_THEN_CREATE, change.before(),
                    change.after(), change.changes(), ResourceChange.UpdateMode.IN_PLACE, parent.address()));
        }
        return out;
    }

    private static String forcing(List<AttributeChange> changes) {
        return String.join(", ", changes.stream().filter(c -> c.forcesReplacement() || c.needsEmptyPool())
                .map(AttributeChange::path).toList());
    }
}
