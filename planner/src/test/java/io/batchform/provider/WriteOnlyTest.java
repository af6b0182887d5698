package io.batchform.provider;

import static io.batchform.provider.AttributeSchema.emptyPool;
import static io.batchform.provider.AttributeSchema.updatable;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.ResourceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteOnlyTest {
    private static final ResourceSchema POOL = new ResourceSchema(ResourceType.POOL, List.of(
            updatable("fixedScale"), updatable("fixedScale.nodeDeallocationOption").asWriteOnly(),
            emptyPool("userAccounts"), emptyPool("userAccounts.password").asSensitive().asWriteOnly(),
            emptyPool("mountConfiguration"),
            emptyPool("mountConfiguration.azureBlobFileSystem.accountKey").asSensitive().asWriteOnly()));

    @Test
    void writeOnlyValuesGoBackToTheirPlacesInMapsAndListItems() {
        Attributes shown = Attributes.of(Map.of(
                "fixedScale", Map.of("targetDedicatedNodes", 2L),
                "userAccounts", List.of(Map.of("name", "a"), Map.of("name", "b")),
                "mountConfiguration", List.of(Map.of("nfs", Map.of("source", "x")),
                        Map.of("azureBlobFileSystem", Map.of("accountName", "s")))));
        Attributes sent = Attributes.of(Map.of(
                "fixedScale", Map.of("targetDedicatedNodes", 3L, "nodeDeallocationOption", "TaskCompletion"),
                "userAccounts", List.of(Map.of("name", "a", "password", "pa"), Map.of("name", "b", "password", "pb"),
                        Map.of("name", "c", "password", "pc")),
                "mountConfiguration", List.of(Map.of("nfs", Map.of("source", "x")),
                        Map.of("azureBlobFileSystem", Map.of("accountName", "s", "accountKey", "k")))));

        Attributes merged = WriteOnly.overlay(POOL, shown, sent);

        // Only write-only values move; what the service shows wins everywhere else.
        assertThat(merged.get("fixedScale")).isEqualTo(Map.of("targetDedicatedNodes", 2L,
                "nodeDeallocationOption", "TaskCompletion"));
        assertThat(merged.get("userAccounts")).isEqualTo(List.of(Map.of("name", "a", "password", "pa"),
                Map.of("name", "b", "password", "pb")));
        assertThat(merged.get("mountConfiguration")).isEqualTo(List.of(Map.of("nfs", Map.of("source", "x")),
                Map.of("azureBlobFileSystem", Map.of("accountName", "s", "accountKey", "k"))));
    }

    @Test
    void nothingIsInventedWhereTheServiceShowsNothing() {
        Attributes sent = Attributes.of(Map.of("userAccounts", List.of(Map.of("name", "a", "password", "pa")),
                "fixedScale", Map.of("nodeDeallocationOption", "Requeue")));
        Attributes merged = WriteOnly.overlay(POOL, Attributes.EMPTY, sent);
        assertThat(merged.get("userAccounts")).isNull();
        assertThat(merged.get("fixedScale.nodeDeallocationOption")).isEqualTo("Requeue");
        assertThat(POOL.holdsWriteOnly("userAccounts")).isTrue();
        assertThat(POOL.holdsWriteOnly("mountConfiguration.azureBlobFileSystem")).isTrue();
        assertThat(POOL.holdsWriteOnly("vmSize")).isFalse();
    }
}
