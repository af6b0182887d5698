package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request the emulator answered and its answer, as an {@link ArmEmulator.Builder#observer observer} sees it:
 * what a contract test checks against the service's published API. Bodies are null when there was none (or the
 * request body was not JSON); the path is the raw request path, without the query.
 */
public record Exchange(String method, String path, String apiVersion, JsonNode requestBody, int status,
                       JsonNode responseBody) {
    /** The exchange as the handler saw it; {@code request} is null when the request could not be parsed. */
    static Exchange of(com.sun.net.httpserver.HttpExchange exchange, ArmHandler.Request request,
                       ArmHandler.Response response) {
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        JsonNode answer = method.equals("HEAD") ? null : response.body();
        return request == null ? new Exchange(method, path, null, null, response.status(), answer)
                : new Exchange(method, path, request.apiVersion(), request.body(), response.status(), answer);
    }
}
