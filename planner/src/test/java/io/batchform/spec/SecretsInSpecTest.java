package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.source.DiagnosticFormatter;
import io.batchform.spec.load.LoadResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No diagnostic prints a secret written in a spec, even the one that says it is written in clear. */
class SecretsInSpecTest {
    @TempDir
    Path dir;

    private static final String POOL = Specs.HEADER + """
            pools:
              render:
                account: main
                vmSize: Standard_D2s_v3
                image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts, version: latest}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                fixedScale: {targetDedicatedNodes: 1}
                userAccounts:
                  - {name: worker, password: hunter2-clear}
                startTask:
                  commandLine: /bin/true
                  resourceFiles:
                    - {httpUrl: "https://a.blob.core.windows.net/c/f?sv=2022-11-02&se=2027-01-01&sp=r&sig=SIGNATUREvalue%3D", filePath: f}
                  environment: {TOKEN: {secret: tok-clear-value}, MODE: render}
            """;

    @Test
    void theWarningAboutAClearPasswordDoesNotPrintIt() {
        LoadResult result = Specs.load(dir, POOL);
        String printed = DiagnosticFormatter.formatAll(result.diagnostics(), result.texts());

        assertThat(printed).contains("password is written in the spec in clear");
        assertThat(printed).contains("{name: worker, password: *************}");
        assertThat(printed).doesNotContain("hunter2").doesNotContain("tok-clear").doesNotContain("SIGNATURE");
        assertThat(result.spec().pools().get("render").startTask().environment())
                .containsEntry("TOKEN", "tok-clear-value").containsEntry("MODE", "render");
    }

    @Test
    void onlyValuesAreMaskedNotWhatIsWrittenUnderAKeyThatLooksSecret() {
        LoadResult result = Specs.load(dir, Specs.HEADER + """
                storageAccounts:
                  password:
                    name: Invalid_Storage
                """);
        String printed = DiagnosticFormatter.formatAll(result.diagnostics(), result.texts());

        assertThat(printed).contains("name: Invalid_Storage").doesNotContain("*");
    }

    @Test
    void everyLineOfTheMaskedTextKeepsItsColumns() {
        LoadResult result = Specs.load(dir, POOL);
        String original = POOL;
        String masked = result.texts().values().iterator().next().text();

        assertThat(masked.lines().map(String::length).toList())
                .isEqualTo(original.lines().map(String::length).toList());
        assertThat(masked).doesNotContain("SIGNATUREvalue").contains("sp=*&sig=*****************")
                .doesNotContain("tok-clear-value").contains("MODE: ******");
    }
}
