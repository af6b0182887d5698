package io.batchform.emulator;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The local ARM emulator: an HTTPS server on loopback speaking the Azure Resource Manager REST API for resource
 * groups, storage accounts, virtual networks and subnets, Batch accounts and pools, Batch location quotas and
 * supported VM sizes per region, and the subscription's Compute vCPU usages per region (which UserSubscription
 * accounts' pools draw on).
 *
 * <pre>
 * try (ArmEmulator emulator = ArmEmulator.builder().inMemory().build().start()) {
 *     URI endpoint = emulator.endpoint();          // https://127.0.0.1:PORT/
 *     SSLContext trust = emulator.sslContext();    // trusts exactly the emulator's certificate
 * }
 * </pre>
 */
public final class ArmEmulator implements AutoCloseable {
    private final Settings settings;
    private final Path dataDirectory;
    private final int port;
    private HttpsServer server;
    private ExecutorService executor;
    private TlsMaterial tls;
    private ArmHandler handler;
    private URI endpoint;

    private ArmEmulator(Builder builder) {
        this.settings = builder.settings();
        this.port = builder.port;
        if (builder.dataDirectory != null) {
            this.dataDirectory = builder.dataDirectory;
        } else {
            this.dataDirectory = sharedCertificateDirectory();
        }
        this.initialFaults = builder.faults;
        this.persistent = builder.dataDirectory != null;
        this.observer = builder.observer;
    }

    private final java.util.function.Consumer<Exchange> observer;

    private final FaultConfig initialFaults;
    private final boolean persistent;
    private static Path sharedCertificates;

    /** In-memory emulators of one JVM share a certificate (made once, in a temporary directory). */
    private static synchronized Path sharedCertificateDirectory() {
        if (sharedCertificates == null) {
            try {
                sharedCertificates = Files.createTempDirectory("batchform-emulator");
                sharedCertificates.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a directory for the emulator's certificate", e);
            }
        }
        return sharedCertificates;
    }

    /**
     * The most threads serving requests at once. The JDK's server reads a request on the thread that answers it, so a
     * client that sends part of a request holds a thread until {@link #REQUEST_SECONDS} drop it: threads are made as
     * connections need them, and idle ones end after a minute.
     */
    static final int THREADS = 256;
    /** Seconds a client may take to send a request's headers and body before its connection is dropped. */
    static final String REQUEST_SECONDS = "10";

    static {
        // The JDK's server reads these once, when its first server is made; a user's own -D settings win. Without a
        // bound, a client that opens a connection and sends nothing holds a thread for ever, and a few block all.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        }
        if (System.getProperty("sun.net.httpserver.maxReqHeaders") == null) {
            System.setProperty("sun.net.httpserver.maxReqHeaders", "100");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening on loopback; returns this emulator. */
    public ArmEmulator start() {
        try {
            tls = TlsMaterial.loadOrCreate(dataDirectory);
            server = bind();
            server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
            handler = new ArmHandler(this, new ResourceStore(persistent ? dataDirectory : null), initialFaults, observer);
            server.createContext("/", handler);
            executor = new ThreadPoolExecutor(0, THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "arm-emulator");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.start();
            endpoint = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
            rememberPort(server.getAddress().getPort());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("the emulator could not start: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the emulator's certificate could not be loaded", e);
        }
    }

    /**
     * The server, on the configured port; with port 0 and a data directory, on the port this data directory's
     * emulator had last time when it is free (so the endpoints it reported, a Batch account's
     * {@code accountEndpoint} among them, stay true across restarts), else on any free port.
     */
    private HttpsServer bind() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Path remembered = portFile();
        if (port == 0 && remembered != null && Files.exists(remembered)) {
            try {
                int last = Integer.parseInt(Files.readString(remembered).strip());
                return HttpsServer.create(new InetSocketAddress(loopback, last), 64);
            } catch (NumberFormatException | IOException taken) {
                // another process has it now (or the file is not ours): any free port, remembered instead
            }
        }
        return HttpsServer.create(new InetSocketAddress(loopback, port), 64);
    }

    private Path portFile() {
        return persistent ? dataDirectory.resolve("emulator-port") : null;
    }

    private void rememberPort(int actual) {
        Path file = portFile();
        if (file != null && port == 0) {
            try {
                Files.writeString(file, Integer.toString(actual));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    /** The base URL, {@code https://127.0.0.1:PORT/}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The emulator's certificate as PEM, for {@code curl --cacert} and other clients. */
    public Path caCertificatePath() {
        return tls.pemFile();
    }

    /** An SSLContext that trusts exactly the emulator's certificate. */
    public SSLContext sslContext() {
        try {
            return tls.clientContext();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client SSL context for the emulator", e);
        }
    }

    /** The id of every resource the emulator holds, sorted: what a test compares with a state to find orphans. */
    public java.util.List<String> resourceIds() {
        return handler.resourceIds();
    }

    /** Requests answered with an injected failure (429, 5xx, a dropped connection) since start. */
    public long injectedFailures() {
        return handler.injectedFailures();
    }

    /** Requests served since start, faulty ones included. */
    public long requestCount() {
        return handler.requestCount();
    }

    public FaultConfig faults() {
        return handler.faults();
    }

    /** Replaces the fault configuration (counters such as failNext start again). */
    public void faults(FaultConfig faults) {
        handler.faults(Objects.requireNonNull(faults, "faults"));
    }

    /** The data directory, where state (when persistent) and the certificate live. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }

    }

    /**
     * How the emulator behaves: quotas, timing of long-running operations and pool resizes, paging. Defaults are
     * those of a new Batch account in Batch-service mode (docs/quotas-and-failover.md section 1.1) and fast timings.
     */
    public record Settings(Duration resizeDuration, int pollsBeforeDone, int operationRetryAfterSeconds, int pageSize,
                           int accountsPerRegion, int dedicatedCoreQuota, int lowPriorityCoreQuota,
                           int vmFamilyCoreQuota, int poolQuota, String subscriptionId, Clock clock,
                           Duration jobRunTime, Duration jobScheduleDeleteDuration, RegionalCompute regions,
                           Duration nodeStartDuration, Duration startTaskDuration) {
        void checkSubscription(String subscription) {
            if (subscriptionId != null && !subscriptionId.equalsIgnoreCase(subscription)) {
                throw new ArmError(404, "SubscriptionNotFound", "The subscription '" + subscription
                        + "' could not be found.");
            }
        }
    }

    /**
     * A region's Compute vCPU quotas for the subscription ({@code Microsoft.Compute/locations/{location}/usages}), on
     * which the pools of UserSubscription accounts draw: the total regional vCPUs ({@code cores}), the Spot vCPUs
     * ({@code lowPriorityCores}) and each VM family's vCPUs; {@code usedElsewhere} vCPUs count as taken by VMs outside
     * batchform's pools (they are added to the total's current value).
     */
    public record ComputeQuota(int regionalVcpus, int spotVcpus, int familyVcpus, int usedElsewhere) {
        /**
         * The emulator's choice, not Azure's figure: a subscription's quotas vary by offer and region
         * (docs/quotas-and-failover.md section 1.6); 100 each is enough for the examples.
         */
        public static final ComputeQuota DEFAULT = new ComputeQuota(100, 100, 100, 0);
    }

    /** Configures an emulator; every setting has a default. */
    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private FaultConfig faults = FaultConfig.NONE;
        private Duration resizeDuration = Duration.ofSeconds(2);
        private int pollsBeforeDone = 1;
        private int operationRetryAfterSeconds;
        private int pageSize = 100;
        private int accountsPerRegion = 3;
        private int dedicatedCoreQuota = 500;
        private int lowPriorityCoreQuota = 100;
        private int vmFamilyCoreQuota = 200;
        private int poolQuota = 100;
        private String subscriptionId;
        private Clock clock = Clock.systemUTC();
        private Duration jobRunTime = Duration.ofMinutes(10);
        private Duration jobScheduleDeleteDuration = Duration.ofMillis(200);
        private Duration nodeStartDuration = Duration.ofSeconds(1);
        private Duration startTaskDuration = Duration.ofSeconds(1);
        private RegionalCompute regions = RegionalCompute.DEFAULT;
        private java.util.function.Consumer<Exchange> observer = exchange -> { };

        /**
         * Told of every request once it is answered (a test hook: contract tests check the traffic against the
         * service's published API). Called on the serving thread, so it must be thread-safe and quick.
         */
        public Builder observer(java.util.function.Consumer<Exchange> value) {
            this.observer = Objects.requireNonNull(value);
            return this;
        }

        /**
         * State in memory only (the default); the certificate goes to a temporary directory. A test hook: tests call
         * it to say so explicitly (it also undoes an earlier {@link #dataDirectory}); the CLI never does.
         */
        public Builder inMemory() {
            this.dataDirectory = null;
            return this;
        }

        /** State and certificate in {@code directory}, surviving restarts. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /** The port; 0 (the default) takes any free one. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder faults(FaultConfig value) {
            this.faults = Objects.requireNonNull(value);
            return this;
        }

        /** How long a pool stays Resizing before it reaches Steady. */
        public Builder resizeDuration(Duration value) {
            this.resizeDuration = value;
            return this;
        }

        /** How many polls a long-running operation answers "still running" before it completes. */
        public Builder pollsBeforeDone(int value) {
            this.pollsBeforeDone = value;
            return this;
        }

        /** The Retry-After seconds sent with long-running operations; 0 omits it (clients use their own interval). */
        public Builder operationRetryAfterSeconds(int value) {
            this.operationRetryAfterSeconds = value;
            return this;
        }

        public Builder pageSize(int value) {
            this.pageSize = value;
            return this;
        }

        public Builder accountsPerRegion(int value) {
            this.accountsPerRegion = value;
            return this;
        }

        /** The core quotas of new Batch accounts: dedicated, low-priority, and dedicated per VM family. */
        public Builder coreQuotas(int dedicated, int lowPriority, int perVmFamily) {
            this.dedicatedCoreQuota = dedicated;
            this.lowPriorityCoreQuota = lowPriority;
            this.vmFamilyCoreQuota = perVmFamily;
            return this;
        }

        /** The Compute vCPU quotas of every region not given its own (see {@link ComputeQuota}). */
        public Builder computeQuota(ComputeQuota value) {
            this.regions = regions.withDefault(Objects.requireNonNull(value));
            return this;
        }

        /** The Compute vCPU quotas of one region. */
        public Builder computeQuota(String region, ComputeQuota value) {
            this.regions = regions.withQuota(region, Objects.requireNonNull(value));
            return this;
        }

        /**
         * The VM sizes Batch offers in {@code region} (instead of the catalog's list, the same in every region): what
         * {@code virtualMachineSkus} lists there, and a pool of another size is refused there.
         */
        public Builder vmSizes(String region, java.util.Collection<String> offered) {
            this.regions = regions.withSizes(region, offered);
            return this;
        }

        public Builder poolQuota(int value) {
            this.poolQuota = value;
            return this;
        }

        /** Accept only this subscription (any, by default). */
        public Builder subscriptionId(String value) {
            this.subscriptionId = value;
            return this;
        }

        /** How long a job a schedule makes stays active before it completes (the emulator runs no tasks). */
        public Builder jobRunTime(Duration value) {
            this.jobRunTime = Objects.requireNonNull(value);
            return this;
        }

        /** How long a deleted job schedule stays in the state {@code deleting} before it is gone. */
        public Builder jobScheduleDeleteDuration(Duration value) {
            this.jobScheduleDeleteDuration = Objects.requireNonNull(value);
            return this;
        }

        /**
         * How long an allocated compute node stays {@code starting} before its start task runs (or it goes idle), and
         * how long each try of a start task runs; 1 second each by default (the service takes minutes).
         */
        public Builder nodeTimes(Duration starting, Duration startTask) {
            if (starting.isNegative() || startTask.isNegative()) {
                throw new IllegalArgumentException("node times are zero or positive");
            }
            this.nodeStartDuration = starting;
            this.startTaskDuration = startTask;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        Settings settings() {
            return new Settings(resizeDuration, pollsBeforeDone, operationRetryAfterSeconds, pageSize,
                    accountsPerRegion, dedicatedCoreQuota, lowPriorityCoreQuota, vmFamilyCoreQuota, poolQuota,
                    subscriptionId, clock, jobRunTime, jobScheduleDeleteDuration, regions, nodeStartDuration,
                    startTaskDuration);
        }

        public ArmEmulator build() {
            return new ArmEmulator(this);
        }
    }
}
