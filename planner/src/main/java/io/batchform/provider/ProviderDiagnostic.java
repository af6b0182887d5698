package io.batchform.provider;

import io.batchform.address.Address;
import java.util.Objects;

/**
 * An expected failure or notice from a provider, naming the resource and the cloud's own error code and message:
 * {@code pool.render: PropertyCannotBeUpdated: The property 'vmSize' cannot be updated.}
 */
public record ProviderDiagnostic(Severity severity, Address address, String code, String message) {
    public enum Severity { ERROR, WARNING }

    public ProviderDiagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static ProviderDiagnostic error(Address address, String code, String message) {
        return new ProviderDiagnostic(Severity.ERROR, address, code, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return (address == null ? "" : address + ": ") + code + ": " + message;
    }
}
