package io.batchform.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The text of one source (a spec file, a formula, a workload) and the name it is reported under. This is the one
 * place where offsets become lines and columns, by one rule: lines are 1-based and break at {@code \n},
 * {@code \r\n}, a lone {@code \r}, NEL, LS and PS (as the YAML reader breaks them); columns are 1-based and count
 * code points, so a character outside the Basic Multilingual Plane is one column, as the YAML reader's marks count it.
 */
public final class Source {
    private static final String LINE_BREAKS = "\n\r\u0085\u2028\u2029";

    private final String name;
    private final String text;
    private final int[] lineStarts;
    private final int[] codePointToChar;

    public Source(String name, String text) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = Objects.requireNonNull(text, "text");
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
            if (lineBreak) {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints == text.length()) {
            this.codePointToChar = null;
        } else {
            this.codePointToChar = new int[codePoints + 1];
            int cp = 0;
            for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
                codePointToChar[cp++] = i;
            }
            codePointToChar[cp] = text.length();
        }
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

    /** The 1-based line holding {@code offset} (a 0-based character offset, clamped to the text). */
    public int lineOf(int offset) {
        int index = Math.max(0, Math.min(offset, text.length()));
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /** The 1-based column of {@code offset} on its line, counted in code points. */
    public int columnOf(int offset) {
        int index = Math.max(0, Math.min(offset, text.length()));
        return text.codePointCount(lineStarts[lineOf(index) - 1], index) + 1;
    }

    /** The character offset of a code point index (the YAML reader's marks count code points). */
    public int charIndex(int codePointIndex) {
        if (codePointToChar == null) {
            return Math.max(0, Math.min(codePointIndex, text.length()));
        }
        return codePointToChar[Math.max(0, Math.min(codePointIndex, codePointToChar.length - 1))];
    }

    /** The text of a 1-based line, without its line break, or "" outside the text. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        while (end > start && LINE_BREAKS.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }

    /**
     * The 0-based offset in bytes of the text written as UTF-8 at a 1-based line and column (columns count code points),
     * as machine-readable diagnostics give it ({@code byte} in Terraform's {@code range}); clamped to the line and
     * the text.
     */
    public int byteOffset(int line, int column) {
        int lineIndex = Math.max(1, Math.min(line, lineStarts.length)) - 1;
        int start = lineStarts[lineIndex];
        int end = lineIndex + 1 < lineStarts.length ? lineStarts[lineIndex + 1] : text.length();
        int index = start;
        for (int c = 1; c < column && index < end; c++) {
            index += Character.charCount(text.codePointAt(index));
        }
        return utf8Length(0, Math.min(index, text.length()));
    }

    private int utf8Length(int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; ) {
            int cp = text.codePointAt(i);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return bytes;
    }

    /** A span covering the characters {@code [startOffset, endOffset)}. */
    public SourceSpan span(int startOffset, int endOffset) {
        int start = Math.max(0, Math.min(startOffset, text.length()));
        int end = Math.max(start, Math.min(endOffset, text.length()));
        int endLine = lineOf(end > start ? end - 1 : start);
        int endColumn = text.codePointCount(lineStarts[endLine - 1], end) + 1;
        return new SourceSpan(name, lineOf(start), columnOf(start), endLine, endColumn, start, end);
    }

    /** The empty span at a character offset. */
    public SourceSpan at(int offset) {
        int index = Math.max(0, Math.min(offset, text.length()));
        return span(index, index);
    }

    /** The empty span at the start of the text, for a problem with the source as a whole that still has a line. */
    public SourceSpan start() {
        return span(0, 0);
    }
}
