package io.batchform.cli;

import io.batchform.spec.schema.JsonSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code batchform schema}: prints the spec's JSON Schema, for editors that use yaml-language-server. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema of batchform specs (reference it from a spec with "
                + "# yaml-language-server: $schema=PATH).")
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(JsonSchema.text());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
