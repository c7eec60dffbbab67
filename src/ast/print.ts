// AST → canonical YQL. The output re-parses to the same AST (spans aside):
// literals are printed as written (`Literal.text`), names as they were quoted,
// and expressions are parenthesised only where the grammar's precedence needs it.
import { matchStatement } from './nodes.js'
import type * as A from './nodes.js'

/** A backtick-quoted identifier; '`' and '\' are escaped with a backslash. */
export function quoteIdentifier(name: string): string {
  return '`' + name.replace(/[`\\]/g, '\\$&') + '`'
}

const STRING_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** A single-quoted YQL string literal for `text`. */
export function quoteString(text: string): string {
  // eslint-disable-next-line no-control-regex
  return "'" + text.replace(/[\\'\n\r\t\x00-\x1f\x7f]/g, (c) => STRING_ESCAPES[c] ?? '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')) + "'"
}

export function printName(n: A.Name): string {
  return n.quoted === 'none' ? n.text : n.quoted === 'backtick' ? quoteIdentifier(n.text) : quoteString(n.text)
}

export function printObjectRef(r: A.ObjectRef): string {
  return r.cluster ? `${printName(r.cluster)}.${printName(r.name)}` : printName(r.name)
}

export function printType(t: A.TypeRef): string {
  return t.name + (t.params.length ? `(${t.params.join(', ')})` : '') + (t.optional ? '?' : '')
}

const names = (ns: readonly A.Name[]): string => `(${ns.map(printName).join(', ')})`

// ── Expressions ──────────────────────────────────────────────────────────────
// Binding strength, as in grammar/yql.ts (higher binds tighter).
const PREC_OR = 1
const PREC_XOR = 2
const PREC_AND = 3
const PREC_NOT = 4
const PREC_CMP = 5
const PREC_BIT = 6
const PREC_CONCAT = 7
const PREC_ADD = 8
const PREC_MUL = 9
const PREC_UNARY = 10
const PREC_ATOM = 11

const BINARY_PREC: Readonly<Record<A.BinaryOp, number>> = {
  OR: PREC_OR, XOR: PREC_XOR, AND: PREC_AND,
  '=': PREC_CMP, '==': PREC_CMP, '!=': PREC_CMP, '<>': PREC_CMP, '<': PREC_CMP, '<=': PREC_CMP, '>': PREC_CMP, '>=': PREC_CMP,
  '&': PREC_BIT, '|': PREC_BIT, '^': PREC_BIT, '<<': PREC_BIT, '>>': PREC_BIT,
  '||': PREC_CONCAT, '+': PREC_ADD, '-': PREC_ADD, '*': PREC_MUL, '/': PREC_MUL, '%': PREC_MUL,
}

function precedence(e: A.Expr): number {
  switch (e.kind) {
    case 'BinaryExpr': return BINARY_PREC[e.op]
    case 'UnaryExpr': return e.op === 'NOT' ? PREC_NOT : PREC_UNARY
    case 'InExpr': case 'BetweenExpr': case 'IsNullExpr': case 'LikeExpr': return PREC_CMP
    default: return PREC_ATOM
  }
}

/** `e` printed so that it parses back as one operand of strength `min`. */
function operand(e: A.Expr, min: number): string {
  const s = printExpr(e)
  return precedence(e) < min ? `(${s})` : s
}

export function printExpr(e: A.Expr): string {
  switch (e.kind) {
    case 'Literal': return e.text
    case 'Parameter': return e.name
    case 'ColumnRef': return e.table ? `${printName(e.table)}.${printName(e.column)}` : printName(e.column)
    case 'StarExpr': return e.table ? `${printName(e.table)}.*` : '*'
    case 'CallExpr': return `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${e.args.map(printExpr).join(', ')})`
    case 'CastExpr': return `CAST(${printExpr(e.operand)} AS ${printType(e.type)})`
    case 'UnaryExpr': {
      if (e.op === 'NOT') return `NOT ${operand(e.operand, PREC_NOT)}`
      const s = operand(e.operand, PREC_UNARY)
      return s.startsWith('-') || s.startsWith('+') ? `${e.op} ${s}` : `${e.op}${s}` // `--` would open a comment
    }
    case 'BinaryExpr': {
      const p = BINARY_PREC[e.op]
      return `${operand(e.left, p)} ${e.op} ${operand(e.right, p + 1)}`
    }
    case 'IsNullExpr': return `${operand(e.operand, PREC_CMP)} IS ${e.negated ? 'NOT ' : ''}NULL`
    case 'InExpr': return `${operand(e.operand, PREC_CMP)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(printExpr).join(', ')})`
    case 'BetweenExpr':
      return `${operand(e.operand, PREC_CMP)} ${e.negated ? 'NOT ' : ''}BETWEEN ${operand(e.low, PREC_BIT)} AND ${operand(e.high, PREC_BIT)}`
    case 'LikeExpr':
      return `${operand(e.operand, PREC_CMP)} ${e.negated ? 'NOT ' : ''}LIKE ${operand(e.pattern, PREC_BIT)}${e.escape ? ` ESCAPE ${operand(e.escape, PREC_BIT)}` : ''}`
  }
}

// ── Statements ───────────────────────────────────────────────────────────────
const collectionSetting = (s: A.CollectionSetting): string =>
  `${printName(s.key)} = ${s.value.kind === 'Name' ? printName(s.value) : printExpr(s.value)}`

function tableSetting(s: A.TableSetting): string {
  const v = s.value
  if (v.kind !== 'TtlSetting') return `${printName(s.key)} = ${printExpr(v)}`
  return `${printName(s.key)} = ${printExpr(v.expireAfter)} ON ${printName(v.column)}${v.unit ? ` AS ${v.unit}` : ''}`
}

const tableSettings = (ss: readonly A.TableSetting[]): string => `(${ss.map(tableSetting).join(', ')})`

function columnDef(c: A.ColumnDef): string {
  let s = `${printName(c.name)} ${printType(c.type)}`
  if (c.family) s += ` FAMILY ${printName(c.family)}`
  if (c.notNull) s += ' NOT NULL'
  if (c.default) s += ` DEFAULT ${printExpr(c.default)}`
  return s
}

const indexDef = (i: A.IndexDef): string =>
  `INDEX ${printName(i.name)} GLOBAL${i.unique ? ' UNIQUE' : ''}${i.mode === 'ASYNC' ? ' ASYNC' : ''} ON ${names(i.columns)}` +
  (i.cover.length ? ` COVER ${names(i.cover)}` : '')

function source(s: A.WriteStmt['source']): string {
  if (s.kind === 'Select') return printSelect(s)
  return `VALUES ${s.rows.map((r) => `(${r.map(printExpr).join(', ')})`).join(', ')}`
}

const onSource = (on: A.WriteStmt['source'], cols?: readonly A.Name[]): string => ` ON ${cols ? names(cols) + ' ' : ''}${source(on)}`

function tableSource(t: A.TableSource): string {
  return printObjectRef(t.table) + (t.view ? ` VIEW ${printName(t.view)}` : '') + (t.alias ? ` AS ${printName(t.alias)}` : '')
}

function printSelect(s: A.SelectStmt): string {
  const items = s.items.map((i) => printExpr(i.expr) + (i.alias ? ` AS ${printName(i.alias)}` : ''))
  let out = `SELECT ${s.distinct ? 'DISTINCT ' : ''}${items.join(', ')}`
  if (s.from) out += ` FROM ${tableSource(s.from)}`
  for (const j of s.joins) out += ` ${j.type === 'LEFT' ? 'LEFT' : 'INNER'} JOIN ${tableSource(j.source)} ON ${printExpr(j.on)}`
  if (s.where) out += ` WHERE ${printExpr(s.where)}`
  if (s.groupBy.length) out += ` GROUP BY ${s.groupBy.map(printExpr).join(', ')}`
  if (s.having) out += ` HAVING ${printExpr(s.having)}`
  if (s.orderBy.length) out += ` ORDER BY ${s.orderBy.map((o) => printExpr(o.expr) + (o.direction === 'DESC' ? ' DESC' : '')).join(', ')}`
  if (s.limit) out += ` LIMIT ${printExpr(s.limit)}${s.offset ? ` OFFSET ${printExpr(s.offset)}` : ''}`
  return out
}

/** One statement as canonical YQL, without the trailing ';'. */
export function printStatement(s: A.Statement): string {
  return matchStatement<string>(s, {
    CreateBackupCollection: (c) =>
      `CREATE BACKUP COLLECTION ${printObjectRef(c.name)}` +
      (c.entries ? (c.entries.kind === 'DatabaseEntry' ? ' DATABASE' : ` (${c.entries.tables.map((t) => `TABLE ${printName(t)}`).join(', ')})`) : '') +
      ` WITH (${c.settings.map(collectionSetting).join(', ')})`,
    AlterBackupCollection: (a) => {
      const parts = a.actions.length
        ? a.actions.map((x) => (x.kind === 'SetSettings' ? `SET (${x.settings.map(collectionSetting).join(', ')})` : `RESET ${names(x.keys)}`))
        : a.entries.map((x) => {
          switch (x.kind) {
            case 'AddDatabase': return 'ADD DATABASE'
            case 'DropDatabase': return 'DROP DATABASE'
            case 'AddTable': return `ADD TABLE ${printName(x.table)}`
            case 'DropTable': return `DROP TABLE ${printName(x.table)}`
          }
        })
      return `ALTER BACKUP COLLECTION ${printObjectRef(a.name)} ${parts.join(', ')}`
    },
    DropBackupCollection: (d) => `DROP BACKUP COLLECTION ${printObjectRef(d.name)}`,
    Backup: (b) => `BACKUP ${printObjectRef(b.collection)}${b.incremental ? ' INCREMENTAL' : ''}`,
    Restore: (r) => `RESTORE ${printObjectRef(r.collection)}${r.at ? ` AT ${quoteString(r.at.value)}` : ''}`,
    CreateTable: (c) => {
      const entries = [...c.columns.map(columnDef), ...c.indexes.map(indexDef)]
      if (c.primaryKey.length) entries.push(`PRIMARY KEY ${names(c.primaryKey)}`)
      return `CREATE TABLE ${c.ifNotExists ? 'IF NOT EXISTS ' : ''}${printObjectRef(c.table)} (${entries.join(', ')})` +
        (c.settings.length ? ` WITH ${tableSettings(c.settings)}` : '')
    },
    DropTable: (d) => `DROP TABLE ${d.ifExists ? 'IF EXISTS ' : ''}${printObjectRef(d.table)}`,
    AlterTable: (a) =>
      `ALTER TABLE ${printObjectRef(a.table)} ` +
      a.actions.map((x) => {
        switch (x.kind) {
          case 'AddColumn': return `ADD COLUMN ${columnDef(x.column)}`
          case 'DropColumn': return `DROP COLUMN ${printName(x.column)}`
          case 'AddIndex': return `ADD ${indexDef(x.index)}`
          case 'DropIndex': return `DROP INDEX ${printName(x.index)}`
          case 'SetSettings': return `SET ${tableSettings(x.settings)}`
        }
      }).join(', '),
    Write: (w) => `${w.mode} INTO ${printObjectRef(w.table)}${w.columns ? ' ' + names(w.columns) : ''} ${source(w.source)}`,
    Update: (u) =>
      `UPDATE ${printObjectRef(u.table)}` +
      (u.on
        ? onSource(u.on, u.onColumns)
        : ` SET ${u.set.map((x) => `${printName(x.column)} = ${printExpr(x.value)}`).join(', ')}${u.where ? ` WHERE ${printExpr(u.where)}` : ''}`),
    Delete: (d) =>
      `DELETE FROM ${printObjectRef(d.table)}` + (d.on ? onSource(d.on, d.onColumns) : d.where ? ` WHERE ${printExpr(d.where)}` : ''),
    Select: printSelect,
    Use: (u) => `USE ${printName(u.cluster)}`,
    Pragma: (p) =>
      `PRAGMA ${p.name.quoted === 'none' ? p.name.text : printName(p.name)}` +
      (p.values.length === 1 ? ` = ${printExpr(p.values[0]!)}` : p.values.length ? ` (${p.values.map(printExpr).join(', ')})` : ''),
    Declare: (d) => `DECLARE ${d.name} AS ${printType(d.type)}`,
  })
}

/** A statement entry with its EXPLAIN prefix. */
export const printEntry = (e: A.StatementEntry): string => (e.explain ? 'EXPLAIN ' : '') + printStatement(e.statement)

/** A whole script, one statement per line, each ending in ';'. */
export const printScript = (s: A.Script): string => s.statements.map((e) => printEntry(e) + ';\n').join('')
