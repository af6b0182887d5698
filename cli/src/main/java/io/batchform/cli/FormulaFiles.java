package io.batchform.cli;

import io.batchform.source.Source;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads formula files for the formula commands, turning I/O failures into user errors. */
final class FormulaFiles {
    /** Files larger than this are refused before reading (the service's limit is 8 KB). */
    static final long MAX_BYTES = 1 << 20;

    private FormulaFiles() {
    }

    static Source read(Path path) {
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new UserException(path + ": file is " + size + " bytes; a formula is at most 8 KB");
            }
            return new Source(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new UserException(path + ": no such file");
        } catch (MalformedInputException e) {
            throw new UserException(path + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UserException(path + ": cannot read: " + e.getMessage());
        }
    }
}
