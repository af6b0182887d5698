package io.batchform.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.Address;
import io.batchform.emulator.ArmEmulator;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import java.time.Duration;
import java.util.Map;

/**
 * A connection, or a provider, to an emulator in this JVM that polls and retries every {@code interval}; and the
 * tests' way to make a resource through a provider.
 */
final class EmulatorConnections {
    private EmulatorConnections() {
    }

    static AzureConnection connection(ArmEmulator emulator, Duration interval, int retries) {
        return AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                AzureConnection.EMULATOR_SUBSCRIPTION, interval, new AzureConnection.RetrySettings(retries, interval));
    }

    static AzureProvider provider(ArmEmulator emulator, Duration interval, int retries) {
        return new AzureProvider(connection(emulator, interval, retries), "emulator");
    }

    /** Creates the resource through {@code provider}, asserting it was made without a diagnostic; what it made. */
    static Attributes created(Provider provider, Address address, String id, Map<String, Object> desired) {
        Provider.ChangeResponse response = provider.create(new Provider.CreateRequest(address, id,
                Attributes.of(desired)));
        assertThat(response.diagnostics()).as(address.toString()).isEmpty();
        return response.state().orElseThrow();
    }
}
