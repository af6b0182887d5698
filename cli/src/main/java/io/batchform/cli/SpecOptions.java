package io.batchform.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that say which spec to read: {@code -f FILE|DIR} (repeatable) and {@code --var NAME=VALUE}. */
final class SpecOptions {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE|DIR",
            description = "A spec file, or a directory of *.yaml files; repeatable. Default: ./batchform.yaml.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Set a variable declared in variables:; repeatable.")
    Map<String, String> vars = new LinkedHashMap<>();
}
