package io.batchform.spec.yaml;

import io.batchform.source.SourceSpan;
import java.util.List;
import java.util.Optional;

/**
 * A YAML value with the position it was written at: a scalar, a sequence or a mapping. The spec loader reads these
 * instead of plain Java maps so that every diagnostic can point at the line and column of the value concerned.
 */
public sealed interface YNode permits YNode.YScalar, YNode.YSeq, YNode.YMap {
    SourceSpan position();

    /** What a value is, in the words of diagnostics ("expected a number, got a string"). */
    String kindName();

    /** A scalar: its text after escapes and interpolation, and the type YAML gave it. */
    record YScalar(String value, ScalarKind kind, SourceSpan position, ScalarSource source) implements YNode {
        @Override
        public String kindName() {
            return kind.noun();
        }

        /** The position of a character of {@link #value()}, mapped back through escapes, folding and interpolation. */
        public SourceSpan positionOf(int charIndex) {
            return source == null ? position : source.positionOf(charIndex);
        }

        /** Whether part of the value came from an environment variable ({@code ${env.NAME}}). */
        public boolean fromEnvironment() {
            return source != null && source.fromEnvironment();
        }
    }

    record YSeq(List<YNode> items, SourceSpan position) implements YNode {
        public YSeq {
            items = List.copyOf(items);
        }

        @Override
        public String kindName() {
            return "a list";
        }
    }

    /** A mapping, keys in the order written. */
    record YMap(List<Entry> entries, SourceSpan position) implements YNode {
        public YMap {
            entries = List.copyOf(entries);
        }

        @Override
        public String kindName() {
            return "a map";
        }

        public Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().value().equals(key)).findFirst();
        }

        public Optional<YNode> get(String key) {
            return entry(key).map(Entry::value);
        }
    }

    /** A key (always a string scalar) and its value. */
    record Entry(YScalar key, YNode value) {
    }

    /** The type YAML resolved a scalar to. */
    enum ScalarKind {
        STRING("a string"), INTEGER("a number"), FLOAT("a number"), BOOLEAN("a boolean"), NULL("nothing (null)"),
        /** A value whose interpolation failed: already reported, so every later check passes over it. */
        UNRESOLVED("an unresolved value");

        private final String noun;

        ScalarKind(String noun) {
            this.noun = noun;
        }

        public String noun() {
            return noun;
        }
    }
}
