package io.batchform.emulator;

import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.ArmHandler.Response;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The faults of a {@link FaultConfig}, drawn request by request: the next N requests throttled, then a seeded share
 * throttled (429, with {@code Retry-After} when configured), failing (500/503) or dropped; the next N long-running
 * operations ending Failed; regions that do not answer at all.
 */
final class FaultInjection {
    /** The answer that is no answer: the connection is closed without a response. */
    static final Response DROP = Response.empty(0);

    private final ResourceStore store;
    private volatile FaultConfig config;
    private SplittableRandom random;
    private int failNextLeft;
    private int failNextOperationsLeft;
    private long injected;

    FaultInjection(ResourceStore store, FaultConfig config) {
        this.store = store;
        configure(config);
    }

    synchronized void configure(FaultConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.failNextLeft = config.failNext();
        this.failNextOperationsLeft = config.failNextOperations();
    }

    FaultConfig config() {
        return config;
    }

    /** The injected answer to a request ({@link #DROP} to drop it), or null to handle it. */
    synchronized Response draw() {
        Response failure = drawFailure();
        if (failure != null) {
            injected++;
        }
        return failure;
    }

    /** How many requests were answered with an injected failure. */
    synchronized long injectedFailures() {
        return injected;
    }

    private Response drawFailure() {
        if (failNextLeft > 0) {
            failNextLeft--;
            return throttled();
        }
        double draw = random.nextDouble();
        if (draw < config.throttleRate()) {
            return throttled();
        }
        draw -= config.throttleRate();
        if (draw < config.serverErrorRate()) {
            boolean unavailable = random.nextBoolean();
            return ArmHandler.errorResponse(unavailable
                    ? new ArmError(503, "ServiceUnavailable", "The service is temporarily unavailable (injected).")
                    : new ArmError(500, "InternalServerError", "An internal error occurred (injected)."));
        }
        draw -= config.serverErrorRate();
        if (draw < config.dropRate()) {
            return DROP;
        }
        return null;
    }

    private Response throttled() {
        Response response = ArmHandler.errorResponse(new ArmError(429, "TooManyRequests",
                "The request is being throttled (injected)."));
        return config.retryAfterSeconds() > 0
                ? response.withHeader("Retry-After", Integer.toString(config.retryAfterSeconds())) : response;
    }

    /** Whether the long-running operation starting now is to end Failed. */
    synchronized boolean takeOperationFailure() {
        if (failNextOperationsLeft > 0) {
            failNextOperationsLeft--;
            return true;
        }
        return false;
    }

    /** Whether the request touches a resource (or creates one) in a region configured as down. */
    boolean regionDown(Request request) {
        Set<String> down = config.downRegions();
        if (down.isEmpty()) {
            return false;
        }
        String location = null;
        if (request.dataPlane() && request.size() >= 2) {
            // An account's data plane is in the account's region.
            synchronized (store) {
                location = BatchDataPlane.find(store, request.segment(1)).map(a -> a.path("location").asText(null))
                        .orElse(null);
            }
        } else if (request.body() != null && request.body().hasNonNull("location")) {
            location = request.body().get("location").asText();
        }
        for (int end = request.size(); location == null && end >= 2; end--) {
            String id = "/" + String.join("/", request.segments().subList(0, end));
            location = store.get(id).map(r -> r.path("location").asText(null)).orElse(null);
        }
        int locations = request.lower().indexOf("locations");
        if (location == null && locations >= 0 && locations + 1 < request.size()) {
            location = request.segment(locations + 1);
        }
        return location != null && down.contains(io.batchform.source.Region.canonical(location));
    }
}
