package io.batchform.autoscale.syntax;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery with our own messages: {@code mismatched input ';'. Expecting: <expression>}, with token classes
 * collapsed into friendly names and listed in a fixed order, so messages are stable and readable.
 */
final class FriendlyErrorStrategy extends DefaultErrorStrategy {
    private static final Set<Integer> EXPRESSION_START = Set.of(AutoscaleLexer.NUMBER, AutoscaleLexer.STRING,
            AutoscaleLexer.VARIABLE, AutoscaleLexer.IDENTIFIER, AutoscaleLexer.LPAREN, AutoscaleLexer.MINUS,
            AutoscaleLexer.NOT);
    private static final Set<Integer> OPERATORS = Set.of(AutoscaleLexer.STAR, AutoscaleLexer.SLASH,
            AutoscaleLexer.PLUS, AutoscaleLexer.MINUS, AutoscaleLexer.LT, AutoscaleLexer.LE, AutoscaleLexer.GT,
            AutoscaleLexer.GE, AutoscaleLexer.EQ, AutoscaleLexer.NE, AutoscaleLexer.AND, AutoscaleLexer.OR,
            AutoscaleLexer.QUESTION, AutoscaleLexer.DOT);

    @Override
    protected void reportNoViableAlternative(Parser recognizer, NoViableAltException e) {
        report(recognizer, e.getOffendingToken(), e.getExpectedTokens(), e);
    }

    @Override
    protected void reportInputMismatch(Parser recognizer, InputMismatchException e) {
        report(recognizer, e.getOffendingToken(), e.getExpectedTokens(), e);
    }

    @Override
    protected void reportFailedPredicate(Parser recognizer, FailedPredicateException e) {
        report(recognizer, e.getOffendingToken(), recognizer.getExpectedTokens(), e);
    }

    @Override
    protected void reportUnwantedToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token token = recognizer.getCurrentToken();
        recognizer.notifyErrorListeners(token,
                "unexpected " + describe(token) + ". Expecting: " + expected(getExpectedTokens(recognizer)), null);
    }

    @Override
    protected void reportMissingToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        Token token = recognizer.getCurrentToken();
        recognizer.notifyErrorListeners(token,
                "missing " + expected(getExpectedTokens(recognizer)) + " before " + describe(token), null);
    }

    private void report(Parser recognizer, Token offending, IntervalSet expected, RecognitionException e) {
        String message;
        if (startsAssignment(recognizer, offending)) {
            message = "missing ';' before " + describe(offending) + ": statements are separated by ';'";
        } else {
            message = "mismatched input " + describe(offending) + ". Expecting: " + expected(expected);
        }
        recognizer.notifyErrorListeners(offending, message, e);
    }

    /** Whether the offending token is a name followed by '=': the previous statement then lacks its ';'. */
    private static boolean startsAssignment(Parser recognizer, Token offending) {
        if (offending.getType() != AutoscaleLexer.VARIABLE && offending.getType() != AutoscaleLexer.IDENTIFIER
                || offending.getTokenIndex() < 1) {
            return false;
        }
        int next = offending.getTokenIndex() + 1;
        return next < recognizer.getInputStream().size()
                && recognizer.getInputStream().get(next).getType() == AutoscaleLexer.ASSIGN;
    }

    static String describe(Token token) {
        if (token.getType() == Token.EOF) {
            return FormulaParser.END_OF_STATEMENT.equals(token.getText()) ? "';'" : "<end of formula>";
        }
        return "'" + token.getText() + "'";
    }

    static String expected(IntervalSet set) {
        Set<String> names = new LinkedHashSet<>();
        List<Integer> types = new ArrayList<>(set.toList());
        boolean expression = types.contains(AutoscaleLexer.NUMBER);
        boolean operator = types.stream().anyMatch(OPERATORS::contains) && !expression;
        if (expression) {
            names.add("<expression>");
        }
        for (int type : types) {
            if (expression && EXPRESSION_START.contains(type) || operator && OPERATORS.contains(type)
                    || type == Token.EOF) {
                continue;
            }
            if (type == AutoscaleLexer.VARIABLE || type == AutoscaleLexer.IDENTIFIER) {
                names.add("<name>");
            } else {
                String literal = AutoscaleLexer.VOCABULARY.getLiteralName(type);
                names.add(literal != null ? literal : "<" + AutoscaleLexer.VOCABULARY.getSymbolicName(type).toLowerCase() + ">");
            }
        }
        if (operator) {
            names.add("<operator>");
        }
        if (types.contains(Token.EOF)) {
            names.add("';'");
        }
        return String.join(", ", names);
    }
}
