package io.batchform.source;

import java.util.Comparator;
import java.util.Objects;

/**
 * A range of text in a named source. Lines and columns are 1-based and columns count code points; the only place
 * they are computed from offsets is {@link Source}. {@code endColumn} is exclusive, as is {@code endOffset}
 * (offsets count UTF-16 characters, as Java strings do). Line 0 (and column 0) means no line: the whole source, or
 * a command-line option, printed as its name alone.
 */
public record SourceSpan(String source, int line, int column, int endLine, int endColumn, int startOffset,
                         int endOffset) implements Location, Comparable<SourceSpan> {
    private static final Comparator<SourceSpan> ORDER = Comparator.comparing(SourceSpan::source)
            .thenComparingInt(SourceSpan::line).thenComparingInt(SourceSpan::column);

    public SourceSpan {
        Objects.requireNonNull(source, "source");
        boolean whole = line == 0 && column == 0;
        if (!whole && (line < 1 || column < 1 || endLine < line) || startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException("bad span " + line + ":" + column + "-" + endLine + ":" + endColumn
                    + " [" + startOffset + "," + endOffset + ")");
        }
    }

    /** The whole of a source, or an option such as {@code --var name}: printed as the name alone. */
    public static SourceSpan whole(String source) {
        return new SourceSpan(source, 0, 0, 0, 0, 0, 0);
    }

    /** An empty span at a line and column known without the text (a reader's mark, a formula in another file). */
    public static SourceSpan at(String source, int line, int column) {
        return new SourceSpan(source, line, column, line, column, 0, 0);
    }

    /** Whether this span has a line, as opposed to naming a whole source or an option. */
    public boolean hasLine() {
        return line > 0;
    }

    /** The smallest span covering this one and {@code other}. */
    public SourceSpan to(SourceSpan other) {
        boolean thisFirst = startOffset <= other.startOffset;
        SourceSpan first = thisFirst ? this : other;
        SourceSpan last = endOffset >= other.endOffset ? this : other;
        return new SourceSpan(source, first.line, first.column, last.endLine, last.endColumn, first.startOffset,
                last.endOffset);
    }

    public int length() {
        return endOffset - startOffset;
    }

    /** {@code NAME:LINE:COL}, or {@code NAME} alone for a span with no line: the form diagnostics print. */
    public String where() {
        return hasLine() ? source + ":" + line + ":" + column : source;
    }

    @Override
    public int compareTo(SourceSpan other) {
        return ORDER.compare(this, other);
    }

    /** As {@link #where()}: messages that cite another place ("first at ...") print it this way. */
    @Override
    public String toString() {
        return where();
    }
}
