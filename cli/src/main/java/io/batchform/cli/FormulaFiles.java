package io.batchform.cli;

import io.batchform.source.Source;
import io.batchform.source.SourceFiles;
import java.nio.file.Path;

/** Reads formula and context files for the formula commands, turning refusals into user errors. */
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
}
