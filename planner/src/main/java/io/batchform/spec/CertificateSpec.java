package io.batchform.spec;

import java.nio.file.Path;

/**
 * A Batch account certificate ({@code certificates.<key>}), a feature Azure retired on 2024-02-29. Its Azure name
 * ({@code sha1-<thumbprint>}) is computed from the file.
 */
public record CertificateSpec(String key, String account, Path file, String format, Secret password,
                              Lifecycle lifecycle) {
}
