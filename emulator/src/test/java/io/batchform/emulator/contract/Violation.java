package io.batchform.emulator.contract;

/**
 * One way a request or response breaks Microsoft's published API: the operation (its operationId and api-version),
 * which side of the exchange, the JSON path of the offending value and the rule it breaks.
 */
public record Violation(String operation, String side, String path, String rule, String message) {
    @Override
    public String toString() {
        return operation + " " + side + " " + path + ": [" + rule + "] " + message;
    }
}
