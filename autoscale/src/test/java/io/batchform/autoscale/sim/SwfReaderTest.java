package io.batchform.autoscale.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.source.DiagnosticFormatter;
import io.batchform.source.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standard Workload Format traces, on a made-up excerpt in the archive's layout. */
class SwfReaderTest {
    private static final String TRACE = """
            ; Version: 2
            ; UnixStartTime: 749458800
            ; MaxProcs: 128
            ;
                1      0   10   1451   128   -1   -1   128   -1   -1   1   1   1   -1   1   -1   -1   -1
                2     35    2      7     1   -1   -1     1   -1   -1   1   2   1   -1   1   -1   -1   -1
                3     60   -1     -1    -1   -1   -1    32  3600  -1   5   3   1   -1   1   -1   -1   -1
                4     90   -1     -1    -1   -1   -1    -1   -1   -1   5   3   1   -1   1   -1   -1   -1
            """;

    @Test
    void eachJobIsATaskOnAsManySlotsAsItHadProcessors() {
        WorkloadReader.Result read = WorkloadReader.read(new Source("nasa.swf", TRACE));
        WorkloadReader.Definition trace = read.definition().orElseThrow();
        assertThat(trace.start()).contains(Instant.ofEpochSecond(749458800));
        Workload w = trace.workload(86_400, 1);
        assertThat(w.times()).containsExactly(0, 35, 60);
        assertThat(w.durations()).containsExactly(1451, 7, 3600);
        assertThat(w.slots()).containsExactly(128, 1, 32);
        assertThat(read.diagnostics()).extracting(d -> DiagnosticFormatter.header(d))
                .containsExactly("nasa.swf:1:1: warning[S005]: 1 job has no submit time or no run time and is left out");
    }

    @Test
    void aBrokenLineIsAnErrorAtItsLine() {
        WorkloadReader.Result read = WorkloadReader.read(new Source("t.swf", "; x\n1 0 10 60\n"));
        assertThat(read.definition()).isEmpty();
        assertThat(read.diagnostics()).extracting(d -> DiagnosticFormatter.header(d)).containsExactly(
                "t.swf:2:1: error[S005]: an SWF job line has 18 numbers (-1 where unknown); got '1 0 10 60'");
    }

    @Test
    void aGzippedTraceIsReadFromItsFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nasa.swf.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(TRACE.getBytes(StandardCharsets.UTF_8));
        }
        Workload w = WorkloadReader.read(file).definition().orElseThrow().workload(86_400, 1);
        assertThat(w.tasks()).isEqualTo(3);
        assertThat(w.slotsOf(0)).isEqualTo(128);
    }
}
