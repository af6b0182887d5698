package io.batchform.engine;

import io.batchform.address.ResourceType;
import io.batchform.plan.Action;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.provider.Provider;
import io.batchform.source.Diagnostic;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A resource group the plan deletes (destroyed, or replaced: a new location or name) that holds resources batchform
 * does not manage. Azure deletes a group with everything in it, so the plan would delete them without naming them:
 * it refuses instead, naming them (as Terraform's azurerm provider does by default). What the provider cannot list
 * is not judged.
 */
final class ResourceGroupContents {
    private ResourceGroupContents() {
    }

    static Plan check(Plan plan, State prior, Provider provider) {
        Set<String> managed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (ResourceState resource : prior.resources()) {
            if (resource.id() != null) {
                managed.add(resource.id());
            }
        }
        List<Diagnostic> found = new ArrayList<>();
        for (ResourceChange change : plan.changes()) {
            if (change.address().type() != ResourceType.RESOURCE_GROUP || !deletes(change.action())
                    || change.recordedId() == null) {
                continue;
            }
            Optional<List<String>> held = provider.resourcesIn(change.recordedId());
            if (held.isEmpty()) {
                continue;
            }
            List<String> foreign = held.get().stream().filter(id -> !managed.contains(id)).sorted().toList();
            if (foreign.isEmpty()) {
                continue;
            }
            String group = change.recordedId().substring(change.recordedId().lastIndexOf('/') + 1);
            found.add(Diagnostic.error(change.address(), "NotEmpty", "this plan "
                    + (change.action() == Action.DELETE ? "deletes" : "replaces") + " the resource group " + group
                    + ", and Azure deletes a group with everything in it, including " + foreign.size()
                    + (foreign.size() == 1 ? " resource" : " resources") + " that batchform does not manage: "
                    + String.join(", ", foreign) + "; move " + (foreign.size() == 1 ? "it" : "them") + " out or "
                    + "delete " + (foreign.size() == 1 ? "it" : "them") + " first, or declare and import "
                    + (foreign.size() == 1 ? "it" : "them") + " to manage " + (foreign.size() == 1 ? "it" : "them")
                    + " here"));
        }
        return plan.adding(found);
    }

    private static boolean deletes(Action action) {
        return action == Action.DELETE || action.isReplace();
    }
}
