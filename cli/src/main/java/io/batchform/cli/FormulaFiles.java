package io.batchform.cli;

import io.batchform.autoscale.sim.WorkloadReader;
import io.batchform.source.Source;
import io.batchform.source.SourceFiles;
import java.nio.file.Path;

/**
 * Reads the files the formula commands name (formulas, contexts, workloads, formula test files) through the bounded
 * {@link SourceFiles}, turning its refusals into user errors.
 */
final class FormulaFiles {
    /** Files larger than this are refused before reading (a formula is at most 8 KB; a context holds histories). */
    static final long MAX_BYTES = 16 << 20;

    private FormulaFiles() {
    }

    static Source read(Path path) {
        try {
            return SourceFiles.read(path, MAX_BYTES);
        } catch (SourceFiles.Refused e) {
            throw new UserException(e.getMessage());
        }
    }

    /** A workload or formula test file, gzipped or not (traces ship as {@code .swf.gz}), at most 64 MB of text. */
    static Source workload(Path path) {
        try {
            return SourceFiles.readMaybeGzipped(path, WorkloadReader.MAX_FILE_BYTES);
        } catch (SourceFiles.Refused e) {
            throw new UserException(e.getMessage());
        }
    }
}
