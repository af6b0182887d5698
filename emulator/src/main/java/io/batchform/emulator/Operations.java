package io.batchform.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Long-running operations, in the style Azure uses for each type: a first answer of 202 with {@code Location}, or
 * 201/202 with {@code Azure-AsyncOperation}; polls that say "still running" the configured number of times; then
 * the outcome (a DELETE removes the resource only then), or Failed when a failure is injected.
 */
final class Operations {
    enum Kind { CREATE, DELETE }

    enum Style { LOCATION, ASYNC_OPERATION }

    private final ArmEmulator emulator;
    private final ResourceStore store;
    private final FaultInjection faults;
    private final UnaryOperator<ObjectNode> present;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** {@code present} shows a resource as GET does, for the final answer of a create. */
    Operations(ArmEmulator emulator, ResourceStore store, FaultInjection faults, UnaryOperator<ObjectNode> present) {
        this.emulator = emulator;
        this.store = store;
        this.faults = faults;
        this.present = present;
    }

    /** A long-running operation in progress: polled until {@code pollsLeft} reaches zero, then completed. */
    private static final class Operation {
        final String id;
        final String resourceId;
        final Kind kind;
        final Style style;
        final boolean fails;
        final Runnable onSuccess;
        int pollsLeft;

        Operation(String id, String resourceId, Kind kind, Style style, boolean fails, int polls, Runnable onSuccess) {
            this.id = id;
            this.resourceId = resourceId;
            this.kind = kind;
            this.style = style;
            this.fails = fails;
            this.pollsLeft = polls;
            this.onSuccess = onSuccess;
        }
    }

    /**
     * Starts an operation and answers the first response of its style: 202 with Location, or 201 with
     * Azure-AsyncOperation and the resource body. For a DELETE, the resource is removed when the operation completes.
     */
    Response start(Request request, String resourceId, String location, String namespace, Kind kind, Style style,
                   ObjectNode createdBody) {
        return start(request, resourceId, location, namespace, kind, style, createdBody, null);
    }

    /** As {@link #start(Request, String, String, String, Kind, Style, ObjectNode)}, polled at {@code locationPath}. */
    Response start(Request request, String resourceId, String location, String namespace, Kind kind, Style style,
                   ObjectNode createdBody, String locationPath) {
        String generated = Long.toHexString(sequence.incrementAndGet()) + "-" + Long.toHexString(System.nanoTime());
        String path = locationPath != null ? locationPath + generated
                : "/subscriptions/" + request.segment(1) + "/providers/" + namespace + "/locations/"
                + io.batchform.source.Region.canonical(location)
                + (style == Style.LOCATION ? "/operationResults/" : "/operations/") + generated;
        String operationId = path.substring(path.lastIndexOf('/') + 1);
        boolean fails = faults.takeOperationFailure();
        Runnable onSuccess = kind == Kind.DELETE ? () -> store.removeTree(resourceId) : () -> { };
        Operation operation = new Operation(operationId, resourceId, kind, style, fails,
                emulator.settings().pollsBeforeDone(), onSuccess);
        operations.put(operationId.toLowerCase(Locale.ROOT), operation);
        String base = emulator.endpoint().toString().replaceAll("/$", "");
        String url = base + path + "?api-version=" + request.apiVersion();
        Response response = style == Style.LOCATION
                ? Response.empty(202).withHeader("Location", url)
                : Response.of(kind == Kind.CREATE ? 201 : 202, createdBody).withHeader("Azure-AsyncOperation", url);
        int retryAfter = emulator.settings().operationRetryAfterSeconds();
        return retryAfter > 0 ? response.withHeader("Retry-After", Integer.toString(retryAfter)) : response;
    }

    /** The answer to a poll: still running, failed (when injected) or done, in the operation's style. */
    Response poll(Request request, String operationId) {
        ArmHandler.requireMethod(request, "GET");
        Operation operation = operations.get(operationId.toLowerCase(Locale.ROOT));
        if (operation == null) {
            throw new ArmError(404, "OperationNotFound", "The operation '" + operationId + "' was not found.");
        }
        synchronized (store) {
            if (operation.pollsLeft > 0) {
                operation.pollsLeft--;
                if (operation.style == Style.LOCATION) {
                    Response running = Response.empty(202).withHeader("Location", fullUrl(request));
                    int retryAfter = emulator.settings().operationRetryAfterSeconds();
                    return retryAfter > 0 ? running.withHeader("Retry-After", Integer.toString(retryAfter)) : running;
                }
                return Response.ok(status(operation, "InProgress"));
            }
            if (operation.fails) {
                store.get(operation.resourceId).ifPresent(resource -> {
                    ObjectNode failed = resource.deepCopy();
                    ((ObjectNode) failed.path("properties")).put("provisioningState", "Failed");
                    store.put(failed);
                });
                if (operation.style == Style.ASYNC_OPERATION) {
                    ObjectNode body = status(operation, "Failed");
                    body.putObject("error").put("code", "OperationFailed")
                            .put("message", "The operation failed (injected).");
                    return Response.ok(body);
                }
                throw new ArmError(500, "OperationFailed", "The long-running operation on '" + operation.resourceId
                        + "' failed (injected).");
            }
            operation.onSuccess.run();
            if (operation.kind == Kind.CREATE) {
                store.get(operation.resourceId).ifPresent(resource -> {
                    ObjectNode done = resource.deepCopy();
                    ((ObjectNode) done.path("properties")).put("provisioningState", "Succeeded");
                    store.put(done);
                });
            }
            if (operation.style == Style.ASYNC_OPERATION) {
                return Response.ok(status(operation, "Succeeded"));
            }
            if (operation.kind == Kind.CREATE) {
                return Response.ok(present.apply(store.get(operation.resourceId).orElseThrow()));
            }
            return Response.empty(200);
        }
    }

    private static ObjectNode status(Operation operation, String status) {
        ObjectNode body = ArmHandler.JSON.createObjectNode();
        body.put("id", operation.id);
        body.put("name", operation.id);
        body.put("status", status);
        body.put("startTime", Instant.now().toString());
        return body;
    }

    private String fullUrl(Request request) {
        return emulator.endpoint().toString().replaceAll("/$", "") + request.exchange().getRequestURI().toString();
    }
}
