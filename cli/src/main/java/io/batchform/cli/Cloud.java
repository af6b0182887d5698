package io.batchform.cli;

import io.batchform.azure.AzureConnection;
import io.batchform.azure.AzureProvider;
import io.batchform.emulator.ArmEmulator;
import io.batchform.provider.Provider;
import io.batchform.state.BoundStateStore;
import io.batchform.state.State;
import io.batchform.state.StateStore;
import io.batchform.state.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The cloud a command talks to, chosen once: an endpoint given with {@code --endpoint}; else Azure, when the spec or
 * {@code AZURE_SUBSCRIPTION_ID} names a subscription; else the embedded emulator, started for this run with its data
 * under the state directory, so a fresh machine sees the whole tool work (under {@code CI=true} only when asked for
 * with {@code --emulator}). The state is bound to the cloud: its first write records the {@link Target}, and a run
 * against another is refused. {@link #description()} is the line every run prints. The engine receives only its
 * {@link #provider()} and {@link #store()}.
 */
final class Cloud implements AutoCloseable {
    private final Provider provider;
    private final String description;
    private final ArmEmulator embedded;
    private final StateStore store;

    private Cloud(Provider provider, String description, ArmEmulator embedded, StateStore store) {
        this.provider = provider;
        this.description = description;
        this.embedded = embedded;
        this.store = store;
    }

    /**
     * Connects, and binds the state to the cloud: a state that belongs to another cloud is refused, naming both.
     *
     * @param specSubscription the spec's {@code subscription:}, or null
     * @param env              the environment ({@code AZURE_SUBSCRIPTION_ID}, credentials, {@code CI})
     * @param stateDirectory   where the embedded emulator keeps its data ({@code emulator/} inside)
     * @param store            the state store; {@link #store()} is the same store, recording this cloud on writes
     */
    static Cloud connect(String specSubscription, Map<String, String> env, Path stateDirectory, EndpointOptions options,
                         StateStore store) {
        if (options.emulator && options.endpoint != null) {
            throw new UserException("--emulator and --endpoint name two clouds: give one of them");
        }
        State prior = stored(store);
        Optional<String> subscription = Optional.ofNullable(specSubscription).filter(s -> !s.isBlank())
                .or(() -> AzureConnection.configuredSubscription(env));
        Path data = stateDirectory.resolve("emulator");
        // The subscription of the run, whatever the cloud: the one the spec's ids are computed in (the spec's, else
        // AZURE_SUBSCRIPTION_ID, else the emulator's; SpecToDesired.subscription), so the state's binding, the
        // connection and the planned ids never name two different subscriptions.
        String runSubscription = subscription.orElse(AzureConnection.EMULATOR_SUBSCRIPTION);
        Target target;
        if (options.endpoint != null) {
            target = Target.endpoint(options.endpoint.toString(), runSubscription);
        } else if (subscription.isPresent() && !options.emulator) {
            target = Target.azure(subscription.get());
        } else {
            target = Target.emulator(runSubscription, data.toAbsolutePath().normalize().toString());
            Target was = prior == null ? null : prior.target();
            if (!options.emulator && was != null && !was.accepts(target)) {
                if (was.cloud() == Target.Cloud.EMULATOR && target.location().equals(was.location())) {
                    // The embedded emulator of this directory, in the subscription an earlier run was given.
                    throw new UserException("the state " + store + " belongs to " + was + ", and no Azure "
                            + "subscription is configured here: run with AZURE_SUBSCRIPTION_ID=" + was.subscription()
                            + " and --emulator, as it was made");
                }
                if (was.cloud() == Target.Cloud.ENDPOINT) {
                    // No subscription is what an endpoint's state is made with: what is missing is the endpoint.
                    throw new UserException("the state " + store + " belongs to " + was + ": run with "
                            + "--endpoint URL --ca-cert PEM (a running batchform emulator prints both); batchform "
                            + "will not fall back to the embedded emulator for this state");
                }
                throw new UserException("the state " + store + " belongs to " + was + ", and no Azure "
                        + "subscription is configured here (the spec's subscription: or AZURE_SUBSCRIPTION_ID): "
                        + "configure it; batchform will not fall back to the embedded emulator for this state");
            }
            if (!options.emulator && "true".equalsIgnoreCase(String.valueOf(env.get("CI")))) {
                throw new UserException("no Azure subscription is configured (the spec's subscription: or "
                        + "AZURE_SUBSCRIPTION_ID), and under CI=true the embedded emulator is used only when asked "
                        + "for: configure the subscription, or run with --emulator");
            }
        }
        if (prior != null) {
            Target.refusal(prior, target).ifPresent(why -> {
                throw new UserException("the state " + store + " " + why + ": run against the cloud it belongs to, "
                        + "or keep this cloud's state apart (another --state-dir, --state-url or workspace)");
            });
        }
        StateStore bound = new BoundStateStore(store, target);
        if (options.endpoint != null) {
            SSLContext trust = options.caCertificate == null ? null : trusting(options.caCertificate);
            AzureConnection connection = AzureConnection.forEmulator(options.endpoint, trust, target.subscription(),
                    Duration.ofMillis(200), new AzureConnection.RetrySettings(6, Duration.ofMillis(500)));
            String text = "the ARM endpoint " + options.endpoint + " (subscription " + target.subscription() + ")";
            return new Cloud(new AzureProvider(connection, text), text, null, bound);
        }
        if (target.cloud() == Target.Cloud.AZURE) {
            String source = specSubscription != null && !specSubscription.isBlank() ? "from the spec" : "from AZURE_SUBSCRIPTION_ID";
            AzureConnection connection = AzureConnection.forAzure(subscription.get(), null, env);
            String text = "Azure subscription " + subscription.get() + " (" + source + ")";
            return new Cloud(new AzureProvider(connection, text), text, null, bound);
        }
        ArmEmulator emulator;
        try {
            emulator = ArmEmulator.builder().dataDirectory(data).port(0).resizeDuration(Duration.ofSeconds(5)).build()
                    .start();
        } catch (java.io.UncheckedIOException e) {
            throw new UserException("cannot start the embedded emulator in " + data + ": " + e.getMessage());
        }
        AzureConnection connection = AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                runSubscription, Duration.ofMillis(50),
                new AzureConnection.RetrySettings(4, Duration.ofMillis(200)));
        String text = "the embedded ARM emulator (" + (subscription.isPresent() ? "asked for with --emulator"
                : "no Azure subscription configured") + "; its data is in " + data + ")";
        return new Cloud(new AzureProvider(connection, text), text, emulator, bound);
    }

    /** The stored state, or null when there is none or it cannot be read (the operation then says why). */
    private static State stored(StateStore store) {
        try {
            return store.read().orElse(null);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** The state store, recording on every write that the state belongs to this cloud. */
    StateStore store() {
        return store;
    }

    /** The cloud this run talks to, as the state records it. */
    Target target() {
        return ((BoundStateStore) store).target();
    }

    /** The environment of this run ({@code System.getenv()}, or what a test gives). */
    static Map<String, String> environment(CommandSpec command) {
        return ((BatchformCommand) command.root().userObject()).environment();
    }

    Provider provider() {
        return provider;
    }

    /** {@code the embedded ARM emulator (...)} or {@code Azure subscription ...}: what "talking to" lines name. */
    String description() {
        return description;
    }

    /** An SSLContext trusting the certificates in a PEM file (a running batchform emulator prints its path). */
    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            if (index == 0) {
                throw new UserException(pem + ": no certificate in it (expected PEM)");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (NoSuchFileException e) {
            throw new UserException(pem + ": no such file");
        } catch (IOException | GeneralSecurityException e) {
            throw new UserException(pem + ": not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
