package io.batchform.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which spec to read: files or directories (none: {@code batchform.yaml}), {@code --var} values, the environment,
 * the current workspace's name ({@code ${workspace}}) and the {@code --var-file} files (read before {@code --var}).
 */
public record SpecInput(List<Path> files, Map<String, String> vars, Map<String, String> env, String workspace,
                        List<Path> varFiles) {
    public SpecInput {
        files = List.copyOf(files);
        varFiles = List.copyOf(varFiles);
        vars = Map.copyOf(vars);
        env = Map.copyOf(env);
        java.util.Objects.requireNonNull(workspace, "workspace");
    }

    /** Without {@code --var-file} files. */
    public SpecInput(List<Path> files, Map<String, String> vars, Map<String, String> env, String workspace) {
        this(files, vars, env, workspace, List.of());
    }

    /** In the {@code default} workspace. */
    public SpecInput(List<Path> files, Map<String, String> vars, Map<String, String> env) {
        this(files, vars, env, "default");
    }
}
