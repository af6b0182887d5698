package io.batchform.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureConnectionTest {
    @Test
    void takesTheSubscriptionFromTheSpecThenTheEnvironment() {
        assertThat(AzureConnection.forAzure("spec-sub", "tenant", Map.of("AZURE_SUBSCRIPTION_ID", "env-sub"))
                .subscriptionId()).isEqualTo("spec-sub");
        assertThat(AzureConnection.forAzure(null, "tenant", Map.of("AZURE_SUBSCRIPTION_ID", "env-sub"))
                .subscriptionId()).isEqualTo("env-sub");
        assertThat(AzureConnection.forAzure(null, "tenant", Map.of("AZURE_SUBSCRIPTION_ID", "env-sub")).isEmulator())
                .isFalse();
        assertThatThrownBy(() -> AzureConnection.forAzure(null, null, Map.of()))
                .hasMessageContaining("AZURE_SUBSCRIPTION_ID");
        assertThat(AzureConnection.configuredSubscription(Map.of())).isEmpty();
        assertThat(AzureConnection.configuredSubscription(Map.of("AZURE_SUBSCRIPTION_ID", "s"))).contains("s");
    }
}
