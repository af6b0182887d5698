package io.batchform.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosticFormatterTest {
    private static final Source FORMULA = new Source("pool.formula", "a = 1;\n\tb = max(x, 2);\n");
    private static final Source SPEC = new Source("batchform.yaml", "pools:\n  \uD83D\uDE00: {vmSize: x}\n\n");

    /** A location that is neither a span nor null, as the planner's addresses are. */
    private record Resource(String name) implements Location {
        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void aFormulaDiagnosticGetsItsLineAndACaretUnderTheSpan() {
        Diagnostic d = Diagnostic.error("F012", "unknown name 'x'", FORMULA.span(16, 17));
        assertThat(DiagnosticFormatter.format(FORMULA, d))
                .isEqualTo("pool.formula:2:10: error[F012]: unknown name 'x'\n  \tb = max(x, 2);\n  \t        ^\n");
        Diagnostic wide = Diagnostic.warning("F020", "wide", FORMULA.span(12, 20));
        assertThat(DiagnosticFormatter.format(FORMULA, wide))
                .isEqualTo("pool.formula:2:6: warning[F020]: wide\n  \tb = max(x, 2);\n  \t    ^~~~~~~~\n");
    }

    @Test
    void aSpecDiagnosticHasNoCodeAndCountsCodePointsToItsCaret() {
        Source spec = SPEC;
        Diagnostic d = Diagnostic.error(spec.at(spec.charIndex(12)), "unknown key");
        assertThat(DiagnosticFormatter.formatAll(List.of(d), Map.of(spec.name(), spec)))
                .isEqualTo("batchform.yaml:2:6: error: unknown key\n    \uD83D\uDE00: {vmSize: x}\n       ^\n");
    }

    @Test
    void noSnippetForAWholeFileAnEmptyLineOrAnUnreadSource() {
        Diagnostic whole = Diagnostic.error(SourceSpan.whole("--var size"), "not declared");
        Diagnostic empty = Diagnostic.error(SPEC.at(SPEC.text().length() - 1), "end of stream");
        Diagnostic unread = Diagnostic.error(SourceSpan.at("other.yaml", 3, 4), "elsewhere");
        assertThat(DiagnosticFormatter.formatAll(List.of(whole, empty, unread), Map.of(SPEC.name(), SPEC)))
                .isEqualTo("--var size: error: not declared\nbatchform.yaml:3:1: error: end of stream\n"
                        + "other.yaml:3:4: error: elsewhere\n");
    }

    @Test
    void aDiagnosticAboutAResourcePrintsAsTheCloudWordsIt() {
        Diagnostic d = Diagnostic.error(new Resource("pool.render"), "PropertyCannotBeUpdated", "no");
        assertThat(d).hasToString("pool.render: PropertyCannotBeUpdated: no");
        assertThat(DiagnosticFormatter.format(d, name -> null)).isEqualTo("pool.render: PropertyCannotBeUpdated: no\n");
        assertThat(Diagnostic.warning(null, "Code", "text")).hasToString("Code: text");
        assertThat(d.address()).isEqualTo(new Resource("pool.render"));
        assertThat(d.isError()).isTrue();
    }

    @Test
    void diagnosticsSortBySourceLineAndColumnThenErrorsFirst() {
        Diagnostic late = Diagnostic.error(SourceSpan.at("a.yaml", 2, 1), "late");
        Diagnostic warning = Diagnostic.warning(SourceSpan.at("a.yaml", 1, 5), "w");
        Diagnostic error = Diagnostic.error(SourceSpan.at("a.yaml", 1, 5), "e");
        Diagnostic resource = Diagnostic.error(new Resource("pool.x"), "C", "m");
        Diagnostic other = Diagnostic.error(SourceSpan.whole("--var x"), "v");
        assertThat(List.of(resource, late, warning, error, other).stream().sorted(Diagnostic.ORDER).toList())
                .containsExactly(other, error, warning, late, resource);
    }
}
