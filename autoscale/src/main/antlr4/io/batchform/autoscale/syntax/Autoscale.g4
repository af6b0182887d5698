/*
 * The Azure Batch autoscale formula language. The documentation gives no BNF; this grammar accepts every construct
 * seen in the documentation and in real formulas (docs/autoscale-language.md, section 3). Precedence is
 * C-like and given by the order of the alternatives of `expression`, tightest first.
 */
grammar Autoscale;

// A formula is statements separated by ';' (the last one optional). Since ';' never occurs inside a statement, the
// parser front end splits the token stream at each ';' and parses every statement on its own with this rule, so a
// mistake in one statement never hides the mistakes in the next.
singleStatement
    : statement EOF
    ;

statement
    : target=(VARIABLE | IDENTIFIER) ASSIGN value=expression    #assignment
    | expression                                                #expressionStatement
    ;

expression
    : primary                                                                       #primaryExpression
    | target=expression DOT name=IDENTIFIER LPAREN arguments? RPAREN                #methodCall
    | target=expression DOT name=IDENTIFIER                                         #memberAccess
    | operator=(MINUS | NOT) operand=expression                                     #unary
    | left=expression operator=(STAR | SLASH) right=expression                      #binary
    | left=expression operator=(PLUS | MINUS) right=expression                      #binary
    | left=expression operator=(LT | LE | GT | GE) right=expression                 #binary
    | left=expression operator=(EQ | NE) right=expression                           #binary
    | left=expression operator=AND right=expression                                 #binary
    | left=expression operator=OR right=expression                                  #binary
    | <assoc=right> condition=expression QUESTION whenTrue=expression COLON whenFalse=expression   #ternary
    ;

primary
    : NUMBER                                        #number
    | STRING                                        #string
    | name=IDENTIFIER LPAREN arguments? RPAREN      #call
    | name=(VARIABLE | IDENTIFIER)                  #name
    | LPAREN expression RPAREN                      #parenthesized
    ;

arguments
    : expression (COMMA expression)*
    ;

SEMI: ';';
COMMA: ',';
DOT: '.';
LPAREN: '(';
RPAREN: ')';
QUESTION: '?';
COLON: ':';
EQ: '==';
NE: '!=';
LE: '<=';
GE: '>=';
LT: '<';
GT: '>';
AND: '&&';
OR: '||';
NOT: '!';
ASSIGN: '=';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';

NUMBER: DIGIT+ ('.' DIGIT+)?;
STRING: '"' ~["\r\n]* '"';
VARIABLE: '$' LETTER (LETTER | DIGIT)*;
IDENTIFIER: LETTER (LETTER | DIGIT)*;

LINE_COMMENT: '//' ~[\r\n]* -> channel(HIDDEN);
WHITESPACE: [ \t\r\n\f]+ -> channel(HIDDEN);

// Tokens the language does not have. They reach the parser's token source so that the lexer never throws; the
// parser front end reports them with their own messages.
BLOCK_COMMENT_START: '/*';
UNTERMINATED_STRING: '"' ~["\r\n]*;
UNEXPECTED_CHARACTER: .;

fragment DIGIT: [0-9];
fragment LETTER: [A-Za-z_];
