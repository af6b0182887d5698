package io.batchform.azure.resource;

/**
 * An expected failure that is not Azure's answer, with a code of its own: a change a handler refuses before asking
 * Azure, a drain that did not empty the pool in time, a package upload that failed. The provider reports it as the
 * resource's diagnostic; it is never a bug.
 */
public final class ResourceFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    public ResourceFailure(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
