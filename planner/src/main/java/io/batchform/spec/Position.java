package io.batchform.spec;

import java.util.Comparator;
import java.util.Objects;

/**
 * Where something is written: a file (as the user named it) and a 1-based line and column counted in characters.
 * Line 0 means "no line", for problems with the command line ({@code --var}) or a whole file.
 */
public record Position(String file, int line, int column) implements Comparable<Position> {
    private static final Comparator<Position> ORDER = Comparator.comparing(Position::file)
            .thenComparingInt(Position::line).thenComparingInt(Position::column);

    public Position {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("bad position " + line + ":" + column);
        }
    }

    /** A position for a whole file or an option, printed without line and column. */
    public static Position of(String file) {
        return new Position(file, 0, 0);
    }

    @Override
    public int compareTo(Position other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
