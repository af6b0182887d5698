package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code Microsoft.Network/virtualNetworks} and their subnets. PUT answers 201 with Azure-AsyncOperation and a body
 * in state Updating; DELETE answers 202 with a Location. Subnets sent inline in a VNet are readable as child
 * resources, and subnets created as children appear inline in the VNet.
 */
final class NetworkResources {
    private static final String VNET = "Microsoft.Network/virtualNetworks";
    private static final String SUBNET = "Microsoft.Network/virtualNetworks/subnets";

    private final ArmHandler arm;
    private final ResourceStore store;

    NetworkResources(ArmHandler arm, ResourceStore store) {
        this.arm = arm;
        this.store = store;
    }

    Response handle(Request request, int typeIndex) {
        if (!request.lower().get(typeIndex).equals("virtualnetworks")) {
            throw new ArmError(400, "InvalidResourceType", "The resource type '" + request.segment(typeIndex)
                    + "' is not emulated in Microsoft.Network.");
        }
        String groupId = "/subscriptions/" + request.segment(1) + "/resourceGroups/" + request.segment(3);
        if (request.size() == typeIndex + 1) {
            ArmHandler.requireMethod(request, "GET");
            return arm.list(request, store.children(groupId, VNET).stream().map(this::withSubnets).toList());
        }
        String vnetName = request.segment(typeIndex + 1);
        String vnetId = groupId + "/providers/Microsoft.Network/virtualNetworks/" + vnetName;
        synchronized (store) {
            if (request.size() == typeIndex + 2) {
                return vnet(request, vnetId, vnetName);
            }
            if (request.lower().get(typeIndex + 2).equals("subnets")) {
                ObjectNode vnet = store.get(vnetId).orElseThrow(() -> ArmError.notFound(VNET, vnetName, request.segment(3)));
                if (request.size() == typeIndex + 3) {
                    ArmHandler.requireMethod(request, "GET");
                    return arm.list(request, store.children(vnetId, SUBNET));
                }
                if (request.size() == typeIndex + 4) {
                    return subnet(request, vnet, request.segment(typeIndex + 3));
                }
            }
        }
        throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id() + "' is not supported.");
    }

    private Response vnet(Request request, String id, String name) {
        switch (request.method()) {
            case "GET" -> {
                return Response.ok(withSubnets(store.get(id).orElseThrow(() -> ArmError.notFound(VNET, name,
                        request.segment(3)))));
            }
            case "PUT" -> {
                ObjectNode body = ArmHandler.body(request);
                checkName(name, "virtual network");
                String location = ArmHandler.text(body, "location", "location");
                List<Cidr> space = new ArrayList<>();
                JsonNode prefixes = body.path("properties").path("addressSpace").path("addressPrefixes");
                if (!prefixes.isArray() || prefixes.isEmpty()) {
                    throw ArmError.badRequest("InvalidRequestFormat", "The virtual network needs at least one "
                            + "address prefix in properties.addressSpace.addressPrefixes.",
                            "properties.addressSpace.addressPrefixes");
                }
                for (JsonNode prefix : prefixes) {
                    space.add(Cidr.parse(prefix.asText(), "properties.addressSpace.addressPrefixes"));
                }
                ObjectNode vnet = store.get(id).map(ObjectNode::deepCopy).orElseGet(ArmHandler.JSON::createObjectNode);
                boolean created = !vnet.has("id");
                vnet.put("id", id);
                vnet.put("name", name);
                vnet.put("type", VNET);
                vnet.put("location", created ? location : vnet.get("location").asText());
                vnet.put("etag", "W/\"" + UUID.randomUUID() + "\"");
                vnet.set("tags", body.has("tags") ? body.get("tags") : ArmHandler.JSON.createObjectNode());
                ObjectNode properties = vnet.putObject("properties");
                properties.setAll(((ObjectNode) body.path("properties")).deepCopy());
                properties.remove("subnets");
                properties.put("provisioningState", "Updating");
                properties.put("resourceGuid", vnet.path("properties").path("resourceGuid").asText(UUID.randomUUID().toString()));
                properties.putObject("addressSpace").set("addressPrefixes", prefixes);
                // Inline subnets replace the children: those not listed are removed, as a PUT of the VNet does.
                JsonNode inline = body.path("properties").path("subnets");
                List<ObjectNode> subnets = new ArrayList<>();
                if (inline.isArray()) {
                    for (JsonNode subnet : inline) {
                        String subnetName = ArmHandler.text(subnet, "name", "properties.subnets[].name");
                        subnets.add(subnetResource(id, subnetName, subnet.path("properties"), space));
                    }
                }
                checkOverlaps(subnets);
                store.children(id, SUBNET).forEach(s -> store.remove(s.get("id").asText()));
                store.put(vnet);
                subnets.forEach(store::put);
                return arm.operations().start(request, id, location, "Microsoft.Network",
                        Operations.Kind.CREATE, Operations.Style.ASYNC_OPERATION,
                        withSubnets(vnet));
            }
            case "DELETE" -> {
                ObjectNode vnet = store.get(id).orElse(null);
                if (vnet == null) {
                    return Response.empty(204);
                }
                for (ObjectNode subnet : store.children(id, SUBNET)) {
                    refuseInUse(subnet.get("id").asText(), subnet.get("name").asText());
                }
                return arm.operations().start(request, id, vnet.path("location").asText(), "Microsoft.Network",
                        Operations.Kind.DELETE, Operations.Style.LOCATION, null);
            }
            default -> throw ArmHandler.methodNotAllowed(request);
        }
    }

    private Response subnet(Request request, ObjectNode vnet, String name) {
        String vnetId = vnet.get("id").asText();
        String id = vnetId + "/subnets/" + name;
        switch (request.method()) {
            case "GET" -> {
                return Response.ok(store.get(id).orElseThrow(() -> ArmError.notFound(SUBNET,
                        vnet.get("name").asText() + "/" + name, request.segment(3))));
            }
            case "PUT" -> {
                checkName(name, "subnet");
                List<Cidr> space = new ArrayList<>();
                vnet.path("properties").path("addressSpace").path("addressPrefixes")
                        .forEach(p -> space.add(Cidr.parse(p.asText(), "addressSpace")));
                ObjectNode subnet = subnetResource(vnetId, name, ArmHandler.body(request).path("properties"), space);
                List<ObjectNode> all = new ArrayList<>(store.children(vnetId, SUBNET).stream()
                        .filter(s -> !s.get("name").asText().equalsIgnoreCase(name)).toList());
                all.add(subnet);
                checkOverlaps(all);
                store.put(subnet);
                return arm.operations().start(request, id, vnet.path("location").asText(), "Microsoft.Network",
                        Operations.Kind.CREATE, Operations.Style.ASYNC_OPERATION, subnet);
            }
            case "DELETE" -> {
                if (store.get(id).isEmpty()) {
                    return Response.empty(204);
                }
                refuseInUse(id, name);
                return arm.operations().start(request, id, vnet.path("location").asText(), "Microsoft.Network",
                        Operations.Kind.DELETE, Operations.Style.LOCATION, null);
            }
            default -> throw ArmHandler.methodNotAllowed(request);
        }
    }

    private static ObjectNode subnetResource(String vnetId, String name, JsonNode properties, List<Cidr> space) {
        String prefix = properties.path("addressPrefix").asText(null);
        if (prefix == null) {
            throw ArmError.badRequest("InvalidRequestFormat", "Subnet '" + name + "' needs properties.addressPrefix.",
                    "properties.addressPrefix");
        }
        Cidr cidr = Cidr.parse(prefix, "properties.addressPrefix");
        if (space.stream().noneMatch(s -> s.contains(cidr))) {
            throw ArmError.badRequest("NetcfgSubnetRangeOutsideVnet", "Subnet '" + name + "' is not valid because its "
                    + "IP address range is outside the IP address range of virtual network '"
                    + vnetId.substring(vnetId.lastIndexOf('/') + 1) + "'.", "properties.addressPrefix");
        }
        ObjectNode subnet = ArmHandler.JSON.createObjectNode();
        subnet.put("id", vnetId + "/subnets/" + name);
        subnet.put("name", name);
        subnet.put("type", SUBNET);
        subnet.put("etag", "W/\"" + UUID.randomUUID() + "\"");
        ObjectNode out = subnet.putObject("properties");
        if (properties instanceof ObjectNode given) {
            out.setAll(given.deepCopy()); // what the emulator does not model (a security group, delegations) is kept
        }
        out.put("provisioningState", "Succeeded");
        out.put("addressPrefix", prefix);
        return subnet;
    }

    /**
     * Azure refuses to delete a subnet while something has addresses in it (a pool's nodes, and the pool until its
     * deletion completes): {@code InUseSubnetCannotBeDeleted}, for the subnet and for its network.
     */
    private void refuseInUse(String subnetId, String name) {
        String subscription = subnetId.substring(0,
                subnetId.toLowerCase(java.util.Locale.ROOT).indexOf("/resourcegroups/"));
        for (ObjectNode pool : store.ofType(subscription, BatchResources.POOL)) {
            if (subnetId.equalsIgnoreCase(pool.path("properties").path("networkConfiguration").path("subnetId")
                    .asText(""))) {
                throw ArmError.badRequest("InUseSubnetCannotBeDeleted", "Subnet " + name + " is in use by "
                        + pool.get("id").asText() + " and cannot be deleted. In order to delete the subnet, delete "
                        + "all the resources within the subnet.", null);
            }
        }
    }

    private static void checkOverlaps(List<ObjectNode> subnets) {
        for (int i = 0; i < subnets.size(); i++) {
            for (int j = i + 1; j < subnets.size(); j++) {
                Cidr a = Cidr.parse(subnets.get(i).path("properties").path("addressPrefix").asText(), "addressPrefix");
                Cidr b = Cidr.parse(subnets.get(j).path("properties").path("addressPrefix").asText(), "addressPrefix");
                if (a.overlaps(b)) {
                    throw ArmError.badRequest("NetcfgSubnetRangesOverlap", "Subnet '" + subnets.get(j).get("name").asText()
                            + "' is not valid because its IP address range overlaps with that of an existing subnet "
                            + "'" + subnets.get(i).get("name").asText() + "'.", "properties.subnets");
                }
            }
        }
    }

    private static void checkName(String name, String what) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}[A-Za-z0-9_]|[A-Za-z0-9]")) {
            throw ArmError.badRequest("InvalidResourceName", "Resource name " + name + " is invalid for a " + what
                    + ": 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit and ending with a "
                    + "letter, digit or '_'.", "name");
        }
    }

    /** The VNet with its subnets inline, as Azure returns it, and in state Succeeded once its operation is done. */
    private ObjectNode withSubnets(ObjectNode vnet) {
        ObjectNode copy = vnet.deepCopy();
        ArrayNode subnets = ((ObjectNode) copy.get("properties")).putArray("subnets");
        store.children(vnet.get("id").asText(), SUBNET).forEach(subnets::add);
        return copy;
    }

    /** An IPv4 CIDR block. */
    record Cidr(long base, int bits) {
        static Cidr parse(String text, String target) {
            String[] parts = text.split("/");
            String[] octets = parts[0].split("\\.");
            try {
                if (parts.length != 2 || octets.length != 4) {
                    throw new NumberFormatException();
                }
                long base = 0;
                for (String octet : octets) {
                    int value = Integer.parseInt(octet);
                    if (value < 0 || value > 255) {
                        throw new NumberFormatException();
                    }
                    base = base << 8 | value;
                }
                int bits = Integer.parseInt(parts[1]);
                if (bits < 0 || bits > 32) {
                    throw new NumberFormatException();
                }
                long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
                return new Cidr(base & mask, bits);
            } catch (NumberFormatException e) {
                throw ArmError.badRequest("InvalidAddressPrefixFormat", "Address prefix " + text
                        + " is not a valid IPv4 CIDR block.", target);
            }
        }

        long size() {
            return 1L << (32 - bits);
        }

        boolean contains(Cidr other) {
            return other.bits >= bits && other.base >= base && other.base + other.size() <= base + size();
        }

        boolean overlaps(Cidr other) {
            return base < other.base + other.size() && other.base < base + size();
        }
    }
}
