// The YQL subset of yql-backup as one Chevrotain grammar: the backup statements
// exactly as ydb's SQLv1 defines them, plus the table, query and session
// statements users need around backups.
//
// Token names follow ydb's yql/essentials/sql/v1/SQLv1Antlr4.g.in; rules are the
// camelCase of its snake_case productions, each quoting the production above it.
// "Super grammar" marks places that accept more than SQLv1 (narrowed later in
// src/ast/validate.ts); "not supported" marks SQLv1 parts left out.
//
// Keywords: SQLv1 spells each keyword with case-folding fragments. Here every
// keyword token has no pattern of its own: the lexer produces ID_PLAIN and
// src/syntax/lex.ts retypes a word found in KEYWORDS (one map lookup instead of
// a regex per keyword). Which keywords may also be names is said by categories:
//   AnId    SQLv1 an_id: an identifier, a non-reserved keyword, or a string
//   Id      SQLv1 id: an identifier or a non-reserved keyword
//   ExprId  an identifier in an expression (column, function, alias); only
//           keywords that can never continue or end an expression
import type { IOrAlt, ITokenConfig, OrMethodOpts, TokenType } from 'chevrotain'
import { createToken, CstParser, Lexer } from './chevrotain.js'

// ── Tokens ───────────────────────────────────────────────────────────────────

/** Every token type the parser knows, in lexing order (keywords and categories are never lexed). */
export const allTokens: TokenType[] = []
const token = (config: ITokenConfig): TokenType => {
  const t = createToken(config)
  allTokens.push(t)
  return t
}

export const AnId = token({ name: 'AnId', pattern: Lexer.NA, label: 'name' })
export const Id = token({ name: 'Id', pattern: Lexer.NA, categories: [AnId], label: 'identifier' })
export const ExprId = token({ name: 'ExprId', pattern: Lexer.NA, categories: [Id], label: 'identifier' })

export const WS = token({ name: 'WS', pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED, line_breaks: true })
export const COMMENT = token({ name: 'COMMENT', pattern: /--[^\n\r]*/, group: Lexer.SKIPPED })
export const MULTILINE_COMMENT = token({ name: 'MULTILINE_COMMENT', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED, line_breaks: true })
// The *_UNTERMINATED tokens only match when the complete form failed: they run to the
// end of the input and tell an unfinished statement (keep reading) from a wrong one.
export const MULTILINE_COMMENT_UNTERMINATED = token({ name: 'MULTILINE_COMMENT_UNTERMINATED', pattern: /\/\*[\s\S]*/, line_breaks: true })

// STRING_VALUE: (STRING_SINGLE | STRING_DOUBLE | STRING_MULTILINE) (S|U|Y|J|P(T|B|V)?)?;
// STRING_MULTILINE: (DOUBLE_COMMAT .*? DOUBLE_COMMAT)+ COMMAT?;
export const STRING_VALUE = token({
  name: 'STRING_VALUE',
  pattern: /(?:'[^'\\]*(?:\\[\s\S][^'\\]*)*'|"[^"\\]*(?:\\[\s\S][^"\\]*)*"|@@[\s\S]*?@@(?:@@[\s\S]*?@@)*@?)(?:[sSuUyYjJ]|[pP][tTbBvV]?)?/,
  categories: [AnId],
  line_breaks: true,
})
export const STRING_UNTERMINATED = token({
  name: 'STRING_UNTERMINATED',
  pattern: /'[^'\\]*(?:\\[\s\S][^'\\]*)*\\?|"[^"\\]*(?:\\[\s\S][^"\\]*)*\\?|@@[\s\S]*/,
  line_breaks: true,
})
// ID_QUOTED: BACKTICK ID_QUOTED_CORE* BACKTICK; ID_QUOTED_CORE: '\\' . | '``' | ~('`'|'\\')
export const ID_QUOTED = token({
  name: 'ID_QUOTED',
  pattern: /`[^`\\]*(?:(?:\\[\s\S]|``)[^`\\]*)*`/,
  categories: [ExprId],
  line_breaks: true,
})
export const ID_QUOTED_UNTERMINATED = token({ name: 'ID_QUOTED_UNTERMINATED', pattern: /`[\s\S]*/, line_breaks: true })

// bind_parameter: DOLLAR an_id_or_type (one token here).
export const PARAM = token({ name: 'PARAM', pattern: /\$[A-Za-z_][A-Za-z0-9_]*/ })

// REAL: (DIGITS DOT DIGIT* | DOT DIGITS) EXPONENT? (F | P (F (4|8) | N)?)? | DIGITS EXPONENT ...
export const REAL = token({
  name: 'REAL',
  pattern: /(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)(?:[fF]|[pP](?:[fF][48]|[nN])?)?/,
})
// INTEGER_VALUE: (DIGITS | HEXDIGITS | OCTDIGITS | BINDIGITS) INTEGER_SUFFIX?;
export const INTEGER_VALUE = token({
  name: 'INTEGER_VALUE',
  pattern: /(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|\d+)(?:[pP][sSiIbBnN]?)?(?:[uU]?[lLsStTiIbBnN]?)/,
})
export const ID_PLAIN = token({ name: 'ID_PLAIN', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [ExprId] })

// Helpers that keep rule bodies free of object-literal arrow functions: esbuild's
// keepNames (tsx, vitest) would otherwise rename each such closure on every call.
/** One OR alternative. */
const alt = (ALT: () => unknown): IOrAlt<unknown> => ({ ALT })
/** A comma-separated repetition. */
const commaSep = (DEF: () => void): { SEP: TokenType; DEF: () => void } => ({ SEP: COMMA, DEF })

// Operator categories: one CONSUME instead of an OR over every operator (much less
// lookahead work per operand). Error messages list their members (src/syntax/expected.ts).
export const CompareOp = token({ name: 'CompareOp', pattern: Lexer.NA, label: 'comparison' })
export const ArithOp = token({ name: 'ArithOp', pattern: Lexer.NA, label: 'operator' })
const punct = (name: string, image: string, categories: TokenType[] = []): TokenType => token({ name, pattern: image, label: `'${image}'`, categories })
export const EQUALS2 = punct('EQUALS2', '==', [CompareOp])
export const EQUALS = punct('EQUALS', '=', [CompareOp])
export const NOT_EQUALS = punct('NOT_EQUALS', '!=', [CompareOp])
export const NOT_EQUALS2 = punct('NOT_EQUALS2', '<>', [CompareOp])
export const LESS_OR_EQ = punct('LESS_OR_EQ', '<=', [CompareOp])
export const SHIFT_LEFT = punct('SHIFT_LEFT', '<<', [ArithOp])
export const LESS = punct('LESS', '<', [CompareOp])
export const GREATER_OR_EQ = punct('GREATER_OR_EQ', '>=', [CompareOp])
export const GREATER = punct('GREATER', '>', [CompareOp]) // '>>' is GREATER GREATER, as in SQLv1 (Optional<Optional<T>>)
export const DOUBLE_PIPE = punct('DOUBLE_PIPE', '||', [ArithOp])
export const PIPE = punct('PIPE', '|', [ArithOp])
export const AMPERSAND = punct('AMPERSAND', '&', [ArithOp])
export const CARET = punct('CARET', '^', [ArithOp])
export const PLUS = punct('PLUS', '+', [ArithOp])
export const MINUS = punct('MINUS', '-', [ArithOp])
export const TILDA = punct('TILDA', '~')
export const ASTERISK = punct('ASTERISK', '*', [ArithOp])
export const SLASH = punct('SLASH', '/', [ArithOp])
export const PERCENT = punct('PERCENT', '%', [ArithOp])
export const SEMICOLON = punct('SEMICOLON', ';')
export const NAMESPACE = punct('NAMESPACE', '::')
export const DOT = punct('DOT', '.')
export const COMMA = punct('COMMA', ',')
export const LPAREN = punct('LPAREN', '(')
export const RPAREN = punct('RPAREN', ')')
export const QUESTION = punct('QUESTION', '?')
export const COMMAT = punct('COMMAT', '@')

/** The tokens the lexer tries, in order (keywords come from ID_PLAIN in src/syntax/lex.ts). */
export const lexerTokens: TokenType[] = allTokens.filter((t) => t.PATTERN !== Lexer.NA)

/** Upper-cased keyword → token type. */
export const KEYWORDS = new Map<string, TokenType>()
const keyword = (word: string, use: 'reserved' | 'name' | 'expr'): TokenType => {
  const t = token({
    name: word,
    pattern: Lexer.NA,
    categories: use === 'reserved' ? [] : use === 'name' ? [Id] : [ExprId],
  })
  KEYWORDS.set(word, t)
  return t
}
// Keywords that never continue an expression or a clause: usable everywhere a name is.
export const ADD = keyword('ADD', 'expr')
export const ALTER = keyword('ALTER', 'expr')
export const ASYNC = keyword('ASYNC', 'expr')
export const AT = keyword('AT', 'expr')
export const BACKUP = keyword('BACKUP', 'expr')
export const COLLECTION = keyword('COLLECTION', 'expr')
export const COVER = keyword('COVER', 'expr')
export const CREATE = keyword('CREATE', 'expr')
export const DATABASE = keyword('DATABASE', 'expr')
export const DECLARE = keyword('DECLARE', 'expr')
export const DELETE = keyword('DELETE', 'expr')
export const DROP = keyword('DROP', 'expr')
export const EXPLAIN = keyword('EXPLAIN', 'expr')
export const GLOBAL = keyword('GLOBAL', 'expr')
export const IF = keyword('IF', 'expr')
export const INCREMENTAL = keyword('INCREMENTAL', 'expr')
export const INDEX = keyword('INDEX', 'expr')
export const INSERT = keyword('INSERT', 'expr')
export const INTO = keyword('INTO', 'expr')
export const KEY = keyword('KEY', 'expr')
export const MICROSECONDS = keyword('MICROSECONDS', 'expr')
export const MILLISECONDS = keyword('MILLISECONDS', 'expr')
export const NANOSECONDS = keyword('NANOSECONDS', 'expr')
export const PLAN = keyword('PLAN', 'expr')
export const PRAGMA = keyword('PRAGMA', 'expr')
export const PRIMARY = keyword('PRIMARY', 'expr')
export const QUERY = keyword('QUERY', 'expr')
export const REPLACE = keyword('REPLACE', 'expr')
export const RESET = keyword('RESET', 'expr')
export const RESTORE = keyword('RESTORE', 'expr')
export const SECONDS = keyword('SECONDS', 'expr')
export const SYNC = keyword('SYNC', 'expr')
export const TABLE = keyword('TABLE', 'expr')
export const UNIQUE = keyword('UNIQUE', 'expr')
export const UPDATE = keyword('UPDATE', 'expr')
export const UPSERT = keyword('UPSERT', 'expr')
export const USE = keyword('USE', 'expr')
// Non-reserved in SQLv1 (keyword_compat), but they continue expressions or open
// clauses here: names of tables, columns and settings, never bare columns in expressions.
export const AND = keyword('AND', 'name')
export const ASC = keyword('ASC', 'name')
export const BY = keyword('BY', 'name')
export const DEFAULT = keyword('DEFAULT', 'name')
export const DESC = keyword('DESC', 'name')
export const ESCAPE = keyword('ESCAPE', 'name')
export const FAMILY = keyword('FAMILY', 'name')
export const GROUP = keyword('GROUP', 'name')
export const IN = keyword('IN', 'name')
export const INNER = keyword('INNER', 'name')
export const IS = keyword('IS', 'name')
export const JOIN = keyword('JOIN', 'name')
export const LEFT = keyword('LEFT', 'name')
export const LIKE = keyword('LIKE', 'name')
export const OFFSET = keyword('OFFSET', 'name')
export const ON = keyword('ON', 'name')
export const OR = keyword('OR', 'name')
export const ORDER = keyword('ORDER', 'name')
export const OUTER = keyword('OUTER', 'name')
export const SET = keyword('SET', 'name')
export const VALUES = keyword('VALUES', 'name')
export const VIEW = keyword('VIEW', 'name')
export const WITH = keyword('WITH', 'name')
export const XOR = keyword('XOR', 'name')
// Reserved (keyword_*_uncompat in SQLv1, or literals).
export const AS = keyword('AS', 'reserved')
export const BETWEEN = keyword('BETWEEN', 'reserved')
export const CAST = keyword('CAST', 'reserved')
export const COLUMN = keyword('COLUMN', 'reserved')
export const DISTINCT = keyword('DISTINCT', 'reserved')
export const EXISTS = keyword('EXISTS', 'reserved')
export const FALSE = keyword('FALSE', 'reserved')
export const FROM = keyword('FROM', 'reserved')
export const HAVING = keyword('HAVING', 'reserved')
export const LIMIT = keyword('LIMIT', 'reserved')
export const NOT = keyword('NOT', 'reserved')
export const NULL = keyword('NULL', 'reserved')
export const SELECT = keyword('SELECT', 'reserved')
export const TRUE = keyword('TRUE', 'reserved')
export const WHERE = keyword('WHERE', 'reserved')

export const lexer = new Lexer(lexerTokens, { ensureOptimizations: true, positionTracking: 'onlyOffset' })

// ── Parser ───────────────────────────────────────────────────────────────────

/**
 * The parser is fed one statement at a time (src/syntax/parse.ts splits the
 * token stream at ';'), so `sqlStmt` is the entry rule and errors never spill
 * into the next statement.
 */
export class YqlParser extends CstParser {
  // Each OR's alternatives are built once and reused (`alts[n] ??= [...]`): building
  // the array and its closures on every call is most of the parser's garbage.
  private readonly alts: (IOrAlt<unknown>[] | OrMethodOpts<unknown>)[] = []

  /**
   * `validate`: run Chevrotain's grammar checks (ambiguities, left recursion) while
   * building; they cost most of the construction time, so only the tests ask for them.
   */
  constructor(options: { readonly validate?: boolean } = {}) {
    super(allTokens, { recoveryEnabled: false, nodeLocationTracking: 'onlyOffset', maxLookahead: 2, skipValidations: !options.validate })
    this.performSelfAnalysis()
  }

  /**
   * Chevrotain's own version gives each CST node `Object.create(null)` children,
   * which V8 keeps in dictionary mode: every read in src/ast/build.ts was a hash
   * lookup. A plain object is fast; no rule or label here is an Object.prototype name.
   */
  cstInvocationStateUpdate(fullRuleName: string): void {
    const self = this as unknown as { setInitialNodeLocation(n: object): void; CST_STACK: object[] }
    const cstNode = { name: fullRuleName, children: {} }
    self.setInitialNodeLocation(cstNode)
    self.CST_STACK.push(cstNode)
  }

  // sql_stmt: (EXPLAIN (QUERY PLAN)?)? sql_stmt_core;
  public sqlStmt = this.RULE('sqlStmt', () => {
    this.OPTION(() => {
      this.CONSUME(EXPLAIN)
      this.OPTION2(() => {
        this.CONSUME(QUERY)
        this.CONSUME(PLAN)
      })
    })
    this.SUBRULE(this.sqlStmtCore)
  })

  // sql_stmt_core: ... (the alternatives below; the rest of SQLv1 is not supported)
  public sqlStmtCore = this.RULE('sqlStmtCore', () => {
    this.OR((this.alts[1] ??= [
      alt(() => this.SUBRULE(this.createBackupCollectionStmt)),
      alt(() => this.SUBRULE(this.alterBackupCollectionStmt)),
      alt(() => this.SUBRULE(this.dropBackupCollectionStmt)),
      alt(() => this.SUBRULE(this.backupStmt)),
      alt(() => this.SUBRULE(this.restoreStmt)),
      alt(() => this.SUBRULE(this.createTableStmt)),
      alt(() => this.SUBRULE(this.alterTableStmt)),
      alt(() => this.SUBRULE(this.dropTableStmt)),
      alt(() => this.SUBRULE(this.intoTableStmt)),
      alt(() => this.SUBRULE(this.updateStmt)),
      alt(() => this.SUBRULE(this.deleteStmt)),
      alt(() => this.SUBRULE(this.selectStmt)),
      alt(() => this.SUBRULE(this.useStmt)),
      alt(() => this.SUBRULE(this.pragmaStmt)),
      alt(() => this.SUBRULE(this.declareStmt)),
    ]))
  })

  // ── Names ──────────────────────────────────────────────────────────────────
  // object_ref: (cluster_expr DOT)? id_or_at;  id_or_at: COMMAT? an_id_or_type;
  public objectRef = this.RULE('objectRef', () => {
    this.OPTION(() => {
      this.CONSUME(AnId, { LABEL: 'cluster' })
      this.CONSUME(DOT)
    })
    this.CONSUME2(AnId, { LABEL: 'name' })
  })

  // (an_id (COMMA an_id)*) in parentheses: key, index and column lists.
  public nameList = this.RULE('nameList', () => {
    this.CONSUME(LPAREN)
    this.AT_LEAST_ONE_SEP(commaSep(() => this.CONSUME(AnId, { LABEL: 'name' })))
    this.CONSUME(RPAREN)
  })

  // type_name: type_name_simple | type_name_decimal | type_name_optional | type_name ? ...
  // Super grammar: any name with integer parameters; resolved in src/ast/resolve-type.ts.
  public typeRef = this.RULE('typeRef', () => {
    this.CONSUME(Id, { LABEL: 'name' })
    this.OPTION(() =>
      this.OR((this.alts[2] ??= [
        alt(() => {
            this.CONSUME(LPAREN)
            this.AT_LEAST_ONE_SEP(commaSep(() => this.CONSUME(INTEGER_VALUE, { LABEL: 'param' })))
            this.CONSUME(RPAREN)
          }),
        alt(() => {
            this.CONSUME(LESS)
            this.SUBRULE(this.typeRef, { LABEL: 'inner' })
            this.CONSUME(GREATER)
          }),
      ])),
    )
    this.OPTION2(() => this.CONSUME(QUESTION))
  })

  // ── CREATE / ALTER / DROP BACKUP COLLECTION ────────────────────────────────
  // backup_collection: BACKUP COLLECTION object_ref;
  public backupCollection = this.RULE('backupCollection', () => {
    this.CONSUME(BACKUP)
    this.CONSUME(COLLECTION)
    this.SUBRULE(this.objectRef)
  })

  // create_backup_collection_stmt: CREATE backup_collection create_backup_collection_entries?
  //   WITH LPAREN backup_collection_settings RPAREN;
  // backup_collection_settings: backup_collection_settings_entry (COMMA backup_collection_settings_entry)* COMMA?;
  public createBackupCollectionStmt = this.RULE('createBackupCollectionStmt', () => {
    this.CONSUME(CREATE)
    this.SUBRULE(this.backupCollection)
    this.OPTION(() => this.SUBRULE(this.collectionEntries))
    this.CONSUME(WITH)
    this.CONSUME(LPAREN)
    this.SUBRULE(this.collectionSetting)
    this.MANY(() => {
      this.CONSUME(COMMA)
      this.SUBRULE2(this.collectionSetting)
    })
    this.OPTION2(() => this.CONSUME2(COMMA, { LABEL: 'trailingComma' }))
    this.CONSUME(RPAREN)
  })

  // create_backup_collection_entries: DATABASE | LPAREN table_list RPAREN;
  // table_list: TABLE an_id_table (COMMA TABLE an_id_table)*;
  public collectionEntries = this.RULE('collectionEntries', () => {
    this.OR((this.alts[3] ??= [
      alt(() => this.CONSUME(DATABASE)),
      alt(() => {
          this.CONSUME(LPAREN)
          this.AT_LEAST_ONE_SEP(
            commaSep(() => {
              this.CONSUME(TABLE)
              this.CONSUME(AnId, { LABEL: 'table' })
            }),
          )
          this.CONSUME(RPAREN)
        }),
    ]))
  })

  // backup_collection_settings_entry: an_id EQUALS table_setting_value;
  // Super grammar: the value is any expression; only strings pass validate.ts.
  public collectionSetting = this.RULE('collectionSetting', () => {
    this.CONSUME(AnId, { LABEL: 'key' })
    this.CONSUME(EQUALS)
    this.SUBRULE(this.expr, { LABEL: 'value' })
  })

  // alter_backup_collection_stmt: ALTER backup_collection (alter_backup_collection_actions | alter_backup_collection_entries);
  public alterBackupCollectionStmt = this.RULE('alterBackupCollectionStmt', () => {
    this.CONSUME(ALTER)
    this.SUBRULE(this.backupCollection)
    this.OR((this.alts[4] ??= [
      alt(() => this.AT_LEAST_ONE_SEP(commaSep(() => this.SUBRULE(this.alterCollectionAction)))),
      alt(() => this.AT_LEAST_ONE_SEP2(commaSep(() => this.SUBRULE(this.alterCollectionEntry)))),
    ]))
  })

  // alter_backup_collection_action: alter_table_set_table_setting_compat | alter_table_reset_table_setting;
  // alter_table_set_table_setting_compat: SET LPAREN alter_table_setting_entry (COMMA alter_table_setting_entry)* RPAREN;
  // alter_table_reset_table_setting: RESET LPAREN an_id (COMMA an_id)* RPAREN;
  public alterCollectionAction = this.RULE('alterCollectionAction', () => {
    this.OR((this.alts[5] ??= [
      alt(() => {
          this.CONSUME(SET)
          this.CONSUME(LPAREN)
          this.AT_LEAST_ONE_SEP(commaSep(() => this.SUBRULE(this.collectionSetting)))
          this.CONSUME(RPAREN)
        }),
      alt(() => {
          this.CONSUME(RESET)
          this.SUBRULE(this.nameList, { LABEL: 'keys' })
        }),
    ]))
  })

  // alter_backup_collection_entry: ADD DATABASE | DROP DATABASE | ADD TABLE an_id_table | DROP TABLE an_id_table;
  public alterCollectionEntry = this.RULE('alterCollectionEntry', () => {
    this.OR((this.alts[6] ??= [alt(() => this.CONSUME(ADD)), alt(() => this.CONSUME(DROP))]))
    this.OR2((this.alts[7] ??= [
      alt(() => this.CONSUME(DATABASE)),
      alt(() => {
          this.CONSUME(TABLE)
          this.CONSUME(AnId, { LABEL: 'table' })
        }),
    ]))
  })

  // drop_backup_collection_stmt: DROP backup_collection;
  public dropBackupCollectionStmt = this.RULE('dropBackupCollectionStmt', () => {
    this.CONSUME(DROP)
    this.SUBRULE(this.backupCollection)
  })

  // ── BACKUP / RESTORE ───────────────────────────────────────────────────────
  // backup_stmt: BACKUP object_ref (INCREMENTAL)?;
  public backupStmt = this.RULE('backupStmt', () => {
    this.CONSUME(BACKUP)
    this.SUBRULE(this.objectRef)
    this.OPTION(() => this.CONSUME(INCREMENTAL))
  })

  // restore_stmt: RESTORE object_ref (AT STRING_VALUE)?;
  public restoreStmt = this.RULE('restoreStmt', () => {
    this.CONSUME(RESTORE)
    this.SUBRULE(this.objectRef)
    this.OPTION(() => {
      this.CONSUME(AT)
      this.CONSUME(STRING_VALUE, { LABEL: 'at' })
    })
  })

  // ── CREATE / ALTER / DROP TABLE ────────────────────────────────────────────
  // create_table_stmt: CREATE TABLE (IF NOT EXISTS)? simple_table_ref LPAREN create_table_entry
  //   (COMMA create_table_entry)* COMMA? RPAREN with_table_settings?;
  public createTableStmt = this.RULE('createTableStmt', () => {
    this.CONSUME(CREATE)
    this.CONSUME(TABLE)
    this.OPTION(() => {
      this.CONSUME(IF)
      this.CONSUME(NOT)
      this.CONSUME(EXISTS)
    })
    this.SUBRULE(this.objectRef)
    this.CONSUME(LPAREN)
    this.SUBRULE(this.tableEntry)
    this.MANY(() => {
      this.CONSUME(COMMA)
      this.SUBRULE2(this.tableEntry)
    })
    this.OPTION2(() => this.CONSUME2(COMMA, { LABEL: 'trailingComma' }))
    this.CONSUME(RPAREN)
    this.OPTION3(() => {
      this.CONSUME(WITH)
      this.SUBRULE(this.tableSettings)
    })
  })

  // create_table_entry: column_schema | table_constraint | table_index | family_entry | changefeed;
  // table_constraint: PRIMARY KEY LPAREN an_id (COMMA an_id)* RPAREN | ...
  // (family_entry, changefeed and other constraints are not supported.)
  public tableEntry = this.RULE('tableEntry', () => {
    this.OR((this.alts[8] ??= {
      MAX_LOOKAHEAD: 3,
      IGNORE_AMBIGUITIES: true, // `primary key(...)` and `index x ...` win over columns named so, as in SQLv1
      DEF: [
        alt(() => {
            this.CONSUME(PRIMARY)
            this.CONSUME(KEY)
            this.SUBRULE(this.nameList, { LABEL: 'primaryKey' })
          }),
        alt(() => this.SUBRULE(this.tableIndex)),
        alt(() => this.SUBRULE(this.columnSchema)),
      ],
    }))
  })

  // column_schema: an_id_schema type_name_or_bind family_relation? opt_column_constraints;
  // opt_column_constraints: (NOT? NULL)? (DEFAULT expr)?;
  public columnSchema = this.RULE('columnSchema', () => {
    this.CONSUME(AnId, { LABEL: 'name' })
    this.SUBRULE(this.typeRef)
    this.OPTION(() => {
      this.CONSUME(FAMILY)
      this.CONSUME2(AnId, { LABEL: 'family' })
    })
    this.OPTION2(() => {
      this.OPTION3(() => this.CONSUME(NOT))
      this.CONSUME(NULL)
    })
    this.OPTION4(() => {
      this.CONSUME(DEFAULT)
      this.SUBRULE(this.expr, { LABEL: 'default' })
    })
  })

  // table_index: INDEX an_id table_index_type ON LPAREN an_id_schema (COMMA an_id_schema)* RPAREN
  //   (COVER LPAREN an_id_schema (COMMA an_id_schema)* RPAREN)?;
  // global_index: GLOBAL UNIQUE? (SYNC | ASYNC)?;  (LOCAL, USING and index WITH are not supported.)
  public tableIndex = this.RULE('tableIndex', () => {
    this.CONSUME(INDEX)
    this.CONSUME(AnId, { LABEL: 'name' })
    this.CONSUME(GLOBAL)
    this.OPTION(() => this.CONSUME(UNIQUE))
    this.OPTION2(() => this.OR((this.alts[9] ??= [alt(() => this.CONSUME(SYNC)), alt(() => this.CONSUME(ASYNC))])))
    this.CONSUME(ON)
    this.SUBRULE(this.nameList, { LABEL: 'columns' })
    this.OPTION3(() => {
      this.CONSUME(COVER)
      this.SUBRULE2(this.nameList, { LABEL: 'cover' })
    })
  })

  // with_table_settings: WITH LPAREN table_settings_entry (COMMA table_settings_entry)* RPAREN;
  public tableSettings = this.RULE('tableSettings', () => {
    this.CONSUME(LPAREN)
    this.AT_LEAST_ONE_SEP(commaSep(() => this.SUBRULE(this.tableSetting)))
    this.CONSUME(RPAREN)
  })

  // table_settings_entry: an_id EQUALS table_setting_value;
  // table_setting_value: id | STRING_VALUE | integer | ttl_tier_list ON an_id (AS (SECONDS|...))? | bool_value | real;
  // Super grammar: any expression (split_boundaries are not supported).
  public tableSetting = this.RULE('tableSetting', () => {
    this.CONSUME(AnId, { LABEL: 'key' })
    this.CONSUME(EQUALS)
    this.SUBRULE(this.expr, { LABEL: 'value' })
    this.OPTION(() => {
      this.CONSUME(ON)
      this.CONSUME2(AnId, { LABEL: 'column' })
      this.OPTION2(() => {
        this.CONSUME(AS)
        this.OR((this.alts[10] ??= [
          alt(() => this.CONSUME(SECONDS, { LABEL: 'unit' })),
          alt(() => this.CONSUME(MILLISECONDS, { LABEL: 'unit' })),
          alt(() => this.CONSUME(MICROSECONDS, { LABEL: 'unit' })),
          alt(() => this.CONSUME(NANOSECONDS, { LABEL: 'unit' })),
        ]))
      })
    })
  })

  // drop_table_stmt: DROP TABLE (IF EXISTS)? simple_table_ref;
  public dropTableStmt = this.RULE('dropTableStmt', () => {
    this.CONSUME(DROP)
    this.CONSUME(TABLE)
    this.OPTION(() => {
      this.CONSUME(IF)
      this.CONSUME(EXISTS)
    })
    this.SUBRULE(this.objectRef)
  })

  // alter_table_stmt: ALTER TABLE simple_table_ref alter_table_action (COMMA alter_table_action)*;
  public alterTableStmt = this.RULE('alterTableStmt', () => {
    this.CONSUME(ALTER)
    this.CONSUME(TABLE)
    this.SUBRULE(this.objectRef)
    this.AT_LEAST_ONE_SEP(commaSep(() => this.SUBRULE(this.alterTableAction)))
  })

  // alter_table_add_column: ADD COLUMN? column_schema;   alter_table_drop_column: DROP COLUMN? an_id;
  // alter_table_add_index: ADD table_index;               alter_table_drop_index: DROP INDEX an_id;
  // alter_table_set_table_setting_compat: SET LPAREN alter_table_setting_entry (COMMA ...)* RPAREN;
  public alterTableAction = this.RULE('alterTableAction', () => {
    this.OR((this.alts[11] ??= {
      MAX_LOOKAHEAD: 3,
      IGNORE_AMBIGUITIES: true, // ADD INDEX / DROP INDEX x win over columns named `index`
      DEF: [
        alt(() => {
            this.CONSUME(ADD, { LABEL: 'addIndex' })
            this.SUBRULE(this.tableIndex)
          }),
        alt(() => {
            this.CONSUME(DROP, { LABEL: 'dropIndex' })
            this.CONSUME(INDEX)
            this.CONSUME(AnId, { LABEL: 'index' })
          }),
        alt(() => {
            this.CONSUME2(ADD, { LABEL: 'addColumn' })
            this.OPTION(() => this.CONSUME(COLUMN))
            this.SUBRULE(this.columnSchema)
          }),
        alt(() => {
            this.CONSUME2(DROP, { LABEL: 'dropColumn' })
            this.OPTION2(() => this.CONSUME2(COLUMN))
            this.CONSUME2(AnId, { LABEL: 'column' })
          }),
        alt(() => {
            this.CONSUME(SET)
            this.SUBRULE(this.tableSettings)
          }),
      ],
    }))
  })

  // ── Writes ─────────────────────────────────────────────────────────────────
  // into_table_stmt: (INSERT INTO | UPSERT INTO | REPLACE INTO | ...) into_simple_table_ref into_values_source;
  // into_values_source: pure_column_list? values_source;   values_source: values_stmt | select_stmt;
  public intoTableStmt = this.RULE('intoTableStmt', () => {
    this.OR((this.alts[12] ??= [
      alt(() => this.CONSUME(INSERT, { LABEL: 'mode' })),
      alt(() => this.CONSUME(UPSERT, { LABEL: 'mode' })),
      alt(() => this.CONSUME(REPLACE, { LABEL: 'mode' })),
    ]))
    this.CONSUME(INTO)
    this.SUBRULE(this.objectRef)
    this.OPTION(() => this.SUBRULE(this.nameList, { LABEL: 'columns' }))
    this.SUBRULE(this.valuesSource)
  })

  // values_source: values_stmt | select_stmt;  values_stmt: VALUES values_source_row_list;
  public valuesSource = this.RULE('valuesSource', () => {
    this.OR((this.alts[13] ??= [
      alt(() => {
          this.CONSUME(VALUES)
          this.AT_LEAST_ONE_SEP(commaSep(() => this.SUBRULE(this.valuesRow)))
        }),
      alt(() => this.SUBRULE(this.selectStmt)),
    ]))
  })

  // values_source_row: LPAREN expr_list RPAREN;
  public valuesRow = this.RULE('valuesRow', () => {
    this.CONSUME(LPAREN)
    this.AT_LEAST_ONE_SEP(commaSep(() => this.SUBRULE(this.expr)))
    this.CONSUME(RPAREN)
  })

  // update_stmt: UPDATE simple_table_ref (SET set_clause_choice (WHERE expr)? | ON into_values_source);
  // set_clause: set_target EQUALS expr;  (the multiple-target form is not supported)
  public updateStmt = this.RULE('updateStmt', () => {
    this.CONSUME(UPDATE)
    this.SUBRULE(this.objectRef)
    this.OR((this.alts[14] ??= [
      alt(() => {
          this.CONSUME(SET)
          this.AT_LEAST_ONE_SEP(commaSep(() => this.SUBRULE(this.setClause)))
          this.OPTION(() => {
            this.CONSUME(WHERE)
            this.SUBRULE(this.expr, { LABEL: 'where' })
          })
        }),
      alt(() => this.SUBRULE(this.onSource)),
    ]))
  })

  public setClause = this.RULE('setClause', () => {
    this.CONSUME(AnId, { LABEL: 'column' })
    this.CONSUME(EQUALS)
    this.SUBRULE(this.expr)
  })

  // ON into_values_source (UPDATE ... ON and DELETE ... ON)
  public onSource = this.RULE('onSource', () => {
    this.CONSUME(ON)
    this.OPTION(() => this.SUBRULE(this.nameList, { LABEL: 'columns' }))
    this.SUBRULE(this.valuesSource)
  })

  // delete_stmt: DELETE FROM simple_table_ref (WHERE expr | ON into_values_source)?;
  public deleteStmt = this.RULE('deleteStmt', () => {
    this.CONSUME(DELETE)
    this.CONSUME(FROM)
    this.SUBRULE(this.objectRef)
    this.OPTION(() =>
      this.OR((this.alts[15] ??= [
        alt(() => {
            this.CONSUME(WHERE)
            this.SUBRULE(this.expr, { LABEL: 'where' })
          }),
        alt(() => this.SUBRULE(this.onSource)),
      ])),
    )
  })

  // ── SELECT ─────────────────────────────────────────────────────────────────
  // select_core: SELECT DISTINCT? result_column (COMMA result_column)* (FROM join_source)?
  //   (WHERE expr)? group_by_clause? (HAVING expr)? ... ext_order_by_clause? (LIMIT expr ((OFFSET | COMMA) expr)?)?
  public selectStmt = this.RULE('selectStmt', () => {
    this.CONSUME(SELECT)
    this.OPTION(() => this.CONSUME(DISTINCT))
    this.AT_LEAST_ONE_SEP(commaSep(() => this.SUBRULE(this.resultColumn)))
    this.OPTION2(() => {
      this.CONSUME(FROM)
      this.SUBRULE(this.tableSource)
      this.MANY(() => this.SUBRULE(this.joinClause))
    })
    this.OPTION3(() => {
      this.CONSUME(WHERE)
      this.SUBRULE(this.expr, { LABEL: 'where' })
    })
    this.OPTION4(() => {
      this.CONSUME(GROUP)
      this.CONSUME(BY)
      this.AT_LEAST_ONE_SEP2(commaSep(() => this.SUBRULE2(this.expr, { LABEL: 'groupBy' })))
    })
    this.OPTION5(() => {
      this.CONSUME(HAVING)
      this.SUBRULE3(this.expr, { LABEL: 'having' })
    })
    this.OPTION6(() => {
      this.CONSUME(ORDER)
      this.CONSUME2(BY)
      this.AT_LEAST_ONE_SEP3(commaSep(() => this.SUBRULE(this.orderItem)))
    })
    this.OPTION7(() => {
      this.CONSUME(LIMIT)
      this.SUBRULE4(this.expr, { LABEL: 'limit' })
      this.OPTION8(() => {
        this.OR((this.alts[16] ??= [alt(() => this.CONSUME(OFFSET)), alt(() => this.CONSUME(COMMA, { LABEL: 'limitComma' }))]))
        this.SUBRULE5(this.expr, { LABEL: 'offset' })
      })
    })
  })

  // result_column: opt_id_prefix ASTERISK | expr ((AS an_id_or_type) | an_id_as_compat)?;
  public resultColumn = this.RULE('resultColumn', () => {
    this.OR((this.alts[17] ??= [
      alt(() => this.CONSUME(ASTERISK)),
      alt(() => {
          this.SUBRULE(this.expr)
          this.OPTION(() =>
            this.OR2((this.alts[18] ??= [
              alt(() => {
                  this.CONSUME(AS)
                  this.CONSUME(AnId, { LABEL: 'alias' })
                }),
              alt(() => this.CONSUME(ID_PLAIN, { LABEL: 'alias' })),
              alt(() => this.CONSUME(ID_QUOTED, { LABEL: 'alias' })),
            ])),
          )
        }),
    ]))
  })

  // named_single_source: table_ref (VIEW view_name)? ((AS an_id) | an_id_as_compat)?;
  public tableSource = this.RULE('tableSource', () => {
    this.SUBRULE(this.objectRef)
    this.OPTION(() => {
      this.CONSUME(VIEW)
      this.CONSUME(AnId, { LABEL: 'view' })
    })
    this.OPTION2(() =>
      this.OR((this.alts[19] ??= [
        alt(() => {
            this.CONSUME(AS)
            this.CONSUME2(AnId, { LABEL: 'alias' })
          }),
        alt(() => this.CONSUME(ID_PLAIN, { LABEL: 'alias' })),
        alt(() => this.CONSUME(ID_QUOTED, { LABEL: 'alias' })),
      ])),
    )
  })

  // join_op: (LEFT OUTER? | INNER)? JOIN;  join_constraint: ON expr;
  public joinClause = this.RULE('joinClause', () => {
    this.OPTION(() =>
      this.OR((this.alts[20] ??= [
        alt(() => {
            this.CONSUME(LEFT)
            this.OPTION2(() => this.CONSUME(OUTER))
          }),
        alt(() => this.CONSUME(INNER)),
      ])),
    )
    this.CONSUME(JOIN)
    this.SUBRULE(this.tableSource)
    this.CONSUME(ON)
    this.SUBRULE(this.expr)
  })

  // sort_specification: expr (ASC | DESC)?;
  public orderItem = this.RULE('orderItem', () => {
    this.SUBRULE(this.expr)
    this.OPTION(() => this.OR((this.alts[21] ??= [alt(() => this.CONSUME(ASC)), alt(() => this.CONSUME(DESC))])))
  })

  // ── Session statements ─────────────────────────────────────────────────────
  // use_stmt: USE cluster_expr;
  public useStmt = this.RULE('useStmt', () => {
    this.CONSUME(USE)
    this.CONSUME(AnId, { LABEL: 'cluster' })
  })

  // pragma_stmt: PRAGMA opt_id_prefix_or_type an_id (EQUALS pragma_value | LPAREN pragma_value (COMMA pragma_value)* RPAREN)?;
  public pragmaStmt = this.RULE('pragmaStmt', () => {
    this.CONSUME(PRAGMA)
    this.CONSUME(AnId, { LABEL: 'name' })
    this.OPTION(() => {
      this.CONSUME(DOT)
      this.CONSUME2(AnId, { LABEL: 'name' })
    })
    this.OPTION2(() =>
      this.OR((this.alts[22] ??= [
        alt(() => {
            this.CONSUME(EQUALS)
            this.SUBRULE(this.expr, { LABEL: 'value' })
          }),
        alt(() => {
            this.CONSUME(LPAREN)
            this.AT_LEAST_ONE_SEP(commaSep(() => this.SUBRULE2(this.expr, { LABEL: 'value' })))
            this.CONSUME(RPAREN)
          }),
      ])),
    )
  })

  // declare_stmt: DECLARE bind_parameter AS type_name;
  public declareStmt = this.RULE('declareStmt', () => {
    this.CONSUME(DECLARE)
    this.CONSUME(PARAM)
    this.CONSUME(AS)
    this.SUBRULE(this.typeRef)
  })

  // ── Expressions ────────────────────────────────────────────────────────────
  // Precedence, loosest first: OR < XOR < AND < NOT < comparisons and predicates
  // < bitwise (& | ^ << >>) < || < + - < * / % < unary (- + ~). (SQLv1 binds NOT
  // and || tighter; the printer parenthesises, so the difference only shows in
  // unparenthesised text.)
  //
  // Parsed flat: prefixes, operands, binary operators and predicate suffixes in
  // one list, combined by precedence in src/ast/build.ts. One rule per level would
  // cost a CST node per level for every literal of a VALUES list.

  // expr: or_subexpr (OR or_subexpr)*; ... xor_subexpr: eq_subexpr cond_expr?; ... con_subexpr: unary_op? unary_subexpr;
  public expr = this.RULE('expr', () => {
    this.MANY(() => this.SUBRULE(this.prefixOp, { LABEL: 'prefix' }))
    this.SUBRULE(this.atom, { LABEL: 'operand' })
    this.MANY2(() => this.OR2(this.exprTailAlts))
  })

  // unary_op: PLUS | MINUS | TILDA | NOT;
  public prefixOp = this.RULE('prefixOp', () => {
    this.OR((this.alts[23] ??= [
      alt(() => this.CONSUME(NOT)),
      alt(() => this.CONSUME(MINUS)),
      alt(() => this.CONSUME(PLUS)),
      alt(() => this.CONSUME(TILDA)),
    ]))
  })

  // unary_op without NOT: the operands of comparisons.
  public arithPrefixOp = this.RULE('arithPrefixOp', () => {
    this.OR((this.alts[24] ??= [alt(() => this.CONSUME(MINUS)), alt(() => this.CONSUME(PLUS)), alt(() => this.CONSUME(TILDA))]))
  })

  private readonly exprTailAlts = [
    alt(() => {
      this.OR3(this.logicOpAlts)
      this.MANY3(() => this.SUBRULE2(this.prefixOp, { LABEL: 'prefix' }))
      this.SUBRULE2(this.atom, { LABEL: 'operand' })
    }),
    alt(() => {
      this.OR5(this.arithOpAlts)
      this.MANY4(() => this.SUBRULE3(this.prefixOp, { LABEL: 'prefix' }))
      this.SUBRULE3(this.atom, { LABEL: 'operand' })
    }),
    alt(() => this.SUBRULE4(this.predicateSuffix, { LABEL: 'suffix' })),
  ]

  private readonly logicOpAlts = [
    alt(() => this.CONSUME(OR, { LABEL: 'op' })),
    alt(() => this.CONSUME(XOR, { LABEL: 'op' })),
    alt(() => this.CONSUME(AND, { LABEL: 'op' })),
  ]

  // shift_right: GREATER GREATER (no '>>' token, for Optional<Optional<T>>).
  private readonly arithOpAlts = [
    alt(() => this.CONSUME(ArithOp, { LABEL: 'op' })),
    alt(() => {
      this.CONSUME(GREATER, { LABEL: 'op' })
      this.CONSUME2(GREATER, { LABEL: 'shiftRight' })
    }),
  ]

  // cond_expr: NOT? match_op eq_subexpr (ESCAPE eq_subexpr)? | NOT? IN in_expr | IS NOT? NULL
  //   | NOT? BETWEEN eq_subexpr AND eq_subexpr | (EQUALS | EQUALS2 | NOT_EQUALS | NOT_EQUALS2 | ...) eq_subexpr;
  // A suffix applies to everything on its left down to the nearest NOT, AND, XOR or OR.
  public predicateSuffix = this.RULE('predicateSuffix', () => {
    this.OR((this.alts[25] ??= [
      alt(() => {
        this.CONSUME(CompareOp, { LABEL: 'op' })
        this.SUBRULE(this.bitExpr, { LABEL: 'right' })
      }),
      alt(() => {
        this.CONSUME(IS)
        this.OPTION(() => this.CONSUME(NOT))
        this.CONSUME(NULL)
      }),
      alt(() => {
        this.OPTION2(() => this.CONSUME2(NOT))
        this.OR3((this.alts[27] ??= [
          alt(() => {
            this.CONSUME(IN)
            this.CONSUME(LPAREN)
            this.AT_LEAST_ONE_SEP(commaSep(() => this.SUBRULE(this.expr, { LABEL: 'list' })))
            this.CONSUME(RPAREN)
          }),
          alt(() => {
            this.CONSUME(BETWEEN)
            this.SUBRULE2(this.bitExpr, { LABEL: 'low' })
            this.CONSUME(AND)
            this.SUBRULE3(this.bitExpr, { LABEL: 'high' })
          }),
          alt(() => {
            this.CONSUME(LIKE)
            this.SUBRULE4(this.bitExpr, { LABEL: 'pattern' })
            this.OPTION3(() => {
              this.CONSUME(ESCAPE)
              this.SUBRULE5(this.bitExpr, { LABEL: 'escape' })
            })
          }),
        ]))
      }),
    ]))
  })

  // eq_subexpr: the operands of comparisons and predicates (no NOT, AND, OR, XOR).
  public bitExpr = this.RULE('bitExpr', () => {
    this.MANY(() => this.SUBRULE(this.arithPrefixOp, { LABEL: 'prefix' }))
    this.SUBRULE(this.atom, { LABEL: 'operand' })
    this.MANY2({
      GATE: this.notAComparison,
      DEF: this.bitExprTail,
    })
  })

  private readonly bitExprTail = (): void => {
    this.OR2(this.arithOpAlts)
    this.MANY3(() => this.SUBRULE2(this.arithPrefixOp, { LABEL: 'prefix' }))
    this.SUBRULE2(this.atom, { LABEL: 'operand' })
  }

  // A lone '>' is a comparison: the loop's own lookahead stops at one token.
  private readonly notAComparison = (): boolean => this.LA(1).tokenType !== GREATER || this.LA(2).tokenType === GREATER

  // atom_expr: literal_value | bind_parameter | cast_expr | LPAREN expr RPAREN | an_id_or_type
  //   (NAMESPACE id_or_type)? invoke_expr | column reference (with `t.col` and `t.*`)
  public atom = this.RULE('atom', () => this.OR(this.atomAlts))

  private readonly atomAlts = [
    alt(() => this.CONSUME(INTEGER_VALUE, { LABEL: 'literal' })),
    alt(() => this.CONSUME(REAL, { LABEL: 'literal' })),
    alt(() => this.CONSUME(STRING_VALUE, { LABEL: 'literal' })),
    alt(() => this.CONSUME(TRUE, { LABEL: 'literal' })),
    alt(() => this.CONSUME(FALSE, { LABEL: 'literal' })),
    alt(() => this.CONSUME(NULL, { LABEL: 'literal' })),
    alt(() => this.CONSUME(PARAM)),
    alt(() => {
      this.CONSUME(CAST)
      this.CONSUME(LPAREN)
      this.SUBRULE(this.expr)
      this.CONSUME(AS)
      this.SUBRULE(this.typeRef)
      this.CONSUME(RPAREN)
    }),
    alt(() => {
      this.CONSUME2(LPAREN, { LABEL: 'paren' })
      this.SUBRULE2(this.expr)
      this.CONSUME2(RPAREN)
    }),
    alt(() => {
      this.CONSUME(ExprId, { LABEL: 'id' })
      this.OPTION(() => this.OR2(this.atomIdTailAlts))
    }),
  ]

  private readonly atomIdTailAlts = [
    alt(() => {
      this.OPTION2(() => {
        this.CONSUME(NAMESPACE)
        this.CONSUME2(ExprId, { LABEL: 'member' })
      })
      this.SUBRULE(this.callArgs)
    }),
    alt(() => {
      this.CONSUME(DOT)
      this.OR3((this.alts[28] ??= [
        alt(() => this.CONSUME3(ExprId, { LABEL: 'column' })),
        alt(() => this.CONSUME2(ASTERISK, { LABEL: 'star' })),
      ]))
    }),
  ]

  // invoke_expr: LPAREN (opt_set_quantifier named_expr_list | ASTERISK)? RPAREN;
  public callArgs = this.RULE('callArgs', () => {
    this.CONSUME(LPAREN)
    this.OPTION(() =>
      this.OR((this.alts[29] ??= [
        alt(() => this.CONSUME(ASTERISK)),
        alt(() => {
            this.OPTION2(() => this.CONSUME(DISTINCT))
            this.AT_LEAST_ONE_SEP(commaSep(() => this.SUBRULE(this.expr, { LABEL: 'arg' })))
          }),
      ])),
    )
    this.CONSUME(RPAREN)
  })
}
