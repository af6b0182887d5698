package io.batchform.address;

import java.util.Arrays;
import java.util.Optional;

/**
 * The resource types batchform manages, in dependency order (a type never depends on one after it), which is also
 * the order addresses sort in. The name is the spec's and the address's: {@code pool.render}.
 */
public enum ResourceType {
    RESOURCE_GROUP("resourceGroup", 1),
    STORAGE_ACCOUNT("storageAccount", 1),
    VIRTUAL_NETWORK("virtualNetwork", 1),
    SUBNET("subnet", 2),
    USER_ASSIGNED_IDENTITY("userAssignedIdentity", 1),
    BATCH_ACCOUNT("batchAccount", 1),
    APPLICATION("application", 1),
    APPLICATION_PACKAGE("applicationPackage", 2),
    CERTIFICATE("certificate", 1),
    POOL("pool", 1),
    JOB_SCHEDULE("jobSchedule", 1);

    private final String typeName;
    private final int nameSegments;

    ResourceType(String typeName, int nameSegments) {
        this.typeName = typeName;
        this.nameSegments = nameSegments;
    }

    /** The name in addresses and specs: {@code batchAccount}. */
    public String typeName() {
        return typeName;
    }

    /** How many name segments an address of this type has ({@code subnet.<vnet>.<subnet>} has 2). */
    public int nameSegments() {
        return nameSegments;
    }

    public static Optional<ResourceType> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.typeName.equals(name)).findFirst();
    }
}
