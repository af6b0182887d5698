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

    @Test
    void aLongLineIsShownAsAnExcerptAroundTheSpan() {
        String text = "x".repeat(1000) + "@@@" + "y".repeat(1000);
        Source long_ = new Source("long.formula", text);
        Diagnostic d = Diagnostic.error("F002", "unexpected character '@'", long_.span(1000, 1003));
        assertThat(DiagnosticFormatter.format(long_, d)).isEqualTo("long.formula:1:1001: error[F002]: unexpected "
                + "character '@'\n  ..." + "x".repeat(60) + "@@@" + "y".repeat(58) + "...\n  " + " ".repeat(63) + "^~~\n");
        Diagnostic atStart = Diagnostic.error("F002", "first", long_.span(0, 1));
        assertThat(DiagnosticFormatter.format(long_, atStart)).isEqualTo("long.formula:1:1: error[F002]: first\n  "
                + "x".repeat(61) + "...\n  ^\n");
    }

    @Test
    void aListShowsAtMostFiftyDiagnosticsOfASourceAndCountsTheRest() {
        Source many = new Source("many.yaml", "a\n".repeat(200));
        List<Diagnostic> diagnostics = new java.util.ArrayList<>();
        for (int line = 1; line <= 120; line++) {
            diagnostics.add(Diagnostic.error(SourceSpan.at("many.yaml", line, 1), "bad " + line));
        }
        diagnostics.add(Diagnostic.error(SourceSpan.at("other.yaml", 1, 1), "elsewhere"));
        String out = DiagnosticFormatter.formatAll(diagnostics, Map.of("many.yaml", many));
        assertThat(out).contains("many.yaml:50:1: error: bad 50\n", "other.yaml:1:1: error: elsewhere\n")
                .doesNotContain("bad 51\n").endsWith("many.yaml: 70 more problems not shown; fix the first ones, the "
                        + "rest often follow from them\n");
    }

    @Test
    void aDiagnosticAboutAResourceTheSpecDeclaresPrintsAtThatPlaceNamingTheAddressAndCode() {
        Source spec = new Source("batchform.yaml", "pools:\n  render:\n    protect: true\n");
        Diagnostic d = Diagnostic.error(new Resource("pool.render"), "Protected", "it is protected")
                .declaredAt(spec.span(21, 28));
        assertThat(d.location()).isEqualTo(new DeclaredAt(new Resource("pool.render"), spec.span(21, 28)));
        assertThat(d.address()).as("still the resource's address").isEqualTo(new Resource("pool.render"));
        assertThat(d.span()).isEqualTo(spec.span(21, 28));
        assertThat(d).hasToString("batchform.yaml:3:5: error: pool.render: Protected: it is protected");
        assertThat(DiagnosticFormatter.format(d, Map.of(spec.name(), spec))).isEqualTo(
                "batchform.yaml:3:5: error: pool.render: Protected: it is protected\n      protect: true\n      ^~~~~~~\n");
        assertThat(DiagnosticFormatter.format(d, name -> spec, label -> "<" + label + ">"))
                .as("only the severity word is styled")
                .startsWith("batchform.yaml:3:5: <error>: pool.render: Protected: it is protected\n");
        Diagnostic warning = Diagnostic.warning(new Resource("pool.render"), "Gone", "deleted").declaredAt(spec.span(9, 15));
        assertThat(DiagnosticFormatter.formatAll(List.of(warning), Map.of()))
                .as("without the text: the header alone").isEqualTo("batchform.yaml:2:3: warning: pool.render: Gone: deleted\n");
    }

    @Test
    void onlyADiagnosticAboutAResourceIsPlacedAndPlacedOnesSortByTheirPlace() {
        Diagnostic spanned = Diagnostic.error(SourceSpan.at("a.yaml", 1, 1), "spec's own");
        assertThat(spanned.declaredAt(SourceSpan.at("a.yaml", 2, 2))).isSameAs(spanned);
        Diagnostic none = Diagnostic.error(null, "Refused", "no");
        assertThat(none.declaredAt(SourceSpan.at("a.yaml", 2, 2))).isSameAs(none);
        Diagnostic placed = Diagnostic.error(new Resource("pool.x"), "C", "m").declaredAt(SourceSpan.at("a.yaml", 3, 1));
        Diagnostic early = Diagnostic.error(SourceSpan.at("a.yaml", 2, 1), "early");
        Diagnostic unplaced = Diagnostic.error(new Resource("pool.a"), "C", "m");
        assertThat(List.of(unplaced, placed, early).stream().sorted(Diagnostic.ORDER).toList())
                .containsExactly(early, placed, unplaced);
    }
}
