package io.batchform.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.address.Address;

/**
 * How a batchform address reads in Terraform's JSON formats, where an address is {@code type.name} or
 * {@code type.name[index]} and {@code type}, {@code name} and {@code index} rebuild it. A one-name address is a
 * resource of its own: {@code pool.render} is type {@code pool}, name {@code render}, no index. A two-name address
 * (a subnet in its network, a package version in its application) is an instance of its parent's block keyed by the
 * second name, as a Terraform {@code for_each} resource is: {@code subnet.main.pools} is type {@code subnet}, name
 * {@code main}, index {@code "pools"}, address {@code subnet.main["pools"]}, and so {@code subnet.other.pools} never
 * collides with it. batchform reads that spelling back wherever it takes an address ({@code --target}, {@code state
 * show}).
 */
record JsonAddress(String address, String type, String name, String index) {
    static JsonAddress of(Address address) {
        String type = address.type().typeName();
        if (address.names().size() == 1) {
            return new JsonAddress(address.toString(), type, address.name(), null);
        }
        String name = address.names().get(0);
        String index = address.names().get(1);
        return new JsonAddress(type + "." + name + "[\"" + index + "\"]", type, name, index);
    }

    /** The address of the block that declares it: {@code subnet.main} for {@code subnet.main["pools"]}. */
    String blockAddress() {
        return type + "." + name;
    }

    /** Writes {@code address}, {@code mode}, {@code type}, {@code name} and (when there is one) {@code index}. */
    ObjectNode write(ObjectNode node) {
        node.put("address", address);
        node.put("mode", "managed");
        node.put("type", type);
        node.put("name", name);
        if (index != null) {
            node.put("index", index);
        }
        return node;
    }
}
