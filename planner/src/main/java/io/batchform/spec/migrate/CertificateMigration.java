package io.batchform.spec.migrate;

import io.batchform.spec.CertificateSpec;
import io.batchform.spec.PoolSpec;
import io.batchform.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The YAML that replaces a spec's Batch account certificates (retired by Azure on 2024-02-29): for each
 * {@code certificates:} entry, how to bring the file into Key Vault and the secret URL the nodes then read; for each
 * pool that referenced certificates, its {@code identity} and the Key Vault VM extension (KeyVaultForLinux or
 * KeyVaultForWindows 3.0) observing those secrets, with each reference's store location and name mapped to the
 * extension's settings, ready to paste in place of the pool's {@code certificates:} list. The mapping follows
 * Microsoft's migration guide (https://learn.microsoft.com/azure/batch/batch-certificate-migration-guide) and the
 * extension's documented settings (https://learn.microsoft.com/azure/virtual-machines/extensions/key-vault-linux,
 * .../key-vault-windows).
 */
public final class CertificateMigration {
    /** Where the Linux extension puts certificates (its documented default store). */
    static final String LINUX_STORE = "/var/lib/waagent/Microsoft.Azure.KeyVault.Store";
    /** The instance metadata endpoint a node's managed identity answers on. */
    static final String MSI_ENDPOINT = "http://169.254.169.254/metadata/identity/oauth2/token";

    private CertificateMigration() {
    }

    /**
     * The migration text for {@code spec}, with {@code vault} (a Key Vault name) and {@code identity} (a
     * user-assigned identity's ARM id, or a placeholder) written into it; empty when the spec has no certificates.
     */
    public static String text(Spec spec, String vault, String identity) {
        if (spec.certificates().isEmpty() && spec.pools().values().stream().allMatch(p -> p.certificates().isEmpty())) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("# Batch account certificates were retired on 2024-02-29. Replace them with Key Vault certificates\n")
                .append("# that the Key Vault VM extension installs on the nodes, read with a user-assigned identity\n")
                .append("# (https://learn.microsoft.com/azure/batch/batch-certificate-migration-guide).\n")
                .append("#\n# The identity ").append(identity).append(" needs the role \"Key Vault Secrets User\" on\n")
                .append("# the vault ").append(vault).append(". Then, for each certificate:\n");
        for (CertificateSpec certificate : spec.certificates().values()) {
            out.append("#\n# certificates.").append(certificate.key()).append(" (")
                    .append(certificate.file() == null ? "no file" : certificate.file().getFileName()).append(")\n")
                    .append("#   az keyvault certificate import --vault-name ").append(vault).append(" --name ")
                    .append(secretName(certificate.key())).append(" --file ")
                    .append(certificate.file() == null ? "FILE" : certificate.file().getFileName())
                    .append(certificate.password() != null ? " --password \"$PASSWORD\"" : "").append("\n")
                    .append("#   the nodes read it as ").append(secretUrl(vault, certificate.key())).append("\n");
        }
        out.append("#\n# Then delete the certificates: section and, in each pool below, replace certificates: with:\n");
        for (PoolSpec pool : spec.pools().values()) {
            if (!pool.certificates().isEmpty()) {
                pool(out, pool, vault, identity);
            }
        }
        return out.toString();
    }

    private static void pool(StringBuilder out, PoolSpec pool, String vault, String identity) {
        boolean windows = pool.nodeAgentSkuId() != null
                && pool.nodeAgentSkuId().toLowerCase(Locale.ROOT).startsWith("batch.node.windows");
        out.append("\npools:\n  ").append(pool.key()).append(":\n")
                .append("    identity:\n")
                .append("      type: UserAssigned\n")
                .append("      userAssignedIdentities: [").append(identity).append("]\n")
                .append("    extensions:\n")
                .append("      - name: keyvault\n")
                .append("        publisher: Microsoft.Azure.KeyVault\n")
                .append("        type: ").append(windows ? "KeyVaultForWindows" : "KeyVaultForLinux").append("\n")
                .append("        typeHandlerVersion: \"3.0\"\n")
                .append("        autoUpgradeMinorVersion: true\n")
                .append("        enableAutomaticUpgrade: true\n")
                .append("        settings:\n")
                .append("          secretsManagementSettings:\n")
                .append("            pollingIntervalInS: \"3600\"\n");
        if (windows) {
            out.append("            observedCertificates:\n");
            for (PoolSpec.CertificateReference reference : pool.certificates()) {
                out.append("              - url: ").append(secretUrl(vault, key(reference))).append("\n")
                        .append("                certificateStoreName: ")
                        .append(reference.storeName() == null ? "My" : reference.storeName()).append("\n")
                        .append("                certificateStoreLocation: ")
                        .append(reference.storeLocation() == null ? "CurrentUser" : reference.storeLocation())
                        .append("\n");
            }
        } else {
            List<String> urls = new ArrayList<>();
            pool.certificates().forEach(reference -> urls.add(secretUrl(vault, key(reference))));
            out.append("            certificateStoreLocation: ").append(LINUX_STORE).append("\n")
                    .append("            observedCertificates:\n");
            urls.forEach(url -> out.append("              - ").append(url).append("\n"));
        }
        out.append("          authenticationSettings:\n")
                .append("            msiEndpoint: ").append(MSI_ENDPOINT).append("\n")
                .append("            msiClientId: CLIENT_ID_OF_THE_IDENTITY\n");
        List<String> notes = new ArrayList<>();
        for (PoolSpec.CertificateReference reference : pool.certificates()) {
            if (!reference.visibility().isEmpty()) {
                notes.add(key(reference) + " was visible to " + String.join(", ", reference.visibility())
                        + ": the extension's store is readable by the node's users; set its permissions in the start "
                        + "task if that matters");
            }
            if (!windows && (reference.storeLocation() != null || reference.storeName() != null)) {
                notes.add(key(reference) + ": Linux has no certificate stores; the file lands in " + LINUX_STORE);
            }
        }
        notes.forEach(note -> out.append("    # ").append(note).append("\n"));
    }

    /** The certificate's key in the spec, or the last segment of an ARM id. */
    private static String key(PoolSpec.CertificateReference reference) {
        String name = reference.certificate() == null ? "certificate" : reference.certificate();
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** A Key Vault object name: letters, digits and hyphens. */
    static String secretName(String key) {
        return key.replaceAll("[^A-Za-z0-9-]", "-");
    }

    static String secretUrl(String vault, String key) {
        return "https://" + vault + ".vault.azure.net/secrets/" + secretName(key);
    }
}
