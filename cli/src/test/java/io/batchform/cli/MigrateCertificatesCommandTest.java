package io.batchform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batchform migrate certificates}: for a spec whose pools use retired certificates, the YAML it prints names
 * each certificate's Key Vault secret and, pasted in place of the pools' certificates, makes a spec that validates.
 */
class MigrateCertificatesCommandTest {
    private static final String IDENTITY = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg"
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nodes";
    private static final String BASE = """
            resourceGroup: rg-migrate
            location: westeurope
            batchAccounts:
              main: {name: bfmigrate}
            """;
    private static final String LINUX = """
              lin:
                account: main
                vmSize: Standard_D2s_v3
                image: {publisher: canonical, offer: 0001-com-ubuntu-server-jammy, sku: 22_04-lts}
                nodeAgentSkuId: batch.node.ubuntu 22.04
                fixedScale: {targetDedicatedNodes: 1}
            """;
    private static final String WINDOWS = """
              win:
                account: main
                vmSize: Standard_D2s_v3
                image: {publisher: microsoftwindowsserver, offer: windowsserver, sku: 2022-datacenter-smalldisk}
                nodeAgentSkuId: batch.node.windows amd64
                fixedScale: {targetDedicatedNodes: 1}
            """;

    @TempDir
    Path tmp;

    @Test
    void printsTheIdentityAndKeyVaultExtensionThatReplaceEachCertificate() throws IOException {
        Files.write(tmp.resolve("sign.cer"), new byte[] {0x30, 0x00});
        Path spec = tmp.resolve("batchform.yaml");
        Files.writeString(spec, BASE + """
                certificates:
                  sign: {account: main, file: sign.cer, format: Cer}
                pools:
                """ + LINUX + "    certificates: [{certificate: sign, storeLocation: LocalMachine, storeName: My}]\n"
                + WINDOWS + "    certificates: [{certificate: sign, storeLocation: LocalMachine, storeName: Root}]\n");
        assertThat(CliRun.of("plan", "-f", spec.toString(), "--state-dir", tmp.resolve("state").toString())
                .err()).contains("'batchform migrate certificates' prints the YAML that replaces them");

        CliRun migrate = CliRun.of("migrate", "certificates", "-f", spec.toString(), "--vault", "render-vault",
                "--identity", IDENTITY);

        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        String out = migrate.out();
        assertThat(out).contains("az keyvault certificate import --vault-name render-vault --name sign --file sign.cer",
                "the nodes read it as https://render-vault.vault.azure.net/secrets/sign",
                "type: KeyVaultForLinux", "certificateStoreLocation: /var/lib/waagent/Microsoft.Azure.KeyVault.Store",
                "- https://render-vault.vault.azure.net/secrets/sign",
                "type: KeyVaultForWindows", "- url: https://render-vault.vault.azure.net/secrets/sign",
                "certificateStoreName: Root", "certificateStoreLocation: LocalMachine",
                "userAssignedIdentities: [" + IDENTITY + "]");

        // Pasted in place of each pool's certificates (and without the certificates section), the spec validates.
        String[] pools = out.split("\npools:\n");
        assertThat(pools).hasSize(3);
        String pasted = BASE + "pools:\n" + LINUX + body(pools[1]) + WINDOWS + body(pools[2]);
        Files.writeString(spec, pasted);
        CliRun validate = CliRun.of("validate", "-f", spec.toString());
        assertThat(validate.exitCode()).as(pasted + validate.err()).isZero();
    }

    @Test
    void aSpecWithoutCertificatesHasNothingToMigrate() throws IOException {
        Path spec = tmp.resolve("batchform.yaml");
        Files.writeString(spec, BASE + "pools:\n" + LINUX);
        CliRun migrate = CliRun.of("migrate", "certificates", "-f", spec.toString());
        assertThat(migrate.exitCode()).isZero();
        assertThat(migrate.out()).isEqualTo("The spec has no certificates: nothing to migrate.\n");
    }

    /** A pool's printed block without its {@code pools.<key>:} line. */
    private static String body(String block) {
        return Arrays.stream(block.split("\n")).skip(1).collect(Collectors.joining("\n")) + "\n";
    }
}
