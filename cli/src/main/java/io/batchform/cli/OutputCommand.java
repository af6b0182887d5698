package io.batchform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchform.source.Suggestions;
import io.batchform.state.OutputValue;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batchform output [NAME] [--json|--raw]}: the outputs the last apply recorded in the state. */
@Command(name = "output", mixinStandardHelpOptions = true,
        description = {"Print the outputs the last apply recorded in the state (declared under outputs: in the "
                + "spec), or one of them. Sensitive outputs are masked, except by --raw NAME.",
                "Exit codes: 0 success, 1 no such output or an error."})
final class OutputCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String MASK = "<sensitive>";

    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions stateOptions;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "One output (default: all of them).")
    String name;

    @Option(names = "--json", description = "Print JSON: {NAME: {sensitive, type, value}}, or NAME's value alone; "
            + "a sensitive value is null.")
    boolean json;

    @Option(names = "--raw", description = "Print NAME's value as it is, without quotes or a newline, for scripts "
            + "(a string, number or boolean; shown even when sensitive).")
    boolean raw;

    @Override
    public Integer call() throws Exception {
        if (raw && (json || name == null)) {
            throw new UserException(json ? "--raw and --json cannot be combined" : "--raw prints one output: name it");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, OutputValue> outputs = StateStores.read(StateStores.open(stateOptions)).outputs();
        if (name == null) {
            if (outputs.isEmpty() && !json) {
                err.println("Warning: no outputs found. Declare them under outputs: in the spec and run batchform "
                        + "apply to record them.");
            } else if (json) {
                ObjectNode all = JSON.createObjectNode();
                outputs.forEach((key, value) -> all.set(key, described(value)));
                out.println(JSON.writeValueAsString(all));
            } else {
                outputs.forEach((key, value) -> out.println(key + " = " + (value.sensitive() ? MASK : shown(value))));
            }
            out.flush();
            err.flush();
            return 0;
        }
        OutputValue value = outputs.get(name);
        if (value == null) {
            throw new UserException("no output '" + name + "' in the state" + (outputs.isEmpty()
                    ? ": it records none yet (batchform apply records the spec's outputs:)"
                    : Suggestions.suffix(name, outputs.keySet())));
        }
        if (raw) {
            Object v = value.value();
            if (v instanceof Map || v instanceof java.util.List) {
                throw new UserException("output '" + name + "' is a " + type(v) + "; --raw prints only strings, "
                        + "numbers and booleans: use --json");
            }
            out.print(v == null ? "" : String.valueOf(v));
        } else if (json) {
            out.println(value.sensitive() ? "null" : JSON.writeValueAsString(value.value()));
        } else {
            out.println(value.sensitive() ? MASK : shown(value));
        }
        if (value.sensitive() && !raw) {
            err.println("output '" + name + "' is sensitive: batchform output " + name + " --raw prints it");
        }
        out.flush();
        err.flush();
        return 0;
    }

    private static ObjectNode described(OutputValue value) {
        ObjectNode node = JSON.createObjectNode();
        node.put("sensitive", value.sensitive());
        node.put("type", type(value.value()));
        node.set("value", value.sensitive() ? null : JSON.valueToTree(value.value()));
        return node;
    }

    private static String shown(OutputValue value) {
        Object v = value.value();
        try {
            return v instanceof String || v instanceof Map || v instanceof java.util.List
                    ? new ObjectMapper().writeValueAsString(v) : String.valueOf(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(v);
        }
    }

    private static String type(Object value) {
        return value instanceof String ? "string" : value instanceof Number ? "number"
                : value instanceof Boolean ? "bool" : value instanceof java.util.List ? "list"
                : value instanceof Map ? "map" : "null";
    }
}
