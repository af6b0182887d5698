package io.batchform.azure;

import io.batchform.emulator.ArmEmulator;
import java.time.Duration;

/** A connection, or a provider, to an emulator in this JVM that polls and retries every {@code interval}. */
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
}
