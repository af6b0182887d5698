package io.batchform.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.address.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static final ResourceSchema SCHEMA = new ResourceSchema(ResourceType.POOL, List.of(
            AttributeSchema.updatable("startTask"), AttributeSchema.updatable("startTask.environment").asSensitive(),
            AttributeSchema.emptyPool("userAccounts.password").asSensitive().asWriteOnly()));
    private static final String URL = "https://a.blob.core.windows.net/c/f?sv=2022-11-02&se=2027-01-01T00:00Z&sp=r"
            + "&sig=abcDEF%2Bxyz%3D";

    @Test
    void scryptMatchesTheTestVectorsOfRfc7914() {
        assertThat(HexFormat.of().formatHex(Scrypt.derive(new byte[0], new byte[0], 16, 1, 1, 64))).isEqualTo(
                "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                        + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
        assertThat(HexFormat.of().formatHex(Scrypt.derive(bytes("password"), bytes("NaCl"), 1024, 8, 16, 64)))
                .isEqualTo("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                        + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
    }

    @Test
    void aSecretIsKeptAsItsScryptHashSaltedWithTheLineage() {
        String hash = Secrets.hash("lineage-1", "hunter2");

        assertThat(hash).startsWith("scrypt:").hasSize("scrypt:".length() + 64).doesNotContain("hunter2");
        assertThat(Secrets.hash("lineage-2", "hunter2")).isNotEqualTo(hash);
        assertThat(Secrets.matches("lineage-1", hash, "hunter2")).isTrue();
        assertThat(Secrets.matches("lineage-1", hash, "hunter3")).isFalse();
    }

    @Test
    void aFormerSha256HashStillCompares() {
        String legacy = Secrets.legacyHash("lineage-1", "hunter2");

        assertThat(legacy).startsWith("sha256:");
        assertThat(Secrets.isHash(legacy)).isTrue();
        assertThat(Secrets.matches("lineage-1", legacy, "hunter2")).isTrue();
        assertThat(Secrets.matches("lineage-1", legacy, "other")).isFalse();
    }

    @Test
    void aSignedUrlIsKeptWithItsSignatureHashedAndTheTokenRedacted() {
        Object kept = Secrets.redact("startTask.resourceFiles", Map.of("httpUrl", URL), SCHEMA, "lineage-1");
        String url = String.valueOf(((Map<?, ?>) kept).get("httpUrl"));

        assertThat(url).startsWith("https://a.blob.core.windows.net/c/f?sv=2022-11-02&se=redacted&sp=redacted&sig=scrypt:")
                .doesNotContain("abcDEF");
        assertThat(Secrets.redact("x", url, SCHEMA, "lineage-1")).as("redacting twice changes nothing").isEqualTo(url);
        Object changed = Secrets.redact("x", URL.replace("abcDEF", "abcDEG"), SCHEMA, "lineage-1");
        assertThat(changed).as("a new token is still seen").isNotEqualTo(url);
        assertThat(String.valueOf(Secrets.mask("x", URL, SCHEMA))).endsWith("se=redacted&sp=redacted&sig=(sensitive)");
        assertThat(Secrets.holdsSecret("x", List.of(Map.of("httpUrl", URL)), SCHEMA)).isTrue();
        assertThat(Secrets.holdsSecret("x", "https://a/b?sv=1", SCHEMA)).isFalse();
    }

    @Test
    void startTaskEnvironmentValuesAreHashed() {
        Attributes redacted = Secrets.redact(Attributes.of(Map.of("startTask", Map.of("commandLine", "run",
                "environment", Map.of("TOKEN", "t0ken")))), SCHEMA, "lineage-1");

        assertThat(redacted.string("startTask.environment.TOKEN")).startsWith("scrypt:");
        assertThat(redacted.string("startTask.commandLine")).isEqualTo("run");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
