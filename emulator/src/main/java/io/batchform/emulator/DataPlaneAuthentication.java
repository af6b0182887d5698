package io.batchform.emulator;

import static io.batchform.emulator.BatchDataPlane.API_VERSIONS;
import static io.batchform.emulator.BatchDataPlane.AUDIENCE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.emulator.ArmHandler.Request;
import io.batchform.emulator.BatchDataPlane.ServiceError;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the data plane authenticates a request, as the service does: a Microsoft Entra ID bearer token (one that names
 * an audience must name Batch's) or the account's shared key, whose signature is verified against both of the
 * account's keys; each refused only when the account's {@code allowedAuthenticationModes} name the others. Also the
 * api-version check, which the service makes before any operation.
 */
final class DataPlaneAuthentication {
    private DataPlaneAuthentication() {
    }

    /** Refuses a request the account would not accept: no credential, a mode it does not allow, a bad signature. */
    static void authenticate(Request request, ObjectNode account) {
        String authorization = request.header("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new ServiceError(401, "AuthenticationFailed", "Server failed to authenticate the request. The "
                    + "'Authorization' header is missing.", Map.of("AuthenticationErrorDetail",
                    "The 'Authorization' header is missing: send a Microsoft Entra ID bearer token or sign with the "
                            + "account's shared key."));
        }
        List<String> modes = new ArrayList<>();
        account.path("properties").path("allowedAuthenticationModes").forEach(m -> modes.add(m.asText()));
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (!modes.isEmpty() && !modes.contains("AAD")) {
                throw forbidden("Microsoft Entra ID authentication is not allowed on this account "
                        + "(allowedAuthenticationModes).");
            }
            audience(authorization.substring(7).trim()).filter(aud -> !aud.equalsIgnoreCase(AUDIENCE)
                    && !aud.equalsIgnoreCase(AUDIENCE.substring(0, AUDIENCE.length() - 1))).ifPresent(aud -> {
                        throw new ServiceError(401, "AuthenticationFailed", "Server failed to authenticate the "
                                + "request. The access token is for the audience '" + aud + "', not Batch.",
                                Map.of("AuthenticationErrorDetail", "The audience of the token must be " + AUDIENCE));
                    });
            return;
        }
        if (!authorization.regionMatches(true, 0, "SharedKey ", 0, 10)) {
            throw forbidden("The 'Authorization' header is neither a bearer token nor a shared key signature.");
        }
        if (!modes.isEmpty() && !modes.contains("SharedKey")) {
            throw forbidden("Shared key authentication is not allowed on this account (allowedAuthenticationModes).");
        }
        String credential = authorization.substring(10).trim();
        int colon = credential.lastIndexOf(':');
        String name = colon < 0 ? "" : credential.substring(0, colon);
        if (!name.equalsIgnoreCase(account.path("name").asText())) {
            throw forbidden("The signature names the account '" + name + "', not this one.");
        }
        if (request.header("ocp-date") == null && request.header("Date") == null) {
            throw forbidden("A shared key request must carry the time it was made (ocp-date).");
        }
        String signature = credential.substring(colon + 1);
        String accountId = account.get("id").asText();
        String toSign = SharedKey.stringToSign(request.method(), request.exchange().getRequestHeaders()::getFirst,
                request.bodyLength(), name, request.exchange().getRequestURI().getRawPath(), request.query());
        for (String key : List.of(AccessKeys.derive(accountId + "primary"), AccessKeys.derive(accountId + "secondary"))) {
            if (MessageDigest.isEqual(SharedKey.sign(key, toSign).getBytes(StandardCharsets.UTF_8),
                    signature.getBytes(StandardCharsets.UTF_8))) {
                return;
            }
        }
        throw forbidden("The MAC signature found in the HTTP request is not the same as any computed signature.");
    }

    private static ServiceError forbidden(String detail) {
        return new ServiceError(403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure "
                + "the value of Authorization header is correctly formed including the signature.",
                Map.of("AuthenticationErrorDetail", detail));
    }

    /** The {@code aud} claim of a token shaped as a JWT; empty for any other token (then any is accepted). */
    private static Optional<String> audience(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            JsonNode claims = ArmHandler.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.hasNonNull("aud") ? Optional.of(claims.get("aud").asText()) : Optional.empty();
        } catch (IllegalArgumentException | java.io.IOException notAJwt) {
            return Optional.empty();
        }
    }

    /** The Batch shared key scheme: what is signed, and the signature. */
    static final class SharedKey {
        private SharedKey() {
        }

        /**
         * The string to sign: the verb, the standard headers (Content-Length empty for no body; Date empty, as
         * {@code ocp-date} is sent), the {@code ocp-} headers sorted, then {@code /account/path} and the query
         * parameters sorted by name, each {@code \nname:value}.
         */
        static String stringToSign(String method, java.util.function.Function<String, String> headers,
                                   int contentLength, String account, String rawPath, Map<String, String> query) {
            StringBuilder s = new StringBuilder(method.toUpperCase(Locale.ROOT)).append('\n');
            for (String header : List.of("Content-Encoding", "Content-Language")) {
                s.append(value(headers.apply(header))).append('\n');
            }
            s.append(contentLength == 0 ? "" : Integer.toString(contentLength)).append('\n');
            for (String header : List.of("Content-MD5", "Content-Type")) {
                s.append(value(headers.apply(header))).append('\n');
            }
            s.append(headers.apply("ocp-date") != null ? "" : value(headers.apply("Date"))).append('\n');
            for (String header : List.of("If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since",
                    "Range")) {
                s.append(value(headers.apply(header))).append('\n');
            }
            String ocpDate = headers.apply("ocp-date");
            if (ocpDate != null) {
                s.append("ocp-date:").append(ocpDate.trim()).append('\n');
            }
            s.append('/').append(account).append(rawPath);
            new TreeMap<>(query).forEach((k, v) -> s.append('\n').append(k.toLowerCase(Locale.ROOT)).append(':')
                    .append(v));
            return s.toString();
        }

        private static String value(String header) {
            return header == null ? "" : header.trim();
        }

        static String sign(String base64Key, String toSign) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
                return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
        }
    }

    /** Refuses a missing or unsupported api-version, as the service does. */
    static void checkApiVersion(Request request) {
        String version = request.apiVersion();
        if (version == null || version.isEmpty()) {
            throw new ServiceError(400, "MissingRequiredQueryParameter", "A query parameter that's mandatory for "
                    + "this request is not specified.", Map.of("QueryParameterName", "api-version"));
        }
        if (!API_VERSIONS.contains(version)) {
            Map<String, String> values = new java.util.LinkedHashMap<>();
            values.put("QueryParameterName", "api-version");
            values.put("QueryParameterValue", version);
            values.put("Reason", "The specified api-version is not supported; supported: "
                    + String.join(", ", API_VERSIONS) + ".");
            throw new ServiceError(400, "InvalidQueryParameterValue", "Value for one of the query parameters "
                    + "specified in the request URI is invalid.", values);
        }
    }
}
