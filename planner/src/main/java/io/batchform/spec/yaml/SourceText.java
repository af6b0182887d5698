package io.batchform.spec.yaml;

import io.batchform.spec.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The text of one YAML file and the name it is reported under. Lines break where the YAML reader breaks them
 * ({@code \n}, {@code \r\n}, a lone {@code \r}, NEL, LS and PS) and columns count code points, so positions computed
 * here agree with the reader's own marks.
 */
public final class SourceText {
    private final String name;
    private final String text;
    private final int[] lineStarts;
    private final int[] codePointToChar;

    public SourceText(String name, String text) {
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

    /** The character index of a code point index (the YAML reader's marks count code points). */
    public int charIndex(int codePointIndex) {
        if (codePointToChar == null) {
            return Math.min(codePointIndex, text.length());
        }
        return codePointToChar[Math.min(codePointIndex, codePointToChar.length - 1)];
    }

    /** The position of a character index: 1-based line, and 1-based column in code points. */
    public Position position(int charIndex) {
        int index = Math.max(0, Math.min(charIndex, text.length()));
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
        int column = text.codePointCount(lineStarts[lo], index) + 1;
        return new Position(name, lo + 1, column);
    }

    /** The text of a 1-based line without its line break, or "" past the end. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : text.length();
        while (end > start && "\n\r\u0085\u2028\u2029".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }
}
