package io.batchform.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a user names are read only when they are regular files within a bound, and refusals name the file alone. */
class SourceFilesTest {
    @TempDir
    Path dir;

    @Test
    void aRegularFileIsReadAsASourceNamedAsGiven() throws Exception {
        Path file = Files.writeString(dir.resolve("a.formula"), "$TargetDedicatedNodes = 1;\n\u00e9");
        Source source = SourceFiles.read(file, 100);
        assertThat(source.name()).isEqualTo(file.toString());
        assertThat(source.text()).isEqualTo("$TargetDedicatedNodes = 1;\n\u00e9");
    }

    @Test
    void devicesPipesAndDirectoriesAreRefusedWithoutReading() throws Exception {
        assertThatThrownBy(() -> SourceFiles.read(Path.of("/dev/zero"), 1 << 20)).isInstanceOf(SourceFiles.Refused.class)
                .hasMessage("/dev/zero: is not a regular file (a device, a pipe or a socket); batchform reads only files");
        assertThatThrownBy(() -> SourceFiles.read(dir, 1 << 20)).hasMessage(dir + ": is a directory, not a file");
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        assertThatThrownBy(() -> SourceFiles.read(fifo, 1 << 20)).as("a pipe no one writes to would block for ever")
                .hasMessageStartingWith(fifo + ": is not a regular file");
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("/dev/urandom"));
        assertThatThrownBy(() -> SourceFiles.read(link, 1 << 20)).hasMessageStartingWith(link + ": is not a regular file");
    }

    @Test
    void tooLargeMissingOrNotTextIsOneSentenceThatNeverQuotesTheContent() throws Exception {
        Path large = Files.writeString(dir.resolve("large"), "ghp_S3cret".repeat(20));
        assertThatThrownBy(() -> SourceFiles.read(large, 100))
                .hasMessage(large + ": is 200 bytes; the most batchform reads of such a file is 100");
        assertThatThrownBy(() -> SourceFiles.read(dir.resolve("nope"), 100)).hasMessage(dir.resolve("nope") + ": no such file");
        Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, 'g', 'h', 'p'});
        assertThatThrownBy(() -> SourceFiles.read(binary, 100)).hasMessage(binary + ": is not UTF-8 text");
    }

    @Test
    void aGzippedFileIsBoundedOnceUnpacked() throws Exception {
        Path gz = dir.resolve("trace.swf.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("0".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.size(gz)).isLessThan(1000);
        assertThat(SourceFiles.readMaybeGzipped(gz, 10_000).text()).hasSize(10_000);
        assertThatThrownBy(() -> SourceFiles.readMaybeGzipped(gz, 9_999))
                .hasMessage(gz + ": is larger than 9999 bytes once unpacked, the most batchform reads of such a file");
    }
}
