package io.batchform.provider;

import io.batchform.address.Address;

/**
 * What a long provider call is doing, as it goes: a drain's or a resize's node counts ("3 nodes left"). The applier
 * passes these to its listener; a provider without long calls never reports.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = (address, note) -> {
    };

    void report(Address address, String note);
}
