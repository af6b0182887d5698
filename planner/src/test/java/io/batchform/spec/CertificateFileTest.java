package io.batchform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Thumbprints of the test certificate, generated with keytool; {@code keytool -list -v} printed its SHA-1 as
 * 7C:E0:A3:0B:D8:48:31:93:C8:B4:C5:C1:F6:91:66:46:EC:98:86:C2.
 */
class CertificateFileTest {
    private static final String THUMBPRINT = "7CE0A30BD8483193C8B4C5C1F6916646EC9886C2";

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CertificateFileTest.class.getResource(name).toURI());
    }

    @Test
    void readsThePfxWithItsPassword() throws URISyntaxException {
        CertificateFile.Result result = CertificateFile.read(resource("test.pfx"), "Pfx", new Secret("testpass"));
        assertThat(result).isInstanceOfSatisfying(CertificateFile.Read.class, read -> {
            assertThat(read.thumbprint()).isEqualTo(THUMBPRINT);
            assertThat(read.azureName()).isEqualTo("sha1-" + THUMBPRINT.toLowerCase());
            assertThat(read.toString()).doesNotContain(read.base64());
        });
    }

    @Test
    void readsTheCerOfTheSameCertificate() throws URISyntaxException {
        assertThat(CertificateFile.read(resource("test.cer"), "Cer", null))
                .isInstanceOfSatisfying(CertificateFile.Read.class, read -> assertThat(read.thumbprint()).isEqualTo(THUMBPRINT));
    }

    @Test
    void aWrongPasswordIsAClearFailure() throws URISyntaxException {
        Path pfx = resource("test.pfx");
        assertThat(CertificateFile.read(pfx, null, new Secret("wrong"))).isEqualTo(new CertificateFile.Failed(
                "cannot open certificate file '" + pfx + "' as Pfx: wrong password or not a PKCS#12 file"));
        assertThat(CertificateFile.read(pfx.resolveSibling("missing.pfx"), null, null)).isEqualTo(new CertificateFile.Failed(
                "cannot read certificate file '" + pfx.resolveSibling("missing.pfx") + "': no such file"));
    }
}
