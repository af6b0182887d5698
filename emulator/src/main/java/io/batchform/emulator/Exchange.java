package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One request the emulator answered and its answer, as an {@link ArmEmulator.Builder#observer observer} sees it:
 * what a contract test checks against the service's published API. Bodies are null when there was none (or the
 * request body was not JSON); the path is the raw request path, without the query; {@code select} holds the
 * properties a data-plane {@code $select} asked for (empty without one: the answer then has every property);
 * {@code conditions} the conditional headers the request carried ({@link #CONDITIONAL_HEADERS}), by name.
 */
public record Exchange(String method, String path, String apiVersion, JsonNode requestBody, int status,
                       JsonNode responseBody, List<String> select, java.util.Map<String, String> conditions) {
    /** The request headers that make an operation conditional, as Microsoft's documents name them. */
    public static final List<String> CONDITIONAL_HEADERS = List.of("If-Match", "If-None-Match", "If-Modified-Since",
            "If-Unmodified-Since");

    public Exchange {
        select = select == null ? List.of() : List.copyOf(select);
        conditions = conditions == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(conditions));
    }

    /** An exchange without a {@code $select} or conditional headers. */
    public Exchange(String method, String path, String apiVersion, JsonNode requestBody, int status,
                    JsonNode responseBody) {
        this(method, path, apiVersion, requestBody, status, responseBody, List.of(), java.util.Map.of());
    }

    /** The exchange as the handler saw it; {@code request} is null when the request could not be parsed. */
    static Exchange of(com.sun.net.httpserver.HttpExchange exchange, ArmHandler.Request request,
                       ArmHandler.Response response) {
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        JsonNode answer = method.equals("HEAD") ? null : response.body();
        if (request == null) {
            return new Exchange(method, path, null, null, response.status(), answer);
        }
        List<String> selected = BatchDataPlane.selectedNames(request.query().get("$select"));
        java.util.Map<String, String> conditions = new java.util.HashMap<>(); // sorted by the constructor
        for (String header : CONDITIONAL_HEADERS) {
            String value = request.header(header);
            if (value != null) {
                conditions.put(header, value);
            }
        }
        return new Exchange(method, path, request.apiVersion(), request.body(), response.status(), answer, selected,
                conditions);
    }
}
