package io.batchform.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The emulator's self-signed certificate, made with the JDK's own keytool (EC P-256, SAN {@code ip:127.0.0.1},
 * {@code dns:localhost}), kept in the data directory so clients that trust it keep trusting it across restarts. The
 * key store and its password (random, made with the store, given to keytool in a file rather than on its command
 * line) are readable by their owner only.
 *
 * <p>The store is made with one iteration of PBKDF2 for its key and certificate and no integrity MAC, where keytool's
 * defaults (10,000 iterations each for the MAC, the certificate and the key) cost every command that starts the
 * embedded emulator about 0.1 s of CPU in a cold JVM: iterations slow down guessing a chosen password, and this one
 * is 192 random bits kept beside the store, under the same permissions. A store made before keeps its iterations.
 * It is read once per start.
 */
final class TlsMaterial {
    private static final String ALIAS = "batchform-emulator";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final KeyStore keyStore;
    private final char[] password;
    private final Path pemFile;

    private TlsMaterial(KeyStore keyStore, char[] password, Path pemFile) {
        this.keyStore = keyStore;
        this.password = password;
        this.pemFile = pemFile;
    }

    /** Loads the certificate from {@code directory}, or makes one there. */
    static synchronized TlsMaterial loadOrCreate(Path directory) throws IOException, GeneralSecurityException {
        Files.createDirectories(directory);
        Path keyStoreFile = directory.resolve("emulator.p12");
        Path passwordFile = directory.resolve("emulator.p12.pass");
        Path pemFile = directory.resolve("emulator-ca.pem");
        KeyStore keyStore = Files.exists(keyStoreFile) && Files.exists(passwordFile)
                ? usable(keyStoreFile, passwordFile) : null;
        if (keyStore == null) {
            generate(keyStoreFile, passwordFile);
            keyStore = load(keyStoreFile, passwordFile);
        }
        char[] password = password(passwordFile);
        Certificate certificate = keyStore.getCertificate(ALIAS);
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Path temp = Files.createTempFile(directory, "ca", ".pem.tmp");
        Files.writeString(temp, pem);
        Files.move(temp, pemFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new TlsMaterial(keyStore, password, pemFile);
    }

    /** The store in {@code keyStoreFile}, or null when it is unreadable or its certificate expires within a day. */
    private static KeyStore usable(Path keyStoreFile, Path passwordFile) {
        try {
            KeyStore keyStore = load(keyStoreFile, passwordFile);
            X509Certificate certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
            return certificate == null
                    || certificate.getNotAfter().getTime() < System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1)
                    ? null : keyStore;
        } catch (IOException | GeneralSecurityException unreadable) {
            return null;
        }
    }

    private static KeyStore load(Path keyStoreFile, Path passwordFile) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, password(passwordFile));
        }
        return keyStore;
    }

    private static char[] password(Path passwordFile) throws IOException {
        return Files.readString(passwordFile, StandardCharsets.US_ASCII).trim().toCharArray();
    }

    private static void generate(Path keyStoreFile, Path passwordFile) throws IOException {
        Files.deleteIfExists(keyStoreFile);
        Files.deleteIfExists(passwordFile);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        ownerOnly(passwordFile);
        Files.writeString(passwordFile, Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                StandardCharsets.US_ASCII);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(keytool,
                "-J-Dkeystore.pkcs12.macAlgorithm=NONE", "-J-Dkeystore.pkcs12.certPbeIterationCount=1",
                "-J-Dkeystore.pkcs12.keyPbeIterationCount=1", "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "825", "-storetype", "PKCS12",
                "-keystore", keyStoreFile.toString(), "-storepass:file", passwordFile.toString(),
                "-keypass:file", passwordFile.toString()))
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
        restrict(keyStoreFile);
    }

    /** Creates {@code file} empty with owner-only permissions, where the file system has POSIX permissions. */
    private static void ownerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
    }

    private static void restrict(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
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
