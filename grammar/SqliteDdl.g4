// The CREATE TABLE and CREATE INDEX statements SQLite stores in sqlite_master, read back for
// what its pragmas do not expose: constraint names, CHECK text, defaults as written, comments.
// Permissive on purpose: tables written by hand must parse too.
grammar SqliteDdl;

createTable
    : K_CREATE (K_TEMP | K_TEMPORARY)? K_TABLE (K_IF K_NOT K_EXISTS)? qualifiedName
      '(' tableElement (',' tableElement)* ')' tableOptions? ';'? EOF
    ;

tableOptions : tableOption (',' tableOption)* ;
tableOption  : K_WITHOUT name | K_STRICT ;

tableElement : tableConstraint | columnDef ;

columnDef : name typeName? columnConstraint* ;

typeName : typeWord+ ('(' signedNumber (',' signedNumber)? ')')? ;
typeWord : IDENTIFIER | QUOTED | BRACKETED | BACKTICKED | nonReserved ;

columnConstraint
    : (K_CONSTRAINT name)? columnConstraintBody
    ;

columnConstraintBody
    : K_PRIMARY K_KEY sortOrder? conflictClause? K_AUTOINCREMENT?   # colPrimaryKey
    | K_NOT K_NULL conflictClause?                                  # colNotNull
    | K_NULL conflictClause?                                        # colNull
    | K_UNIQUE conflictClause?                                      # colUnique
    | K_CHECK '(' expr ')'                                          # colCheck
    | K_DEFAULT defaultValue                                        # colDefault
    | K_COLLATE name                                                # colCollate
    | foreignKeyClause                                              # colReferences
    | (K_GENERATED K_ALWAYS)? K_AS '(' expr ')' (K_STORED | K_VIRTUAL)?   # colGenerated
    ;

defaultValue
    : signedNumber                  # defNumber
    | STRING                        # defString
    | K_NULL                        # defNull
    | (K_TRUE | K_FALSE)            # defBool
    | K_CURRENT_TIMESTAMP           # defCurrentTimestamp
    | (K_CURRENT_DATE | K_CURRENT_TIME) # defCurrentOther
    | '(' expr ')'                  # defExpr
    | name                          # defName
    ;

tableConstraint
    : (K_CONSTRAINT name)? tableConstraintBody
    ;

tableConstraintBody
    : K_PRIMARY K_KEY '(' keyColumn (',' keyColumn)* ')' conflictClause?   # tblPrimaryKey
    | K_UNIQUE '(' keyColumn (',' keyColumn)* ')' conflictClause?          # tblUnique
    | K_CHECK '(' expr ')'                                                 # tblCheck
    | K_FOREIGN K_KEY '(' name (',' name)* ')' foreignKeyClause            # tblForeignKey
    ;

keyColumn : name (K_COLLATE name)? sortOrder? ;

conflictClause : K_ON K_CONFLICT name ;

foreignKeyClause
    : K_REFERENCES name ('(' name (',' name)* ')')? (fkAction | K_MATCH name)* deferrable?
    ;

fkAction : K_ON (K_DELETE | K_UPDATE) fkActionKind ;

fkActionKind
    : K_SET K_NULL      # fkSetNull
    | K_SET K_DEFAULT   # fkSetDefault
    | K_CASCADE         # fkCascade
    | K_RESTRICT        # fkRestrict
    | K_NO K_ACTION     # fkNoAction
    ;

deferrable : K_NOT? K_DEFERRABLE (K_INITIALLY (K_DEFERRED | K_IMMEDIATE))? ;

createIndex
    : K_CREATE K_UNIQUE? K_INDEX (K_IF K_NOT K_EXISTS)? qualifiedName K_ON name
      '(' indexedColumn (',' indexedColumn)* ')' (K_WHERE whereExpr)? ';'? EOF
    ;

indexedColumn : indexTerm (K_COLLATE name)? sortOrder? ;
indexTerm : ('(' expr ')' | ~('(' | ')' | ',' | K_ASC | K_DESC | K_COLLATE))+ ;
whereExpr : (~(';'))+ ;

sortOrder : K_ASC | K_DESC ;

// Any balanced token sequence; its text is taken verbatim from the input.
expr : ('(' expr ')' | ~('(' | ')'))* ;

signedNumber : ('+' | '-')? NUMBER ;

qualifiedName : (name '.')? name ;

name : IDENTIFIER | QUOTED | BRACKETED | BACKTICKED | STRING | nonReserved ;

// Keywords SQLite also accepts as plain names.
nonReserved
    : K_KEY | K_ACTION | K_ASC | K_DESC | K_TEMP | K_TEMPORARY | K_IF | K_EXISTS
    | K_AUTOINCREMENT | K_CONFLICT | K_MATCH | K_NO | K_CASCADE | K_RESTRICT | K_DEFERRED
    | K_IMMEDIATE | K_INITIALLY | K_STORED | K_VIRTUAL | K_GENERATED | K_ALWAYS | K_WITHOUT
    | K_STRICT | K_TRUE | K_FALSE | K_INDEX | K_DELETE | K_UPDATE | K_SET | K_TABLE | K_WHERE
    ;

K_ACTION : A C T I O N ;
K_ALWAYS : A L W A Y S ;
K_AS : A S ;
K_ASC : A S C ;
K_AUTOINCREMENT : A U T O I N C R E M E N T ;
K_CASCADE : C A S C A D E ;
K_CHECK : C H E C K ;
K_COLLATE : C O L L A T E ;
K_CONFLICT : C O N F L I C T ;
K_CONSTRAINT : C O N S T R A I N T ;
K_CREATE : C R E A T E ;
K_CURRENT_DATE : C U R R E N T '_' D A T E ;
K_CURRENT_TIME : C U R R E N T '_' T I M E ;
K_CURRENT_TIMESTAMP : C U R R E N T '_' T I M E S T A M P ;
K_DEFAULT : D E F A U L T ;
K_DEFERRABLE : D E F E R R A B L E ;
K_DEFERRED : D E F E R R E D ;
K_DELETE : D E L E T E ;
K_DESC : D E S C ;
K_EXISTS : E X I S T S ;
K_FALSE : F A L S E ;
K_FOREIGN : F O R E I G N ;
K_GENERATED : G E N E R A T E D ;
K_IF : I F ;
K_IMMEDIATE : I M M E D I A T E ;
K_INDEX : I N D E X ;
K_INITIALLY : I N I T I A L L Y ;
K_KEY : K E Y ;
K_MATCH : M A T C H ;
K_NO : N O ;
K_NOT : N O T ;
K_NULL : N U L L ;
K_ON : O N ;
K_PRIMARY : P R I M A R Y ;
K_REFERENCES : R E F E R E N C E S ;
K_RESTRICT : R E S T R I C T ;
K_SET : S E T ;
K_STORED : S T O R E D ;
K_STRICT : S T R I C T ;
K_TABLE : T A B L E ;
K_TEMP : T E M P ;
K_TEMPORARY : T E M P O R A R Y ;
K_TRUE : T R U E ;
K_UNIQUE : U N I Q U E ;
K_UPDATE : U P D A T E ;
K_VIRTUAL : V I R T U A L ;
K_WHERE : W H E R E ;
K_WITHOUT : W I T H O U T ;

NUMBER
    : DIGIT+ ('.' DIGIT*)? ([eE] [+-]? DIGIT+)?
    | '.' DIGIT+ ([eE] [+-]? DIGIT+)?
    | '0' [xX] [0-9a-fA-F]+
    ;
IDENTIFIER : [A-Za-z_\u0080-\uFFFF] [A-Za-z_0-9$\u0080-\uFFFF]* ;
QUOTED     : '"' (~'"' | '""')* '"' ;
BRACKETED  : '[' ~']'* ']' ;
BACKTICKED : '`' (~'`' | '``')* '`' ;
STRING     : '\'' (~'\'' | '\'\'')* '\'' ;
BLOB       : [xX] STRING ;

LINE_COMMENT  : '--' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? ('*/' | EOF) -> channel(HIDDEN) ;
WS : [ \t\r\n\f]+ -> channel(HIDDEN) ;

OP : '||' | '<<' | '>>' | '<=' | '>=' | '==' | '!=' | '<>' | [-+*/%&|~<>=.;,()!?:@$#^{}] ;

fragment DIGIT : [0-9] ;
fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ;
fragment E : [eE] ; fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ;
fragment I : [iI] ; fragment J : [jJ] ; fragment K : [kK] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ;
fragment Q : [qQ] ; fragment R : [rR] ; fragment S : [sS] ; fragment T : [tT] ;
fragment U : [uU] ; fragment V : [vV] ; fragment W : [wW] ; fragment X : [xX] ;
fragment Y : [yY] ; fragment Z : [zZ] ;
