package io.batchform.azure.resource;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Batch data-plane requests with the account's shared key (the Batch service's {@code SharedKey} scheme):
 * {@code Authorization: SharedKey <account>:<base64 HMAC-SHA256 of the string to sign>}, where the string to sign is
 * the verb; Content-Encoding, Content-Language, Content-Length (empty for no body), Content-MD5, Content-Type; Date
 * (empty, as {@code ocp-date} is sent); If-Modified-Since, If-Match, If-None-Match, If-Unmodified-Since, Range; then
 * the {@code ocp-} headers, lower-cased and sorted, each {@code name:value}; then {@code /<account><path>} and the
 * query parameters sorted by lower-cased name, each {@code \nname:value} with the value decoded. Placed after the
 * retry policy, so each try is signed with its own {@code ocp-date}.
 */
final class SharedKeyPolicy extends HttpPipelineSyncPolicy {
    private static final HttpHeaderName OCP_DATE = HttpHeaderName.fromString("ocp-date");
    private final String account;
    private final byte[] key;

    SharedKeyPolicy(String account, String base64Key) {
        this.account = account;
        this.key = Base64.getDecoder().decode(base64Key);
    }

    @Override
    protected void beforeSendingRequest(HttpPipelineCallContext context) {
        HttpRequest request = context.getHttpRequest();
        request.setHeader(OCP_DATE, DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        long length = request.getBodyAsBinaryData() == null || request.getBodyAsBinaryData().getLength() == null ? 0
                : request.getBodyAsBinaryData().getLength();
        String toSign = stringToSign(request, length);
        request.setHeader(HttpHeaderName.AUTHORIZATION, "SharedKey " + account + ":" + sign(toSign));
    }

    String stringToSign(HttpRequest request, long contentLength) {
        StringBuilder s = new StringBuilder(request.getHttpMethod().name().toUpperCase(Locale.ROOT)).append('\n');
        s.append(header(request, "Content-Encoding")).append('\n');
        s.append(header(request, "Content-Language")).append('\n');
        s.append(contentLength == 0 ? "" : Long.toString(contentLength)).append('\n');
        s.append(header(request, "Content-MD5")).append('\n');
        s.append(header(request, "Content-Type")).append('\n');
        s.append('\n'); // Date: ocp-date is sent instead
        for (String name : List.of("If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range")) {
            s.append(header(request, name)).append('\n');
        }
        Map<String, String> ocp = new TreeMap<>();
        request.getHeaders().forEach(h -> {
            String name = h.getName().toLowerCase(Locale.ROOT);
            if (name.startsWith("ocp-")) {
                ocp.put(name, h.getValue().trim());
            }
        });
        ocp.forEach((name, value) -> s.append(name).append(':').append(value).append('\n'));
        s.append('/').append(account).append(request.getUrl().getPath().isEmpty() ? "/" : rawPath(request));
        Map<String, String> query = new TreeMap<>();
        String raw = request.getUrl().getQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(name.toLowerCase(Locale.ROOT), value);
            }
        }
        query.forEach((name, value) -> s.append('\n').append(name).append(':').append(value));
        return s.toString();
    }

    private static String rawPath(HttpRequest request) {
        try {
            return request.getUrl().toURI().getRawPath();
        } catch (java.net.URISyntaxException e) {
            return request.getUrl().getPath();
        }
    }

    private static String header(HttpRequest request, String name) {
        String value = request.getHeaders().getValue(HttpHeaderName.fromString(name));
        return value == null ? "" : value.trim();
    }

    private String sign(String toSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
