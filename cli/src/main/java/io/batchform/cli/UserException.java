package io.batchform.cli;

/**
 * A mistake of the user's (bad input, a missing file) that a command could not turn into diagnostics itself.
 * {@link Main} prints its message without a stack trace and exits with {@link #exitCode()}.
 */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserException(String message) {
        this(message, 1);
    }

    public UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
