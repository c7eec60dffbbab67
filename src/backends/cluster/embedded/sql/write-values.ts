// Input rows of writes: VALUES or a SELECT, mapped onto table columns and
// converted to the columns' types with errors that name the column and point at
// the value.
import type { Expr, Name, WriteStmt } from '../../../../ast/nodes.js'
import type { Span } from '../../../../source/span.js'
import { convertImplicit, literalValue, parseText, valueToText } from '../../../../types/convert.js'
import type { ColumnSchema } from '../../../../types/table-schema.js'
import type { TypedValue, Value } from '../../../../types/value.js'
import { primitive, typeToString } from '../../../../types/ydb-type.js'
import type { ReadTxn, TableHandle } from '../engine-api.js'
import { compileExpr, EMPTY_ENV, parameterScope, type CompileContext } from './compile-expr.js'
import { SqlErrorCode, sqlError } from './errors.js'
import { typedLiteralType } from './functions.js'
import { executeSelect, type QueryEnv } from './select.js'

/** Input rows with the table column index of each value. */
export interface InputRows {
  readonly columns: readonly number[]
  readonly rows: Iterable<readonly Value[]>
}

function describe(tv: TypedValue): string {
  if (tv.value instanceof Uint8Array || typeof tv.value === 'string') return `"${valueToText(tv) ?? '<bytes>'}"`
  return valueToText(tv) ?? String(tv.value)
}

/** Converts one value into a column, or throws the error YDB would give, at `span`. */
export function toColumn(tv: TypedValue, col: ColumnSchema, table: string, span: Span): Value {
  const r = convertImplicit(tv, col.type)
  if (r.ok) {
    if (r.value === null && col.notNull) {
      throw sqlError(SqlErrorCode.NotNull, `Tried to insert NULL value into NOT-NULL column: ${col.name} (table '${table}')`, span)
    }
    return r.value
  }
  const target = typeToString(col.type)
  const from = tv.type === null ? 'Null' : typeToString(tv.type)
  if (r.reason === 'overflow') {
    const what = tv.type?.kind === 'Primitive' && tv.type.name.includes('nt') ? 'Integer overflow' : 'Value out of range'
    throw sqlError(SqlErrorCode.IntegerOverflow, `${what}: ${describe(tv)} does not fit column '${col.name}' of type ${target} in table '${table}'`, span)
  }
  if (r.reason === 'format') {
    throw sqlError(SqlErrorCode.TypeMismatch, `Invalid value ${describe(tv)} for column '${col.name}' of type ${target} in table '${table}'`, span)
  }
  throw sqlError(SqlErrorCode.TypeMismatch, `Type mismatch: cannot write ${from} to column '${col.name}' of type ${target} in table '${table}'`, span)
}

function columnIndexes(t: TableHandle, names: readonly Name[]): number[] {
  const seen = new Set<number>()
  return names.map((n) => {
    const i = t.schema.columns.findIndex((c) => c.name === n.text)
    if (i < 0) throw sqlError(SqlErrorCode.UnknownColumn, `No such column: ${n.text} in table '${t.path}'`, n.span)
    if (seen.has(i)) throw sqlError(SqlErrorCode.BadRequest, `Column ${n.text} is listed twice`, n.span)
    seen.add(i)
    return i
  })
}

const UTF8 = primitive('Utf8')

/** The text of short ASCII bytes (most literals), without a Buffer; undefined otherwise. */
function asciiText(b: Uint8Array): string | undefined {
  if (b.length > 64) return undefined
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return undefined
  return String.fromCharCode.apply(null, b as unknown as number[])
}

/**
 * A VALUES expression's value; plain literals and typed literals of a string
 * (`Timestamp('…')`) skip compilation (bulk loads are mostly those). Whatever
 * the shortcut cannot convert goes through compileExpr, which gives the errors.
 */
export function constantValue(e: Expr, ctx: CompileContext): TypedValue {
  if (e.kind === 'Literal') {
    if (e.type === 'String' && e.suffix === 'u') {
      const text = asciiText(e.value)
      if (text !== undefined) return { type: UTF8, value: text }
    }
    const tv = literalValue(e)
    if (tv !== undefined) return tv
  } else if (e.kind === 'CallExpr' && e.args.length === 1 && e.args[0]!.kind === 'Literal' && e.args[0]!.type === 'String') {
    const arg = e.args[0]
    const target = typedLiteralType(e.name)
    if (target) {
      // The argument's text: short ASCII directly, else as literalValue decodes it (String or Utf8 only).
      let text = arg.suffix === '' || arg.suffix === 'u' ? asciiText(arg.value) : undefined
      if (text === undefined) {
        const tv = literalValue(arg)
        const name = tv && tv.type?.kind === 'Primitive' ? tv.type.name : undefined
        if (tv && (name === 'String' || name === 'Utf8')) text = valueToText(tv)
      }
      const v = text === undefined ? undefined : parseText(text, target)
      if (v !== undefined) return { type: target, value: v }
    }
  }
  const c = compileExpr(e, ctx)
  return { type: c.type, value: c.eval(EMPTY_ENV) }
}

/** The context VALUES expressions compile in: no row sources, the statement's instant and parameters. */
export const valuesContext = (q: QueryEnv): CompileContext => ({ sources: [], now: q.now, ...parameterScope(q) })

/** VALUES / SELECT rows of a write, converted to the target columns' types. */
export function inputRows(tx: ReadTxn, t: TableHandle, source: WriteStmt['source'], names: readonly Name[] | undefined, q: QueryEnv): InputRows {
  const schema = t.schema
  if (source.kind === 'Values') {
    const columns = names ? columnIndexes(t, names) : schema.columns.map((_c, i) => i)
    const ctx = valuesContext(q)
    const rows = source.rows.map((exprs) => {
      if (exprs.length !== columns.length) {
        const span = exprs.length > 0 ? { start: exprs[0]!.span.start, end: exprs[exprs.length - 1]!.span.end } : source.span
        throw sqlError(SqlErrorCode.BadRequest, `VALUES row has ${exprs.length} values, expected ${columns.length} (table '${t.path}')`, span)
      }
      return exprs.map((e, i) => toColumn(constantValue(e, ctx), schema.columns[columns[i]!]!, t.path, e.span))
    })
    return { columns, rows }
  }
  const result = executeSelect(tx, source, q)
  let columns: number[]
  if (names) {
    columns = columnIndexes(t, names)
    if (columns.length !== result.columns.length) {
      throw sqlError(SqlErrorCode.BadRequest, `SELECT gives ${result.columns.length} columns, expected ${columns.length}`, source.span)
    }
  } else {
    columns = result.columns.map((rc, i) => {
      const idx = schema.columns.findIndex((c) => c.name === rc.name)
      const item = source.items[i]
      if (idx < 0) throw sqlError(SqlErrorCode.UnknownColumn, `No such column: ${rc.name} in table '${t.path}'`, item?.span ?? source.span)
      return idx
    })
  }
  const spans = result.columns.map((_c, i) => source.items[Math.min(i, source.items.length - 1)]?.span ?? source.span)
  const rows = result.rows.map((r) =>
    r.map((v, i) => toColumn({ type: result.columns[i]!.type?.type ?? null, value: v }, schema.columns[columns[i]!]!, t.path, spans[i]!)),
  )
  return { columns, rows }
}
