package io.batchform.engine;

import io.batchform.address.Address;
import io.batchform.address.ResourceType;
import io.batchform.plan.Action;
import io.batchform.plan.Plan;
import io.batchform.plan.ResourceChange;
import io.batchform.source.Diagnostic;
import io.batchform.spec.validate.Cidr;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A subnet the plan creates whose range overlaps a subnet of the same network that the state records at another
 * address. The apply creates it while the other still exists (a deleted subnet goes only once what is in it has
 * gone, after the creates that replace its pools), and Azure refuses overlapping subnets in one network
 * ({@code NetcfgSubnetRangesOverlap}): the plan refuses first. The usual cause is a subnet's key renamed, which
 * renames the subnet too unless {@code name:} keeps it.
 */
final class SubnetOverlaps {
    private SubnetOverlaps() {
    }

    static Plan check(Plan plan, State prior) {
        List<Diagnostic> found = new ArrayList<>();
        for (ResourceChange change : plan.changes()) {
            if (change.address().type() != ResourceType.SUBNET || !creates(change.action()) || change.after() == null
                    || !(change.after().get("addressPrefix") instanceof String prefix) || change.id() == null) {
                continue;
            }
            String network = network(change.id());
            for (ResourceState other : prior.resources()) {
                if (other.address().type() != ResourceType.SUBNET || other.address().equals(change.address())
                        || other.id() == null || !network.equals(network(other.id()))
                        || !(other.attributes().get("addressPrefix") instanceof String held)
                        || !Cidr.overlapping(prefix, held)) {
                    continue;
                }
                found.add(Diagnostic.error(change.address(), "SubnetOverlap", "its range " + prefix + " overlaps "
                        + held + " of " + other.address() + " in the same network, which still exists when this "
                        + "apply creates it, and Azure refuses overlapping subnets (NetcfgSubnetRangesOverlap): if "
                        + change.address() + " is " + other.address() + " renamed, keep its Azure name (name: "
                        + name(other.id()) + ") and say so with moved: {from: " + other.address() + ", to: "
                        + change.address() + "}; otherwise give it a free range (" + other.address() + " then goes "
                        + "once what is in it has moved)"));
            }
        }
        return plan.adding(found);
    }

    private static boolean creates(Action action) {
        return action == Action.CREATE || action.isReplace();
    }

    private static String network(String subnetId) {
        int at = subnetId.toLowerCase(Locale.ROOT).lastIndexOf("/subnets/");
        return (at < 0 ? subnetId : subnetId.substring(0, at)).toLowerCase(Locale.ROOT);
    }

    private static String name(String subnetId) {
        return subnetId.substring(subnetId.lastIndexOf('/') + 1);
    }
}
