package io.batchform.spec;

import java.nio.file.Path;
import java.util.Map;

/** A Batch application ({@code applications.<key>}) and its package versions. */
public record ApplicationSpec(String key, String name, String account, String displayName, Boolean allowUpdates,
                              String defaultVersion, Map<String, PackageSpec> packages, Lifecycle lifecycle) {
    public ApplicationSpec {
        packages = Spec.sorted(packages);
    }

    /** One version: the zip file to upload (resolved against the spec file's directory). */
    public record PackageSpec(String version, Path file, Lifecycle lifecycle) {
    }
}
