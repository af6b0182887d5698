package io.batchform.spec;

import java.util.Map;

/** A storage account ({@code storageAccounts.<key>}); null fields take the service's default. */
public record StorageAccountSpec(String key, String name, String location, String sku, String kind, String accessTier,
                                 Boolean allowBlobPublicAccess, String minimumTlsVersion,
                                 Map<String, String> tags, Lifecycle lifecycle) {
    public StorageAccountSpec {
        tags = Spec.sorted(tags);
    }
}
