package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.render.JsonStateRenderer;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform state show ADDRESS}: one resource as the last apply recorded it; secrets stay hidden. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print one resource of the state: its id, dependencies and attributes (secrets hidden).")
final class StateShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Parameters(paramLabel = "ADDRESS", description = "The resource, such as pool.render.")
    String address;

    @Option(names = "--json", description = "Print the resource as an entry of Terraform's JSON state "
            + "(values.root_module.resources[]).")
    boolean json;

    @Option(names = "--full", description = "List long maps of numbers (an account's per-family core quotas) "
            + "entry by entry instead of summing them up.")
    boolean full;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        State state = StateStores.read(StateStores.open(stateOptions));
        Address parsed = StateRmCommand.parse(address);
        ResourceState resource = state.get(parsed).orElseThrow(() -> new UserException(address
                + ": not in the state" + io.batchform.source.Suggestions.suffix(address,
                state.resources().stream().map(r -> r.address().toString()).toList())));
        if (json) {
            out.print(new JsonStateRenderer(StateView::schema).render(resource));
        } else {
            StateView.print(resource, full, out);
        }
        out.flush();
        return 0;
    }
}
