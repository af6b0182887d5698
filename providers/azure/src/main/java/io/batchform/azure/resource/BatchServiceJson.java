package io.batchform.azure.resource;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.core.util.serializer.SerializerEncoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Requests to one Batch account's data plane ({@code https://<accountEndpoint>}) with JSON bodies at
 * {@value #API_VERSION}, through an SDK {@link HttpPipeline} (retries, request ids, logging, and either an Entra ID
 * bearer token or the shared-key signature). The service's error answers ({@code {"code", "message": {"value"}}})
 * become the {@link ManagementException} the rest of the provider reports, with the service's code.
 */
final class BatchServiceJson {
    /** The newest stable Batch data-plane api-version (Azure.Batch/stable/2025-06-01/BatchService.json). */
    static final String API_VERSION = "2025-06-01";
    private static final SerializerAdapter SERIALIZER = SerializerFactory.createDefaultManagementSerializerAdapter();

    private final HttpPipeline pipeline;
    private final String base;

    /** {@code accountEndpoint} as Resource Manager reports it: a host name, or the emulator's host, port and path. */
    BatchServiceJson(HttpPipeline pipeline, String accountEndpoint) {
        this.pipeline = pipeline;
        String endpoint = accountEndpoint.replaceFirst("/+$", "");
        this.base = endpoint.startsWith("https://") || endpoint.startsWith("http://") ? endpoint : "https://" + endpoint;
    }

    /** The answer to a request that succeeded: status, ETag and body (empty when there was none). */
    record Answer(int status, String etag, Map<String, Object> body) {
    }

    /** GET of one item; empty when the service answers 404. */
    Optional<Map<String, Object>> get(String path) {
        try {
            return Optional.of(send(HttpMethod.GET, url(path, Map.of()), null, null).body());
        } catch (ManagementException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every item of a list, following {@code odata.nextLink}; {@code query} adds parameters such as $filter. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String path, Map<String, String> query) {
        List<Map<String, Object>> items = new ArrayList<>();
        String next = url(path, query);
        while (next != null) {
            Map<String, Object> page = send(HttpMethod.GET, next, null, null).body();
            if (page.get("value") instanceof List<?> value) {
                value.forEach(item -> items.add((Map<String, Object>) item));
            }
            next = page.get("odata.nextLink") instanceof String link && !link.isEmpty() ? link : null;
        }
        return items;
    }

    /** A request with an optional JSON body and an optional {@code If-Match}. */
    Answer send(String method, String path, Map<String, Object> body, String ifMatch) {
        return send(HttpMethod.valueOf(method), url(path, Map.of()), body, ifMatch);
    }

    private String url(String path, Map<String, String> query) {
        StringBuilder url = new StringBuilder(base).append(path.startsWith("/") ? path : "/" + path)
                .append("?api-version=").append(API_VERSION);
        query.forEach((k, v) -> url.append('&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        return url.toString();
    }

    private Answer send(HttpMethod method, String url, Map<String, Object> body, String ifMatch) {
        HttpRequest request = new HttpRequest(method, url);
        request.setHeader(HttpHeaderName.ACCEPT, "application/json");
        if (ifMatch != null) {
            request.setHeader(HttpHeaderName.IF_MATCH, ifMatch);
        }
        if (body != null) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json; odata=minimalmetadata");
            request.setBody(BinaryData.fromString(json(body)));
        }
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            byte[] bytes = response.getBodyAsBinaryData() == null ? new byte[0] : response.getBodyAsBinaryData().toBytes();
            if (response.getStatusCode() >= 400) {
                throw failure(response, bytes);
            }
            return new Answer(response.getStatusCode(), response.getHeaderValue(HttpHeaderName.ETAG),
                    ArmJson.tree(bytes));
        }
    }

    @SuppressWarnings("unchecked")
    private static ManagementException failure(HttpResponse response, byte[] body) {
        String code = null;
        String message = "Status code " + response.getStatusCode();
        try {
            Map<String, Object> tree = body.length == 0 ? Map.of() : SERIALIZER.deserialize(
                    new String(body, StandardCharsets.UTF_8), Map.class, SerializerEncoding.JSON);
            if (tree != null && tree.get("code") != null) {
                code = String.valueOf(tree.get("code"));
                Object text = tree.get("message") instanceof Map<?, ?> m ? m.get("value") : tree.get("message");
                if (text != null) {
                    message = String.valueOf(text).lines().findFirst().orElse(message); // not the RequestId lines
                }
                if (tree.get("values") instanceof List<?> values) {
                    for (Object value : values) {
                        if (value instanceof Map<?, ?> pair && ("Reason".equals(pair.get("key"))
                                || "AuthenticationErrorDetail".equals(pair.get("key")))) {
                            message = message + " " + pair.get("value");
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException notJson) {
            // not the service's error shape: the status says what is known
        }
        return new ManagementException(message, response, new ManagementError(code, message));
    }

    private static String json(Object value) {
        try {
            return SERIALIZER.serialize(value, SerializerEncoding.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree always serialises", e);
        }
    }
}
