package io.batchform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * Golden files: text a user reads, kept in the repository and compared byte for byte. A missing or different golden
 * fails with a readable diff; only a run with {@code -Dgolden.update=true} writes them, and the rewritten files are
 * reviewed like code. Shared with the other modules' tests through this module's test jar.
 */
public final class Golden {
    /** The system property that lets a run write goldens instead of comparing. */
    public static final String UPDATE_PROPERTY = "golden.update";

    private static final int CONTEXT = 3;
    private static final int MAX_LINES = 40;

    private Golden() {
    }

    /** Fails unless {@code expected} holds exactly {@code actual}; with {@code -Dgolden.update=true}, writes it. */
    public static void assertMatches(Path expected, String actual) {
        assertMatches(expected, actual, Boolean.getBoolean(UPDATE_PROPERTY));
    }

    static void assertMatches(Path expected, String actual, boolean update) {
        try {
            if (update) {
                if (expected.getParent() != null) {
                    Files.createDirectories(expected.getParent());
                }
                Files.writeString(expected, actual);
                return;
            }
            if (!Files.exists(expected)) {
                throw new AssertionFailedError("golden file " + expected + " is missing; write it with -D"
                        + UPDATE_PROPERTY + "=true and review it like code");
            }
            String golden = Files.readString(expected);
            if (!golden.equals(actual)) {
                throw new AssertionFailedError("output differs from golden file " + expected + " (rewrite it with -D"
                        + UPDATE_PROPERTY + "=true if the change is intended):\n" + diff(golden, actual), golden, actual);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write golden file " + expected, e);
        }
    }

    /**
     * The lines that differ, as {@code -} (golden) and {@code +} (actual) lines between a few unchanged ones, with
     * 1-based line numbers. Files differ in one region in practice, so the region between the common first and
     * last lines is shown, which needs no quadratic diff for large files.
     */
    static String diff(String expected, String actual) {
        List<String> before = lines(expected);
        List<String> after = lines(actual);
        int prefix = 0;
        while (prefix < before.size() && prefix < after.size() && before.get(prefix).equals(after.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < before.size() - prefix && suffix < after.size() - prefix
                && before.get(before.size() - 1 - suffix).equals(after.get(after.size() - 1 - suffix))) {
            suffix++;
        }
        StringBuilder out = new StringBuilder("@@ line " + (prefix + 1) + " @@\n");
        for (int i = Math.max(0, prefix - CONTEXT); i < prefix; i++) {
            out.append("  ").append(before.get(i)).append('\n');
        }
        section(out, "- ", before.subList(prefix, before.size() - suffix));
        section(out, "+ ", after.subList(prefix, after.size() - suffix));
        for (int i = before.size() - suffix; i < Math.min(before.size(), before.size() - suffix + CONTEXT); i++) {
            out.append("  ").append(before.get(i)).append('\n');
        }
        return out.toString();
    }

    private static void section(StringBuilder out, String mark, List<String> lines) {
        lines.stream().limit(MAX_LINES).forEach(line -> out.append(mark).append(line).append('\n'));
        if (lines.size() > MAX_LINES) {
            out.append(mark).append("... ").append(lines.size() - MAX_LINES).append(" more lines\n");
        }
    }

    /** The lines of {@code text}; a missing final newline shows as a marker, so it is visible in the diff. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        String last = lines.remove(lines.size() - 1);
        if (!last.isEmpty()) {
            lines.add(last + "\\ (no newline at end)");
        }
        return lines.stream().map(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) + "\\r" : line)
                .toList();
    }
}
