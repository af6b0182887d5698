package io.batchform.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.GZIPInputStream;

/**
 * Reads the text files a user names (formulas, contexts, workloads, fault files) with a bound: only regular files
 * (a device such as {@code /dev/zero}, a pipe that never ends or a directory is refused before anything is read), at
 * most a given number of bytes (checked before reading, and again while reading a file that grows), UTF-8 only.
 * Failures are {@link Refused}, whose message is one clear sentence that names the file and never its content.
 */
public final class SourceFiles {
    private SourceFiles() {
    }

    /** Why a file was not read, for a caller that words it its own way. */
    public enum Reason { MISSING, DIRECTORY, NOT_A_FILE, TOO_LARGE, NOT_TEXT, UNREADABLE }

    /** Why a file was not read; the message starts with the file's name. */
    public static final class Refused extends IOException {
        private final Reason reason;
        private final String detail;

        Refused(Reason reason, String message, String detail) {
            super(message);
            this.reason = reason;
            this.detail = detail;
        }

        public Reason reason() {
            return reason;
        }

        /** For {@link Reason#UNREADABLE}: what the file system said. */
        public String detail() {
            return detail;
        }
    }

    /** The file's text as a {@link Source} named as the user wrote the path. */
    public static Source read(Path path, long maxBytes) throws Refused {
        return new Source(path.toString(), decode(path, bytes(path, maxBytes, false), maxBytes));
    }

    /** As {@link #read}, unpacking a file whose name ends in {@code .gz}; the bound applies to the unpacked text. */
    public static Source readMaybeGzipped(Path path, long maxBytes) throws Refused {
        boolean gzipped = path.getFileName() != null && path.getFileName().toString().endsWith(".gz");
        return new Source(path.toString(), decode(path, bytes(path, maxBytes, gzipped), maxBytes));
    }

    private static byte[] bytes(Path path, long maxBytes, boolean gzipped) throws Refused {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new Refused(Reason.MISSING, path + ": no such file", null);
        } catch (IOException e) {
            throw new Refused(Reason.UNREADABLE, path + ": cannot read: " + e.getMessage(), e.getMessage());
        }
        if (attributes.isDirectory()) {
            throw new Refused(Reason.DIRECTORY, path + ": is a directory, not a file", null);
        }
        if (!attributes.isRegularFile()) {
            throw new Refused(Reason.NOT_A_FILE, path + ": is not a regular file (a device, a pipe or a socket); batchform reads "
                    + "only files", null);
        }
        if (!gzipped && attributes.size() > maxBytes) {
            throw new Refused(Reason.TOO_LARGE, path + ": is " + attributes.size() + " bytes; the most batchform reads "
                    + "of such a file is " + maxBytes, null);
        }
        int bound = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
        try (InputStream file = Files.newInputStream(path);
             InputStream in = gzipped ? new GZIPInputStream(file) : file) {
            byte[] bytes = in.readNBytes(bound);
            if (bytes.length > maxBytes) {
                throw new Refused(Reason.TOO_LARGE, path + ": is larger than " + maxBytes + " bytes"
                        + (gzipped ? " once unpacked" : "") + ", the most batchform reads of such a file", null);
            }
            return bytes;
        } catch (Refused e) {
            throw e;
        } catch (IOException e) {
            throw new Refused(Reason.UNREADABLE, path + ": cannot read: " + e.getMessage(), e.getMessage());
        }
    }

    private static String decode(Path path, byte[] bytes, long maxBytes) throws Refused {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused(Reason.NOT_TEXT, path + ": is not UTF-8 text", null);
        }
    }
}
