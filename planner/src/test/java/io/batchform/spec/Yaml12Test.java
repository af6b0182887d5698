package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.spec.load.LoadResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML is read with YAML 1.2's meanings: {@code 010} is ten (with a warning), {@code yes} is not a boolean. */
class Yaml12Test {
    @TempDir
    Path dir;

    private static String pool(String nodes, String waitForSuccess) {
        return Specs.HEADER + """
                pools:
                  render:
                    account: main
                    vmSize: Standard_D2s_v3
                    image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}
                    nodeAgentSkuId: batch.node.ubuntu 22.04
                    fixedScale: {targetDedicatedNodes: %s}
                    startTask: {commandLine: /bin/true, waitForSuccess: %s}
                    metadata: {answer: yes}
                """.formatted(nodes, waitForSuccess);
    }

    @Test
    void aLeadingZeroIsDecimalWithAWarningAtItsPosition() {
        LoadResult result = Specs.load(dir, pool("010", "true"));

        assertThat(result.hasErrors()).isFalse();
        assertThat(result.spec().pools().get("render").fixedScale().targetDedicatedNodes()).isEqualTo(10);
        assertThat(Specs.printed(dir, result)).containsExactly("spec.yaml:12:40: warning: 010 is the number 10 "
                + "(YAML 1.2 has no octal without 0o; YAML 1.1 tools read it as octal): write 10, or 0o10 for octal");
    }

    @Test
    void octalNeedsItsPrefix() {
        LoadResult result = Specs.load(dir, pool("0o10", "true"));

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.spec().pools().get("render").fixedScale().targetDedicatedNodes()).isEqualTo(8);
    }

    @Test
    void yesIsAStringNotABoolean() {
        LoadResult result = Specs.load(dir, pool("1", "yes"));

        assertThat(Specs.printed(dir, result)).containsExactly("spec.yaml:13:57: error: pools.render.startTask."
                + "waitForSuccess: expected true or false, got a string ('yes' is a boolean only in YAML 1.1; "
                + "batchform reads YAML 1.2: write true or false)");
        assertThat(Specs.load(dir, pool("1", "true")).spec().pools().get("render").metadata())
                .containsEntry("answer", "yes");
    }
}
