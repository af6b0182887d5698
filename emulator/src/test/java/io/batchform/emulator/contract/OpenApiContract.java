package io.batchform.emulator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Microsoft's published OpenAPI (Swagger 2.0) documents, kept under {@code openapi/} in the test resources (see
 * {@code openapi/SOURCES.md}), as a contract for ARM traffic and for the Batch data plane (whose paths are matched
 * without the emulator's {@code /batchaccounts/<account>} prefix, the part real Azure carries in the host name). A request is matched to its operation by resource
 * provider, api-version, method and path template; its body and the response are then checked two ways:
 * <ul>
 *   <li>by networknt's JSON Schema validator (draft 4, which Swagger 2.0 schemas are a subset of, with format
 *   assertions on): types, enums, required properties, formats such as date-time and duration, bounds;</li>
 *   <li>by the rules ARM adds and plain JSON Schema does not express ({@link ArmRules}): no property the schema does
 *   not name (the service rejects unknown properties), no read-only property in a request, no {@code x-ms-secret}
 *   property in a response, and only the status codes the operation documents.</li>
 * </ul>
 * Requests outside the documents (long-running operation polls, resource groups, a provider or api-version with no
 * document here) are not judged: {@link #check} returns an empty list and {@link #covers} says false.
 */
public final class OpenApiContract {
    /** The documents, by resource provider namespace (lower case) and api-version. */
    private static final List<String> DOCUMENTS = List.of(
            "microsoft.batch/2022-01-01/BatchManagement.json",
            "microsoft.batch/2025-06-01/BatchManagement.json",
            "microsoft.storage/2025-06-01/storage.json",
            "microsoft.network/2025-03-01/virtualNetwork.json",
            "microsoft.compute/2024-07-01/computeRPCommon.json",
            // The Batch data plane, served at an account's accountEndpoint (/batchaccounts/<name>.<region>/... here).
            "azure.batch/2025-06-01/BatchService.json");
    /** The namespace of the data-plane document, and the path prefix the emulator serves it under. */
    static final String DATA_PLANE = "azure.batch";
    private static final Pattern DATA_PLANE_PREFIX = Pattern.compile("(?i)^/batchaccounts/[^/]+");
    private static final String BASE = "https://openapi.batchform.test/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract INSTANCE = new OpenApiContract();

    private final Map<String, JsonNode> documents = new LinkedHashMap<>();
    private final List<Operation> operations = new ArrayList<>();
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** An operation of a document: where it lives and what it takes and answers. */
    public record Operation(String namespace, String apiVersion, String document, String method, String template,
                            Pattern pattern, int literals, String operationId, JsonNode definition) {
        String name() {
            return operationId + "@" + apiVersion;
        }
    }

    private OpenApiContract() {
        Map<String, String> texts = new HashMap<>();
        for (String name : DOCUMENTS) {
            try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource openapi/" + name);
                }
                JsonNode document = JSON.readTree(in);
                documents.put(name, document);
                texts.put(BASE + name, JSON.writeValueAsString(document));
                String[] parts = name.split("/");
                document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                        method -> operations.add(operation(parts[0], parts[1], name, path.getKey(), method.getKey(),
                                method.getValue()))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read openapi/" + name, e);
            }
        }
        operations.sort(Comparator.comparingInt(Operation::literals).reversed());
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(texts)));
    }

    public static OpenApiContract get() {
        return INSTANCE;
    }

    private static Operation operation(String namespace, String version, String document, String template,
                                       String method, JsonNode definition) {
        StringBuilder regex = new StringBuilder();
        int literals = 0;
        for (String segment : template.substring(1).split("/")) {
            regex.append('/');
            if (segment.startsWith("{")) {
                regex.append("[^/]+");
            } else {
                regex.append(Pattern.quote(segment));
                literals++;
            }
        }
        return new Operation(namespace, version, document, method.toUpperCase(Locale.ROOT), template,
                Pattern.compile(regex + "/?", Pattern.CASE_INSENSITIVE), literals,
                definition.path("operationId").asText(), definition);
    }

    /** Whether the documents describe this provider at this api-version (so its traffic is judged). */
    public boolean covers(String path, String apiVersion) {
        String namespace = namespace(path);
        return namespace != null && documents.keySet().stream().anyMatch(d -> d.startsWith(namespace + "/" + apiVersion + "/"));
    }

    /** The operation a request is, if a document describes it. */
    public Optional<Operation> operation(String method, String path, String apiVersion) {
        String namespace = namespace(path);
        String matched = DATA_PLANE.equals(namespace) ? DATA_PLANE_PREFIX.matcher(path).replaceFirst("") : path;
        return operations.stream().filter(o -> o.namespace().equals(namespace) && o.apiVersion().equals(apiVersion)
                && o.method().equals(method) && o.pattern().matcher(matched).matches()).findFirst();
    }

    /** The api-versions with a document for a namespace such as {@code microsoft.batch}. */
    public List<String> versions(String namespace) {
        return documents.keySet().stream().filter(d -> d.startsWith(namespace + "/")).map(d -> d.split("/")[1]).toList();
    }

    /** The document of a namespace and api-version (for tests that read definitions). */
    public JsonNode document(String namespace, String apiVersion) {
        return documents.entrySet().stream().filter(e -> e.getKey().startsWith(namespace + "/" + apiVersion + "/"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
    }

    /**
     * Everything wrong with one exchange: a request body against the operation's body parameter, a response
     * against the schema of its status code (or {@code default} for errors). Unjudged requests give no violations.
     */
    public List<Violation> check(String method, String path, String apiVersion, JsonNode requestBody, int status,
                                 JsonNode responseBody) {
        return check(method, path, apiVersion, requestBody, status, responseBody, List.of());
    }

    /**
     * As above, for a data-plane request whose {@code $select} named {@code select}: the service answers only those
     * properties of each item, so a required property it did not name is not missing.
     */
    public List<Violation> check(String method, String path, String apiVersion, JsonNode requestBody, int status,
                                 JsonNode responseBody, List<String> select) {
        return check(method, path, apiVersion, requestBody, status, responseBody, select, Map.of());
    }

    /**
     * As above, with the conditional headers the request sent ({@code If-Match}, {@code If-None-Match}, ...): each
     * must be a header parameter of the operation (see {@link #checkConditions}).
     */
    public List<Violation> check(String method, String path, String apiVersion, JsonNode requestBody, int status,
                                 JsonNode responseBody, List<String> select, Map<String, String> conditions) {
        List<Violation> out = new ArrayList<>();
        if (apiVersion == null || !covers(path, apiVersion) || isPoll(path)) {
            return out;
        }
        Optional<Operation> found = operation(method, path, apiVersion);
        if (found.isEmpty()) {
            if (status < 400 || status == 405) {
                out.add(new Violation(method + " " + path + "@" + apiVersion, "request", "$", "operation",
                        "no operation of the " + apiVersion + " document has this method and path"));
            }
            return out;
        }
        Operation operation = found.get();
        out.addAll(checkConditions(operation, conditions));
        if (status < 400) {
            out.addAll(checkRequest(operation, requestBody));
        }
        out.addAll(checkResponse(operation, status, responseBody, select));
        return out;
    }

    /**
     * The conditional headers sent against the operation's header parameters: the extracts keep {@code If-Match} and
     * {@code If-None-Match} where Microsoft's document lists them (openapi/SOURCES.md), so one sent anywhere else is
     * a condition the service does not document, and it may ignore it.
     */
    public List<Violation> checkConditions(Operation operation, Map<String, String> conditions) {
        List<Violation> out = new ArrayList<>();
        for (String header : conditions.keySet()) {
            boolean listed = false;
            for (JsonNode parameter : operation.definition().path("parameters")) {
                listed |= parameter.path("in").asText().equals("header")
                        && parameter.path("name").asText().equalsIgnoreCase(header);
            }
            if (!listed) {
                out.add(new Violation(operation.name(), "request", "$", "header", "the operation takes no " + header
                        + " header"));
            }
        }
        return out;
    }

    /** The request body against the operation's body parameter (its presence, its schema, ARM's rules). */
    public List<Violation> checkRequest(Operation operation, JsonNode body) {
        List<Violation> out = new ArrayList<>();
        JsonNode parameter = bodyParameter(operation);
        if (parameter == null) {
            if (body != null && !body.isEmpty()) {
                out.add(new Violation(operation.name(), "request", "$", "body", "the operation takes no body"));
            }
            return out;
        }
        if (body == null) {
            if (parameter.path("required").asBoolean(false)) {
                out.add(new Violation(operation.name(), "request", "$", "required", "the body is required"));
            }
            return out;
        }
        out.addAll(validate(operation, "request", parameter.path("schema"), body));
        out.addAll(ArmRules.request(operation, resolver(operation), parameter.path("schema"), body));
        return out;
    }

    /** A response against the schema its status code documents ({@code default} for an error). */
    public List<Violation> checkResponse(Operation operation, int status, JsonNode body) {
        return checkResponse(operation, status, body, List.of());
    }

    /** As above, for an answer to a {@code $select} of {@code select} (see {@link #check}). */
    public List<Violation> checkResponse(Operation operation, int status, JsonNode body, List<String> select) {
        List<Violation> out = new ArrayList<>();
        JsonNode responses = operation.definition().path("responses");
        String key = Integer.toString(status);
        if (!responses.has(key) && status >= 400 && !responses.has("default") && isArmError(status, body)) {
            return out; // ARM's own answer, given before the resource provider sees the request
        }
        if (!responses.has(key)) {
            if (status < 400 || !responses.has("default")) {
                out.add(new Violation(operation.name(), "response", "$", "status", "status " + status
                        + " is not a documented response (documented: " + fieldNames(responses) + ")"));
                return out;
            }
            key = "default";
        }
        JsonNode schema = responses.path(key).path("schema");
        if (schema.isMissingNode()) {
            if (body != null && !body.isEmpty()) {
                out.add(new Violation(operation.name(), "response", "$", "body", "status " + status
                        + " is documented without a body"));
            }
            return out;
        }
        if (body == null) {
            out.add(new Violation(operation.name(), "response", "$", "body", "status " + status
                    + " is documented with a body, and none was sent"));
            return out;
        }
        out.addAll(validate(operation, "response", schema, body, select));
        out.addAll(ArmRules.response(operation, resolver(operation), schema, body));
        return out;
    }

    /**
     * Whether an error body is one ARM itself gives for a request in a resource group that does not exist: ARM
     * answers it before the request reaches the resource provider, so the provider's document does not describe it
     * (Microsoft.Storage's operations document no error response at all), and the common ARM error shape is what
     * it has. The same holds for throttling and server failures.
     */
    private static boolean isArmError(int status, JsonNode body) {
        if (body == null || !body.path("error").path("code").isTextual() || !body.path("error").path("message")
                .isTextual()) {
            return false;
        }
        // Throttling (429) and gateway or server failures (5xx) can answer any ARM request, whatever the resource
        // provider documents: ARM says so for every operation, and the emulator's fault injection plays them.
        return status == 429 || status >= 500 || "ResourceGroupNotFound".equals(body.path("error").path("code").asText());
    }

    /** The schema (every vendored operation names its body and responses by a {@code #/definitions/} reference). */
    private List<Violation> validate(Operation operation, String side, JsonNode reference, JsonNode body) {
        return validate(operation, side, reference, body, List.of());
    }

    private List<Violation> validate(Operation operation, String side, JsonNode reference, JsonNode body,
                                     List<String> select) {
        String pointer = reference.path("$ref").asText();
        if (!pointer.startsWith("#/definitions/")) {
            throw new IllegalStateException(operation.name() + ": an inline schema; name it in #/definitions");
        }
        JsonSchema schema = schemas.computeIfAbsent(operation.document() + pointer,
                k -> factory.getSchema(SchemaLocation.of(BASE + operation.document() + pointer), config));
        List<Violation> out = new ArrayList<>();
        for (ValidationMessage message : schema.validate(body)) {
            if (side.equals("response") && (secretLeftOut(operation, message) || notSelected(message, select))) {
                continue;
            }
            out.add(new Violation(operation.name(), side, message.getInstanceLocation().toString(), message.getType(),
                    message.getMessage()));
        }
        return out;
    }

    /**
     * Whether a message is a required property of the answer (or of an item of a list answer) that a {@code $select}
     * did not name: the service answers only the properties selected.
     */
    private static boolean notSelected(ValidationMessage message, List<String> select) {
        return !select.isEmpty() && "required".equals(message.getType()) && message.getProperty() != null
                && ITEM.matcher(message.getInstanceLocation().toString()).matches()
                && !select.contains(message.getProperty());
    }

    private static final Pattern ITEM = Pattern.compile("^\\$(\\.value\\[\\d+\\])?$");

    /**
     * Whether a message is a required property missing from a response because it is a secret: Microsoft's documents
     * mark some properties both required and {@code x-ms-secret} (a user account's password, a CIFS mount's), and the
     * service never returns a secret, so a response without it is what ARM answers, not a violation.
     */
    private boolean secretLeftOut(Operation operation, ValidationMessage message) {
        if (!"required".equals(message.getType()) || message.getProperty() == null) {
            return false;
        }
        String location = message.getSchemaLocation().toString();
        int hash = location.indexOf('#');
        if (hash < 0) {
            return false;
        }
        JsonNode definition = documents.get(operation.document()).at(location.substring(hash + 1)
                .replaceFirst("/required$", ""));
        return definition.path("properties").path(message.getProperty()).path("x-ms-secret").asBoolean(false);
    }

    /** Resolves {@code #/definitions/...} references of the operation's document. */
    private ArmRules.Resolver resolver(Operation operation) {
        JsonNode document = documents.get(operation.document());
        return ref -> {
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local references are vendored: " + ref);
            }
            return document.at(ref.substring(1));
        };
    }

    private static JsonNode bodyParameter(Operation operation) {
        for (JsonNode parameter : operation.definition().path("parameters")) {
            if (parameter.path("in").asText().equals("body")) {
                return parameter;
            }
        }
        return null;
    }

    /** ARM's long-running operation polls are not in the documents (their URLs are the service's own). */
    private static boolean isPoll(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.contains("operationresults/") || lower.contains("/operations/");
    }

    private static String namespace(String path) {
        if (DATA_PLANE_PREFIX.matcher(path).find()) {
            return DATA_PLANE;
        }
        String[] segments = path.toLowerCase(Locale.ROOT).split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            if (segments[i].equals("providers")) {
                return segments[i + 1];
            }
        }
        return null;
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return String.join(", ", names);
    }
}
