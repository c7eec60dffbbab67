// VALUES rows of a bulk statement (src/syntax/bulk-values.ts) converted into the
// target table's column values without an AST node per value. Each value gets
// the typed value the ordinary path's constantValue gives it (the same
// conversion functions: literalValue, castValue, parseText, unescapeBody), then
// the column conversion toColumn does. Anything that is not plainly fine (a
// conversion error, a NULL into NOT NULL, an arity mismatch) returns undefined,
// and the caller takes the ordinary path on the statement's (lazily parsed) AST,
// which throws exactly the ordinary error.
import type { Expr, Name } from '../../../../ast/nodes.js'
import { literalNode, type LiteralKind } from '../../../../ast/build-literal.js'
import { resolveType } from '../../../../ast/resolve-type.js'
import { CellKind, CellWrap, type BulkCells } from '../../../../syntax/bulk-scan.js'
import { unescapeBody } from '../../../../syntax/unescape.js'
import type { Span } from '../../../../source/span.js'
import { castValue, convertImplicit, literalValue, parseText } from '../../../../types/convert.js'
import type { TypedValue, Value } from '../../../../types/value.js'
import { primitive, type YdbType } from '../../../../types/ydb-type.js'
import type { ColumnSchema } from '../../../../types/table-schema.js'
import type { TableHandle } from '../engine-api.js'
import type { CompileContext } from './compile-expr.js'
import { typedLiteralType } from './functions.js'
import { constantValue, type InputRows } from './write-values.js'

const INT32 = primitive('Int32')
const DOUBLE = primitive('Double')
const STRING = primitive('String')
const UTF8 = primitive('Utf8')
const BOOL = primitive('Bool')

/** Thrown to leave the bulk path; the caller falls back to the ordinary one. */
const FALL_BACK = new Error('bulk path: fall back')

const LITERAL_KIND: Record<number, LiteralKind> = {
  [CellKind.PlainInteger]: 'Integer',
  [CellKind.Integer]: 'Integer',
  [CellKind.Real]: 'Float',
  [CellKind.SimpleString]: 'String',
  [CellKind.String]: 'String',
  [CellKind.True]: 'True',
  [CellKind.False]: 'False',
  [CellKind.Null]: 'Null',
}

const castTargets = new Map<string, YdbType | undefined>()
function castTarget(name: string): YdbType | undefined {
  if (!castTargets.has(name)) {
    if (castTargets.size > 1000) castTargets.clear()
    castTargets.set(name, resolveType({ kind: 'TypeRef', name, params: [], optional: false, span: { start: 0, end: 0 } }))
  }
  return castTargets.get(name)
}

/** `[0-9.]+`: a REAL token parseRealLiteral reads as Number(text) with no suffix. */
export function plainReal(t: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i)
    if (!((c >= 48 && c <= 57) || c === 46)) return false
  }
  return true
}

const spanOf = (start: number, end: number): Span => ({ start, end })

/** The AST node of cell k (the exact path): what the parser builds for that value. */
function cellExpr(c: BulkCells, k: number): Expr {
  const t = c.text
  const s = c.start[k]!
  const e = c.end[k]!
  const lit = literalNode(LITERAL_KIND[c.kind[k]!]!, t.slice(s, e), spanOf(s, e))
  if (lit.bad !== undefined) throw FALL_BACK
  const wrap = c.wrap[k]!
  const exprSpan = spanOf(c.exprStart[k]!, c.exprEnd[k]!)
  if (wrap & CellWrap.Call) return { kind: 'CallExpr', name: t.slice(c.nameStart[k]!, c.nameEnd[k]!), args: [lit.node], distinct: false, span: exprSpan }
  let operand: Expr = lit.node
  if (wrap & (CellWrap.Minus | CellWrap.Plus)) {
    const signAt = wrap & CellWrap.Cast ? t.lastIndexOf(wrap & CellWrap.Minus ? '-' : '+', s) : c.exprStart[k]!
    operand = { kind: 'UnaryExpr', op: wrap & CellWrap.Minus ? '-' : '+', operand: lit.node, span: spanOf(signAt, e) }
  }
  if (wrap & CellWrap.Cast) {
    const ns = c.nameStart[k]!
    const ne = c.nameEnd[k]!
    return { kind: 'CastExpr', operand, type: { kind: 'TypeRef', name: t.slice(ns, ne), params: [], optional: false, span: spanOf(ns, ne) }, span: exprSpan }
  }
  return operand
}

// String.prototype.isWellFormed (Node 20; not in the compiler's lib yet): no lone surrogate.
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed()

/** A base literal's typed value on the common shapes; undefined when only the exact path knows. */
function quickLiteral(c: BulkCells, k: number): TypedValue | undefined {
  const t = c.text
  const s = c.start[k]!
  const e = c.end[k]!
  switch (c.kind[k]) {
    case CellKind.PlainInteger:
      // Nine digits always fit Int32: literalValue types it Int32 with this number.
      if (e - s <= 9) return { type: INT32, value: Number(t.slice(s, e)) }
      return literalValue({ type: 'Integer', value: BigInt(t.slice(s, e)), suffix: '' })
    case CellKind.Real:
      return plainReal(t, s, e) ? { type: DOUBLE, value: Number(t.slice(s, e)) } : undefined
    case CellKind.SimpleString: {
      const hasSuffix = t.charCodeAt(e - 1) !== 39
      const body = t.slice(s + 1, hasSuffix ? e - 2 : e - 1)
      if (!hasSuffix) {
        const r = unescapeBody(body) // no backslash: its UTF-8 bytes
        return r.ok ? { type: STRING, value: r.bytes } : undefined
      }
      // 'u': the bytes decoded again, which is the text itself when it is well formed.
      return wellFormed(body) ? { type: UTF8, value: body } : undefined
    }
    case CellKind.True:
      return { type: BOOL, value: true }
    case CellKind.False:
      return { type: BOOL, value: false }
    case CellKind.Null:
      return { type: null, value: null }
  }
  return undefined
}

/**
 * Cell k's typed value on the common shapes (what constantValue gives for its
 * AST node), without a compile context; undefined when only the exact path knows.
 */
export function quickCellValue(c: BulkCells, k: number): TypedValue | undefined {
  const wrap = c.wrap[k]!
  if (wrap === CellWrap.None) return quickLiteral(c, k)
  if (wrap === CellWrap.Cast) {
    const tv = quickLiteral(c, k)
    const target = castTarget(c.text.slice(c.nameStart[k]!, c.nameEnd[k]!))
    if (tv !== undefined && target !== undefined) return { type: target, value: castValue(tv, target) }
  } else if (wrap === CellWrap.Call && c.kind[k] === CellKind.SimpleString) {
    // constantValue's own shortcut for typed literals of short ASCII text.
    const target = typedLiteralType(c.text.slice(c.nameStart[k]!, c.nameEnd[k]!))
    const tv = target ? quickLiteral(c, k) : undefined
    if (tv !== undefined && typeof tv.value === 'string') {
      const v = parseText(tv.value, target!)
      if (v !== undefined) return { type: target!, value: v }
    } else if (tv !== undefined && tv.value instanceof Uint8Array) {
      const text = c.text.slice(c.start[k]! + 1, c.end[k]! - 1)
      if (text.length <= 64 && /^[\x00-\x7f]*$/.test(text)) {
        const v = parseText(text, target!)
        if (v !== undefined) return { type: target!, value: v }
      }
    }
  }
  return undefined
}

/** Cell k's typed value: what constantValue gives for its AST node. */
function cellValue(c: BulkCells, k: number, ctx: CompileContext): TypedValue {
  return quickCellValue(c, k) ?? constantValue(cellExpr(c, k), ctx)
}

/** A column's value for a typed value as toColumn converts it; NO_VALUE where toColumn would throw. */
export function columnValue(type: YdbType | null, value: Value, col: ColumnSchema): Value | typeof NO_VALUE {
  const ct = col.type
  let v: Value
  // convertImplicit's first rule (the same primitive type keeps the value), inline.
  if (value !== null && type !== null && type.kind === 'Primitive' && ct.kind === 'Primitive' && type.name === ct.name) v = value
  else {
    const res = convertImplicit({ type, value }, ct)
    if (!res.ok) return NO_VALUE
    v = res.value
  }
  return v === null && col.notNull ? NO_VALUE : v
}

/** columnValue's "toColumn would throw": take the ordinary path. */
export const NO_VALUE: unique symbol = Symbol('no value')

/** The table column index of each listed name (or of every column), or undefined where columnIndexes would throw. */
export function listedColumns(t: TableHandle, names: readonly Name[] | undefined): number[] | undefined {
  const schema = t.schema
  if (!names) return schema.columns.map((_c, i) => i)
  const columns: number[] = []
  for (const n of names) {
    const i = schema.columns.findIndex((c) => c.name === n.text)
    if (i < 0 || columns.includes(i)) return undefined
    columns.push(i)
  }
  return columns
}

/**
 * The bulk statement's rows in the table's column types, or undefined when
 * anything needs the ordinary path (which then gives the error).
 */
export function bulkInputRows(t: TableHandle, cells: BulkCells, names: readonly Name[] | undefined, ctx: CompileContext): InputRows | undefined {
  try {
    const columns = listedColumns(t, names)
    if (!columns) return undefined
    const width = columns.length
    if (cells.width !== width) return undefined
    const cols = columns.map((i) => t.schema.columns[i]!)
    const rows: Value[][] = new Array(cells.rowCount)
    let k = 0
    for (let r = 0; r < cells.rowCount; r++) {
      const row: Value[] = new Array(width)
      for (let i = 0; i < width; i++, k++) {
        const tv = cellValue(cells, k, ctx)
        const v = columnValue(tv.type, tv.value, cols[i]!)
        if (v === NO_VALUE) return undefined
        row[i] = v
      }
      rows[r] = row
    }
    return { columns, rows }
  } catch {
    // A value the exact path could not compile: the ordinary path throws its error.
    return undefined
  }
}
