package io.batchform.cli;

import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.Exchange;
import io.batchform.emulator.contract.ContractRecorder;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The emulator an end-to-end test starts, with every request the command line's provider sends and every answer
 * checked against Microsoft's published API: after the test the emulator is closed and what it saw must conform.
 * Register it on a field with {@code @RegisterExtension}; one emulator runs at a time (starting another closes the one
 * before).
 */
final class CheckedEmulators implements AfterEachCallback {
    private final ContractRecorder contract = ContractRecorder.requestsAndResponses();
    private ArmEmulator running;

    /** Starts the emulator {@code builder} describes, observed by the contract. */
    ArmEmulator start(ArmEmulator.Builder builder) {
        return start(builder, exchange -> { });
    }

    /** The same, with {@code also} told of each exchange after the contract. */
    ArmEmulator start(ArmEmulator.Builder builder, Consumer<Exchange> also) {
        close();
        running = builder.observer(contract.andThen(also)).build().start();
        return running;
    }

    ContractRecorder contract() {
        return contract;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
        contract.assertConforms();
    }

    private void close() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
