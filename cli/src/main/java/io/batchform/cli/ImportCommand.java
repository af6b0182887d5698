package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.plan.DesiredResource;
import io.batchform.provider.Attributes;
import io.batchform.provider.Provider;
import io.batchform.provider.ResourceSchema;
import io.batchform.provider.Secrets;
import io.batchform.source.Diagnostic;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform import ADDRESS AZURE_ID}: adopt an existing cloud resource into the state. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Adopt an existing resource: read it by its Azure id and record it in the state at ADDRESS, "
                + "which the spec must declare. The next plan shows how it differs from the spec.",
                "Example: batchform import pool.render /subscriptions/.../batchAccounts/acct/pools/render"})
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    StateOptions stateOptions;

    @Mixin
    TargetOptions targetOptions;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "Where the spec declares it, such as pool.render.")
    String address;

    @Parameters(index = "1", paramLabel = "AZURE_ID", description = "The resource's Azure Resource Manager id.")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Address parsed = StateRmCommand.parse(address);
        Workspace.Loaded loaded = Workspace.load(specOptions, err);
        DesiredResource declared = loaded.desired().get(parsed).orElseThrow(() -> new UserException(address
                + ": the spec declares no such resource; declare it first, then import it"
                + io.batchform.source.Suggestions.suffix(address, loaded.desired().resources().stream()
                .map(r -> r.address().toString()).toList())));
        if (!id.equalsIgnoreCase(declared.id())) {
            throw new UserException(address + " is declared with the id " + declared.id() + ", not " + id + ": make the "
                    + "spec's names (resource group, account, name:) match the resource to import");
        }
        StateStore store = Workspace.store(stateOptions);
        try (Target target = Target.connect(loaded.subscription(), System.getenv(), stateOptions.directory,
                targetOptions);
             StateStore.StateLock lock = ApplyRun.lock(store, "import", stateOptions.lockTimeout)) {
            out.println("Talking to " + target.description() + ".");
            State state = Workspace.state(store);
            if (state.get(parsed).isPresent()) {
                throw new UserException(address + " is already in the state (id " + state.get(parsed).get().id()
                        + "); remove it first with batchform state rm " + address);
            }
            Provider.ChangeResponse imported = target.provider().importResource(new Provider.ImportRequest(parsed, id));
            for (Diagnostic diagnostic : imported.diagnostics()) {
                err.println((diagnostic.isError() ? "Error: " : "Warning: ") + diagnostic);
            }
            if (imported.state().isEmpty()) {
                err.flush();
                return 1;
            }
            ResourceSchema schema = target.provider().schema().get(parsed.type());
            Attributes attributes = Secrets.redact(imported.state().get(), schema, state.lineage());
            store.write(state.with(new ResourceState(parsed, id, attributes, declared.dependsOn())));
            out.println("Imported " + address + " [id=" + id + "]. Run batchform plan to see how it differs from the spec.");
            out.flush();
            err.flush();
            return 0;
        }
    }
}
