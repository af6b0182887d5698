package io.batchform.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import io.batchform.address.Address;
import io.batchform.azure.resource.ResourceFailure;
import io.batchform.source.Diagnostic;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import reactor.core.Exceptions;

/**
 * Which exceptions out of a handler are expected failures, reported as the resource's diagnostic, and which are bugs.
 * Expected, and nothing else:
 * <ul>
 *   <li>Azure's answer: {@link HttpResponseException} (a {@link ManagementException} from the management libraries),
 *       with Azure's error code and message;</li>
 *   <li>the request not sent or not answered: the SDK documents its operations as throwing a {@code RuntimeException}
 *       that wraps the checked exception, here reactor's wrapper around an {@link IOException} or a
 *       {@link TimeoutException} (a region that does not answer, a connection dropped after the retries), or the
 *       {@link java.io.UncheckedIOException} of the pipeline's synchronous send;</li>
 *   <li>the SDK's own check of a request body: an {@link IllegalArgumentException} "Missing required property ... in
 *       model ..." thrown by a model's {@code validate()} in {@code com.azure.resourcemanager} (for example a pool's
 *       user account without the password Azure never returns, after an import). The generated operations also check
 *       their path parameters ("Parameter ... is required and cannot be null."): batchform always passes them, so
 *       such an exception would be batchform's bug and is not caught;</li>
 *   <li>a {@link ResourceFailure} a handler throws with its own code.</li>
 * </ul>
 * Any other {@code RuntimeException} (a {@code NullPointerException} or {@code ClassCastException} in batchform's
 * mapping, say) is a bug: it propagates and the CLI exits 70, instead of passing for a cloud error.
 */
final class Failures {
    private Failures() {
    }

    /** Whether {@code e} is an expected failure (see above), not a bug. */
    static boolean expected(RuntimeException e) {
        return e instanceof HttpResponseException || e instanceof ResourceFailure || notSent(e) || sdkValidation(e);
    }

    /** The diagnostic of an expected failure; a bug is thrown again, unchanged. */
    static Diagnostic reported(Address address, RuntimeException e) {
        if (e instanceof ManagementException m && m.getValue() != null) {
            String code = m.getValue().getCode() != null ? m.getValue().getCode() : "HTTP" + m.getResponse().getStatusCode();
            String message = m.getValue().getMessage() != null ? m.getValue().getMessage() : m.getMessage();
            return Diagnostic.error(address, code, message);
        }
        if (e instanceof HttpResponseException http) {
            return Diagnostic.error(address, "HTTP" + http.getResponse().getStatusCode(), http.getMessage());
        }
        if (e instanceof ResourceFailure failure) {
            return Diagnostic.error(address, failure.code(), failure.getMessage());
        }
        if (notSent(e)) {
            return Diagnostic.error(address, "RequestFailed", "no answer, after retries (" + describe(e) + ")");
        }
        if (sdkValidation(e)) {
            return Diagnostic.error(address, "RequestFailed", describe(e));
        }
        throw e;
    }

    /** Azure's 404: the resource (or its parent) is not there. */
    static boolean isNotFound(RuntimeException e) {
        return e instanceof ManagementException m && m.getResponse() != null && m.getResponse().getStatusCode() == 404;
    }

    private static boolean notSent(RuntimeException e) {
        if (e instanceof java.io.UncheckedIOException) {
            return true; // the pipeline's synchronous send (ArmJson) wraps a failed connection this way
        }
        Throwable cause = Exceptions.unwrap(e);
        return cause != e && (cause instanceof IOException || cause instanceof TimeoutException);
    }

    private static boolean sdkValidation(RuntimeException e) {
        if (!(e instanceof IllegalArgumentException) || e.getMessage() == null
                || !e.getMessage().startsWith("Missing required property ")) {
            return false;
        }
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("com.azure.resourcemanager.")
                && trace[0].getMethodName().equals("validate");
    }

    private static String describe(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
