// UPSERT / REPLACE / INSERT, UPDATE and DELETE, each inside one write
// transaction (a failure anywhere rolls the whole statement back).
import type { DeleteStmt, Expr, UpdateStmt, WriteStmt } from '../../../../ast/nodes.js'
import type { Span } from '../../../../source/span.js'
import { valueToText } from '../../../../types/convert.js'
import type { Row, Value } from '../../../../types/value.js'
import type { StatementOutcome } from '../../cluster-backend.js'
import type { TableHandle, WriteTxn } from '../engine-api.js'
import { compileExpr, parameterScope, type CompileContext } from './compile-expr.js'
import { SqlErrorCode, sqlError } from './errors.js'
import { bulkCellsOf, prescannedOf } from '../../../../syntax/bulk-values.js'
import { decodeInputRows, type EncodedCells } from './bulk-columns.js'
import { bulkInputRows } from './bulk-write.js'
import { inputRows, toColumn, valuesContext } from './write-values.js'
import type { QueryEnv } from './select.js'
import { bindSource, openTable, readSource } from './sources.js'

function keyText(t: TableHandle, key: readonly Value[]): string {
  return key
    .map((v, i) => {
      const col = t.schema.columns.find((c) => c.name === t.schema.primaryKey[i])!
      if (v === null) return 'NULL'
      const s = valueToText({ type: col.type, value: v }) ?? String(v)
      return typeof v === 'string' || v instanceof Uint8Array ? `"${s}"` : s
    })
    .join(', ')
}

function keyPositions(t: TableHandle): number[] {
  return t.schema.primaryKey.map((k) => t.schema.columns.findIndex((c) => c.name === k))
}

/** A new row: DEFAULT values, NULL elsewhere; and which columns a default set. */
function freshRow(t: TableHandle): { row: Value[]; defaulted: number[] } {
  const defaulted: number[] = []
  const row = t.schema.columns.map((c, i) => {
    if (c.default !== undefined && c.default !== null) {
      defaulted.push(i)
      return c.default
    }
    return null
  })
  return { row, defaulted }
}

function checkNotNull(t: TableHandle, row: readonly Value[], span: Span): void {
  const columns = t.schema.columns
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!
    if (c.notNull && row[i] === null) {
      throw sqlError(SqlErrorCode.NotNull, `Missing not null column in input: ${c.name}. All not null columns should be initialized (table '${t.path}')`, span)
    }
  }
}

function requireKeyColumns(t: TableHandle, columns: readonly number[], span: Span): void {
  for (const p of keyPositions(t)) {
    if (!columns.includes(p)) {
      throw sqlError(SqlErrorCode.MissingKeyColumn, `Missing key column in input: ${t.schema.columns[p]!.name} for table: ${t.path}`, span)
    }
  }
}

export function executeWrite(tx: WriteTxn, stmt: WriteStmt, q: QueryEnv): StatementOutcome {
  const t = openTable(tx, stmt.table, q.pathPrefix)
  // A bulk statement's cells convert straight into column values; anything unusual
  // takes the ordinary path, which gives the ordinary errors.
  const values = stmt.source.kind === 'Values'
  const pre = values ? prescannedOf<EncodedCells>(stmt) : undefined
  const cells = values ? bulkCellsOf(stmt) : undefined
  const input =
    (pre && decodeInputRows(t, pre.payload, pre.text, stmt.columns)) || (cells && bulkInputRows(t, cells, stmt.columns, valuesContext(q))) || inputRows(tx, t, stmt.source, stmt.columns, q)
  requireKeyColumns(t, input.columns, stmt.columns?.[0]?.span ?? stmt.table.span)
  const keyAt = keyPositions(t).map((p) => input.columns.indexOf(p))
  const width = t.schema.columns.length
  // Every column listed: the stored row does not matter, so UPSERT needs no read.
  const allListed = new Set(input.columns).size === width
  // ... and listed in table order: the input row is the new row as it is.
  const inOrder = allListed && input.columns.every((c, i) => c === i)
  const needRead = !(stmt.mode === 'REPLACE' || (stmt.mode === 'UPSERT' && allListed))
  const listed = [...input.columns].sort((a, b) => a - b)
  const fresh = freshRow(t)
  const freshChanged = stmt.mode === 'REPLACE' ? listed : [...new Set([...input.columns, ...fresh.defaulted])].sort((a, b) => a - b)
  const change = { kind: stmt.mode === 'REPLACE' ? 'replace' : 'upsert', columns: listed } as const
  const freshChange = { kind: change.kind, columns: freshChanged }
  let n = 0
  for (const values of input.rows) {
    let existing: readonly Value[] | undefined
    if (needRead) {
      const key = keyAt.map((i) => values[i]!)
      existing = tx.get(t, key)
      if (stmt.mode === 'INSERT' && existing !== undefined) {
        throw sqlError(SqlErrorCode.DuplicateKey, `Conflict with existing key. Table: '${t.path}', key: (${keyText(t, key)})`, stmt.span)
      }
    }
    let row: Value[]
    if (existing === undefined && inOrder) row = values as Value[] // a fresh array per input row
    else {
      row = existing !== undefined ? [...existing] : [...fresh.row]
      for (let i = 0; i < input.columns.length; i++) row[input.columns[i]!] = values[i]!
    }
    checkNotNull(t, row, stmt.span)
    tx.writeRow(t, row, existing !== undefined || allListed ? change : freshChange)
    n++
  }
  return { resultSets: [], rowsAffected: n }
}

function matchingRows(tx: WriteTxn, stmt: { table: UpdateStmt['table']; where?: Expr }, q: QueryEnv): { t: TableHandle; ctx: CompileContext; rows: Row[] } {
  const src = bindSource(tx, { kind: 'TableSource', table: stmt.table, span: stmt.table.span }, q.pathPrefix)
  const ctx: CompileContext = { sources: [src.scope], now: q.now, ...parameterScope(q) }
  const where = stmt.where ? compileExpr(stmt.where, ctx) : undefined
  const rows: Row[] = []
  // Collected before writing: the scan must not see the statement's own writes.
  for (const r of readSource(tx, src, stmt.where, ctx)) if (!where || where.eval({ rows: [r] }) === true) rows.push(r)
  return { t: src.handle, ctx, rows }
}

export function executeUpdate(tx: WriteTxn, stmt: UpdateStmt, q: QueryEnv): StatementOutcome {
  if (stmt.on) return updateOn(tx, stmt, q)
  const { t, ctx, rows } = matchingRows(tx, stmt, q)
  const keys = new Set(keyPositions(t))
  const sets = stmt.set.map((s) => {
    const index = t.schema.columns.findIndex((c) => c.name === s.column.text)
    if (index < 0) throw sqlError(SqlErrorCode.UnknownColumn, `No such column: ${s.column.text} in table '${t.path}'`, s.column.span)
    if (keys.has(index)) throw sqlError(SqlErrorCode.BadRequest, `Cannot update primary key column: ${s.column.text}`, s.column.span)
    return { index, value: compileExpr(s.value, ctx), span: s.value.span }
  })
  const columns = sets.map((s) => s.index).sort((a, b) => a - b)
  for (const r of rows) {
    const next = [...r]
    for (const s of sets) next[s.index] = toColumn({ type: s.value.type, value: s.value.eval({ rows: [r] }) }, t.schema.columns[s.index]!, t.path, s.span)
    tx.writeRow(t, next, { kind: 'upsert', columns })
  }
  return { resultSets: [], rowsAffected: rows.length }
}

function updateOn(tx: WriteTxn, stmt: UpdateStmt, q: QueryEnv): StatementOutcome {
  const t = openTable(tx, stmt.table, q.pathPrefix)
  const input = inputRows(tx, t, stmt.on!, stmt.onColumns, q)
  requireKeyColumns(t, input.columns, stmt.table.span)
  const keys = keyPositions(t)
  const changed = input.columns.filter((c) => !keys.includes(c)).sort((a, b) => a - b)
  let n = 0
  for (const values of [...input.rows]) {
    const key = keys.map((p) => values[input.columns.indexOf(p)]!)
    const existing = tx.get(t, key)
    if (existing === undefined) continue // UPDATE ON only changes rows that exist
    const row = [...existing]
    input.columns.forEach((c, i) => { row[c] = values[i]! })
    tx.writeRow(t, row, { kind: 'upsert', columns: changed })
    n++
  }
  return { resultSets: [], rowsAffected: n }
}

export function executeDelete(tx: WriteTxn, stmt: DeleteStmt, q: QueryEnv): StatementOutcome {
  if (stmt.on) {
    const t = openTable(tx, stmt.table, q.pathPrefix)
    const input = inputRows(tx, t, stmt.on, stmt.onColumns, q)
    requireKeyColumns(t, input.columns, stmt.table.span)
    const keys = keyPositions(t)
    let n = 0
    for (const values of [...input.rows]) if (tx.deleteRow(t, keys.map((p) => values[input.columns.indexOf(p)]!))) n++
    return { resultSets: [], rowsAffected: n }
  }
  const { t, rows } = matchingRows(tx, stmt, q)
  const keys = keyPositions(t)
  for (const r of rows) tx.deleteRow(t, keys.map((p) => r[p]!))
  return { resultSets: [], rowsAffected: rows.length }
}
