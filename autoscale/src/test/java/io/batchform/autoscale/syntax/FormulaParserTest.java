package io.batchform.autoscale.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchform.autoscale.ast.AstPrinter;
import io.batchform.autoscale.ast.Formula;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormulaParserTest {
    private static Formula parse(String text) {
        ParseResult result = FormulaParser.parse(new Source("test.formula", text));
        assertThat(result.diagnostics()).as("diagnostics of %s", text).isEmpty();
        return result.formula().orElseThrow();
    }

    private static List<Diagnostic> errors(String text) {
        ParseResult result = FormulaParser.parse(new Source("test.formula", text));
        assertThat(result.formula()).as("tree of invalid %s", text).isEmpty();
        return result.diagnostics();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            a = 1 + 2 * 3 => a = (1 + (2 * 3))
            a = (1 + 2) * 3 => a = ((1 + 2) * 3)
            a = 1 - 2 - 3 => a = ((1 - 2) - 3)
            a = 8 / 4 / 2 => a = ((8 / 4) / 2)
            a = -1 * 2 => a = ((-1) * 2)
            a = -x.GetSample(1) => a = (-x.GetSample(1))
            a = !b && c || d => a = (((!b) && c) || d)
            a = b || c && d => a = (b || (c && d))
            a = 1 < 2 == 3 > 4 => a = ((1 < 2) == (3 > 4))
            a = 1 + 2 < 3 * 4 => a = ((1 + 2) < (3 * 4))
            a = b ? 1 : c ? 2 : 3 => a = (b ? 1 : (c ? 2 : 3))
            a = b ? c ? 1 : 2 : 3 => a = (b ? (c ? 1 : 2) : 3)
            a = x > 0 && y > 0 ? 1 : 0 => a = (((x > 0) && (y > 0)) ? 1 : 0)
            $TargetDedicatedNodes = max(0, 1) => $TargetDedicatedNodes = max(0, 1)
            a = time().weekday => a = time().weekday
            a = time("Mon, 06 Oct 2014 10:20:00 GMT").hour => a = time("Mon, 06 Oct 2014 10:20:00 GMT").hour
            a = $PendingTasks.GetSample(TimeInterval_Minute * 10, 80) => a = $PendingTasks.GetSample((TimeInterval_Minute * 10), 80)
            a = 600.0 => a = 600.0
            stop() => stop()
            a = rand() => a = rand()
            """)
    void buildsTreesWithCLikePrecedence(String text, String printed) {
        assertThat(AstPrinter.print(parse(text))).isEqualTo(printed);
    }

    @Test
    void separatesStatementsBySemicolonsWithTheLastOneOptional() {
        assertThat(parse("a = 1; b = 2").statements()).hasSize(2);
        assertThat(parse("a = 1;\nb = 2;\n").statements()).hasSize(2);
        assertThat(parse("// leading comment\na = 1; // trailing comment\n\t b = a // end").statements()).hasSize(2);
    }

    @Test
    void printedTreesParseBackToTheSameTree() throws Exception {
        for (String name : List.of("028-shipyard-active-tasks-config-template", "031-shipyard-active-tasks-bias-lowpri-rebalance",
                "032-shipyard-workday", "036-shipyard-2017-pending-tasks-insufficient-data")) {
            String text = new String(getClass().getResourceAsStream("/formulas/" + name + ".formula").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            String printed = AstPrinter.print(parse(text));
            assertThat(AstPrinter.print(parse(printed))).as(name).isEqualTo(printed);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a = (1 + ;                      | 1:10  | mismatched input ';'. Expecting: <expression>
            a = 1 +                         | 1:8   | mismatched input <end of formula>. Expecting: <expression>
            a = 1 2                         | 1:7   | unexpected '2'. Expecting: ';'
            a = max(1,                      | 1:11  | mismatched input <end of formula>. Expecting: <expression>
            a = 1;; b = 2                   | 1:7   | empty statement: remove the extra ';'
            a = 1 b = 2                     | 1:7   | missing ';' before 'b': statements are separated by ';'
            a = (1 + 2                      | 1:11  | missing ')' before <end of formula>
            a = 5 % 2                       | 1:7   | unexpected character '%': the language has no modulo operator
            a = {x}                         | 1:5   | unexpected character '{': the language has no blocks or placeholders
            a = 'x'                         | 1:5   | unexpected character ''': strings are written in double quotes
            a = "abc                        | 1:5   | string is not closed: a '"' is missing before the end of the line
            /* block */ a = 1               | 1:1   | unexpected '/*': the language has no block comments; use // to the end of the line
            ``                              | 1:1   | the formula has no statements
            // only a comment               | 1:18  | the formula has no statements
            """)
    void reportsSyntaxErrorsWithPositions(String text, String position, String message) {
        List<Diagnostic> diagnostics = errors(text);
        assertThat(diagnostics).isNotEmpty();
        Diagnostic first = diagnostics.get(0);
        assertThat(first.span().line() + ":" + first.span().column()).isEqualTo(position);
        assertThat(first.message()).isEqualTo(message);
    }

    @Test
    void reportsOneErrorPerBrokenStatementWithExactMultiLinePositions() {
        List<Diagnostic> diagnostics = errors("""
                a = 1;
                b = (1 + 2;
                c = 3 +;
                d = 4;
                  e = * 2;
                """);
        assertThat(diagnostics.stream().map(d -> d.span().line() + ":" + d.span().column() + " " + d.code())
                .collect(Collectors.toList()))
                .containsExactly("2:11 F001", "3:8 F001", "5:7 F001");
    }

    @Test
    void aRunOfTheSameStrayCharacterIsOneErrorOverTheRun() {
        List<Diagnostic> diagnostics = errors("a = " + "@".repeat(5000) + " + %% + @");
        assertThat(diagnostics).extracting(d -> d.span() + " " + d.message()).containsExactly(
                "test.formula:1:5 unexpected character '@' (5000 in a row)",
                "test.formula:1:5008 unexpected character '%': the language has no modulo operator (2 in a row)",
                "test.formula:1:5013 unexpected character '@'");
        assertThat(diagnostics.get(0).span().length()).isEqualTo(5000);
    }

    @Test
    void refusesDeepNestingWithADiagnosticInsteadOfOverflowingTheStack() {
        String deep = "a = " + "(".repeat(5000) + "1" + ")".repeat(5000);
        assertThat(errors(deep)).extracting(Diagnostic::code).containsExactly("F004");
        assertThat(errors("a = " + "-".repeat(20000) + "1")).extracting(Diagnostic::code).containsExactly("F004");
        assertThat(errors("a = " + "1 + ".repeat(300) + "1")).extracting(Diagnostic::message)
                .containsExactly("statement has more than 256 operators; split it into several");
        assertThat(parse("a = " + "1 + ".repeat(200) + "1; b = " + "1 + ".repeat(200) + "1").statements()).hasSize(2);
    }

    @Test
    void spansOfNodesPointAtTheirText() {
        Formula formula = parse("x = 1;\n$TargetDedicatedNodes = max(0, $PendingTasks.GetSample(1))");
        var assignment = (io.batchform.autoscale.ast.Statement.Assignment) formula.statements().get(1);
        assertThat(assignment.target().span().line()).isEqualTo(2);
        assertThat(assignment.target().span().column()).isEqualTo(1);
        var call = (io.batchform.autoscale.ast.Expr.Call) assignment.value();
        assertThat(call.openParen().column()).isEqualTo(28);
        var method = (io.batchform.autoscale.ast.Expr.MethodCall) call.arguments().get(1);
        assertThat(method.openParen().column()).isEqualTo(55);
        assertThat(method.nameSpan().column()).isEqualTo(46);
    }
}
