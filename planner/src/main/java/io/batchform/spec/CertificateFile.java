package io.batchform.spec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Reads a certificate file as Azure Batch wants it: the file's bytes in base64 and the SHA-1 thumbprint of the
 * certificate (of the first certificate in a PFX, opened with its password). The Azure name is
 * {@code sha1-<thumbprint>}.
 */
public final class CertificateFile {
    /** What a certificate file holds, or why it could not be read. */
    public sealed interface Result permits Read, Failed {
    }

    public record Read(String thumbprint, String base64) implements Result {
        public String azureName() {
            return "sha1-" + thumbprint.toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return "Read[thumbprint=" + thumbprint + ", data=(sensitive)]";
        }
    }

    public record Failed(String reason) implements Result {
    }

    /** Largest certificate file read: a PFX with its chain is a few kilobytes. */
    public static final int MAX_BYTES = 1024 * 1024;

    private CertificateFile() {
    }

    /** Reads a file; {@code format} is Pfx (the default) or Cer; {@code password} may be null. */
    public static Result read(Path file, String format, Secret password) {
        byte[] bytes;
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // Opening a pipe waits for a writer, and /dev/zero never ends: neither is opened.
            return new Failed("certificate file '" + file + "' is not a regular file (a device, a pipe or a directory)");
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                return new Failed("certificate file '" + file + "' is larger than " + MAX_BYTES
                        + " bytes, the most batchform reads of a certificate");
            }
        } catch (IOException e) {
            return new Failed("cannot read certificate file '" + file + "'" + (Files.exists(file) ? "" : ": no such file"));
        }
        try {
            Certificate certificate;
            if ("Cer".equals(format)) {
                certificate = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(bytes));
            } else {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(new ByteArrayInputStream(bytes), password == null ? new char[0] : password.value().toCharArray());
                certificate = null;
                for (String alias : Collections.list(store.aliases()).stream().sorted().toList()) {
                    certificate = store.getCertificate(alias);
                    if (certificate != null) {
                        break;
                    }
                }
                if (certificate == null) {
                    return new Failed("certificate file '" + file + "' holds no certificate");
                }
            }
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded());
            return new Read(HexFormat.of().withUpperCase().formatHex(digest), Base64.getEncoder().encodeToString(bytes));
        } catch (IOException e) {
            return new Failed("cannot open certificate file '" + file + "' as " + ("Cer".equals(format) ? "Cer" : "Pfx")
                    + ": wrong password or not a PKCS#12 file");
        } catch (GeneralSecurityException e) {
            return new Failed("certificate file '" + file + "' is not a valid " + ("Cer".equals(format) ? "X.509 (Cer)"
                    : "PKCS#12 (Pfx)") + " certificate");
        }
    }
}
