package io.batchform.emulator.contract;

import io.batchform.emulator.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An emulator {@link io.batchform.emulator.ArmEmulator.Builder#observer observer} that checks every exchange against
 * {@link OpenApiContract}: responses always, request bodies when the client is one whose requests must be right
 * (the provider through the SDK), not when a test sends a wrong request on purpose. Thread-safe.
 */
public final class ContractRecorder implements Consumer<Exchange> {
    private final boolean checkRequests;
    private final List<Violation> violations = new ArrayList<>();
    private final Set<String> judged = new TreeSet<>();
    private final Set<String> unjudged = new TreeSet<>();
    private int exchanges;

    private ContractRecorder(boolean checkRequests) {
        this.checkRequests = checkRequests;
    }

    /** Checks requests and responses: for traffic of the provider, which must send what the API documents. */
    public static ContractRecorder requestsAndResponses() {
        return new ContractRecorder(true);
    }

    /** Checks responses only: for tests that send invalid requests on purpose. */
    public static ContractRecorder responsesOnly() {
        return new ContractRecorder(false);
    }

    @Override
    public void accept(Exchange exchange) {
        OpenApiContract contract = OpenApiContract.get();
        List<Violation> found = contract.check(exchange.method(), exchange.path(), exchange.apiVersion(),
                checkRequests ? exchange.requestBody() : null, exchange.status(), exchange.responseBody(),
                exchange.select(), checkRequests ? exchange.conditions() : Map.of());
        if (!checkRequests) {
            found = found.stream().filter(v -> !v.side().equals("request")).toList();
        }
        String key = exchange.method() + " " + exchange.path().replaceAll("/subscriptions/[^/]+", "/subscriptions/{s}")
                + " " + exchange.apiVersion();
        synchronized (this) {
            exchanges++;
            violations.addAll(found);
            if (exchange.apiVersion() != null && contract.covers(exchange.path(), exchange.apiVersion())) {
                contract.operation(exchange.method(), exchange.path(), exchange.apiVersion())
                        .ifPresent(o -> judged.add(o.name()));
            } else {
                unjudged.add(key);
            }
        }
    }

    public synchronized List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** The operations (operationId@api-version) that were checked at least once. */
    public synchronized Set<String> judgedOperations() {
        return new TreeSet<>(judged);
    }

    /** Requests no vendored document describes (other providers or api-versions, resource groups). */
    public synchronized Set<String> unjudgedRequests() {
        return new TreeSet<>(unjudged);
    }

    public synchronized int exchanges() {
        return exchanges;
    }

    /** Fails with every violation, one a line, if there was any. */
    public synchronized void assertConforms() {
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder(violations.size()
                    + " violation(s) of Microsoft's published API:\n");
            violations.stream().distinct().forEach(v -> message.append("  ").append(v).append('\n'));
            throw new AssertionError(message.toString());
        }
    }
}
