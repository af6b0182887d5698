package io.batchform.spec.yaml;

import io.batchform.source.Source;
import io.batchform.source.SourceSpan;

/**
 * Maps the characters of a scalar's value back to the file: through the block scalar header and indentation, line
 * folding, quotes and escapes, and then through {@code ${...}} interpolation (a substituted character maps to the
 * {@code $} that produced it). The mapping is computed on first use, since only formulas ask for it.
 */
public final class ScalarSource {
    /** How the scalar was written, which decides what the raw text contains besides the value. */
    public enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL, FOLDED }

    private final Source text;
    private final int rawStart;
    private final int rawEnd;
    private final Style style;
    private final String decoded;
    private final int[] interpolated;
    private final boolean fromEnvironment;
    private int[] alignment;

    ScalarSource(Source text, int rawStart, int rawEnd, Style style, String decoded) {
        this(text, rawStart, rawEnd, style, decoded, null, false);
    }

    private ScalarSource(Source text, int rawStart, int rawEnd, Style style, String decoded, int[] interpolated,
                         boolean fromEnvironment) {
        this.text = text;
        this.rawStart = rawStart;
        this.rawEnd = rawEnd;
        this.style = style;
        this.decoded = decoded;
        this.interpolated = interpolated;
        this.fromEnvironment = fromEnvironment;
    }

    /** The same source after interpolation: {@code toDecoded[i]} is the decoded index of final character i. */
    ScalarSource interpolated(int[] toDecoded, boolean usedEnvironment) {
        return new ScalarSource(text, rawStart, rawEnd, style, decoded, toDecoded, usedEnvironment);
    }

    /** Where the scalar is written in its source, as character offsets {@code [start, end)}, quotes included. */
    public int rawStart() {
        return rawStart;
    }

    public int rawEnd() {
        return rawEnd;
    }

    public Style style() {
        return style;
    }

    boolean fromEnvironment() {
        return fromEnvironment;
    }

    /** The position of character {@code index} of the final value; the end of the value for an index past it. */
    public SourceSpan positionOf(int index) {
        int decodedIndex = index;
        if (interpolated != null) {
            decodedIndex = index < interpolated.length ? interpolated[Math.max(0, index)]
                    : interpolated.length == 0 ? 0 : interpolated[interpolated.length - 1] + 1;
        }
        int[] align = alignment();
        int raw;
        if (align.length == 0) {
            raw = contentStart();
        } else if (decodedIndex < align.length) {
            raw = align[Math.max(0, decodedIndex)];
        } else {
            raw = align[align.length - 1] + 1;
        }
        return text.at(raw);
    }

    private int contentStart() {
        String t = text.text();
        int r = rawStart;
        if (style == Style.LITERAL || style == Style.FOLDED) {
            while (r < rawEnd && t.charAt(r) != '\n' && t.charAt(r) != '\r') {
                r++;
            }
            if (r < rawEnd && t.charAt(r) == '\r') {
                r++;
            }
            if (r < rawEnd && t.charAt(r) == '\n') {
                r++;
            }
        } else if (style == Style.SINGLE_QUOTED || style == Style.DOUBLE_QUOTED) {
            r++;
        }
        return r;
    }

    private int[] alignment() {
        if (alignment != null) {
            return alignment;
        }
        String t = text.text();
        int end = Math.min(rawEnd, t.length());
        int[] align = new int[decoded.length()];
        int r = contentStart();
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            int p = r;
            while (p < end && t.charAt(p) != c && skippable(t.charAt(p))) {
                p++;
            }
            if (p < end && t.charAt(p) == c) {
                align[i] = p;
                r = p + 1;
            } else {
                align[i] = Math.min(r, Math.max(end - 1, rawStart));
                if (style == Style.DOUBLE_QUOTED && r < end && t.charAt(r) == '\\') {
                    r += escapeLength(t, r);
                }
            }
        }
        alignment = align;
        return align;
    }

    private boolean skippable(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r'
                || (style == Style.SINGLE_QUOTED && c == '\'')
                || (style == Style.DOUBLE_QUOTED && (c == '"' || c == '\\'));
    }

    private static int escapeLength(String t, int at) {
        if (at + 1 >= t.length()) {
            return 1;
        }
        return switch (t.charAt(at + 1)) {
            case 'x' -> 4;
            case 'u' -> 6;
            case 'U' -> 10;
            default -> 2;
        };
    }
}
