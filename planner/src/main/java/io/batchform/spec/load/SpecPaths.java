package io.batchform.spec.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the files a spec names (formula files, certificates, application package zips) may be: inside the directory
 * of the spec file that names them, or inside a directory the user allowed on the command line
 * ({@code --allow-path DIR}). A path that climbs out ({@code ../}), an absolute path, and a symbolic link whose
 * target lies outside are refused, since a spec from a pull request must not read the runner's files and send them
 * to the cloud. There is deliberately no spec-level setting: the spec's author is who the rule protects against.
 */
public final class SpecPaths {
    /** Where a spec file's relative paths start, and what else is allowed. */
    private final List<Path> allowed;

    /** @param allowed directories the user allowed ({@code --allow-path}), each with everything under it */
    public SpecPaths(List<Path> allowed) {
        List<Path> dirs = new ArrayList<>();
        for (Path dir : allowed) {
            dirs.add(dir.toAbsolutePath().normalize());
        }
        this.allowed = List.copyOf(dirs);
    }

    /** Nothing allowed beyond each spec file's own directory. */
    public static SpecPaths confined() {
        return new SpecPaths(List.of());
    }

    /** A path resolved against the spec file's directory, or why it is refused (one sentence, the path named). */
    sealed interface Resolved permits Inside, Refused {
    }

    record Inside(Path path) implements Resolved {
    }

    record Refused(String reason) implements Resolved {
    }

    /**
     * Resolves {@code written} (as written in the spec) against {@code base}, the directory of the spec file; the
     * path returned is the normalised one the spec's messages name, not the symbolic links' target.
     */
    Resolved resolve(Path base, String written) {
        Path path;
        try {
            path = Path.of(written);
        } catch (InvalidPathException e) {
            return new Refused("is not a valid path");
        }
        Path resolved = base.resolve(path).normalize();
        Path home = base.toAbsolutePath().normalize();
        Path target = home.resolve(path).normalize();
        if (!path.isAbsolute() && target.startsWith(home) && inside(target, List.of(home))) {
            return new Inside(resolved);
        }
        if (inside(target, allowed) && allowed.stream().anyMatch(target::startsWith)) {
            return new Inside(resolved);
        }
        String where = path.isAbsolute() ? "is an absolute path" : target.startsWith(home)
                ? "leads through a symbolic link to a file outside the spec's directory"
                : "is outside the spec's directory";
        return new Refused(where + "; a spec reads only files under its own directory (pass --allow-path DIR "
                + "to allow another)");
    }

    /** Whether the file's real location (symbolic links followed) is under one of {@code dirs}'s real locations. */
    private static boolean inside(Path target, List<Path> dirs) {
        if (!Files.exists(target)) {
            return true; // nothing to follow: reading it will say that it does not exist
        }
        try {
            Path real = target.toRealPath();
            for (Path dir : dirs) {
                if (Files.exists(dir) && real.startsWith(dir.toRealPath())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
