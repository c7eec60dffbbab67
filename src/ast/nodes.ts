// The typed AST of yql-backup: every statement and expression the grammar accepts.
//
// Nodes are readonly, tagged by `kind` (PascalCase), and carry a `span` into the
// SourceText they were parsed from. Names keep how they were written (`quoted`)
// so that the printer can write them back; `text` is always the unescaped value.
import type { Span } from '../source/span.js'
import type { SourceText } from '../source/source-text.js'

// ── Names and types ──────────────────────────────────────────────────────────

/** An identifier, a backtick-quoted identifier, a string used as a name, or a keyword used as a name. */
export interface Name {
  readonly kind: 'Name'
  readonly text: string
  readonly quoted: 'none' | 'backtick' | 'string'
  readonly span: Span
}

/** `[cluster.]name` (SQLv1 object_ref); a table or collection reference. */
export interface ObjectRef {
  readonly kind: 'ObjectRef'
  readonly cluster?: Name
  readonly name: Name
  readonly span: Span
}

/** A type as written: `Uint32`, `Decimal(22, 9)`, `Optional<Utf8>`, `Utf8?`. Resolved in validate.ts. */
export interface TypeRef {
  readonly kind: 'TypeRef'
  readonly name: string
  readonly params: readonly number[]
  /** Written as `Optional<T>` or `T?`. */
  readonly optional: boolean
  readonly span: Span
}

// ── Expressions ──────────────────────────────────────────────────────────────

export type Expr =
  | Literal
  | ColumnRef
  | Parameter
  | UnaryExpr
  | BinaryExpr
  | InExpr
  | BetweenExpr
  | IsNullExpr
  | LikeExpr
  | CallExpr
  | CastExpr
  | StarExpr

/**
 * A literal as written. `text` is the raw token (for exact printing and exact
 * numeric conversion); `value` is the decoded value:
 * - Integer: `value` is a bigint; `suffix` is the YQL type suffix ('' | 'u' | 'l' | 'ul' | 't' | 'ut' | 's' | 'us' | 'i' | 'ui' | 'b' | 'ub' | 'p' | 'pn' ...) lower-cased;
 * - Float: `value` is a number; `suffix` is '' or 'f';
 * - String: `value` is a Uint8Array (bytes) and `suffix` is '' | 's' | 'u' | 'y' | 'j' | 'pt' | 'pb' | 'pv'.
 *   YQL: an unsuffixed '...' literal is a String; `u` makes it Utf8, `j` Json, `y` Yson.
 * - Bool: boolean; Null: null.
 */
export type Literal =
  | { readonly kind: 'Literal'; readonly type: 'Integer'; readonly value: bigint; readonly suffix: string; readonly text: string; readonly span: Span }
  | { readonly kind: 'Literal'; readonly type: 'Float'; readonly value: number; readonly suffix: string; readonly text: string; readonly span: Span }
  | { readonly kind: 'Literal'; readonly type: 'String'; readonly value: Uint8Array; readonly suffix: string; readonly text: string; readonly span: Span }
  | { readonly kind: 'Literal'; readonly type: 'Bool'; readonly value: boolean; readonly text: string; readonly span: Span }
  | { readonly kind: 'Literal'; readonly type: 'Null'; readonly value: null; readonly text: string; readonly span: Span }

/** `col` or `t.col`. */
export interface ColumnRef {
  readonly kind: 'ColumnRef'
  readonly table?: Name
  readonly column: Name
  readonly span: Span
}

/** `$name`. */
export interface Parameter {
  readonly kind: 'Parameter'
  readonly name: string
  readonly span: Span
}

export interface UnaryExpr {
  readonly kind: 'UnaryExpr'
  readonly op: 'NOT' | '-' | '+' | '~'
  readonly operand: Expr
  readonly span: Span
}

export type BinaryOp =
  | 'OR' | 'AND' | 'XOR'
  | '=' | '==' | '!=' | '<>' | '<' | '<=' | '>' | '>='
  | '+' | '-' | '*' | '/' | '%' | '||'
  | '&' | '|' | '^' | '<<' | '>>'

export interface BinaryExpr {
  readonly kind: 'BinaryExpr'
  readonly op: BinaryOp
  readonly left: Expr
  readonly right: Expr
  readonly span: Span
}

export interface InExpr {
  readonly kind: 'InExpr'
  readonly operand: Expr
  readonly list: readonly Expr[]
  readonly negated: boolean
  readonly span: Span
}

export interface BetweenExpr {
  readonly kind: 'BetweenExpr'
  readonly operand: Expr
  readonly low: Expr
  readonly high: Expr
  readonly negated: boolean
  readonly span: Span
}

export interface IsNullExpr {
  readonly kind: 'IsNullExpr'
  readonly operand: Expr
  readonly negated: boolean
  readonly span: Span
}

export interface LikeExpr {
  readonly kind: 'LikeExpr'
  readonly operand: Expr
  readonly pattern: Expr
  readonly escape?: Expr
  readonly negated: boolean
  readonly span: Span
}

/**
 * A function call: typed literals (`Date('2024-01-01')`, `Decimal('1.23', 22, 9)`,
 * `Uuid(...)`, `Json(...)`, `Interval('PT1S')`), aggregates (`COUNT(*)`,
 * `SUM(x)`, `COUNT(DISTINCT x)`), and `CurrentUtcTimestamp()` and friends.
 * `name` is as written; comparisons are case-insensitive.
 */
export interface CallExpr {
  readonly kind: 'CallExpr'
  readonly name: string
  readonly args: readonly Expr[]
  readonly distinct: boolean
  readonly span: Span
}

export interface CastExpr {
  readonly kind: 'CastExpr'
  readonly operand: Expr
  readonly type: TypeRef
  readonly span: Span
}

/** `*` or `t.*` in a select list, and `COUNT(*)`'s argument. */
export interface StarExpr {
  readonly kind: 'StarExpr'
  readonly table?: Name
  readonly span: Span
}

// ── Queries ──────────────────────────────────────────────────────────────────

export interface SelectItem {
  readonly kind: 'SelectItem'
  readonly expr: Expr
  readonly alias?: Name
  readonly span: Span
}

/** `t [VIEW idx] [AS a]`. */
export interface TableSource {
  readonly kind: 'TableSource'
  readonly table: ObjectRef
  readonly view?: Name
  readonly alias?: Name
  readonly span: Span
}

export interface Join {
  readonly kind: 'Join'
  readonly type: 'INNER' | 'LEFT'
  readonly source: TableSource
  readonly on: Expr
  readonly span: Span
}

export interface OrderItem {
  readonly kind: 'OrderItem'
  readonly expr: Expr
  readonly direction: 'ASC' | 'DESC'
  readonly span: Span
}

export interface SelectStmt {
  readonly kind: 'Select'
  readonly distinct: boolean
  readonly items: readonly SelectItem[]
  /** Absent for `SELECT 1 + 1`. */
  readonly from?: TableSource
  readonly joins: readonly Join[]
  readonly where?: Expr
  readonly groupBy: readonly Expr[]
  readonly having?: Expr
  readonly orderBy: readonly OrderItem[]
  readonly limit?: Expr
  readonly offset?: Expr
  readonly span: Span
}

// ── Table statements ─────────────────────────────────────────────────────────

export interface ColumnDef {
  readonly kind: 'ColumnDef'
  readonly name: Name
  readonly type: TypeRef
  readonly notNull: boolean
  readonly default?: Expr
  readonly family?: Name
  readonly span: Span
}

export interface IndexDef {
  readonly kind: 'IndexDef'
  readonly name: Name
  readonly unique: boolean
  readonly mode: 'SYNC' | 'ASYNC'
  readonly columns: readonly Name[]
  readonly cover: readonly Name[]
  readonly span: Span
}

/** `KEY = value` in a table's or an ALTER's `WITH (...)`; the value kept as an expression. */
export interface TableSetting {
  readonly kind: 'TableSetting'
  readonly key: Name
  readonly value: Expr | TtlSetting
  readonly span: Span
}

/** `TTL = Interval('P1D') ON col [AS SECONDS|MILLISECONDS|MICROSECONDS|NANOSECONDS]`. */
export interface TtlSetting {
  readonly kind: 'TtlSetting'
  readonly expireAfter: Expr
  readonly column: Name
  readonly unit?: 'SECONDS' | 'MILLISECONDS' | 'MICROSECONDS' | 'NANOSECONDS'
  readonly span: Span
}

export interface CreateTableStmt {
  readonly kind: 'CreateTable'
  readonly table: ObjectRef
  readonly ifNotExists: boolean
  readonly columns: readonly ColumnDef[]
  readonly primaryKey: readonly Name[]
  readonly indexes: readonly IndexDef[]
  readonly settings: readonly TableSetting[]
  readonly span: Span
}

export interface DropTableStmt {
  readonly kind: 'DropTable'
  readonly table: ObjectRef
  readonly ifExists: boolean
  readonly span: Span
}

export type AlterTableAction =
  | { readonly kind: 'AddColumn'; readonly column: ColumnDef; readonly span: Span }
  | { readonly kind: 'DropColumn'; readonly column: Name; readonly span: Span }
  | { readonly kind: 'AddIndex'; readonly index: IndexDef; readonly span: Span }
  | { readonly kind: 'DropIndex'; readonly index: Name; readonly span: Span }
  | { readonly kind: 'SetSettings'; readonly settings: readonly TableSetting[]; readonly span: Span }

export interface AlterTableStmt {
  readonly kind: 'AlterTable'
  readonly table: ObjectRef
  readonly actions: readonly AlterTableAction[]
  readonly span: Span
}

/** UPSERT / REPLACE / INSERT INTO t [(cols)] VALUES (...), (...) | SELECT ... */
export interface WriteStmt {
  readonly kind: 'Write'
  readonly mode: 'UPSERT' | 'REPLACE' | 'INSERT'
  readonly table: ObjectRef
  /** Absent when no column list was written (then VALUES must match the table's columns, or SELECT's names are used). */
  readonly columns?: readonly Name[]
  readonly source: { readonly kind: 'Values'; readonly rows: readonly (readonly Expr[])[]; readonly span: Span } | SelectStmt
  readonly span: Span
}

export interface UpdateStmt {
  readonly kind: 'Update'
  readonly table: ObjectRef
  /** `UPDATE t SET a = 1, b = b + 1 [WHERE ...]`. */
  readonly set: readonly { readonly column: Name; readonly value: Expr; readonly span: Span }[]
  readonly where?: Expr
  /** `UPDATE t ON [(cols)] SELECT ... | VALUES ...`; when present, `set` is empty. */
  readonly on?: WriteStmt['source']
  readonly onColumns?: readonly Name[]
  readonly span: Span
}

export interface DeleteStmt {
  readonly kind: 'Delete'
  readonly table: ObjectRef
  readonly where?: Expr
  /** `DELETE FROM t ON [(cols)] SELECT ... | VALUES ...`. */
  readonly on?: WriteStmt['source']
  readonly onColumns?: readonly Name[]
  readonly span: Span
}

// ── Session statements ───────────────────────────────────────────────────────

export interface UseStmt {
  readonly kind: 'Use'
  readonly cluster: Name
  readonly span: Span
}

/** `PRAGMA name [= value | (value, ...)]`; TablePathPrefix is the one we act on. */
export interface PragmaStmt {
  readonly kind: 'Pragma'
  readonly name: Name
  readonly values: readonly Expr[]
  readonly span: Span
}

export interface DeclareStmt {
  readonly kind: 'Declare'
  readonly name: string
  readonly type: TypeRef
  readonly span: Span
}

// ── Backup statements (ydb-backup-spec §1.2) ─────────────────────────────────

/** One `key = value` of a collection's WITH (...) or an ALTER's SET (...). */
export interface CollectionSetting {
  readonly kind: 'CollectionSetting'
  readonly key: Name
  /** Only String literals are valid (checked in validate.ts: `<KEY> value should be a string literal`). */
  readonly value: Expr | Name
  readonly span: Span
}

export type CollectionEntries =
  | { readonly kind: 'DatabaseEntry'; readonly span: Span }
  | { readonly kind: 'TableEntries'; readonly tables: readonly Name[]; readonly span: Span }

export interface CreateBackupCollectionStmt {
  readonly kind: 'CreateBackupCollection'
  readonly name: ObjectRef
  readonly entries?: CollectionEntries
  readonly settings: readonly CollectionSetting[]
  readonly span: Span
}

export type AlterBackupCollectionAction =
  | { readonly kind: 'SetSettings'; readonly settings: readonly CollectionSetting[]; readonly span: Span }
  | { readonly kind: 'ResetSettings'; readonly keys: readonly Name[]; readonly span: Span }

export type AlterBackupCollectionEntry =
  | { readonly kind: 'AddDatabase'; readonly span: Span }
  | { readonly kind: 'DropDatabase'; readonly span: Span }
  | { readonly kind: 'AddTable'; readonly table: Name; readonly span: Span }
  | { readonly kind: 'DropTable'; readonly table: Name; readonly span: Span }

export interface AlterBackupCollectionStmt {
  readonly kind: 'AlterBackupCollection'
  readonly name: ObjectRef
  /** Exactly one of `actions` and `entries` is non-empty (the grammar never mixes them). */
  readonly actions: readonly AlterBackupCollectionAction[]
  readonly entries: readonly AlterBackupCollectionEntry[]
  readonly span: Span
}

export interface DropBackupCollectionStmt {
  readonly kind: 'DropBackupCollection'
  readonly name: ObjectRef
  readonly span: Span
}

export interface BackupStmt {
  readonly kind: 'Backup'
  readonly collection: ObjectRef
  readonly incremental: boolean
  readonly span: Span
}

export interface RestoreStmt {
  readonly kind: 'Restore'
  readonly collection: ObjectRef
  /** `AT 'x'`: the unescaped string. */
  readonly at?: { readonly value: string; readonly span: Span }
  readonly span: Span
}

// ── Statements and scripts ───────────────────────────────────────────────────

export type TableStatement =
  | CreateTableStmt
  | DropTableStmt
  | AlterTableStmt
  | WriteStmt
  | UpdateStmt
  | DeleteStmt
  | SelectStmt

export type SessionStatement = UseStmt | PragmaStmt | DeclareStmt

export type BackupStatement =
  | CreateBackupCollectionStmt
  | AlterBackupCollectionStmt
  | DropBackupCollectionStmt
  | BackupStmt
  | RestoreStmt

export type Statement = TableStatement | SessionStatement | BackupStatement

/** A statement with its optional `EXPLAIN [QUERY PLAN]` prefix. */
export interface StatementEntry {
  readonly statement: Statement
  readonly explain: boolean
  /** The span of the whole entry, EXPLAIN included, without the trailing ';'. */
  readonly span: Span
}

export interface Script {
  readonly source: SourceText
  readonly statements: readonly StatementEntry[]
}

export const BACKUP_STATEMENT_KINDS: ReadonlySet<Statement['kind']> = new Set([
  'CreateBackupCollection',
  'AlterBackupCollection',
  'DropBackupCollection',
  'Backup',
  'Restore',
])

export const isBackupStatement = (s: Statement): s is BackupStatement => BACKUP_STATEMENT_KINDS.has(s.kind)

/** One handler per statement kind; adding a kind breaks every caller until it is handled. */
export type StatementHandlers<R> = { readonly [K in Statement['kind']]: (s: Extract<Statement, { kind: K }>) => R }
export const matchStatement = <R>(s: Statement, h: StatementHandlers<R>): R => (h[s.kind] as (s: Statement) => R)(s)
