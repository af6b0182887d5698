package io.batchform.autoscale.source;

/**
 * A range of formula text. Lines and columns are 1-based (the only place they are converted is {@link Source#span});
 * {@code endColumn} is exclusive, as are offsets' {@code endOffset}.
 */
public record SourceSpan(int line, int column, int endLine, int endColumn, int startOffset, int endOffset) {
    public static final SourceSpan NONE = new SourceSpan(1, 1, 1, 1, 0, 0);

    public SourceSpan {
        if (line < 1 || column < 1 || endLine < line || startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException("bad span " + line + ":" + column + "-" + endLine + ":" + endColumn
                    + " [" + startOffset + "," + endOffset + ")");
        }
    }

    /** The smallest span covering this one and {@code other}. */
    public SourceSpan to(SourceSpan other) {
        boolean thisFirst = startOffset <= other.startOffset;
        SourceSpan first = thisFirst ? this : other;
        SourceSpan last = endOffset >= other.endOffset ? this : other;
        return new SourceSpan(first.line, first.column, last.endLine, last.endColumn, first.startOffset, last.endOffset);
    }

    public int length() {
        return endOffset - startOffset;
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
