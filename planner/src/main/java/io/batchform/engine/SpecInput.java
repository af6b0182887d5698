package io.batchform.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which spec to read: files or directories (none: {@code batchform.yaml}), {@code --var} values, the environment,
 * the current workspace's name ({@code ${workspace}}), the {@code --var-file} files (read before {@code --var}), and
 * the directories besides each spec file's own that the files a spec names may be in ({@code --allow-path}).
 */
public record SpecInput(List<Path> files, Map<String, String> vars, Map<String, String> env, String workspace,
                        List<Path> varFiles, List<Path> allowedPaths) {
    public SpecInput {
        files = List.copyOf(files);
        varFiles = List.copyOf(varFiles);
        vars = Map.copyOf(vars);
        env = Map.copyOf(env);
        java.util.Objects.requireNonNull(workspace, "workspace");
        allowedPaths = List.copyOf(allowedPaths);
    }

    /** Without {@code --var-file} files, and with no directory allowed beyond each spec file's own. */
    public SpecInput(List<Path> files, Map<String, String> vars, Map<String, String> env, String workspace) {
        this(files, vars, env, workspace, List.of(), List.of());
    }

    /** In the {@code default} workspace. */
    public SpecInput(List<Path> files, Map<String, String> vars, Map<String, String> env) {
        this(files, vars, env, "default");
    }
}
