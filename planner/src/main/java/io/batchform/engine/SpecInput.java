package io.batchform.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Which spec to read: files or directories (none: {@code batchform.yaml}), {@code --var} values, the environment. */
public record SpecInput(List<Path> files, Map<String, String> vars, Map<String, String> env) {
    public SpecInput {
        files = List.copyOf(files);
        vars = Map.copyOf(vars);
        env = Map.copyOf(env);
    }
}
