package io.batchform.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which cloud to talk to, when neither the default (Azure when a subscription is configured, else the embedded
 * emulator) fits: a running {@code batchform emulator}, or any ARM endpoint, with the certificate to trust.
 */
final class EndpointOptions {
    @Option(names = "--endpoint", paramLabel = "URL",
            description = "An Azure Resource Manager endpoint to talk to instead, such as a running batchform emulator "
                    + "(https://127.0.0.1:8443/).")
    URI endpoint;

    @Option(names = "--emulator",
            description = "Talk to the embedded emulator (data under --state-dir), even when a subscription is "
                    + "configured. Under CI=true it is used only when asked for with this option.")
    boolean emulator;

    @Option(names = "--ca-cert", paramLabel = "PEM",
            description = "The certificate that endpoint presents (batchform emulator prints its path).")
    Path caCertificate;
}
