package io.batchform.autoscale.syntax;

import io.batchform.autoscale.ast.Formula;
import io.batchform.autoscale.ast.Statement;
import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import io.batchform.source.SourceSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses formula text into an AST, reporting every syntax problem it can find in one run. Lexical problems
 * (characters the language does not have, unterminated strings) and parentheses nested beyond {@link #MAX_NESTING}
 * are reported first and stop the parse. Then each statement (the text between two {@code ;}) is parsed on its own,
 * so every broken statement gets its own diagnostic and none cascades into the next.
 */
public final class FormulaParser {
    /** Deeper nesting than this is refused before parsing, so no input can exhaust the stack. */
    public static final int MAX_NESTING = 100;
    /** More operators than this in one statement are refused too: each one is a level of the tree. */
    public static final int MAX_OPERATORS = 256;
    /** Texts larger than this are not parsed at all (the service's own limit is 8 KB). */
    public static final int MAX_PARSED_CHARACTERS = 1 << 20;
    /** The text of the end-of-statement token made at a ';'. */
    static final String END_OF_STATEMENT = ";";

    private FormulaParser() {
    }

    public static ParseResult parse(Source source) {
        String text = source.text();
        List<Diagnostic> diagnostics = new ArrayList<>();
        if (text.length() > MAX_PARSED_CHARACTERS) {
            diagnostics.add(Diagnostic.error(SyntaxCodes.TOO_LARGE, "formula is " + text.length()
                    + " characters long; it is not parsed (the service accepts at most 8 KB)", source.span(0, 0)));
            return new ParseResult(source, Optional.empty(), diagnostics);
        }
        AutoscaleLexer lexer = new AutoscaleLexer(CharStreams.fromString(text, source.name()));
        lexer.removeErrorListeners();
        CommonTokenStream stream = new CommonTokenStream(lexer);
        stream.fill();
        List<Token> tokens = stream.getTokens().stream().filter(t -> t.getChannel() == Token.DEFAULT_CHANNEL).toList();
        if (!lexicallyValid(source, tokens, diagnostics)) {
            return new ParseResult(source, Optional.empty(), diagnostics);
        }

        List<Statement> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token token : tokens) {
            if (token.getType() == AutoscaleLexer.SEMI || token.getType() == Token.EOF) {
                boolean last = token.getType() == Token.EOF;
                if (current.isEmpty()) {
                    if (!last || statements.isEmpty() && diagnostics.isEmpty()) {
                        diagnostics.add(Diagnostic.error(SyntaxCodes.SYNTAX, last ? "the formula has no statements"
                                : "empty statement: remove the extra ';'", spanOf(source, token)));
                    }
                } else {
                    parseStatement(source, current, token, diagnostics).ifPresent(statements::add);
                }
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        if (!diagnostics.isEmpty()) {
            return new ParseResult(source, Optional.empty(), diagnostics);
        }
        return new ParseResult(source, Optional.of(new Formula(statements, source.span(0, text.length()))),
                diagnostics);
    }

    private static Optional<Statement> parseStatement(Source source, List<Token> tokens, Token end,
                                                      List<Diagnostic> diagnostics) {
        List<Token> input = new ArrayList<>(tokens);
        CommonToken eof = new CommonToken(Token.EOF, end.getType() == Token.EOF ? "<EOF>" : END_OF_STATEMENT);
        eof.setStartIndex(end.getStartIndex());
        eof.setStopIndex(end.getType() == Token.EOF ? end.getStartIndex() - 1 : end.getStopIndex());
        eof.setLine(end.getLine());
        eof.setCharPositionInLine(end.getCharPositionInLine());
        input.add(eof);
        CommonTokenStream stream = new CommonTokenStream(new ListTokenSource(input));
        AutoscaleParser parser = new AutoscaleParser(stream);
        parser.removeErrorListeners();
        try {
            AutoscaleParser.SingleStatementContext tree;
            // Two-stage parsing: the fast SLL mode, then full LL with error reporting only if SLL failed.
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            parser.setErrorHandler(new BailErrorStrategy());
            try {
                tree = parser.singleStatement();
            } catch (ParseCancellationException sllFailed) {
                stream.seek(0);
                parser.reset();
                SyntaxErrorCollector collector = new SyntaxErrorCollector(source);
                parser.addErrorListener(collector);
                parser.setErrorHandler(new FriendlyErrorStrategy());
                parser.getInterpreter().setPredictionMode(PredictionMode.LL);
                tree = parser.singleStatement();
                if (!collector.diagnostics().isEmpty()) {
                    diagnostics.addAll(collector.diagnostics());
                    return Optional.empty();
                }
            }
            return Optional.of(new AstBuilder(source).build(tree.statement()));
        } catch (StackOverflowError tooDeep) {
            diagnostics.add(Diagnostic.error(SyntaxCodes.TOO_DEEP, "statement is nested too deeply to compile",
                    spanOf(source, tokens.get(0))));
            return Optional.empty();
        }
    }

    /** Reports tokens the language does not have and excessive nesting; returns whether parsing may go on. */
    private static boolean lexicallyValid(Source source, List<Token> tokens, List<Diagnostic> diagnostics) {
        int depth = 0;
        int operators = 0;
        boolean nestingReported = false;
        boolean operatorsReported = false;
        Token run = null;
        int runLength = 0;
        for (Token token : tokens) {
            SourceSpan span = spanOf(source, token);
            if (token.getType() == AutoscaleLexer.UNEXPECTED_CHARACTER && run != null
                    && run.getText().equals(token.getText()) && token.getStartIndex() == run.getStartIndex() + runLength) {
                // A run of the same stray character is one mistake, reported once over its whole extent.
                runLength += token.getText().length();
                int count = runLength / run.getText().length();
                diagnostics.set(diagnostics.size() - 1, Diagnostic.error(SyntaxCodes.UNEXPECTED_CHARACTER,
                        unexpectedCharacter(run.getText()) + " (" + count + " in a row)",
                        spanOf(source, run).to(span)));
                continue;
            }
            run = token.getType() == AutoscaleLexer.UNEXPECTED_CHARACTER ? token : null;
            runLength = run == null ? 0 : token.getText().length();
            if (isOperator(token.getType()) && ++operators > MAX_OPERATORS && !operatorsReported) {
                operatorsReported = true;
                diagnostics.add(Diagnostic.error(SyntaxCodes.TOO_DEEP,
                        "statement has more than " + MAX_OPERATORS + " operators; split it into several", span));
            }
            switch (token.getType()) {
                case AutoscaleLexer.UNEXPECTED_CHARACTER -> diagnostics.add(Diagnostic.error(
                        SyntaxCodes.UNEXPECTED_CHARACTER, unexpectedCharacter(token.getText()), span));
                case AutoscaleLexer.BLOCK_COMMENT_START -> diagnostics.add(Diagnostic.error(
                        SyntaxCodes.UNEXPECTED_CHARACTER,
                        "unexpected '/*': the language has no block comments; use // to the end of the line", span));
                case AutoscaleLexer.UNTERMINATED_STRING -> diagnostics.add(Diagnostic.error(
                        SyntaxCodes.UNTERMINATED_STRING,
                        "string is not closed: a '\"' is missing before the end of the line", span));
                case AutoscaleLexer.LPAREN -> {
                    depth++;
                    if (depth > MAX_NESTING && !nestingReported) {
                        nestingReported = true;
                        diagnostics.add(Diagnostic.error(SyntaxCodes.TOO_DEEP,
                                "parentheses are nested more than " + MAX_NESTING + " deep", span));
                    }
                }
                case AutoscaleLexer.RPAREN -> depth = Math.max(0, depth - 1);
                case AutoscaleLexer.SEMI -> {
                    depth = 0;
                    operators = 0;
                    operatorsReported = false;
                }
                default -> {
                }
            }
        }
        return diagnostics.isEmpty();
    }

    private static boolean isOperator(int type) {
        return switch (type) {
            case AutoscaleLexer.PLUS, AutoscaleLexer.MINUS, AutoscaleLexer.STAR, AutoscaleLexer.SLASH,
                    AutoscaleLexer.LT, AutoscaleLexer.LE, AutoscaleLexer.GT, AutoscaleLexer.GE, AutoscaleLexer.EQ,
                    AutoscaleLexer.NE, AutoscaleLexer.AND, AutoscaleLexer.OR, AutoscaleLexer.NOT,
                    AutoscaleLexer.QUESTION, AutoscaleLexer.DOT, AutoscaleLexer.COMMA -> true;
            default -> false;
        };
    }

    private static String unexpectedCharacter(String text) {
        String shown = "'" + text + "'";
        return switch (text) {
            case "%" -> "unexpected character " + shown + ": the language has no modulo operator";
            case "{", "}" -> "unexpected character " + shown + ": the language has no blocks or placeholders";
            case "'" -> "unexpected character " + shown + ": strings are written in double quotes";
            case "[", "]" -> "unexpected character " + shown + ": vectors cannot be written literally";
            default -> "unexpected character " + shown;
        };
    }

    static SourceSpan spanOf(Source source, Token token) {
        int length = source.text().length();
        int start = Math.min(Math.max(token.getStartIndex(), 0), length);
        int end = token.getType() == Token.EOF && !END_OF_STATEMENT.equals(token.getText())
                ? start : Math.max(start, token.getStopIndex() + 1);
        return source.span(start, Math.min(end, length));
    }
}
