package io.batchform.plan;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.source.Diagnostic;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.util.ArrayList;
import io.batchform.provider.Mutability;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Makes a plan. The state is the record of what batchform owns: every resource it records is refreshed by its
 * recorded id, in one batched call, and so is every resource an apply started to create and did not see made (the
 * state's intents). Each desired resource is then compared with what lives (create, update in place, replace,
 * no-op); one whose desired id differs from the recorded one (a changed name) is replaced, and its new id must be
 * free. What the state records and the spec dropped is deleted. A live resource the state does not record is an
 * error (it must be imported), and so is one that could not be read: the plan never guesses what an unknown
 * resource needs. A change that needs an empty pool replaces the pool, or drains it when its update strategy says
 * so. A protected resource that would be deleted or replaced makes the plan fail with an error.
 */
public final class Planner {
    /** The code of the diagnostic of a resource the plan could not read (see {@link Plan#partial()}). */
    public static final String UNKNOWN = "Unknown";

    private Planner() {
    }

    public static Plan plan(List<DesiredResource> desired, State prior, Provider provider) {
        return plan(desired, prior, provider, Set.of());
    }

    /** As {@link #plan(List, State, Provider)}, replacing the resources at {@code replace} whatever their changes. */
    public static Plan plan(List<DesiredResource> desired, State prior, Provider provider, Set<Address> replace) {
        return plan(desired, prior, provider, replace, List.of());
    }

    /**
     * As {@link #plan(List, State, Provider, Set)}, after re-keying the state's resources as {@code moves} say (each
     * that applies: its old address recorded, its new one not); the plan lists the moves it makes.
     */
    public static Plan plan(List<DesiredResource> desired, State recordedPrior, Provider provider, Set<Address> replace,
                            List<Move> moves) {
        List<Diagnostic> conflicts = new ArrayList<>();
        Map.Entry<State, Map<Address, Address>> moved = Move.applyAll(recordedPrior, moves, conflicts);
        State prior = moved.getKey();
        Plan plan = planMoved(desired, prior, provider, replace);
        return new Plan(plan.changes(), plan.drift(), concat(plan.diagnostics(), conflicts), recordedPrior.serial(),
                recordedPrior.lineage(), plan.dependencies(), plan.mode(), moved.getValue());
    }

    private static Plan planMoved(List<DesiredResource> desired, State prior, Provider provider, Set<Address> replace) {
        Map<Address, DesiredResource> wanted = new TreeMap<>();
        desired.forEach(d -> wanted.put(d.address(), d));
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<Address, String> recordedIds = new TreeMap<>(prior.intents());
        for (ResourceState resource : prior.resources()) {
            Optional<String> refused = Identity.mismatch(resource.address(), resource.id());
            if (refused.isPresent()) {
                diagnostics.add(Diagnostic.error(resource.address(), "StateMismatch", refused.get()));
            }
            recordedIds.put(resource.address(), resource.id());
        }
        sharedIds(prior, diagnostics);
        Set<Address> mismatched = new TreeSet<>();
        diagnostics.forEach(d -> mismatched.add((Address) d.address()));
        Map<Address, String> ids = new TreeMap<>(recordedIds);
        wanted.values().forEach(d -> ids.putIfAbsent(d.address(), d.id()));
        mismatched.forEach(ids::remove);
        Provider.RefreshResponse refresh = refresh(provider, ids);
        // A resource whose name changed is created under its new id, which must be free.
        Map<Address, String> renamed = new TreeMap<>();
        for (DesiredResource resource : wanted.values()) {
            String recorded = recordedIds.get(resource.address());
            if (recorded != null && !recorded.equalsIgnoreCase(resource.id()) && !mismatched.contains(resource.address())) {
                renamed.put(resource.address(), resource.id());
            }
        }
        Provider.RefreshResponse atNewIds = renamed.isEmpty()
                ? new Provider.RefreshResponse(Map.of(), List.of(), Set.of()) : refresh(provider, renamed);
        Set<Address> unknown = new TreeSet<>(refresh.unknown());
        unknown.addAll(atNewIds.unknown());
        // Why a resource could not be read goes into its Unknown diagnostic, once, rather than beside it.
        Map<Address, String> whyUnknown = new TreeMap<>();
        for (Diagnostic d : concat(refresh.diagnostics(), atNewIds.diagnostics())) {
            if (d.address() instanceof Address address && unknown.contains(address) && d.isError()) {
                whyUnknown.putIfAbsent(address, d.code() + ": " + d.message());
            } else {
                diagnostics.add(d);
            }
        }
        List<ResourceChange> changes = new ArrayList<>();
        Map<Address, List<AttributeChange>> drift = new TreeMap<>();

        for (DesiredResource resource : wanted.values()) {
            Address address = resource.address();
            if (mismatched.contains(address)) {
                continue;
            }
            if (unknown.contains(address)) {
                unknown(address, whyUnknown.get(address), diagnostics);
                continue;
            }
            ResourceSchema schema = provider.schema().get(address.type());
            Attributes live = refresh.live().get(address);
            String recordedId = recordedIds.get(address);
            Attributes recorded = prior.get(address).map(ResourceState::attributes).orElse(Attributes.EMPTY);
            if (recordedId == null) {
                if (live != null) {
                    alreadyExists(address, resource.id(), recordedIds, diagnostics);
                } else {
                    changes.add(new ResourceChange(address, resource.id(), Action.CREATE, null, resource.config(),
                            List.of()));
                }
                continue;
            }
            boolean newId = renamed.containsKey(address);
            if (newId && atNewIds.live().containsKey(address)) {
                if (prior.intent(address).filter(resource.id()::equalsIgnoreCase).isEmpty()) {
                    alreadyExists(address, resource.id(), recordedIds, diagnostics);
                    continue;
                }
                // An apply that replaced this resource create-before-destroy stopped after making the new one.
                if (live == null) {
                    // ... and after deleting the old one: the new one is adopted like any interrupted create.
                    recordedId = resource.id();
                    live = atNewIds.live().get(address);
                    newId = false;
                } else {
                    diagnostics.add(Diagnostic.warning(address, "ReplacementResumed", "an interrupted apply created "
                            + resource.id() + " to replace " + recordedId + " and stopped before deleting the old "
                            + "one: this apply keeps the new one as it is and deletes the old one"));
                }
            }
            if (live == null) {
                // Gone outside batchform, or never made by the apply that meant to: made again, at its desired id.
                if (prior.get(address).isPresent()) {
                    // Said, so that a create never hides a recorded resource: one deleted outside, or a state pointed
                    // at another cloud of its subscription (another endpoint), whose resources would be orphaned.
                    diagnostics.add(Diagnostic.warning(address, "Gone", "the state records " + recordedId + ", but "
                            + "it does not exist (deleted outside batchform, or this is not the cloud the state was "
                            + "made against): this plan creates it again"));
                }
                changes.add(new ResourceChange(address, resource.id(), Action.CREATE, null, resource.config(),
                        List.of(), ResourceChange.UpdateMode.IN_PLACE, null, recordedId));
                continue;
            }
            if (prior.get(address).isPresent()) {
                List<AttributeChange> outside = Differ.drift(schema, recorded, live, prior.lineage());
                if (!outside.isEmpty()) {
                    drift.put(address, outside);
                }
            }
            List<AttributeChange> attributeChanges = new ArrayList<>(Differ.diff(schema, resource.config(), live,
                    recorded, prior.lineage()).stream()
                    .filter(c -> resource.ignoreChanges().stream()
                            .noneMatch(ignored -> c.path().equals(ignored) || c.path().startsWith(ignored + ".")))
                    .toList());
            if (newId && attributeChanges.stream().noneMatch(AttributeChange::forcesReplacement)) {
                // The id changed where no attribute of the resource shows it (a subnet of a renamed network).
                attributeChanges.add(new AttributeChange("id", recordedId, resource.id(), Mutability.REPLACE, false));
            }
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
            boolean forced = replace.contains(address) && !action.isReplace();
            if (forced) {
                action = Action.DELETE_THEN_CREATE;
                drain = false;
            }
            if (action == Action.DELETE_THEN_CREATE && address.type() == ResourceType.POOL && newId
                    && prior.get(address).isPresent()) {
                // A pool replaced under a new name is made before the old one goes, so the work keeps capacity.
                // Under the same name it cannot be: a Batch account holds one pool of a name. (One only an
                // interrupted apply knows of, by its intent, goes first: the state has one intent per address.)
                action = Action.CREATE_THEN_DELETE;
            }
            if (action.isReplace() && resource.protect()) {
                diagnostics.add(Diagnostic.error(address, "Protected", "the plan would replace this resource ("
                        + (forced ? "-replace asks for it" : forcing(attributeChanges) + " cannot change in place")
                        + "), but it is protected; remove protect: true to allow it, or undo the change"));
            }
            changes.add(new ResourceChange(address, resource.id(), action, live, resource.config(),
                    attributeChanges, drain ? ResourceChange.UpdateMode.DRAIN : ResourceChange.UpdateMode.IN_PLACE, null,
                    recordedId));
        }
        changes = replaceChildren(changes, wanted, diagnostics);
        for (Map.Entry<Address, String> entry : recordedIds.entrySet()) {
            Address address = entry.getKey();
            if (wanted.containsKey(address) || mismatched.contains(address)) {
                continue;
            }
            if (unknown.contains(address)) {
                unknown(address, whyUnknown.get(address), diagnostics);
                continue;
            }
            Attributes live = refresh.live().get(address);
            if (live == null) {
                // Gone from the cloud and from the spec: nothing to do but forget it.
                changes.add(new ResourceChange(address, entry.getValue(), Action.FORGET, null, null, List.of()));
                continue;
            }
            changes.add(new ResourceChange(address, entry.getValue(), Action.DELETE, live, null, List.of()));
        }
        return new Plan(changes, drift, diagnostics, prior.serial(), prior.lineage(), graph(desired, prior),
                Plan.Mode.NORMAL);
    }

    private static Provider.RefreshResponse refresh(Provider provider, Map<Address, String> ids) {
        List<Provider.ResourceRef> refs = ids.entrySet().stream()
                .map(e -> new Provider.ResourceRef(e.getKey(), e.getValue())).toList();
        return provider.refresh(new Provider.RefreshRequest(refs));
    }

    /**
     * A live resource at the id an address wants. When the state records that id under another address (a key
     * renamed without {@code moved:}, or a name changed to another resource's), importing it would give one resource
     * two addresses, so the message says which one holds it and how to move it instead.
     */
    private static void alreadyExists(Address address, String id, Map<Address, String> recordedIds,
                                      List<Diagnostic> diagnostics) {
        Optional<Address> holder = recordedIds.entrySet().stream()
                .filter(e -> !e.getKey().equals(address) && id.equalsIgnoreCase(e.getValue()))
                .map(Map.Entry::getKey).findFirst();
        if (holder.isPresent()) {
            Address held = holder.get();
            diagnostics.add(Diagnostic.error(address, "AlreadyExists", id + " already exists, and the state records "
                    + "it as " + held + ": if " + address + " is " + held + " renamed, say so with moved: {from: "
                    + held + ", to: " + address + "} (or batchform state mv " + held + " " + address + "); otherwise "
                    + "give " + address + " another name"));
            return;
        }
        diagnostics.add(Diagnostic.error(address, "AlreadyExists", id + " already exists, and the state does not "
                + "record it: batchform import " + address + " " + id + " to manage it, or give the resource another "
                + "name"));
    }

    /**
     * Refuses every address of an id the state records under more than one (an import or a hand edit made it): a
     * plan would delete the resource under one while keeping it under the other. Those addresses are left out of
     * the plan, never refreshed or deleted, until {@code state rm} forgets all but one.
     */
    private static void sharedIds(State prior, List<Diagnostic> diagnostics) {
        Map<String, List<Address>> byId = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        prior.resources().stream().filter(r -> r.id() != null)
                .forEach(r -> byId.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r.address()));
        byId.forEach((id, addresses) -> {
            if (addresses.size() < 2) {
                return;
            }
            List<String> names = addresses.stream().sorted().map(Address::toString).toList();
            for (Address address : addresses) {
                if (diagnostics.stream().anyMatch(d -> address.equals(d.address()))) {
                    continue;
                }
                diagnostics.add(Diagnostic.error(address, "StateMismatch", "the state records " + id + " at "
                        + String.join(" and ", names) + ": one resource cannot have two addresses, and a plan would "
                        + "delete it under one while keeping it under the other; keep one with batchform state rm "
                        + "(it forgets an address, the resource stays)"));
            }
        });
    }

    /** A resource that could not be read: the plan names it and does nothing with it (the refresh said why). */
    private static void unknown(Address address, String why, List<Diagnostic> diagnostics) {
        diagnostics.add(Diagnostic.error(address, UNKNOWN, "could not be read" + (why == null ? "" : " (" + why + ")")
                + UNKNOWN_TAIL));
    }

    private static final String UNKNOWN_TAIL = ", so whether it exists and what it needs are unknown; this plan "
            + "leaves it out and cannot be applied. Run the plan again when it answers";

    /** Why the resource of an {@link #UNKNOWN} diagnostic could not be read, when the refresh said. */
    public static java.util.Optional<String> unknownCause(Diagnostic unknown) {
        String prefix = "could not be read (";
        String message = unknown.message();
        String end = ")" + UNKNOWN_TAIL;
        return UNKNOWN.equals(unknown.code()) && message.startsWith(prefix) && message.endsWith(end)
                ? java.util.Optional.of(message.substring(prefix.length(), message.length() - end.length()))
                : java.util.Optional.empty();
    }

    private static List<Diagnostic> concat(List<Diagnostic> a, List<Diagnostic> b) {
        List<Diagnostic> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
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
            if (refresh.unknown().contains(recorded.address())) {
                continue; // not read: the state keeps what it recorded
            }
            Attributes live = refresh.live().get(recorded.address());
            if (live != null) {
                List<AttributeChange> outside = Differ.drift(provider.schema().get(recorded.address().type()),
                        recorded.attributes(), live, prior.lineage());
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
            if (change.action() == Action.CREATE || change.action() == Action.DELETE_THEN_CREATE) {
                out.add(change);
                continue;
            }
            ResourceChange parent = replaced.stream().filter(p -> p != change)
                    .filter(p -> change.recordedId().toLowerCase(java.util.Locale.ROOT)
                            .startsWith(p.recordedId().toLowerCase(java.util.Locale.ROOT) + "/"))
                    .findFirst().orElse(null);
            if (parent == null) {
                out.add(change);
                continue;
            }
            DesiredResource resource = wanted.get(change.address());
            if (change.action() == Action.CREATE_THEN_DELETE) {
                // Its old self goes with its parent whatever the order: no point making the new one first.
                out.add(new ResourceChange(change.address(), change.id(), Action.DELETE_THEN_CREATE, change.before(),
                        change.after(), change.changes(), ResourceChange.UpdateMode.IN_PLACE, parent.address(),
                        change.recordedId()));
                continue;
            }
            if (resource != null && resource.protect()) {
                diagnostics.add(Diagnostic.error(change.address(), "Protected", "the plan would replace this "
                        + "resource because " + parent.address() + " is replaced, but it is protected; remove protect: "
                        + "true to allow it, or undo the change to " + parent.address()));
            }
            out.add(new ResourceChange(change.address(), change.id(), Action.DELETE_THEN_CREATE, change.before(),
                    change.after(), change.changes(), ResourceChange.UpdateMode.IN_PLACE, parent.address(),
                    change.recordedId()));
        }
        return out;
    }

    private static String forcing(List<AttributeChange> changes) {
        return String.join(", ", changes.stream().filter(c -> c.forcesReplacement() || c.needsEmptyPool())
                .map(AttributeChange::path).toList());
    }
}
