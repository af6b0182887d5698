package io.batchform.autoscale.syntax;

/** Diagnostic codes of the syntax phase (documented in autoscale/DIAGNOSTICS.md). */
final class SyntaxCodes {
    static final String SYNTAX = "F001";
    static final String UNEXPECTED_CHARACTER = "F002";
    static final String UNTERMINATED_STRING = "F003";
    static final String TOO_DEEP = "F004";
    static final String TOO_LARGE = "F005";

    private SyntaxCodes() {
    }
}
