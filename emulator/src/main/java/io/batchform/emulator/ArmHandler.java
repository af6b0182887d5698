package io.batchform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes ARM requests: authentication and api-version checks, fault injection ({@link FaultInjection}), then one
 * handler per resource provider (resource groups and subscription-wide lists are answered here). Long-running
 * operations are {@link Operations}'. Requests are parsed and responses and errors written in one place, here.
 */
final class ArmHandler implements HttpHandler {
    static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(RequestLimits.MAX_NESTING).build()).build());

    /** The api-versions accepted per resource provider namespace (lower case). */
    static final Map<String, Set<String>> API_VERSIONS = Map.of(
            "microsoft.batch", Set.of("2022-01-01", "2022-06-01", "2022-10-01", "2023-05-01", "2023-11-01",
                    "2024-02-01", "2024-07-01", "2025-06-01"),
            "microsoft.storage", Set.of("2022-09-01", "2023-01-01", "2023-04-01", "2023-05-01", "2024-01-01",
                    "2025-01-01", "2025-06-01"),
            "microsoft.network", Set.of("2018-10-01", "2022-07-01", "2023-04-01", "2023-09-01", "2023-11-01",
                    "2024-01-01", "2024-03-01", "2024-05-01", "2024-07-01", "2025-01-01", "2025-03-01"),
            "microsoft.managedidentity", Set.of("2023-01-31", "2024-11-30"),
            "microsoft.compute", Set.of("2023-03-01", "2023-07-01", "2023-09-01", "2024-03-01", "2024-07-01",
                    "2024-11-01"),
            "microsoft.resources", Set.of("2021-04-01", "2022-09-01", "2024-03-01", "2024-07-01", "2024-11-01",
                    "2025-03-01", "2025-04-01"));

    private final ArmEmulator emulator;
    private final ResourceStore store;
    private final BatchResources batch;
    private final NetworkResources network;
    private final StorageResources storage;
    private final IdentityResources identities;
    private final FaultInjection faults;
    private final Operations operations;
    private final AtomicLong requests = new AtomicLong();
    private final java.util.function.Consumer<Exchange> observer;

    ArmHandler(ArmEmulator emulator, ResourceStore store, FaultConfig faults,
               java.util.function.Consumer<Exchange> observer) {
        this.emulator = emulator;
        this.observer = observer;
        this.store = store;
        this.faults = new FaultInjection(store, faults);
        this.operations = new Operations(emulator, store, this.faults, this::present);
        this.batch = new BatchResources(this, store, emulator.settings());
        this.network = new NetworkResources(this, store);
        this.storage = new StorageResources(this, store);
        this.identities = new IdentityResources(this, store);
        this.dataPlane = new BatchDataPlane(emulator, store, batch::present);
    }

    private final BatchDataPlane dataPlane;

    void faults(FaultConfig config) {
        faults.configure(config);
    }

    FaultConfig faults() {
        return faults.config();
    }

    /** How many requests were answered with an injected failure. */
    long injectedFailures() {
        return faults.injectedFailures();
    }

    Operations operations() {
        return operations;
    }

    long requestCount() {
        return requests.get();
    }

    /** A parsed request. Segments are URL-decoded; {@code lower} holds them in lower case for routing. */
    record Request(HttpExchange exchange, String method, List<String> segments, List<String> lower,
                   Map<String, String> query, String apiVersion, JsonNode body, int bodyLength) {
        /** Whether the request is for the Batch data plane ({@code /batchaccounts/...}), not Resource Manager. */
        boolean dataPlane() {
            return !lower.isEmpty() && lower.get(0).equals(BatchDataPlane.ROOT);
        }

        String segment(int i) {
            return segments.get(i);
        }

        int size() {
            return segments.size();
        }

        /** The id of the resource the path names, as written by the client. */
        String id() {
            return "/" + String.join("/", segments);
        }

        String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }
    }

    /** What a handler answers. */
    record Response(int status, JsonNode body, Map<String, String> headers) {
        static Response ok(JsonNode body) {
            return new Response(200, body, Map.of());
        }

        static Response of(int status, JsonNode body) {
            return new Response(status, body, Map.of());
        }

        static Response empty(int status) {
            return new Response(status, null, Map.of());
        }

        Response withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Response(status, body, all);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            FaultConfig config = faults.config();
            if (!config.latency().isZero()) {
                sleep(config.latency().toMillis());
            }
            Response response;
            Request request = null;
            try {
                request = parse(exchange);
                if (faults.regionDown(request)) {
                    return; // closing the exchange without an answer drops the connection
                }
                Response injected = faults.draw();
                if (injected == FaultInjection.DROP) {
                    return;
                }
                response = injected != null ? injected
                        : request.dataPlane() ? dataPlane.handle(request) : shaped(request, route(request));
            } catch (ArmError error) {
                response = errorResponse(isDataPlane(exchange) ? BatchDataPlane.asServiceError(error) : error);
            } catch (RuntimeException bug) {
                response = errorResponse(new ArmError(500, "InternalServerError",
                        "The emulator failed to handle the request: " + bug));
            }
            // Told before the answer goes out: a client that has its answer finds the exchange already observed.
            observer.accept(Exchange.of(exchange, request, response));
            write(exchange, response);
        }
    }

    private static boolean isDataPlane(HttpExchange exchange) {
        return exchange.getRequestURI().getRawPath().toLowerCase(Locale.ROOT).startsWith("/" + BatchDataPlane.ROOT + "/");
    }

    private Request parse(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String rawPath = uri.getRawPath();
        List<String> segments = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                segments.add(RequestLimits.segment(URLDecoder.decode(part, StandardCharsets.UTF_8)));
            }
        }
        List<String> lower = segments.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(key.toLowerCase(Locale.ROOT), value);
            }
        }
        if (isDataPlane(exchange)) {
            // The data plane checks its own credentials (bearer token or shared key) and api-version.
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = RequestLimits.body(in);
            }
            JsonNode body = null;
            if (bytes.length > 0) {
                try {
                    body = JSON.readTree(bytes);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new BatchDataPlane.ServiceError(400, "InvalidRequestBody", "The specified request body "
                            + "is not syntactically valid: " + e.getOriginalMessage());
                }
            }
            return new Request(exchange, exchange.getRequestMethod().toUpperCase(Locale.ROOT), segments, lower, query,
                    query.get("api-version"), body, bytes.length);
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() <= 7) {
            throw new ArmError(401, "AuthenticationFailed",
                    "Authentication failed. The 'Authorization' header is missing or is not a bearer token.");
        }
        String apiVersion = query.get("api-version");
        if (apiVersion == null || apiVersion.isEmpty()) {
            throw new ArmError(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
        JsonNode body = null;
        int length;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = RequestLimits.body(in);
            length = bytes.length;
            if (bytes.length > 0) {
                try {
                    body = JSON.readTree(bytes);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw ArmError.badRequest("InvalidRequestContent",
                            "The request content was invalid and could not be deserialized: " + e.getOriginalMessage(),
                            null);
                }
            }
        }
        Request request = new Request(exchange, exchange.getRequestMethod().toUpperCase(Locale.ROOT), segments, lower,
                query, apiVersion, body, length);
        checkApiVersion(request);
        return request;
    }

    private void checkApiVersion(Request request) {
        String namespace = namespace(request);
        Set<String> supported = API_VERSIONS.get(namespace);
        if (supported != null && !supported.contains(request.apiVersion())) {
            List<String> sorted = supported.stream().sorted().toList();
            if (namespace.equals("microsoft.resources")) {
                throw ArmError.badRequest("InvalidApiVersionParameter", "The api-version '" + request.apiVersion()
                        + "' is invalid. The supported versions are '" + String.join(",", sorted) + "'.", null);
            }
            throw ArmError.badRequest("NoRegisteredProviderFound", "No registered resource provider found for API "
                    + "version '" + request.apiVersion() + "' and namespace '" + namespaceSpelling(request)
                    + "'. The supported api-versions are '" + String.join(", ", sorted) + "'.", null);
        }
    }

    private static String namespace(Request request) {
        int providers = request.lower().indexOf("providers");
        if (providers >= 0 && providers + 1 < request.size()) {
            return request.lower().get(providers + 1);
        }
        return "microsoft.resources";
    }

    private static String namespaceSpelling(Request request) {
        int providers = request.lower().indexOf("providers");
        return providers >= 0 && providers + 1 < request.size() ? request.segment(providers + 1) : "Microsoft.Resources";
    }

    /** The answer as the request's api-version shows it (see {@link ApiShapes#present}). */
    private Response shaped(Request request, Response response) {
        return new Response(response.status(), batch.shapes().present(request.apiVersion(), response.body()),
                response.headers());
    }

    private Response route(Request request) {
        List<String> p = request.lower();
        if (p.size() < 2 || !p.get(0).equals("subscriptions")) {
            throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id() + "' is not supported.");
        }
        emulator.settings().checkSubscription(request.segment(1));
        if (p.size() == 2) {
            return subscription(request);
        }
        if (p.get(2).equals("resourcegroups")) {
            if (p.size() <= 4) {
                return resourceGroups(request);
            }
            if (p.size() == 5 && p.get(4).equals("resources")) {
                requireMethod(request, "GET");
                requireResourceGroup(request);
                return groupResources(request);
            }
            if (p.size() >= 7 && p.get(4).equals("providers")) {
                requireResourceGroup(request);
                return provider(request, p.get(5), 6);
            }
        }
        if (p.get(2).equals("providers") && p.size() >= 4) {
            return subscriptionProvider(request, p.get(3));
        }
        throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id() + "' is not supported.");
    }

    private Response subscription(Request request) {
        requireMethod(request, "GET");
        ObjectNode body = JSON.createObjectNode();
        body.put("id", request.id());
        body.put("subscriptionId", request.segment(1));
        body.put("displayName", "batchform emulator");
        body.put("state", "Enabled");
        return Response.ok(body);
    }

    private Response provider(Request request, String namespace, int typeIndex) {
        return switch (namespace) {
            case "microsoft.batch" -> batch.handle(request, typeIndex);
            case "microsoft.network" -> network.handle(request, typeIndex);
            case "microsoft.storage" -> storage.handle(request, typeIndex);
            case "microsoft.managedidentity" -> identities.handle(request, typeIndex);
            default -> throw new ArmError(400, "NoRegisteredProviderFound",
                    "The emulator has no resource provider '" + request.segment(typeIndex - 1) + "'.");
        };
    }

    /** {@code /subscriptions/{s}/providers/{ns}/...}: subscription-wide lists, locations, operations. */
    private Response subscriptionProvider(Request request, String namespace) {
        List<String> p = request.lower();
        if (p.size() >= 7 && p.get(4).equals("locations")) {
            String kind = p.get(6);
            if ((kind.endsWith("operationresults") || kind.equals("operations")) && p.size() == 8) {
                return operations.poll(request, request.segment(7));
            }
            if (namespace.equals("microsoft.batch") && kind.equals("quotas") && p.size() == 7) {
                requireMethod(request, "GET");
                ObjectNode body = JSON.createObjectNode();
                body.put("accountQuota", emulator.settings().accountsPerRegion());
                return Response.ok(body);
            }
            if (namespace.equals("microsoft.batch") && kind.equals("virtualmachineskus") && p.size() == 7) {
                return batch.supportedSkus(request, request.segment(5));
            }
            if (namespace.equals("microsoft.compute") && kind.equals("usages") && p.size() == 7) {
                return batch.computeUsages(request, request.segment(5));
            }
        }
        if (p.size() == 5) {
            requireMethod(request, "GET");
            String scope = "/subscriptions/" + request.segment(1);
            String type = request.segment(3) + "/" + request.segment(4);
            return list(request, store.ofType(scope, type).stream().map(this::present).toList());
        }
        throw new ArmError(404, "InvalidResourceType", "The resource path '" + request.id() + "' is not supported.");
    }

    // ---- resource groups -------------------------------------------------------------------------------------

    private Response resourceGroups(Request request) {
        String scope = "/subscriptions/" + request.segment(1);
        if (request.size() == 3) {
            requireMethod(request, "GET");
            return list(request, store.ofType(scope, "Microsoft.Resources/resourceGroups"));
        }
        String name = request.segment(3);
        String id = scope + "/resourceGroups/" + name;
        switch (request.method()) {
            case "GET", "HEAD" -> {
                ObjectNode group = store.get(id).orElseThrow(() -> new ArmError(404, "ResourceGroupNotFound",
                        "Resource group '" + name + "' could not be found."));
                return request.method().equals("HEAD") ? Response.empty(204) : Response.ok(group);
            }
            case "PUT", "PATCH" -> {
                synchronized (store) {
                    var existing = store.get(id);
                    if (!name.matches("[-\\w._()]{1,90}") || name.endsWith(".")) {
                        throw ArmError.badRequest("InvalidResourceGroupName", "Resource group name '" + name
                                + "' is invalid: 1-90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'.",
                                "resourceGroupName");
                    }
                    ObjectNode body = body(request);
                    ObjectNode group = existing.map(ObjectNode::deepCopy).orElseGet(JSON::createObjectNode);
                    if (existing.isEmpty()) {
                        group.put("id", id);
                        group.put("name", name);
                        group.put("type", "Microsoft.Resources/resourceGroups");
                        String location = text(body, "location", "location");
                        group.put("location", location);
                        group.putObject("properties").put("provisioningState", "Succeeded");
                    }
                    if (body.has("tags")) {
                        group.set("tags", body.get("tags"));
                    }
                    store.put(group);
                    return Response.of(existing.isPresent() ? 200 : 201, group);
                }
            }
            case "DELETE" -> {
                synchronized (store) {
                    ObjectNode group = store.get(id).orElse(null);
                    if (group == null) {
                        return Response.empty(204);
                    }
                    return operations.start(request, id, group.path("location").asText("global"),
                            "Microsoft.Resources", Operations.Kind.DELETE, Operations.Style.LOCATION, null);
                }
            }
            default -> throw methodNotAllowed(request);
        }
    }

    /**
     * Resources - List By Resource Group: the group's top-level resources ({@code providers/NS/TYPE/NAME}; child
     * resources such as subnets and pools are not listed), each as a generic resource: what deleting the group
     * deletes with it.
     */
    private Response groupResources(Request request) {
        String group = "/subscriptions/" + request.segment(1) + "/resourceGroups/" + request.segment(3);
        List<ObjectNode> top = new java.util.ArrayList<>();
        for (String id : store.ids()) {
            if (!id.toLowerCase(java.util.Locale.ROOT).startsWith(group.toLowerCase(java.util.Locale.ROOT)
                    + "/providers/")) {
                continue;
            }
            String[] rest = id.substring(group.length() + "/providers/".length()).split("/");
            if (rest.length != 3) {
                continue;
            }
            store.get(id).ifPresent(resource -> {
                ObjectNode generic = JSON.createObjectNode();
                generic.put("id", resource.path("id").asText(id));
                generic.put("name", resource.path("name").asText(rest[2]));
                generic.put("type", resource.path("type").asText(rest[0] + "/" + rest[1]));
                if (resource.has("location")) {
                    generic.put("location", resource.get("location").asText());
                }
                if (resource.has("tags")) {
                    generic.set("tags", resource.get("tags"));
                }
                top.add(generic);
            });
        }
        return list(request, top);
    }

    void requireResourceGroup(Request request) {
        String id = "/subscriptions/" + request.segment(1) + "/resourceGroups/" + request.segment(3);
        if (store.get(id).isEmpty()) {
            throw new ArmError(404, "ResourceGroupNotFound", "Resource group '" + request.segment(3)
                    + "' could not be found.");
        }
    }

    // ---- helpers shared by the handlers ----------------------------------------------------------------------

    /** A list response, paged with {@code nextLink} and {@code $skiptoken}. */
    Response list(Request request, List<ObjectNode> items) {
        int pageSize = emulator.settings().pageSize();
        int start = 0;
        String token = request.query().get("$skiptoken");
        if (token != null) {
            try {
                start = Math.max(0, Integer.parseInt(token));
            } catch (NumberFormatException e) {
                throw ArmError.badRequest("InvalidSkipToken", "The skip token '" + token + "' is not valid.", null);
            }
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        int end = Math.min(items.size(), start + pageSize);
        for (int i = start; i < end; i++) {
            value.add(items.get(i));
        }
        if (end < items.size()) {
            String base = emulator.endpoint().toString().replaceAll("/$", "");
            body.put("nextLink", base + request.exchange().getRequestURI().getRawPath() + "?api-version="
                    + request.apiVersion() + "&$skiptoken=" + end);
        }
        return Response.ok(body);
    }

    /** The resource as GET shows it (pools get their node counts brought up to date). */
    ObjectNode present(ObjectNode resource) {
        if (resource.path("type").asText().equalsIgnoreCase("Microsoft.Batch/batchAccounts/pools")) {
            return batch.present(resource);
        }
        if (resource.path("type").asText().equalsIgnoreCase(BatchResources.ACCOUNT)) {
            return dataPlane.presentAccount(resource); // its accountEndpoint is this emulator's data plane
        }
        return resource;
    }

    /** The ids of every emulated resource (for tests that look for orphans). */
    List<String> resourceIds() {
        synchronized (store) {
            return store.ids();
        }
    }

    /** A synchronous DELETE: 200 once removed (with everything under it), 204 when there was nothing to remove. */
    static Response deleteNow(ResourceStore store, String id) {
        if (store.get(id).isEmpty()) {
            return Response.empty(204);
        }
        store.removeTree(id);
        return Response.empty(200);
    }

    static ObjectNode body(Request request) {
        if (request.body() == null || !request.body().isObject()) {
            throw ArmError.badRequest("InvalidRequestContent", "The request content must be a JSON object.", null);
        }
        return (ObjectNode) request.body();
    }

    static String text(JsonNode node, String field, String target) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ArmError.badRequest("InvalidParameter", "The property '" + target + "' is required.", target);
        }
        return value.asText();
    }

    static void requireMethod(Request request, String... methods) {
        if (Arrays.stream(methods).noneMatch(m -> m.equals(request.method()))) {
            throw methodNotAllowed(request);
        }
    }

    static ArmError methodNotAllowed(Request request) {
        return new ArmError(405, "MethodNotAllowed", "The method '" + request.method()
                + "' is not allowed on '" + request.id() + "'.");
    }

    static Response errorResponse(ArmError error) {
        if (error instanceof BatchDataPlane.ServiceError service) {
            return service.response();
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode inner = body.putObject("error");
        inner.put("code", error.code);
        inner.put("message", error.getMessage());
        if (error.target != null) {
            inner.put("target", error.target);
        }
        Response response = Response.of(error.status, body);
        if (error.status == 401) {
            response = response.withHeader("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline"
                    + ".com/common\", error=\"invalid_token\", error_description=\"The authentication failed because "
                    + "of missing 'Authorization' header.\"");
        }
        return response;
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        var headers = exchange.getResponseHeaders();
        response.headers().forEach(headers::set);
        headers.set("x-ms-request-id", java.util.UUID.randomUUID().toString());
        String clientRequestId = exchange.getRequestHeaders().getFirst("x-ms-client-request-id");
        if (clientRequestId != null) {
            headers.set("x-ms-client-request-id", clientRequestId);
        }
        if (response.body() == null || exchange.getRequestMethod().equalsIgnoreCase("HEAD")) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(response.body());
        headers.set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
