package io.batchform.azure.resource;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an ARM resource id:
 * {@code /subscriptions/{s}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}[/{type}/{name}...]}.
 */
record ArmId(String subscription, String resourceGroup, String namespace, List<String> types, List<String> names) {
    static ArmId parse(String id) {
        String[] parts = id.replaceAll("^/+|/+$", "").split("/");
        if (parts.length < 4 || !parts[0].equalsIgnoreCase("subscriptions") || !parts[2].equalsIgnoreCase("resourceGroups")) {
            throw new IllegalArgumentException("'" + id + "' is not an ARM resource id");
        }
        List<String> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String namespace = null;
        if (parts.length > 4) {
            if (!parts[4].equalsIgnoreCase("providers") || parts.length < 8 || (parts.length - 6) % 2 != 0) {
                throw new IllegalArgumentException("'" + id + "' is not an ARM resource id");
            }
            namespace = parts[5];
            for (int i = 6; i < parts.length; i += 2) {
                types.add(parts[i]);
                names.add(parts[i + 1]);
            }
        }
        return new ArmId(parts[1], parts[3], namespace, types, names);
    }

    /** A batch key for the resources listed per resource group: {@code vnets:rg}. */
    String groupKey(String kind) {
        return kind + ":" + resourceGroup;
    }

    /** A batch key for the resources listed per Batch account: {@code pools:rg/account}. */
    String accountKey(String kind) {
        return kind + ":" + resourceGroup + "/" + name(0);
    }

    String name(int level) {
        return names.get(level);
    }
}
