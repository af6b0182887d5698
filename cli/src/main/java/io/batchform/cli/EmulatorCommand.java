package io.batchform.cli;

import io.batchform.emulator.ArmEmulator;
import io.batchform.emulator.FaultConfig;
import io.batchform.emulator.FaultFile;
import io.batchform.source.SourceFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code batchform emulator}: runs the local ARM emulator in the foreground until interrupted. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = "Run the local Azure Resource Manager emulator on loopback HTTPS until Ctrl-C.")
final class EmulatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 = any free port).",
            defaultValue = "8443")
    int port;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory for state and the certificate "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = ".batchform/emulator")
    Path data;

    @Option(names = "--faults", paramLabel = "FILE", description = "Faults to inject (latency, 429, 5xx, drops, "
            + "failed operations, regions down, start tasks that fail, unusable nodes): see the README.")
    Path faults;

    @Option(names = "--resize-seconds", paramLabel = "N", defaultValue = "10",
            description = "Seconds a pool stays Resizing before it is Steady (default: ${DEFAULT-VALUE}).")
    int resizeSeconds;

    @Option(names = "--node-seconds", paramLabel = "N", defaultValue = "5",
            description = "Seconds a new node stays starting, and each try of its start task runs (default: "
                    + "${DEFAULT-VALUE}).")
    int nodeSeconds;

    @Override
    public Integer call() throws Exception {
        FaultConfig config = FaultConfig.NONE;
        if (faults != null) {
            String text;
            try {
                text = SourceFiles.read(faults, FaultFile.MAX_BYTES).text();
            } catch (SourceFiles.Refused e) {
                throw new UserException(e.getMessage());
            }
            FaultFile.Result result = FaultFile.parse(faults.toString(), text);
            if (result.config() == null) {
                spec.commandLine().getErr().print(result.formatted());
                return 1;
            }
            config = result.config();
        }
        ArmEmulator emulator;
        try {
            emulator = ArmEmulator.builder().dataDirectory(data).port(port).faults(config)
                    .resizeDuration(Duration.ofSeconds(resizeSeconds))
                    .nodeTimes(Duration.ofSeconds(nodeSeconds), Duration.ofSeconds(nodeSeconds))
                    .operationRetryAfterSeconds(1).build().start();
        } catch (java.io.UncheckedIOException e) {
            throw new UserException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserException("--node-seconds: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("batchform ARM emulator listening on " + emulator.endpoint());
        out.println("CA certificate: " + emulator.caCertificatePath().toAbsolutePath());
        out.println("state: " + data.toAbsolutePath());
        out.println("try: curl --cacert " + emulator.caCertificatePath().toAbsolutePath() + " -H 'Authorization: Bearer x' "
                + "'" + emulator.endpoint() + "subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups"
                + "?api-version=2025-04-01'");
        out.println("Press Ctrl-C to stop.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
