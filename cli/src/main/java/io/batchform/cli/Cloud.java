package io.batchform.cli;

import io.batchform.azure.AzureConnection;
import io.batchform.azure.AzureProvider;
import io.batchform.emulator.ArmEmulator;
import io.batchform.provider.Provider;
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

/**
 * The cloud a command talks to, chosen once: an endpoint given with {@code --endpoint}; else Azure, when the spec or
 * {@code AZURE_SUBSCRIPTION_ID} names a subscription; else the embedded emulator, started for this run with its data
 * under the state directory, so a fresh machine sees the whole tool work. {@link #description()} is the line every
 * run prints. The engine receives only its {@link #provider()}.
 */
final class Cloud implements AutoCloseable {
    private final Provider provider;
    private final String description;
    private final ArmEmulator embedded;

    private Cloud(Provider provider, String description, ArmEmulator embedded) {
        this.provider = provider;
        this.description = description;
        this.embedded = embedded;
    }

    /**
     * Connects.
     *
     * @param specSubscription the spec's {@code subscription:}, or null
     * @param env              the environment ({@code AZURE_SUBSCRIPTION_ID}, credentials)
     * @param stateDirectory   where the embedded emulator keeps its data ({@code emulator/} inside)
     */
    static Cloud connect(String specSubscription, Map<String, String> env, Path stateDirectory, EndpointOptions options) {
        if (options.endpoint != null) {
            SSLContext trust = options.caCertificate == null ? null : trusting(options.caCertificate);
            String subscription = specSubscription != null ? specSubscription : AzureConnection.EMULATOR_SUBSCRIPTION;
            AzureConnection connection = AzureConnection.forEmulator(options.endpoint, trust, subscription,
                    Duration.ofMillis(200), new AzureConnection.RetrySettings(6, Duration.ofMillis(500)));
            String text = "the ARM endpoint " + options.endpoint + " (subscription " + subscription + ")";
            return new Cloud(new AzureProvider(connection, text), text, null);
        }
        Optional<String> subscription = Optional.ofNullable(specSubscription).filter(s -> !s.isBlank())
                .or(() -> AzureConnection.configuredSubscription(env));
        if (subscription.isPresent()) {
            String source = specSubscription != null && !specSubscription.isBlank() ? "from the spec" : "from AZURE_SUBSCRIPTION_ID";
            AzureConnection connection = AzureConnection.forAzure(subscription.get(), null, env);
            String text = "Azure subscription " + subscription.get() + " (" + source + ")";
            return new Cloud(new AzureProvider(connection, text), text, null);
        }
        Path data = stateDirectory.resolve("emulator");
        ArmEmulator emulator;
        try {
            emulator = ArmEmulator.builder().dataDirectory(data).port(0).resizeDuration(Duration.ofSeconds(5)).build()
                    .start();
        } catch (java.io.UncheckedIOException e) {
            throw new UserException("cannot start the embedded emulator in " + data + ": " + e.getMessage());
        }
        AzureConnection connection = AzureConnection.forEmulator(emulator.endpoint(), emulator.sslContext(),
                AzureConnection.EMULATOR_SUBSCRIPTION, Duration.ofMillis(50),
                new AzureConnection.RetrySettings(4, Duration.ofMillis(200)));
        String text = "the embedded ARM emulator (no Azure subscription configured; its data is in " + data + ")";
        return new Cloud(new AzureProvider(connection, text), text, emulator);
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
