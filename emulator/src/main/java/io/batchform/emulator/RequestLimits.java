package io.batchform.emulator;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the emulator accepts of a request before it looks at what the request means: bodies up to a size, path
 * segments that can be names. A request refused here has changed nothing. The nesting bound is applied by the JSON
 * reader ({@link ArmHandler#JSON}). These are the emulator's own bounds, not Azure's documented ones.
 */
final class RequestLimits {
    /** The largest request body read; Resource Manager's own requests are far smaller. */
    static final int MAX_BODY_BYTES = 4 << 20;
    /** How deep a request body may nest; the deepest resource body the emulator serves nests about ten levels. */
    static final int MAX_NESTING = 64;
    /** The longest path segment accepted; Azure resource names are at most a few hundred characters. */
    static final int MAX_SEGMENT = 260;

    private RequestLimits() {
    }

    /** The body, or a 413 when it is larger than {@link #MAX_BODY_BYTES} (read no further than one byte past it). */
    static byte[] body(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ArmError(413, "RequestEntityTooLarge", "The request content is larger than " + MAX_BODY_BYTES
                    + " bytes, the most this emulator reads.");
        }
        return bytes;
    }

    /** The decoded segment, or a 400 when it is too long or holds a control character. */
    static String segment(String segment) {
        if (segment.length() > MAX_SEGMENT || segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ArmError.badRequest("InvalidResourceName", "The path segment '" + excerpt(segment)
                    + "' is not a valid resource name: at most " + MAX_SEGMENT + " characters, none of them a "
                    + "control character.", null);
        }
        return segment;
    }

    /** At most 40 characters of {@code text}, control characters shown as '?', for error messages. */
    private static String excerpt(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return shown.codePoints().map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
