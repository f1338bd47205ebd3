// The stepwise schema DSL (see docs in DESIGN.md, "The DSL").
// Keywords are case-insensitive and may also be used as identifiers wherever that is not
// ambiguous. Where it is, two rules decide, and the canonical printer avoids both forms:
// - an unnamed `check (..)` or a `comment '..'` right after a column belongs to the column
//   (the attribute loop is greedy): name the check, or put it before the columns;
// - `unique index` always starts a unique index, even right after a column.
// compiler/frontend/direct_parser.cpp parses well-formed files by hand with the same decisions
// and leaves the rest to this grammar; change both together (tests/scale/direct_parser_test.cpp).
grammar Schema;

file : decl* EOF ;

decl : namespaceDecl | enumDecl | tableDecl ;

namespaceDecl : NAMESPACE ident ;

enumDecl : ENUM ident '{' (STRING (',' STRING)* ','?)? '}' ;

tableDecl : TABLE ident (RENAMED FROM renamedFrom=ident)? '{' tableMember* '}' ;

// Constraint members come first: on a tie the lowest alternative wins.
tableMember
    : primaryKeyMember
    | uniqueMember
    | indexMember
    | checkMember
    | foreignKeyMember
    | tableComment
    | column
    ;

primaryKeyMember : PRIMARY KEY ident? columnList ;
uniqueMember : UNIQUE ident? columnList ;
indexMember
    : UNIQUE? INDEX ident? '(' indexPart (',' indexPart)* ')' (USING method=ident)? (WHERE rawExpr)? ;
indexPart : (rawExpr | ident) (ASC | DESC)? ;
checkMember : CHECK ident? rawExpr ;
foreignKeyMember : FOREIGN KEY ident? columnList referencesClause ;
tableComment : COMMENT STRING ;

referencesClause : REFERENCES ident columnList? fkAction* ;
fkAction : ON (DELETE | UPDATE) action ;
action : CASCADE | RESTRICT | SET NULL_ | SET DEFAULT | NO ACTION ;

columnList : '(' ident (',' ident)* ')' ;

column : ident typeRef columnAttr* ;

typeRef
    : SQL '(' STRING ')'                                 # sqlType
    | ident ('(' NUMBER (',' NUMBER)? ')')?              # namedType
    ;

columnAttr
    : NOT NULL_               # notNullAttr
    | NULL_                   # nullAttr
    | PRIMARY KEY            # primaryKeyAttr
    | {_input->LA(2) != INDEX}? UNIQUE # uniqueAttr
    | IDENTITY               # identityAttr
    | DEFAULT expr           # defaultAttr
    | CHECK rawExpr          # checkAttr
    | referencesClause       # referencesAttr
    | COLLATE STRING         # collateAttr
    | COMMENT STRING         # commentAttr
    | RENAMED FROM ident     # renamedAttr
    | BACKFILL rawExpr       # backfillAttr
    | USING rawExpr          # usingAttr
    | DOWN USING rawExpr     # downUsingAttr
    ;

expr : literal | call | rawExpr ;

literal : MINUS? NUMBER | STRING | TRUE | FALSE | NULL_ ;

call : ident '(' (callArg (',' callArg)*)? ')' ;
callArg : literal | call | rawExpr | ident ;

// SQL kept as text: any tokens with balanced parentheses.
rawExpr : '(' rawItem* ')' ;
rawItem : rawExpr | ~('(' | ')') ;

ident : ID | QUOTED_ID | keyword ;

keyword
    : NAMESPACE | ENUM | TABLE | RENAMED | FROM | NOT | NULL_ | PRIMARY | KEY | UNIQUE
    | IDENTITY | DEFAULT | CHECK | REFERENCES | ON | DELETE | UPDATE | COLLATE | COMMENT
    | BACKFILL | USING | DOWN | INDEX | ASC | DESC | WHERE | FOREIGN | CASCADE | RESTRICT
    | SET | NO | ACTION | TRUE | FALSE | SQL
    ;

// compiler/frontend/dsl_lexer.cpp gives the parser these same tokens by hand (the generated
// lexer was a third of parsing time); change both together (tests/scale/dsl_lexer_test.cpp).
LPAREN : '(' ;
RPAREN : ')' ;
LBRACE : '{' ;
RBRACE : '}' ;
COMMA : ',' ;
MINUS : '-' ;

NAMESPACE : N A M E S P A C E ;
ENUM : E N U M ;
TABLE : T A B L E ;
RENAMED : R E N A M E D ;
FROM : F R O M ;
NOT : N O T ;
NULL_ : N U L L ;
PRIMARY : P R I M A R Y ;
KEY : K E Y ;
UNIQUE : U N I Q U E ;
IDENTITY : I D E N T I T Y ;
DEFAULT : D E F A U L T ;
CHECK : C H E C K ;
REFERENCES : R E F E R E N C E S ;
ON : O N ;
DELETE : D E L E T E ;
UPDATE : U P D A T E ;
COLLATE : C O L L A T E ;
COMMENT : C O M M E N T ;
BACKFILL : B A C K F I L L ;
USING : U S I N G ;
DOWN : D O W N ;
INDEX : I N D E X ;
ASC : A S C ;
DESC : D E S C ;
WHERE : W H E R E ;
FOREIGN : F O R E I G N ;
CASCADE : C A S C A D E ;
RESTRICT : R E S T R I C T ;
SET : S E T ;
NO : N O ;
ACTION : A C T I O N ;
TRUE : T R U E ;
FALSE : F A L S E ;
SQL : S Q L ;

NUMBER : DIGIT+ ('.' DIGIT*)? EXPONENT? | '.' DIGIT+ EXPONENT? ;
STRING : '\'' (~'\'' | '\'\'')* '\'' ;
QUOTED_ID : '"' (~'"' | '""')* '"' ;
// MySQL's quoted name, met only inside raw SQL: one token, so a quote inside it (`it's`)
// does not start a string.
BACKQUOTED_ID : '`' (~'`' | '``')* '`' ;
ID : [A-Za-z_] [A-Za-z0-9_]* ;

LINE_COMMENT : ('//' | '--') ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS : [ \t\r\n\f]+ -> skip ;

// Reported by the loader with their start position; they can only match up to the end.
UNTERMINATED_STRING : '\'' (~'\'' | '\'\'')* EOF ;
UNTERMINATED_QUOTED_ID : '"' (~'"' | '""')* EOF ;
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF ;

// Anything else: operators inside raw SQL; a syntax error elsewhere.
OTHER : . ;

fragment DIGIT : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ;
fragment E : [eE] ; fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ;
fragment I : [iI] ; fragment J : [jJ] ; fragment K : [kK] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ;
fragment Q : [qQ] ; fragment R : [rR] ; fragment S : [sS] ; fragment T : [tT] ;
fragment U : [uU] ; fragment V : [vV] ; fragment W : [wW] ; fragment X : [xX] ;
fragment Y : [yY] ; fragment Z : [zZ] ;
