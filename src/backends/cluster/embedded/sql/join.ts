// INNER / LEFT JOIN ON: a hash join on the ON clause's equalities between the new
// source and the earlier ones (rest of ON checked per pair); a nested loop when
// ON has no such equality.
import type { Expr, Join } from '../../../../ast/nodes.js'
import { valueKey } from '../../../../types/convert.js'
import type { Row } from '../../../../types/value.js'
import type { ReadTxn } from '../engine-api.js'
import { compileExpr, type CompileContext, type Compiled } from './compile-expr.js'
import { readSource, type BoundSource } from './sources.js'

type Tuple = (Row | null)[]

function conjuncts(e: Expr, out: Expr[] = []): Expr[] {
  if (e.kind === 'BinaryExpr' && e.op === 'AND') {
    conjuncts(e.left, out)
    conjuncts(e.right, out)
  } else out.push(e)
  return out
}

/** Which source slots an expression reads (compiled against the joined scope). */
function slotsOf(c: Compiled, e: Expr, ctx: CompileContext): Set<number> | undefined {
  if (c.column) return new Set([c.column.slot])
  if (c.constant) return new Set()
  void e
  void ctx
  return undefined
}

export function* joinRows(left: Iterable<Tuple>, tx: ReadTxn, src: BoundSource, slot: number, join: Join, ctx: CompileContext): Iterable<Tuple> {
  const on = compileExpr(join.on, ctx)
  // Equalities `newSide = earlierSide` become the hash key.
  const leftKeys: Compiled[] = []
  const rightKeys: Compiled[] = []
  for (const c of conjuncts(join.on)) {
    if (c.kind !== 'BinaryExpr' || (c.op !== '=' && c.op !== '==')) continue
    const l = compileExpr(c.left, ctx)
    const r = compileExpr(c.right, ctx)
    const ls = slotsOf(l, c.left, ctx)
    const rs = slotsOf(r, c.right, ctx)
    if (!ls || !rs || ls.size !== 1 || rs.size !== 1) continue
    if (rs.has(slot) && !ls.has(slot)) {
      leftKeys.push(l)
      rightKeys.push(r)
    } else if (ls.has(slot) && !rs.has(slot)) {
      leftKeys.push(r)
      rightKeys.push(l)
    }
  }
  const rightRows = [...readSource(tx, src, undefined, ctx)]
  const probe = (t: Tuple): Row[] => {
    if (leftKeys.length === 0) return rightRows
    const env = { rows: t }
    const vals = leftKeys.map((k) => k.eval(env))
    if (vals.some((v) => v === null)) return []
    return table.get(vals.map(valueKey).join('\u0000')) ?? []
  }
  const table = new Map<string, Row[]>()
  if (leftKeys.length > 0) {
    const padding: Tuple = new Array(slot).fill(null)
    for (const r of rightRows) {
      const env = { rows: [...padding, r] }
      const vals = rightKeys.map((k) => k.eval(env))
      if (vals.some((v) => v === null)) continue
      const key = vals.map(valueKey).join('\u0000')
      const list = table.get(key)
      if (list) list.push(r)
      else table.set(key, [r])
    }
  }
  for (const t of left) {
    let matched = false
    for (const r of probe(t)) {
      const joined = [...t, r]
      if (on.eval({ rows: joined }) === true) {
        matched = true
        yield joined
      }
    }
    if (!matched && join.type === 'LEFT') yield [...t, null]
  }
}
