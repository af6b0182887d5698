package io.batchform.plan;

import io.batchform.address.Address;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import java.util.Map;

/** Lets tests in other packages build an {@link InMemoryProvider} with live resources. */
public final class InMemoryProviderAccess {
    public Provider provider() {
        return new InMemoryProvider();
    }

    public Provider provider(Map<Address, Map<String, Object>> live) {
        InMemoryProvider provider = new InMemoryProvider();
        live.forEach((address, attributes) -> provider.live.put(address, Attributes.of(attributes)));
        return provider;
    }
}
