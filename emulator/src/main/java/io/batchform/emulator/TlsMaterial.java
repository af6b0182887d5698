package io.batchform.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The emulator's self-signed certificate, made with the JDK's own keytool (EC P-256, SAN {@code ip:127.0.0.1},
 * {@code dns:localhost}), kept in the data directory so clients that trust it keep trusting it across restarts.
 */
final class TlsMaterial {
    private static final String ALIAS = "batchform-emulator";
    private static final char[] PASSWORD = "batchform-emulator".toCharArray();

    private final KeyStore keyStore;
    private final Path pemFile;

    private TlsMaterial(KeyStore keyStore, Path pemFile) {
        this.keyStore = keyStore;
        this.pemFile = pemFile;
    }

    /** Loads the certificate from {@code directory}, or makes one there. */
    static synchronized TlsMaterial loadOrCreate(Path directory) throws IOException, GeneralSecurityException {
        Files.createDirectories(directory);
        Path keyStoreFile = directory.resolve("emulator.p12");
        Path pemFile = directory.resolve("emulator-ca.pem");
        if (!Files.exists(keyStoreFile) || expiresSoon(keyStoreFile)) {
            generate(keyStoreFile);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, PASSWORD);
        }
        Certificate certificate = keyStore.getCertificate(ALIAS);
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Path temp = Files.createTempFile(directory, "ca", ".pem.tmp");
        Files.writeString(temp, pem);
        Files.move(temp, pemFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new TlsMaterial(keyStore, pemFile);
    }

    private static boolean expiresSoon(Path keyStoreFile) {
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD);
            X509Certificate certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
            return certificate == null
                    || certificate.getNotAfter().getTime() < System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1);
        } catch (IOException | GeneralSecurityException unreadable) {
            return true;
        }
    }

    private static void generate(Path keyStoreFile) throws IOException {
        Files.deleteIfExists(keyStoreFile);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "825", "-storetype", "PKCS12",
                "-keystore", keyStoreFile.toString(), "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool could not make the emulator's certificate: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the emulator's certificate", e);
        }
    }

    SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** A client context that trusts exactly the emulator's certificate. */
    SSLContext clientContext() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, keyStore.getCertificate(ALIAS));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    X509Certificate certificate() throws GeneralSecurityException {
        return (X509Certificate) keyStore.getCertificate(ALIAS);
    }

    Path pemFile() {
        return pemFile;
    }
}
