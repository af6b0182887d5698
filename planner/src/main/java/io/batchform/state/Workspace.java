package io.batchform.state;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A workspace: one of several states kept side by side for one spec (dev and prod in one directory). {@code default}
 * keeps the state where it has always been; another workspace's state lives in {@code workspaces/NAME/} under the
 * state directory, or in the blob {@code NAME.workspace-WORKSPACE} beside a remote state. The spec sees the name as
 * {@code ${workspace}}.
 */
public record Workspace(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}"); // before DEFAULT, which uses it
    public static final Workspace DEFAULT = new Workspace("default");

    public Workspace {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a workspace name: use 1 to 63 lower-case "
                    + "letters, digits, '-' and '_', starting with a letter or digit");
        }
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** Where this workspace's local state lives, given the state directory of {@code default}. */
    public Path directory(Path stateDirectory) {
        return isDefault() ? stateDirectory : stateDirectory.resolve("workspaces").resolve(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
