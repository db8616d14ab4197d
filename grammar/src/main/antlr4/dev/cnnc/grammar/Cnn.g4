// The .cnn language: networks in the notation of the CNN textbooks.
// Layer names (CONV, POOL, ...) are ordinary identifiers here: the resolver decides what a name means,
// so that a misspelled layer gets the same "did you mean" treatment as a misspelled block.
grammar Cnn;

file : statement* EOF ;

statement
  : importStmt
  | letStmt
  | networkDecl
  | outputStmt
  | trainBlock
  | chain
  ;

importStmt : IMPORT (STRING | qualifiedName) ;
qualifiedName : IDENT ('.' IDENT)* ;

// `let Name = CONV(...)` (partial), `let Name(p, q=1) = chain` (block), `let name = 5x5` (constant).
letStmt : LET IDENT ('(' paramList? ')')? '=' (chain | expr) ;

networkDecl : NETWORK IDENT ('(' paramList? ')')? '{' statement* '}' ;
paramList : param (',' param)* ','? ;
param : IDENT ('=' expr)? ;

outputStmt : OUTPUT IDENT ('(' argList? ')')? ;

trainBlock : TRAIN '{' trainEntry* '}' ;
trainEntry : IDENT '=' expr ;

chain : element ('=>' element)* ;
element : primary (AS IDENT)? ;
primary
  : '[' chain ']' '*' repeatCount                      # repeat
  | kind=(CONCAT | ADD) '(' chain (',' chain)* ','? ')'  # branch
  | IDENT ('(' argList? ')')?                          # call
  ;
repeatCount : INT | IDENT | '(' expr ')' ;

argList : arg (',' arg)* ','? ;
arg : (IDENT '=')? expr ;

expr
  : '-' expr                                 # negate
  | expr op=('*' | '/') expr                 # binary
  | expr op=('+' | '-') expr                 # binary
  | INT                                      # int
  | FLOAT                                    # float
  | SIZE                                     # size
  | STRING                                   # string
  | IDENT '(' argList? ')'                   # callExpr
  | IDENT                                    # ref
  | '[' (expr (',' expr)* ','?)? ']'         # list
  | '(' expr (',' expr)+ ','? ')'            # tuple
  | '(' expr ')'                             # paren
  ;

IMPORT  : 'import' ;
LET     : 'let' ;
NETWORK : 'network' ;
OUTPUT  : 'output' ;
TRAIN   : 'train' ;
AS      : 'as' ;
CONCAT  : 'concat' ;
ADD     : 'add' ;

// 5x5, 224x224x3, 3×3: a size is digits joined by x or ×.
SIZE   : DIGITS ([xX×] DIGITS)+ ;
FLOAT  : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT | '.' DIGITS EXPONENT? ;
INT    : DIGITS ;
IDENT  : [a-zA-Z_] [a-zA-Z_0-9]* ;
STRING : '"' (~["\\\r\n] | '\\' .)* '"' ;

ARROW : '=>' ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

LINE_COMMENT : ('#' | '//') ~[\r\n]* -> skip ;
WS : [ \t\r\n\f]+ -> skip ;
// Anything else is one bad character; the front end reports it instead of the lexer printing.
BAD_CHAR : . ;
