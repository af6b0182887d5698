package io.batchform.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceTest {
    /** Offsets count UTF-16 characters; lines and columns follow the one rule (code points, every YAML line break). */
    @ParameterizedTest(name = "{0} @ {1} -> {2}:{3}")
    @CsvSource(delimiter = '|', value = {
        "ab             | 0 | 1 | 1",
        "ab             | 2 | 1 | 3",
        "a\\nb          | 2 | 2 | 1",
        "a\\r\\nb       | 3 | 2 | 1",
        "a\\rb          | 2 | 2 | 1",
        "a\\u0085b      | 2 | 2 | 1",
        "a\\u2028b      | 2 | 2 | 1",
        "a\\u2029b      | 2 | 2 | 1",
        "\\uD83D\\uDE00x | 2 | 1 | 2",
        "é\\uD83D\\uDE00é | 4 | 1 | 4",
        "x\\n\\uD83D\\uDE00\\uD83D\\uDE00y | 6 | 2 | 3",
    })
    void offsetsBecomeLinesAndCodePointColumns(String escaped, int offset, int line, int column) {
        Source source = new Source("f", unescape(escaped.strip()));
        assertThat(source.lineOf(offset)).isEqualTo(line);
        assertThat(source.columnOf(offset)).isEqualTo(column);
    }

    @ParameterizedTest(name = "{0} [{1},{2}) -> {3}")
    @CsvSource(delimiter = '|', value = {
        "abc                | 1 | 2 | 1:2-1:3",
        "abc                | 1 | 1 | 1:2-1:2",
        "\\uD83D\\uDE00=1    | 0 | 2 | 1:1-1:2",
        "\\uD83D\\uDE00=1    | 2 | 4 | 1:2-1:4",
        "ab\\ncd            | 1 | 4 | 1:2-2:2",
    })
    void spansAreExclusiveAtTheEnd(String escaped, int start, int end, String expected) {
        SourceSpan span = new Source("f", unescape(escaped.strip())).span(start, end);
        assertThat(span.line() + ":" + span.column() + "-" + span.endLine() + ":" + span.endColumn()).isEqualTo(expected);
        assertThat(span.source()).isEqualTo("f");
    }

    @ParameterizedTest(name = "line {1} of {0}")
    @CsvSource(delimiter = '|', value = {
        "a\\r\\nb\\n     | 1 | a",
        "a\\r\\nb\\n     | 2 | b",
        "a\\r\\nb\\n     | 3 | ''",
        "a\\u2028b      | 2 | b",
        "a              | 9 | ''",
    })
    void linesComeWithoutTheirBreak(String escaped, int line, String expected) {
        assertThat(new Source("f", unescape(escaped.strip())).line(line)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "code point {1} of {0}")
    @CsvSource(delimiter = '|', value = {
        "abc                 | 1 | 1",
        "\\uD83D\\uDE00bc     | 1 | 2",
        "\\uD83D\\uDE00bc     | 9 | 4",
    })
    void codePointIndexesBecomeCharacterOffsets(String escaped, int codePoint, int offset) {
        assertThat(new Source("f", unescape(escaped.strip())).charIndex(codePoint)).isEqualTo(offset);
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
            } else if (s.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(switch (s.charAt(++i)) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> s.charAt(i);
                });
            }
        }
        return out.toString();
    }

    @Test
    void aLineAndColumnBecomeAByteOffsetInUtf8() {
        Source source = new Source("s", "ab\n\u00e9\uD83D\uDE00x\r\nz");
        assertThat(source.byteOffset(1, 1)).isZero();
        assertThat(source.byteOffset(1, 3)).isEqualTo(2);
        assertThat(source.byteOffset(2, 1)).isEqualTo(3);
        assertThat(source.byteOffset(2, 2)).as("after a 2-byte character").isEqualTo(5);
        assertThat(source.byteOffset(2, 3)).as("after a 4-byte one").isEqualTo(9);
        assertThat(source.byteOffset(3, 1)).as("after \\r\\n").isEqualTo(12);
        assertThat(source.byteOffset(3, 9)).as("clamped to the text").isEqualTo(13);
    }
}
