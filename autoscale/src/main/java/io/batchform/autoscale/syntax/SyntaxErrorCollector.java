package io.batchform.autoscale.syntax;

import io.batchform.source.Diagnostic;
import io.batchform.source.Source;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/** Turns the parser's error reports into diagnostics, one per position. */
final class SyntaxErrorCollector extends BaseErrorListener {
    private final Source source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<Integer> reportedOffsets = new HashSet<>();

    SyntaxErrorCollector(Source source) {
        this.source = source;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String message, RecognitionException e) {
        Token token = (Token) offendingSymbol;
        if (reportedOffsets.add(token.getStartIndex())) {
            diagnostics.add(Diagnostic.error(SyntaxCodes.SYNTAX, message, FormulaParser.spanOf(source, token)));
        }
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
