// Validation: what YDB checks after its grammar, before any catalogue is involved.
//
// 1. Backup collection settings (YDB's translator, sql_ddl_backup.cpp): keys are
//    lower-cased; the first problem stops the statement, in YDB's order: a duplicate
//    key (`<KEY> duplicate keys`, at the second key), a value that is not a string
//    literal (`<KEY> value should be a string literal`), a string that cannot be
//    unescaped (`<KEY> value cannot be unescaped`). Like YDB (P-07, P-08), every one
//    of them points at the key.
// 2. Table statements: types resolve, column names are unique, the primary key
//    exists and names columns, indexes and TTL name columns, VALUES rows have as
//    many values as the column list.
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import type { SourceText } from '../source/source-text.js'
import type { Span } from '../source/span.js'
import { DiagnosticCodes } from '../syntax/codes.js'
import { bytesToText, unescapeString } from '../syntax/unescape.js'
import type * as A from './nodes.js'
import { resolveType } from './resolve-type.js'

/** A collection setting after the translator's rules: lower-cased key, unescaped string value. */
export interface NormalizedSetting {
  /** Lower-cased. */
  readonly key: string
  /** Unescaped. */
  readonly value: string
  readonly keySpan: Span
  readonly valueSpan: Span
}

const problem = (code: string, message: string, span: Span): Diagnostic => ({ severity: 'error', code, message, span })

/**
 * Applies YDB's translator rules to `key = value` settings: those of a CREATE's
 * WITH (...), or of every SET (...) of one ALTER together (a key repeated across
 * two SETs is a duplicate too). Stops at the first problem, as YDB does.
 * Diagnostics carry no source; validateScript adds it.
 */
export function normalizeCollectionSettings(settings: readonly A.CollectionSetting[]): { settings: NormalizedSetting[]; diagnostics: Diagnostic[] } {
  const out: NormalizedSetting[] = []
  const seen = new Set<string>()
  for (const s of settings) {
    const key = s.key.text.toLowerCase()
    const KEY = s.key.text.toUpperCase()
    if (seen.has(key)) return { settings: out, diagnostics: [problem(DiagnosticCodes.DuplicateSetting, `${KEY} duplicate keys`, s.key.span)] }
    seen.add(key)
    const v = s.value
    if (v.kind !== 'Literal' || v.type !== 'String') {
      return { settings: out, diagnostics: [problem(DiagnosticCodes.SettingNotString, `${KEY} value should be a string literal`, s.key.span)] }
    }
    const r = unescapeString(v.text)
    if (!r.ok) return { settings: out, diagnostics: [problem(DiagnosticCodes.SettingNotUnescaped, `${KEY} value cannot be unescaped`, s.key.span)] }
    out.push({ key, value: bytesToText(r.bytes), keySpan: s.key.span, valueSpan: v.span })
  }
  return { settings: out, diagnostics: [] }
}

/** Translator-level checks of every statement of a parsed script. */
export function validateScript(script: A.Script): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const e of script.statements) out.push(...validateStatement(e.statement))
  return out.map((d) => withSource(d, script.source))
}

const withSource = (d: Diagnostic, source: SourceText): Diagnostic => (d.source ? d : { ...d, source })

/** Checks one statement; the diagnostics have spans but no source. */
export function validateStatement(s: A.Statement): Diagnostic[] {
  const out: Diagnostic[] = []
  switch (s.kind) {
    case 'CreateBackupCollection':
      out.push(...normalizeCollectionSettings(s.settings).diagnostics)
      break
    case 'AlterBackupCollection':
      if (s.actions.length && s.entries.length) {
        out.push(problem(DiagnosticCodes.MixedAlterActions, 'settings actions and table entries cannot be mixed in one ALTER BACKUP COLLECTION', s.span))
      }
      out.push(...normalizeCollectionSettings(s.actions.flatMap((a) => (a.kind === 'SetSettings' ? a.settings : []))).diagnostics)
      break
    case 'CreateTable':
      checkCreateTable(s, out)
      break
    case 'AlterTable':
      for (const a of s.actions) {
        if (a.kind === 'AddColumn') checkType(a.column.type, out)
        if (a.kind === 'AddIndex') checkNames(a.index.columns, 'index', out)
      }
      break
    case 'Declare':
      checkType(s.type, out)
      break
    case 'Write':
      if (s.columns) checkNames(s.columns, 'column list', out)
      if (s.source.kind === 'Values') {
        const width = s.columns?.length ?? s.source.rows[0]?.length ?? 0
        for (const row of s.source.rows) {
          if (row.length !== width) {
            out.push(problem(DiagnosticCodes.ValuesArity, `VALUES row has ${row.length} values, expected ${width}`, spanOfRow(row, s.source.span)))
          }
        }
      }
      break
    default:
      break
  }
  walkStatement(s, (e) => {
    if (e.kind === 'CastExpr') checkType(e.type, out)
  })
  return out
}

const spanOfRow = (row: readonly A.Expr[], fallback: Span): Span =>
  row.length ? { start: row[0]!.span.start, end: row[row.length - 1]!.span.end } : fallback

function checkType(t: A.TypeRef, out: Diagnostic[]): void {
  if (resolveType(t)) return
  const isDecimal = t.name.toLowerCase() === 'decimal'
  if (isDecimal) out.push(problem(DiagnosticCodes.BadTypeParams, `Invalid decimal parameters: Decimal(${t.params.join(',')}), expected 1 <= precision <= 35 and 0 <= scale <= precision`, t.span))
  else out.push(problem(DiagnosticCodes.UnknownType, `Unknown type: '${t.name}${t.params.length ? `(${t.params.join(',')})` : ''}'`, t.span))
}

/** Reports a name that appears twice in one list (`what` names the list). */
function checkNames(ns: readonly A.Name[], what: string, out: Diagnostic[]): void {
  const seen = new Set<string>()
  for (const n of ns) {
    if (seen.has(n.text)) out.push(problem(DiagnosticCodes.DuplicateColumn, `Duplicate column in ${what}: ${n.text}`, n.span))
    seen.add(n.text)
  }
}

function checkCreateTable(s: A.CreateTableStmt, out: Diagnostic[]): void {
  const columns = new Set<string>()
  for (const c of s.columns) {
    if (columns.has(c.name.text)) out.push(problem(DiagnosticCodes.DuplicateColumn, `Duplicate column name: ${c.name.text}`, c.name.span))
    columns.add(c.name.text)
    checkType(c.type, out)
  }
  const known = (n: A.Name): void => {
    if (!columns.has(n.text)) out.push(problem(DiagnosticCodes.UnknownColumn, `Undefined column: ${n.text}`, n.span))
  }
  if (s.primaryKey.length === 0) out.push(problem(DiagnosticCodes.NoPrimaryKey, 'Primary key is required for row tables', s.table.span))
  s.primaryKey.forEach(known)
  checkNames(s.primaryKey, 'primary key', out)
  const indexNames = new Set<string>()
  for (const i of s.indexes) {
    if (indexNames.has(i.name.text)) out.push(problem(DiagnosticCodes.DuplicateIndex, `Duplicate index name: ${i.name.text}`, i.name.span))
    indexNames.add(i.name.text)
    i.columns.forEach(known)
    i.cover.forEach(known)
    checkNames([...i.columns, ...i.cover], 'index', out)
  }
  for (const st of s.settings) if (st.value.kind === 'TtlSetting') known(st.value.column)
}

// ── Expression walk ──────────────────────────────────────────────────────────

function walkExpr(e: A.Expr, f: (e: A.Expr) => void): void {
  f(e)
  switch (e.kind) {
    case 'UnaryExpr': walkExpr(e.operand, f); break
    case 'BinaryExpr': walkExpr(e.left, f); walkExpr(e.right, f); break
    case 'InExpr': walkExpr(e.operand, f); e.list.forEach((x) => walkExpr(x, f)); break
    case 'BetweenExpr': walkExpr(e.operand, f); walkExpr(e.low, f); walkExpr(e.high, f); break
    case 'IsNullExpr': walkExpr(e.operand, f); break
    case 'LikeExpr': walkExpr(e.operand, f); walkExpr(e.pattern, f); if (e.escape) walkExpr(e.escape, f); break
    case 'CallExpr': e.args.forEach((x) => walkExpr(x, f)); break
    case 'CastExpr': walkExpr(e.operand, f); break
    default: break
  }
}

function walkSource(s: A.WriteStmt['source'], f: (e: A.Expr) => void): void {
  if (s.kind === 'Select') walkSelect(s, f)
  else s.rows.forEach((r) => r.forEach((x) => walkExpr(x, f)))
}

function walkSelect(s: A.SelectStmt, f: (e: A.Expr) => void): void {
  const all: (A.Expr | undefined)[] = [
    ...s.items.map((i) => i.expr), ...s.joins.map((j) => j.on), s.where, ...s.groupBy, s.having,
    ...s.orderBy.map((o) => o.expr), s.limit, s.offset,
  ]
  for (const e of all) if (e) walkExpr(e, f)
}

/** Calls `f` on every expression of a statement. */
export function walkStatement(s: A.Statement, f: (e: A.Expr) => void): void {
  switch (s.kind) {
    case 'Select': walkSelect(s, f); break
    case 'Write': walkSource(s.source, f); break
    case 'Update':
      s.set.forEach((x) => walkExpr(x.value, f))
      if (s.where) walkExpr(s.where, f)
      if (s.on) walkSource(s.on, f)
      break
    case 'Delete':
      if (s.where) walkExpr(s.where, f)
      if (s.on) walkSource(s.on, f)
      break
    case 'CreateTable':
      s.columns.forEach((c) => c.default && walkExpr(c.default, f))
      s.settings.forEach((st) => walkExpr(st.value.kind === 'TtlSetting' ? st.value.expireAfter : st.value, f))
      break
    case 'AlterTable':
      for (const a of s.actions) {
        if (a.kind === 'AddColumn' && a.column.default) walkExpr(a.column.default, f)
        if (a.kind === 'SetSettings') a.settings.forEach((st) => walkExpr(st.value.kind === 'TtlSetting' ? st.value.expireAfter : st.value, f))
      }
      break
    case 'Pragma': s.values.forEach((x) => walkExpr(x, f)); break
    default: break
  }
}
