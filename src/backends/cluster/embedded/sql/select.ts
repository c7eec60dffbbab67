// SELECT: sources and joins, WHERE (reading a key range when the key is
// constrained), GROUP BY with aggregates, HAVING, projection, DISTINCT,
// ORDER BY, OFFSET/LIMIT. Runs inside one read (or write) transaction.
import type { Expr, SelectStmt } from '../../../../ast/nodes.js'
import { valueKey } from '../../../../types/convert.js'
import type { Row, Value } from '../../../../types/value.js'
import type { ResultColumn, ResultSet } from '../../cluster-backend.js'
import type { ReadTxn, TableHandle } from '../engine-api.js'
import { makeAccumulator } from './aggregates.js'
import { comparatorFor, type Comparator } from './compare.js'
import { compileExpr, EMPTY_ENV, parameterScope, type AggregateSpec, type ParameterScope, type CompileContext, type Compiled, type Env } from './compile-expr.js'
import { SqlErrorCode, sqlError } from './errors.js'
import { containsAggregate } from './functions.js'
import { joinRows } from './join.js'
import { readStats } from './key-range.js'
import { bindSource, readSource, type BoundSource } from './sources.js'

/** What a statement's expressions may use besides its tables. */
export interface QueryEnv extends ParameterScope {
  readonly pathPrefix: string
  readonly now: bigint
}

type Tuple = (Row | null)[]

function nonNegativeInt(e: Expr | undefined, ctx: CompileContext, what: string): number | undefined {
  if (!e) return undefined
  const c = compileExpr(e, { ...ctx, sources: [] })
  const v = c.eval(EMPTY_ENV)
  if ((typeof v !== 'number' && typeof v !== 'bigint') || v < 0) throw sqlError(SqlErrorCode.BadRequest, `${what} must be a non-negative integer`, e.span)
  return Number(v)
}

interface OutputItem {
  readonly name: string
  readonly compiled: Compiled
}

export function executeSelect(tx: ReadTxn, stmt: SelectStmt, q: QueryEnv): ResultSet {
  const sources: BoundSource[] = []
  if (stmt.from) sources.push(bindSource(tx, stmt.from, q.pathPrefix))
  for (const j of stmt.joins) sources.push(bindSource(tx, j.source, q.pathPrefix, j.type === 'LEFT'))
  const scopes = sources.map((s) => s.scope)
  const base: CompileContext = { sources: scopes, now: q.now, ...parameterScope(q) }

  // Rows: the first source (by key range when there is no join), then each join.
  let tuples: Iterable<Tuple>
  if (sources.length === 0) tuples = [[]]
  else {
    const first = sources[0]!
    const firstRows = readSource(tx, first, stmt.joins.length === 0 ? stmt.where : undefined, { ...base, sources: [first.scope] })
    tuples = (function* () { for (const r of firstRows) yield [r] })()
    stmt.joins.forEach((j, i) => {
      tuples = joinRows(tuples, tx, sources[i + 1]!, i + 1, j, { ...base, sources: scopes.slice(0, i + 2) })
    })
  }
  const where = stmt.where ? compileExpr(stmt.where, base) : undefined
  if (where && where.type !== null && !(where.type.kind === 'Primitive' && where.type.name === 'Bool')) {
    throw sqlError(SqlErrorCode.TypeMismatch, 'WHERE needs a Bool condition', stmt.where!.span)
  }

  const grouped = stmt.groupBy.length > 0 || stmt.items.some((i) => containsAggregate(i.expr)) || (stmt.having !== undefined)
  const aggregates: AggregateSpec[] = []
  const groupKeys = stmt.groupBy.map((g) => compileExpr(g, base))
  const groupColumns = new Set(groupKeys.flatMap((g) => (g.column ? [`${g.column.slot}:${g.column.index}`] : [])))
  const itemCtx: CompileContext = grouped ? { ...base, aggregates, groupColumns } : base

  // Projection.
  const outputs: OutputItem[] = []
  stmt.items.forEach((item, i) => {
    if (item.expr.kind === 'StarExpr') {
      const star = item.expr
      const chosen = star.table ? scopes.filter((s) => s.name === star.table!.text) : scopes
      if (star.table && chosen.length === 0) throw sqlError(SqlErrorCode.UnknownColumn, `Unknown correlation name: ${star.table.text}`, star.table.span)
      for (const s of chosen) {
        s.columns.forEach((c) => {
          outputs.push({
            name: scopes.length > 1 && !star.table ? `${s.name}.${c.name}` : c.name,
            compiled: compileExpr({ kind: 'ColumnRef', table: { kind: 'Name', text: s.name, quoted: 'none', span: star.span }, column: { kind: 'Name', text: c.name, quoted: 'none', span: star.span }, span: star.span }, itemCtx),
          })
        })
      }
      return
    }
    const compiled = compileExpr(item.expr, itemCtx)
    outputs.push({ name: item.alias?.text ?? compiled.column?.name ?? `column${i}`, compiled })
  })
  const aliases = new Map<string, Compiled>()
  for (const o of outputs) if (!aliases.has(o.name)) aliases.set(o.name, o.compiled)
  const having = stmt.having ? compileExpr(stmt.having, { ...itemCtx, aliases }) : undefined
  const orderKeys = stmt.orderBy.map((o) => {
    const c = compileExpr(o.expr, { ...itemCtx, aliases })
    const cmp: Comparator = comparatorFor(c.type, c.type) ?? (() => 0)
    return { c, cmp, desc: o.direction === 'DESC' }
  })

  // Environments: one per row, or one per group.
  let envs: Iterable<Env>
  const filtered = (function* () {
    for (const t of tuples) {
      const env: Env = { rows: t }
      if (!where || where.eval(env) === true) yield env
    }
  })()
  const countOnly = countStarOnly(stmt, sources, aggregates)
  if (countOnly) {
    // COUNT(*) of a whole table: LMDB counts the keys without decoding rows.
    // The group's representative row is the first one, as a scan would give.
    const n = tx.countRows(countOnly)
    readStats.fullScans++
    let first: Row | undefined
    for (const r of tx.scan(countOnly)) {
      first = r
      break
    }
    if (first) readStats.rowsRead++
    envs = [{ rows: first ? [first] : scopes.map(() => null), aggs: aggregates.map(() => BigInt(n)) }]
  } else if (grouped) {
    const groups = new Map<string, { rep: Tuple; accs: ReturnType<typeof makeAccumulator>[] }>()
    for (const env of filtered) {
      const key = groupKeys.map((g) => valueKey(g.eval(env))).join('\u0000')
      let g = groups.get(key)
      if (!g) {
        g = { rep: env.rows as Tuple, accs: aggregates.map(makeAccumulator) }
        groups.set(key, g)
      }
      for (const a of g.accs) a.add(env)
    }
    if (groups.size === 0 && stmt.groupBy.length === 0) {
      groups.set('', { rep: scopes.map(() => null), accs: aggregates.map(makeAccumulator) })
    }
    envs = [...groups.values()].map((g) => ({ rows: g.rep, aggs: g.accs.map((a) => a.result()) }))
  } else envs = filtered

  const offset = nonNegativeInt(stmt.offset, base, 'OFFSET') ?? 0
  const limit = nonNegativeInt(stmt.limit, base, 'LIMIT')
  const evals = outputs.map((o) => o.compiled.eval)
  const width = evals.length
  // `SELECT *` of one table: the scanned row already is the output row.
  const identity = !grouped && scopes.length === 1 && width === scopes[0]!.columns.length &&
    outputs.every((o, i) => o.compiled.column?.slot === 0 && o.compiled.column.index === i)
  const project = (env: Env): Value[] => {
    if (identity) return env.rows[0] as Value[]
    const row: Value[] = new Array(width)
    for (let i = 0; i < width; i++) row[i] = evals[i]!(env)
    return row
  }
  const seen = stmt.distinct ? new Set<string>() : undefined
  const isNew = (row: Value[]): boolean => {
    if (!seen) return true
    const k = row.map(valueKey).join('\u0000')
    if (seen.has(k)) return false
    seen.add(k)
    return true
  }
  let rows: Row[]
  if (orderKeys.length === 0) {
    // Without ORDER BY rows come in key order, and LIMIT can stop the scan early.
    const out: Row[] = []
    const stop = limit === undefined ? Infinity : offset + limit
    if (stop > 0) {
      for (const env of envs) {
        if (having && having.eval(env) !== true) continue
        const row = project(env)
        if (isNew(row) && out.push(row) >= stop) break
      }
    }
    rows = offset === 0 ? out : out.slice(offset)
  } else {
    const out: { row: Value[]; keys: Value[] }[] = []
    for (const env of envs) {
      if (having && having.eval(env) !== true) continue
      const row = project(env)
      if (isNew(row)) out.push({ row, keys: orderKeys.map((k) => k.c.eval(env)) })
    }
    out.sort((a, b) => {
      for (let i = 0; i < orderKeys.length; i++) {
        const { cmp, desc } = orderKeys[i]!
        const x = a.keys[i]!
        const y = b.keys[i]!
        // NULLs first in ascending order, as YDB sorts them.
        const c = x === null ? (y === null ? 0 : -1) : y === null ? 1 : cmp(x, y)
        if (c !== 0) return desc ? -c : c
      }
      return 0
    })
    rows = out.slice(offset, limit === undefined ? undefined : offset + limit).map((r) => r.row)
  }
  const columns: ResultColumn[] = outputs.map((o) => ({
    name: o.name,
    type: o.compiled.type === null ? null : { type: o.compiled.type, nullable: o.compiled.nullable },
  }))
  return { columns, rows }
}

/** The table of a `SELECT COUNT(*) ... FROM t` without WHERE, GROUP BY, JOIN or index view; else undefined. */
function countStarOnly(stmt: SelectStmt, sources: readonly BoundSource[], aggregates: readonly AggregateSpec[]): TableHandle | undefined {
  if (stmt.where || stmt.groupBy.length > 0 || stmt.joins.length > 0 || sources.length !== 1 || sources[0]!.index) return undefined
  if (aggregates.length === 0 || !aggregates.every((a) => a.fn === 'COUNT' && a.arg === undefined && !a.distinct)) return undefined
  return sources[0]!.handle
}
