package io.batchform.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which spec to read: files or directories (none: {@code batchform.yaml}), {@code --var} values, the environment,
 * and the current workspace's name ({@code ${workspace}}).
 */
public record SpecInput(List<Path> files, Map<String, String> vars, Map<String, String> env, String workspace) {
    public SpecInput {
        files = List.copyOf(files);
        vars = Map.copyOf(vars);
        env = Map.copyOf(env);
        java.util.Objects.requireNonNull(workspace, "workspace");
    }

    /** In the {@code default} workspace. */
    public SpecInput(List<Path> files, Map<String, String> vars, Map<String, String> env) {
        this(files, vars, env, "default");
    }
}
