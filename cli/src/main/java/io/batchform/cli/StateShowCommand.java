package io.batchform.cli;

import io.batchform.address.Address;
import io.batchform.provider.Secrets;
import io.batchform.state.ResourceState;
import io.batchform.state.State;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        State state = StateStores.read(StateStores.open(stateOptions));
        Address parsed = StateRmCommand.parse(address);
        ResourceState resource = state.get(parsed).orElseThrow(() -> new UserException(address
                + ": not in the state" + io.batchform.source.Suggestions.suffix(address,
                state.resources().stream().map(r -> r.address().toString()).toList())));
        out.println("# " + resource.address());
        out.println("id = \"" + resource.id() + "\"");
        if (!resource.dependencies().isEmpty()) {
            out.println("dependsOn = [" + resource.dependencies().stream().map(Address::toString)
                    .collect(Collectors.joining(", ")) + "]");
        }
        print(out, "", resource.attributes().values());
        out.flush();
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, String prefix, Map<String, Object> values) {
        values.forEach((key, value) -> {
            String path = prefix + key;
            if (value instanceof Map<?, ?> child && !child.isEmpty()) {
                print(out, path + ".", (Map<String, Object>) child);
            } else if (value instanceof String text && text.strip().contains("\n")) {
                out.println(path + " = <<-EOT"); // a formula: its lines as written
                text.lines().forEach(line -> out.println("    " + line));
                out.println("EOT");
            } else {
                out.println(path + " = " + shown(value));
            }
        });
    }

    private static String shown(Object value) {
        if (value instanceof String s) {
            return Secrets.isHash(s) ? "(sensitive)"
                    : '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(StateShowCommand::shown).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + " = " + shown(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }
}
