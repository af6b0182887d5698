package io.batchform.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of {@code examples/policy/batchform.rego}, one method line for each rule, over the same JSON paths: no
 * OPA or conftest evaluator can be installed on the build machines (none is packaged for Debian, Maven or npm), so
 * the tests check the policy's logic against real plans this way. The allowed VM sizes are read from the Rego file,
 * and {@link #rulesOf} makes a test fail when the file's rules and these drift apart.
 */
public final class ExamplePolicy {
    public static final Path FILE = Path.of("..", "examples", "policy", "batchform.rego");

    private ExamplePolicy() {
    }

    /** What {@code deny} holds for {@code plan}. */
    public static List<String> deny(JsonNode plan) {
        Set<String> allowed = allowedVmSizes();
        List<String> out = new ArrayList<>();
        for (JsonNode rc : changes(plan)) {
            List<String> actions = actions(rc);
            JsonNode after = rc.path("change").path("after");
            if (rc.path("type").asText().equals("pool") && (actions.contains("create") || actions.contains("update"))
                    && after.has("vmSize") && !allowed.contains(after.path("vmSize").asText())) {
                out.add(rc.path("address").asText() + ": VM size " + after.path("vmSize").asText() + " is not allowed");
            }
            if (rc.path("type").asText().equals("pool") && actions.contains("delete") && actions.contains("create")
                    && rc.has("action_reason") && !rc.path("action_reason").asText().equals("replace_by_request")) {
                out.add(rc.path("address").asText() + " would be replaced (" + rc.path("action_reason").asText() + ")");
            }
            if (rc.path("type").asText().equals("batchAccount") && actions.contains("delete")) {
                out.add(rc.path("address").asText() + " would be deleted with every pool in it");
            }
            if (rc.path("type").asText().equals("storageAccount") && after.isObject()
                    && after.has("minimumTlsVersion") && !after.path("minimumTlsVersion").asText().equals("TLS1_2")) {
                out.add(rc.path("address").asText() + " accepts " + after.path("minimumTlsVersion").asText());
            }
        }
        if (plan.path("errored").asBoolean()) {
            out.add("the plan has errors: batchform would not apply it");
        }
        return out;
    }

    /** What {@code warn} holds for {@code plan}. */
    public static List<String> warn(JsonNode plan) {
        List<String> out = new ArrayList<>();
        for (JsonNode rc : changes(plan)) {
            if (rc.path("type").asText().equals("batchAccount")
                    && rc.path("change").path("after").path("publicNetworkAccess").asText().equals("Enabled")) {
                out.add(rc.path("address").asText() + " is reachable from the public network");
            }
        }
        return out;
    }

    /** The heads of the Rego file's rules, in order ({@code deny}, {@code warn}, ...), to compare with these. */
    public static List<String> rulesOf(String rego) {
        List<String> heads = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?m)^(deny|warn|changes) contains ").matcher(rego);
        while (matcher.find()) {
            heads.add(matcher.group(1));
        }
        return heads;
    }

    static Set<String> allowedVmSizes() {
        Matcher matcher = Pattern.compile("allowed_vm_sizes := \\{([^}]*)}").matcher(read());
        if (!matcher.find()) {
            throw new IllegalStateException(FILE + " has no allowed_vm_sizes");
        }
        Set<String> sizes = new LinkedHashSet<>();
        Matcher quoted = Pattern.compile("\"([^\"]+)\"").matcher(matcher.group(1));
        while (quoted.find()) {
            sizes.add(quoted.group(1));
        }
        return sizes;
    }

    public static String read() {
        try {
            return Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> changes(JsonNode plan) {
        List<JsonNode> out = new ArrayList<>();
        plan.path("resource_changes").forEach(rc -> {
            if (rc.path("mode").asText().equals("managed")) {
                out.add(rc);
            }
        });
        return out;
    }

    private static List<String> actions(JsonNode rc) {
        List<String> actions = new ArrayList<>();
        rc.path("change").path("actions").forEach(a -> actions.add(a.asText()));
        return actions;
    }
}
