package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile specs end in clear diagnostics with positions: never an exception or an out-of-memory, and
 * each in well under a few seconds (alias bombs of maps, lists, scalars and interpolated strings, long lines and
 * strings, too many values, resources or levels).
 */
class HostileInputTest {
    @TempDir
    Path dir;

    static String billionLaughs() {
        StringBuilder out = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            out.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                out.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            out.append("]\n");
        }
        return out.toString();
    }

    static String wideAliases() {
        StringBuilder out = new StringBuilder("base: &b\n");
        for (int i = 0; i < 60_000; i++) {
            out.append("- x\n");
        }
        out.append("many: [");
        for (int i = 0; i < 19; i++) {
            out.append(i == 0 ? "" : ", ").append("*b");
        }
        return out.append("]\n").toString();
    }

    /** A list of {@code count} aliases of anchor {@code s}, one per line, under the top-level key {@code x}. */
    static String aliases(String anchored, int count) {
        StringBuilder out = new StringBuilder("variables:\n  v: ").append("v".repeat(40_000)).append('\n')
                .append("s: &s ").append(anchored).append("\nx:\n");
        for (int i = 0; i < count; i++) {
            out.append("- *s\n");
        }
        return out.toString();
    }

    static String pools(int count) {
        StringBuilder out = new StringBuilder(Specs.HEADER).append("pools:\n");
        for (int i = 0; i < count; i++) {
            out.append("  p").append(i).append(": {}\n");
        }
        return out.toString();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a scalar alias repeated 10,001 times", aliases("y", 10_001), List.of(
                        "spec.yaml:10005:3: error: the document uses more than 10000 aliases (an alias bomb?); "
                                + "write the values out")),
                Arguments.of("aliases of a long string", aliases("y".repeat(60_000), 400), List.of(
                        "spec.yaml:352:3: error: the document expands to more than 20971520 characters of strings "
                                + "through aliases (an alias bomb?)")),
                Arguments.of("aliases of an interpolated string", aliases("\"${var.v}\"", 600), List.of(
                        "spec.yaml:1:1: error: the spec declares no location: add location: at the top level",
                        "spec.yaml:1:1: error: the spec declares no resourceGroup: add resourceGroup: at the top level",
                        "spec.yaml:3:1: error: unknown key 's' at the top level",
                        "spec.yaml:3:8: error: interpolation writes more than 20971520 characters of strings in all "
                                + "(an alias of an interpolated string repeated?); later references are left unresolved",
                        "spec.yaml:4:1: error: unknown key 'x' at the top level")),
                Arguments.of("an interpolation past the longest string", "variables:\n  v: " + "v".repeat(40_000)
                        + "\nlocation: \"${var.v}-${var.v}\"\n", List.of(
                        "spec.yaml:1:1: error: the spec declares no resourceGroup: add resourceGroup: at the top level",
                        "spec.yaml:3:21: error: ${var.v} makes the string longer than 65536 characters, the most a "
                                + "spec's string may hold")),
                Arguments.of("a string of 70,000 characters", "location: |\n" + ("  " + "y".repeat(99) + "\n").repeat(700),
                        List.of("spec.yaml:1:11: error: a string of 70000 characters; the most a spec's string may "
                                + "hold is 65536")),
                Arguments.of("a quoted string of 9 MB across lines", "location: \"" + ("y".repeat(99) + "\n").repeat(90_000)
                        + "\"\n", List.of("spec.yaml:1:11: error: a string of 9000000 characters; the most a spec's "
                                + "string may hold is 65536")),
                Arguments.of("a line of 70,000 characters", "location: " + "y".repeat(70_000) + "\n", List.of(
                        "spec.yaml:1:65537: error: a line longer than 65536 characters; a spec's lines are far "
                                + "shorter (break long strings with a | block)")),
                Arguments.of("a comment of 9 MB on one line", "# " + "c".repeat(9_000_000) + "\n", List.of(
                        "spec.yaml:1:65537: error: a line longer than 65536 characters; a spec's lines are far "
                                + "shorter (break long strings with a | block)")),
                Arguments.of("250,000 values", "x:\n" + "- a\n".repeat(250_000), List.of(
                        "spec.yaml:199999:3: error: the file holds more than 200000 values; a spec is far smaller")),
                Arguments.of("10,001 pools", pools(10_001), List.of(
                        "spec.yaml:10006:3: error: the spec declares more than 10000 resources; split it into several "
                                + "specs, each with its own state")),
                Arguments.of("billion laughs", billionLaughs(), List.of("spec.yaml:4:20: error: the document uses more "
                        + "than 20 aliases of maps or lists (an alias bomb?); write the values out")),
                Arguments.of("aliases that expand to too many values", wideAliases(), List.of(
                        "spec.yaml:60002:16: error: the document expands to more than 200000 values through aliases (an alias bomb?)")),
                Arguments.of("an alias inside itself", "a: &a [1, *a]\n", List.of("spec.yaml:1:8: error: the YAML is nested too "
                        + "deeply (at most 50 levels), or an alias refers to itself")),
                Arguments.of("deeply nested lists", "[".repeat(5000) + "]".repeat(5000) + "\n", List.of(
                        "spec.yaml:1:51: error: the YAML is nested too deeply (at most 50 levels)")),
                Arguments.of("deeply nested maps", nestedMaps(80), List.of(
                        "spec.yaml:51:101: error: the YAML is nested too deeply (at most 50 levels)")),
                Arguments.of("a list at the top", "- pools\n- resourceGroup\n", List.of(
                        "spec.yaml:1:1: error: the spec: expected a map of keys such as pools:, got a list")),
                Arguments.of("several documents", "location: a\n---\nlocation: b\n", List.of(
                        "spec.yaml:3:1: error: a spec file holds one YAML document; split the others into their own files")),
                Arguments.of("a tab for indentation", "pools:\n\tp: {}\n", List.of(
                        "spec.yaml:2:1: error: invalid YAML: found character '\\t(TAB)' that cannot start any token. "
                                + "(Do not use \\t(TAB) for indentation)")),
                Arguments.of("an unclosed quote", "location: \"westeurope\n", List.of(
                        "spec.yaml:2:1: error: invalid YAML: found unexpected end of stream")),
                Arguments.of("a map as a key", "? [a, b]\n: 1\nresourceGroup: rg\nlocation: westeurope\n", List.of(
                        "spec.yaml:1:3: error: a key must be a string, not a list")),
                Arguments.of("a merge key", "base: &b {name: x}\nresourceGroup:\n  <<: *b\nlocation: westeurope\n", List.of(
                        "spec.yaml:1:1: error: unknown key 'base' at the top level",
                        "spec.yaml:2:1: error: resourceGroup is missing the required key 'name'",
                        "spec.yaml:3:3: error: merge keys (<<) are not supported; write the keys out")),
                Arguments.of("a number too large", Specs.HEADER + "pools:\n  p:\n    taskSlotsPerNode: 99999999999999999999999\n",
                        List.of("spec.yaml:7:3: error: pool 'p' needs fixedScale or autoScale",
                                "spec.yaml:7:3: error: pools.p is missing the required key 'account'",
                                "spec.yaml:7:3: error: pools.p is missing the required key 'image'",
                                "spec.yaml:7:3: error: pools.p is missing the required key 'nodeAgentSkuId'",
                                "spec.yaml:7:3: error: pools.p is missing the required key 'vmSize'",
                                "spec.yaml:8:23: error: pools.p.taskSlotsPerNode: 99999999999999999999999 is not a whole "
                                        + "number that fits")),
                Arguments.of("an empty file", "", List.of(
                        "spec.yaml:1:1: error: the spec declares no location: add location: at the top level",
                        "spec.yaml:1:1: error: the spec declares no resourceGroup: add resourceGroup: at the top level")),
                Arguments.of("wrong types everywhere", """
                        resourceGroup: [rg]
                        location: {west: europe}
                        storageAccounts: data
                        virtualNetworks:
                          net:
                            addressSpace: 10.0.0.0/16
                            subnets: [a, b]
                        batchAccounts:
                          main: 5
                        pools:
                          p:
                            account: [main]
                            vmSize: 2
                            image: canonical
                            nodeAgentSkuId: true
                            fixedScale: {targetDedicatedNodes: two}
                            metadata: [a]
                            protect: maybe
                        """, List.of(
                        "spec.yaml:1:16: error: resourceGroup: expected a string or a map, got a list",
                        "spec.yaml:2:11: error: location: expected a string, got a map",
                        "spec.yaml:3:18: error: storageAccounts: expected a map, got a string",
                        "spec.yaml:6:19: error: virtualNetworks.net.addressSpace: expected a list, got a string",
                        "spec.yaml:7:14: error: virtualNetworks.net.subnets: expected a map, got a list",
                        "spec.yaml:9:9: error: batchAccounts.main: expected a map, got a number",
                        "spec.yaml:12:14: error: pools.p.account: expected a string, got a list",
                        "spec.yaml:13:13: error: pools.p.vmSize: expected a string, got a number (put it in quotes)",
                        "spec.yaml:14:12: error: pools.p.image: expected a map, got a string",
                        "spec.yaml:15:21: error: pools.p.nodeAgentSkuId: expected a string, got a boolean (put it in quotes)",
                        "spec.yaml:16:40: error: pools.p.fixedScale.targetDedicatedNodes: expected a whole number, got a string",
                        "spec.yaml:17:15: error: pools.p.metadata: expected a map, got a list",
                        "spec.yaml:18:14: error: pools.p.protect: expected true or false, got a string")),
                Arguments.of("unknown keys everywhere", Specs.HEADER + """
                        colour: blue
                        storageAccounts:
                          data: {skus: Standard_LRS, kindd: StorageV2}
                        virtualNetworks:
                          net:
                            adressSpace: [10.0.0.0/16]
                        """, List.of(
                        "spec.yaml:6:1: error: unknown key 'colour' at the top level",
                        "spec.yaml:8:10: error: unknown key 'skus' in storageAccounts.data (did you mean 'sku'?)",
                        "spec.yaml:8:30: error: unknown key 'kindd' in storageAccounts.data (did you mean 'kind'?)",
                        "spec.yaml:10:3: error: virtualNetworks.net is missing the required key 'addressSpace'",
                        "spec.yaml:11:5: error: unknown key 'adressSpace' in virtualNetworks.net (did you mean 'addressSpace'?)")));
    }

    private static String nestedMaps(int depth) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            out.append("  ".repeat(i)).append("a:\n");
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(10)
    void givesAClearDiagnostic(String name, String yaml, List<String> expected) {
        LoadResult result = Specs.load(dir, yaml);
        assertThat(Specs.printed(dir, result)).containsExactlyElementsOf(expected);
    }

    @Test
    void refusesAFileOfTwentyMegabytesWithoutReadingIt() throws IOException {
        Path file = dir.resolve("huge.yaml");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String line = "# " + "x".repeat(97) + "\n";
            for (int i = 0; i < 200_000; i++) {
                out.write(line);
            }
        }
        assertThat(Files.size(file)).isEqualTo(20_000_000L);
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of());
        assertThat(Specs.printed(dir, result)).containsExactly(
                "huge.yaml:1:1: error: the file is larger than 10 MB; a spec is far smaller");
    }

    @Test
    void refusesTextThatIsNotUtf8() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'l', 'o', 'c', ':', ' ', (byte) 0xE9, '\n'});
        LoadResult result = SpecLoader.load(List.of(file), Map.of(), Map.of());
        assertThat(Specs.printed(dir, result)).containsExactly("latin1.yaml:1:1: error: the file is not UTF-8 text");
    }
}
