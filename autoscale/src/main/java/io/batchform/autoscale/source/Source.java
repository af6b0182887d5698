package io.batchform.autoscale.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The text of one formula and the name it is reported under (a file path, or a YAML location such as
 * {@code batchform.yaml}). Line starts are indexed once so that offsets turn into 1-based line and column cheaply.
 */
public final class Source {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    public Source(String name, String text) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = Objects.requireNonNull(text, "text");
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                starts.add(i + 1);
            } else if (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** The 1-based line holding {@code offset} (0-based character offset). */
    public int lineOf(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /** The 1-based column of {@code offset} on its line, counted in characters. */
    public int columnOf(int offset) {
        return offset - lineStarts[lineOf(offset) - 1] + 1;
    }

    /** The text of a 1-based line, without its line terminator. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(start, end);
    }

    /** A span covering the characters {@code [startOffset, endOffset)}. */
    public SourceSpan span(int startOffset, int endOffset) {
        int end = Math.max(startOffset, endOffset);
        int lastCharOffset = end > startOffset ? end - 1 : startOffset;
        return new SourceSpan(lineOf(startOffset), columnOf(startOffset),
                lineOf(lastCharOffset), columnOf(lastCharOffset) + (end > startOffset ? 1 : 0),
                startOffset, end);
    }
}
