package io.batchform.cli;

import io.batchform.source.DiagnosticFormatter;
import io.batchform.spec.load.LoadResult;
import io.batchform.spec.load.SpecLoader;
import io.batchform.spec.migrate.CertificateMigration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code batchform migrate certificates [-f FILE|DIR]...}: prints, for the spec's certificates, the identity and Key
 * Vault extension YAML that replaces them. The spec's other errors (the certificates themselves are one) do not stop
 * it; a spec that cannot be read at all does.
 */
@Command(name = "certificates", mixinStandardHelpOptions = true,
        description = "Print the identity and Key Vault VM extension YAML that replaces the spec's Batch account "
                + "certificates (retired by Azure on 2024-02-29), ready to paste. Exit 0, or 1 when the spec cannot "
                + "be read.")
final class MigrateCertificatesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Option(names = "--vault", paramLabel = "NAME", defaultValue = "VAULT_NAME",
            description = "The Key Vault that will hold the certificates.")
    String vault;

    @Option(names = "--identity", paramLabel = "ARM_ID", defaultValue = "IDENTITY_ARM_ID",
            description = "The user-assigned identity the nodes read the vault with.")
    String identity;

    @Override
    public Integer call() {
        LoadResult result = SpecLoader.load(specOptions.files, specOptions.vars,
                ((BatchformCommand) spec.root().userObject()).environment(), specOptions.workspace());
        if (result.spec() == null) {
            spec.commandLine().getErr().print(DiagnosticFormatter.formatAll(result.errors(), result.texts()));
            spec.commandLine().getErr().flush();
            return 1;
        }
        String text = CertificateMigration.text(result.spec(), vault, identity);
        spec.commandLine().getOut().print(text.isEmpty() ? "The spec has no certificates: nothing to migrate.\n" : text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
