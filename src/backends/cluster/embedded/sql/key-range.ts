// WHERE → the key range to read. Conjuncts `k = const` on a key prefix, then one
// range (`<`, `<=`, `>`, `>=`, BETWEEN, IN as [min, max]) on the next key column, narrow the scan;
// the whole WHERE is still applied to every row read, so the range only has to
// be a superset of the matching keys. Constants that do not convert exactly to
// the key column's type leave the column unconstrained.
import type { BinaryExpr, Expr } from '../../../../ast/nodes.js'
import { convertImplicit } from '../../../../types/convert.js'
import type { Value } from '../../../../types/value.js'
import type { KeyRange } from '../engine-api.js'
import { compileExpr, EMPTY_ENV, type CompileContext, type SourceScope } from './compile-expr.js'
import { comparatorFor } from './compare.js'

/** How reads were done: tests and benchmarks use it to see that a key range was read. */
export const readStats = { fullScans: 0, rangeScans: 0, rowsRead: 0 }

function conjuncts(e: Expr | undefined, out: Expr[] = []): Expr[] {
  if (e === undefined) return out
  if (e.kind === 'BinaryExpr' && e.op === 'AND') {
    conjuncts(e.left, out)
    conjuncts(e.right, out)
  } else out.push(e)
  return out
}

type Op = '=' | '<' | '<=' | '>' | '>='
const FLIP: Record<Op, Op> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' }

interface Bound { readonly column: string; readonly op: Op; readonly value: Value }

/**
 * The key range for `where` over `source` keyed by `keyColumns` (primary key or
 * index columns), or undefined when nothing constrains the first key column.
 */
export function keyRangeFor(where: Expr | undefined, source: SourceScope, keyColumns: readonly string[], ctx: CompileContext): KeyRange | undefined {
  const bounds: Bound[] = []
  const constCtx: CompileContext = { ...ctx, sources: [], aggregates: undefined, aliases: undefined }
  const columnOf = (e: Expr): string | undefined =>
    e.kind === 'ColumnRef' && (e.table === undefined || e.table.text === source.name) && keyColumns.includes(e.column.text) ? e.column.text : undefined
  const constantValue = (e: Expr, column: string): Value | undefined => {
    try {
      const c = compileExpr(e, constCtx)
      const v = c.eval(EMPTY_ENV)
      if (v === null) return undefined
      const col = source.columns.find((x) => x.name === column)!
      const conv = convertImplicit({ type: c.type, value: v }, col.type)
      if (!conv.ok || conv.value === null) return undefined
      // Only an exact conversion keeps the range a superset (Decimal rounding would not).
      const cmp = comparatorFor(c.type, col.type)
      return cmp && cmp(v, conv.value) === 0 ? conv.value : undefined
    } catch {
      return undefined // refers to columns, or does not compile: not a constant bound
    }
  }
  for (const c of conjuncts(where)) {
    if (c.kind === 'BinaryExpr' && ['=', '==', '<', '<=', '>', '>='].includes(c.op)) {
      const b = c as BinaryExpr
      const op = (b.op === '==' ? '=' : b.op) as Op
      let col = columnOf(b.left)
      let other = b.right
      let o = op
      if (col === undefined) {
        col = columnOf(b.right)
        other = b.left
        o = FLIP[op]
      }
      if (col === undefined) continue
      const v = constantValue(other, col)
      if (v !== undefined) bounds.push({ column: col, op: o, value: v })
    } else if (c.kind === 'InExpr' && !c.negated && c.list.length > 0) {
      // `k IN (a, b, c)`: the range [min, max] (a point when the list has one value).
      const col = columnOf(c.operand)
      if (col === undefined) continue
      const values = c.list.map((e) => constantValue(e, col))
      if (values.some((v) => v === undefined)) continue
      const type = source.columns.find((x) => x.name === col)!.type
      const cmp = comparatorFor(type, type)!
      const sorted = (values as Value[]).sort(cmp)
      if (sorted.length === 1) bounds.push({ column: col, op: '=', value: sorted[0]! })
      else {
        bounds.push({ column: col, op: '>=', value: sorted[0]! })
        bounds.push({ column: col, op: '<=', value: sorted[sorted.length - 1]! })
      }
    } else if (c.kind === 'BetweenExpr' && !c.negated) {
      const col = columnOf(c.operand)
      if (col === undefined) continue
      const lo = constantValue(c.low, col)
      const hi = constantValue(c.high, col)
      if (lo !== undefined) bounds.push({ column: col, op: '>=', value: lo })
      if (hi !== undefined) bounds.push({ column: col, op: '<=', value: hi })
    }
  }
  const prefix: Value[] = []
  for (const k of keyColumns) {
    const eq = bounds.find((b) => b.column === k && b.op === '=')
    if (eq) {
      prefix.push(eq.value)
      continue
    }
    const lo = bounds.find((b) => b.column === k && (b.op === '>' || b.op === '>='))
    const hi = bounds.find((b) => b.column === k && (b.op === '<' || b.op === '<='))
    if (!lo && !hi && prefix.length === 0) return undefined
    return {
      from: lo ? { key: [...prefix, lo.value], inclusive: lo.op === '>=' } : prefix.length ? { key: prefix, inclusive: true } : undefined,
      to: hi ? { key: [...prefix, hi.value], inclusive: hi.op === '<=' } : prefix.length ? { key: prefix, inclusive: true } : undefined,
    } as KeyRange
  }
  return { from: { key: prefix, inclusive: true }, to: { key: prefix, inclusive: true } }
}
