package io.batchform.azure.resource;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.PollerFactory;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.AsyncPollResponse;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollerFlux;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.core.util.serializer.SerializerEncoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Requests to Azure Resource Manager with JSON bodies at an api-version the typed SDK does not speak, sent through
 * the SDK's own {@link HttpPipeline} (its bearer-token authentication, retry policy and logging) and, for
 * long-running operations, polled by the SDK's own {@link PollerFactory} (Azure-AsyncOperation, Location or
 * provisioningState, honouring Retry-After, at the connection's poll interval otherwise). Bodies are plain JSON
 * trees (maps, lists, strings, longs, booleans); Azure's error answers become the same {@link ManagementException}
 * the typed clients throw, so the provider reports them the same way.
 */
final class ArmJson {
    private static final SerializerAdapter SERIALIZER = SerializerFactory.createDefaultManagementSerializerAdapter();

    private final HttpPipeline pipeline;
    private final String endpoint;
    private final String apiVersion;
    private final Duration pollInterval;

    ArmJson(HttpPipeline pipeline, String endpoint, String apiVersion, Duration pollInterval) {
        this.pipeline = pipeline;
        this.endpoint = endpoint.replaceFirst("/+$", "");
        this.apiVersion = apiVersion;
        this.pollInterval = pollInterval;
    }

    String apiVersion() {
        return apiVersion;
    }

    /** GET of one resource. */
    Map<String, Object> get(String id) {
        return tree(send(HttpMethod.GET, url(id), null, Map.of()));
    }

    /** Every item of a collection, following {@code nextLink}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String collection) {
        List<Map<String, Object>> items = new ArrayList<>();
        String next = url(collection);
        while (next != null) {
            Map<String, Object> page = tree(send(HttpMethod.GET, next, null, Map.of()));
            if (page.get("value") instanceof List<?> value) {
                value.forEach(item -> items.add((Map<String, Object>) item));
            }
            next = page.get("nextLink") instanceof String link && !link.isEmpty() ? link : null;
        }
        return items;
    }

    /** A request answered at once (a pool's PUT and PATCH): the resource as the answer shows it. */
    Map<String, Object> send(String method, String id, Map<String, Object> body) {
        return tree(send(HttpMethod.valueOf(method), url(id), body, Map.of()));
    }

    /**
     * The same, with conditional headers ({@code If-Match}, {@code If-None-Match}: only on the operations whose
     * published document lists them, see {@link Preconditions}).
     */
    Map<String, Object> send(String method, String id, Map<String, Object> body, Map<String, String> conditions) {
        return tree(send(HttpMethod.valueOf(method), url(id), body, conditions));
    }

    /** A long-running PUT (a Batch account's create): the resource once the operation has succeeded. */
    Map<String, Object> putAndWait(String id, Map<String, Object> body) {
        return tree(await(send(HttpMethod.PUT, url(id), body, Map.of())));
    }

    /** A long-running DELETE: returns once the operation has succeeded. */
    void deleteAndWait(String id) {
        Answer answer = send(HttpMethod.DELETE, url(id), null, Map.of());
        if (answer.status() == 202 || answer.status() == 201) {
            await(answer);
        }
    }

    private String url(String id) {
        return endpoint + (id.startsWith("/") ? id : "/" + id) + "?api-version=" + apiVersion;
    }

    /** A status, the headers and the body of an answer that was not an error. */
    private record Answer(HttpRequest request, int status, com.azure.core.http.HttpHeaders headers, byte[] body) {
    }

    private Answer send(HttpMethod method, String url, Map<String, Object> body, Map<String, String> conditions) {
        HttpRequest request = new HttpRequest(method, url);
        request.setHeader(HttpHeaderName.ACCEPT, "application/json");
        conditions.forEach((name, value) -> request.setHeader(HttpHeaderName.fromString(name), value));
        if (body != null) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
            request.setBody(BinaryData.fromString(json(body)));
        }
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            byte[] bytes = response.getBodyAsBinaryData() == null ? new byte[0] : response.getBodyAsBinaryData().toBytes();
            if (response.getStatusCode() >= 400) {
                throw failure(response, bytes);
            }
            return new Answer(request, response.getStatusCode(), response.getHeaders(), bytes);
        }
    }

    /** Polls a long-running operation started by {@code started} with the SDK's poller; its final body. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private byte[] await(Answer started) {
        Response<Flux<ByteBuffer>> activation = new SimpleResponse<>(started.request(), started.status(),
                started.headers(), Flux.just(ByteBuffer.wrap(started.body())));
        PollerFlux<PollResult<Object>, Object> poller = PollerFactory.create(SERIALIZER, pipeline, Object.class,
                Object.class, pollInterval, Mono.just(activation), Context.NONE);
        AsyncPollResponse<PollResult<Object>, Object> last = poller.last().block();
        if (last == null || last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            PollResult.Error error = last == null || last.getValue() == null ? null : last.getValue().getError();
            String message = error == null ? "the long-running operation did not succeed" : error.getMessage();
            ManagementError detail = error == null ? new ManagementError("OperationFailed", message)
                    : errorOf(error.getResponseBody() == null ? new byte[0]
                            : error.getResponseBody().getBytes(StandardCharsets.UTF_8), message);
            throw new ManagementException(message, null, detail);
        }
        Object result = last.getFinalResult().block();
        return result == null ? new byte[0] : json(result).getBytes(StandardCharsets.UTF_8);
    }

    private static ManagementException failure(HttpResponse response, byte[] body) {
        ManagementError error = errorOf(body, "Status code " + response.getStatusCode());
        return new ManagementException("Status code " + response.getStatusCode() + ", "
                + new String(body, StandardCharsets.UTF_8), response, error);
    }

    /** Azure's {@code {"error": {"code", "message"}}}, or a plain one when the body is not that. */
    @SuppressWarnings("unchecked")
    private static ManagementError errorOf(byte[] body, String fallback) {
        try {
            Map<String, Object> tree = body.length == 0 ? Map.of()
                    : SERIALIZER.deserialize(new String(body, StandardCharsets.UTF_8), Map.class, SerializerEncoding.JSON);
            Object inner = tree == null ? null : tree.getOrDefault("error", tree);
            if (inner instanceof Map<?, ?> e && e.get("code") != null) {
                return new ManagementError(String.valueOf(e.get("code")),
                        e.get("message") == null ? fallback : String.valueOf(e.get("message")));
            }
        } catch (IOException | RuntimeException notJson) {
            // not Azure's error shape: the fallback says what is known
        }
        return new ManagementError(null, fallback);
    }

    private static String json(Object value) {
        try {
            return SERIALIZER.serialize(value, SerializerEncoding.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree always serialises", e);
        }
    }

    private static Map<String, Object> tree(Answer answer) {
        return tree(answer.body());
    }

    /** A JSON body as the planner keeps values: maps sorted, whole numbers as longs, no nulls. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        try {
            Object parsed = SERIALIZER.deserialize(new String(body, StandardCharsets.UTF_8), Object.class,
                    SerializerEncoding.JSON);
            return parsed instanceof Map<?, ?> ? (Map<String, Object>) plain(parsed) : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Azure answered with a body that is not JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (v != null) {
                    out.put(k, plain(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ArmJson::plain).toList();
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }
}
