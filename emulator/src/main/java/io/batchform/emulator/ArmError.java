package io.batchform.emulator;

/**
 * An ARM error response: status code and {@code {"error":{"code","message","target"}}}. Thrown by request handlers
 * and written in one place ({@link ArmHandler}); it never leaves the emulator.
 */
class ArmError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final String target;

    ArmError(int status, String code, String message, String target) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.target = target;
    }

    ArmError(int status, String code, String message) {
        this(status, code, message, null);
    }

    static ArmError notFound(String type, String name, String resourceGroup) {
        return new ArmError(404, "ResourceNotFound", "The Resource '" + type + "/" + name
                + "' under resource group '" + resourceGroup + "' was not found.");
    }

    static ArmError badRequest(String code, String message, String target) {
        return new ArmError(400, code, message, target);
    }

    static ArmError conflict(String code, String message) {
        return new ArmError(409, code, message);
    }
}
