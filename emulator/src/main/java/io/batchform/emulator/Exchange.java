package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request the emulator answered and its answer, as an {@link ArmEmulator.Builder#observer observer} sees it:
 * what a contract test checks against the service's published API. Bodies are null when there was none (or the
 * request body was not JSON); the path is the raw request path, without the query.
 */
public record Exchange(String method, String path, String apiVersion, JsonNode requestBody, int status,
                       JsonNode responseBody) {
}
