// Expressions → closures with static types. A compiled expression knows its
// YdbType (null for the untyped NULL literal) and nullability, so result columns
// carry types; `constant` marks expressions without column references (used for
// key ranges and folded at compile time).
import type { CallExpr, ColumnRef, Expr } from '../../../../ast/nodes.js'
import type { Span } from '../../../../source/span.js'
import { castValue, convertImplicit, isIntegerType, isTextType, literalValue } from '../../../../types/convert.js'
import type { Row, Value } from '../../../../types/value.js'
import { isDecimal } from '../../../../types/value.js'
import { primitive, typeToString, type ColumnType, type YdbType } from '../../../../types/ydb-type.js'
import { arithmetic, type ArithOp } from './arith.js'
import { comparatorFor, type Comparator } from './compare.js'
import { SqlErrorCode, sqlError } from './errors.js'
import { compileCall } from './functions.js'
import { compileLogic, compileNullTest } from './logic.js'
import { compileBitwise, compileConcat, compileLike } from './operators.js'
import { resolveTypeRef } from './type-ref.js'

/** A column visible to expressions. */
export interface ColumnInfo {
  readonly name: string
  readonly type: YdbType
  readonly nullable: boolean
}

/** One row source of a query: a table (or index view) under its correlation name. */
export interface SourceScope {
  readonly name: string
  readonly path: string
  readonly columns: readonly ColumnInfo[]
  /** A LEFT JOIN's right side: every column may be NULL. */
  readonly outer?: boolean
}

/** The runtime input of a compiled expression: one row per source (NULL for a LEFT JOIN miss), and aggregate results. */
export interface Env {
  readonly rows: readonly (Row | null)[]
  readonly aggs?: readonly Value[]
}

export interface Compiled {
  readonly type: YdbType | null
  readonly nullable: boolean
  readonly constant: boolean
  readonly eval: (env: Env) => Value
  /** For a bare column reference: its name (result column naming) and position. */
  readonly column?: { readonly name: string; readonly slot: number; readonly index: number }
}

/** An aggregate found while compiling a grouped query's expressions. */
export interface AggregateSpec {
  readonly fn: 'COUNT' | 'SUM' | 'MIN' | 'MAX' | 'AVG'
  /** Absent for COUNT(*). */
  readonly arg?: Compiled
  readonly distinct: boolean
  readonly type: YdbType
  readonly span: Span
}

/** A statement's `$parameters`: values, and the DECLAREd types of those that have one. */
export interface ParameterScope {
  readonly parameters?: ReadonlyMap<string, Value>
  /** By `$name`. A value's representation alone does not tell Date from Int32, or Timestamp from Int64. */
  readonly parameterTypes?: ReadonlyMap<string, ColumnType>
}

/** The parameter fields of `q`, to spread into a CompileContext. */
export const parameterScope = (q: ParameterScope): ParameterScope => ({
  ...(q.parameters ? { parameters: q.parameters } : {}),
  ...(q.parameterTypes ? { parameterTypes: q.parameterTypes } : {}),
})

export interface CompileContext extends ParameterScope {
  readonly sources: readonly SourceScope[]
  /** The statement's instant (µs): every CurrentUtc* call of a statement returns it. */
  readonly now: bigint
  /** Set in grouped queries: aggregate calls register here. */
  readonly aggregates?: AggregateSpec[]
  /** In grouped queries: the `slot:index` of columns that are GROUP BY keys (others must be aggregated). */
  readonly groupColumns?: ReadonlySet<string>
  /** Select-list aliases (ORDER BY / HAVING may name them). */
  readonly aliases?: ReadonlyMap<string, Compiled>
}

export const EMPTY_ENV: Env = { rows: [] }

export const constantOf = (type: YdbType | null, value: Value): Compiled => ({
  type,
  nullable: value === null,
  constant: true,
  eval: () => value,
})

/** Folds an expression whose inputs are all constant. */
export function fold(c: Compiled): Compiled {
  return c.constant ? constantOf(c.type, c.eval(EMPTY_ENV)) : c
}

export const typeError = (message: string, span: Span): Error => sqlError(SqlErrorCode.TypeMismatch, message, span)

const tn = (t: YdbType | null): string => (t === null ? 'Null' : typeToString(t))

/** A primitive type's name ('' for Decimal and NULL). */
export const typeNameOf = (t: YdbType | null): string => (t?.kind === 'Primitive' ? t.name : '')

export function compileExpr(e: Expr, ctx: CompileContext): Compiled {
  switch (e.kind) {
    case 'Literal': {
      const tv = literalValue(e)
      if (tv === undefined) {
        const msg = e.type === 'Integer' ? `Integer literal ${e.text} is out of range` : `Invalid literal ${e.text}`
        throw sqlError(e.type === 'Integer' ? SqlErrorCode.IntegerOverflow : SqlErrorCode.BadRequest, msg, e.span)
      }
      return constantOf(tv.type, tv.value)
    }
    case 'ColumnRef':
      return compileColumnRef(e, ctx)
    case 'Parameter':
      return compileParameter(e.name, e.span, ctx)
    case 'UnaryExpr':
      return compileUnary(e.op, compileExpr(e.operand, ctx), e.span)
    case 'BinaryExpr': {
      const l = compileExpr(e.left, ctx)
      const r = compileExpr(e.right, ctx)
      return fold(compileBinary(e.op, l, r, e.span))
    }
    case 'InExpr': {
      const operand = compileExpr(e.operand, ctx)
      const items = e.list.map((x) => compileExpr(x, ctx))
      const cmps = items.map((it, i) => comparison(operand, it, e.list[i]!.span))
      const negated = e.negated
      return fold({
        type: primitive('Bool'),
        nullable: operand.nullable || items.some((i) => i.nullable),
        constant: operand.constant && items.every((i) => i.constant),
        eval: (env) => {
          const a = operand.eval(env)
          if (a === null) return null
          let sawNull = false
          for (let i = 0; i < items.length; i++) {
            const b = items[i]!.eval(env)
            if (b === null) sawNull = true
            else if (cmps[i]!(a, b) === 0) return !negated
          }
          return sawNull ? null : negated
        },
      })
    }
    case 'BetweenExpr': {
      const operand = compileExpr(e.operand, ctx)
      const low = compileExpr(e.low, ctx)
      const high = compileExpr(e.high, ctx)
      const ge = compileBinary('>=', operand, low, e.span)
      const le = compileBinary('<=', operand, high, e.span)
      const both = compileLogic('AND', ge, le, e.span)
      return fold(e.negated ? compileUnary('NOT', both, e.span) : both)
    }
    case 'IsNullExpr':
      return compileNullTest(compileExpr(e.operand, ctx), e.negated)
    case 'LikeExpr':
      return compileLike(e.operand, e.pattern, e.escape, e.negated, e.span, ctx)
    case 'CallExpr':
      return compileCall(e as CallExpr, ctx)
    case 'CastExpr': {
      const operand = compileExpr(e.operand, ctx)
      const target = resolveTypeRef(e.type)
      if (target === undefined) throw typeError(`Unknown type: ${e.type.name}`, e.type.span)
      return fold({
        type: target,
        nullable: true,
        constant: operand.constant,
        eval: (env) => castValue({ type: operand.type, value: operand.eval(env) }, target),
      })
    }
    case 'StarExpr':
      throw sqlError(SqlErrorCode.BadRequest, '* is not allowed here', e.span)
  }
}

function compileColumnRef(e: ColumnRef, ctx: CompileContext): Compiled {
  const name = e.column.text
  if (e.table === undefined && ctx.aliases?.has(name)) return ctx.aliases.get(name)!
  const candidates: { slot: number; index: number; src: SourceScope }[] = []
  ctx.sources.forEach((src, slot) => {
    if (e.table !== undefined && src.name !== e.table.text) return
    const index = src.columns.findIndex((c) => c.name === name)
    if (index >= 0) candidates.push({ slot, index, src })
  })
  if (candidates.length === 0) {
    if (e.table !== undefined && !ctx.sources.some((s) => s.name === e.table!.text)) {
      throw sqlError(SqlErrorCode.UnknownColumn, `Unknown correlation name: ${e.table.text}`, e.table.span)
    }
    const where = ctx.sources.length === 1 ? ` in table '${ctx.sources[0]!.path}'` : ''
    if (ctx.sources.length === 0) throw sqlError(SqlErrorCode.UnknownColumn, `Column reference '${name}' needs a FROM clause`, e.span)
    throw sqlError(SqlErrorCode.UnknownColumn, `Column '${name}' not found${where}`, e.span)
  }
  if (candidates.length > 1) throw sqlError(SqlErrorCode.BadRequest, `Column '${name}' is ambiguous: qualify it with a table name`, e.span)
  const { slot, index, src } = candidates[0]!
  const col = src.columns[index]!
  if (ctx.aggregates && ctx.groupColumns && !ctx.groupColumns.has(`${slot}:${index}`)) {
    throw sqlError(SqlErrorCode.BadRequest, `Column \`${name}\` must either be a key column in GROUP BY or it should be used in aggregation function`, e.span)
  }
  return {
    type: col.type,
    nullable: col.nullable || src.outer === true,
    constant: false,
    column: { name, slot, index },
    eval: (env) => {
      const r = env.rows[slot]
      return r == null ? null : r[index]!
    },
  }
}

/** The type a parameter's JS value has (the executor converts declared parameters beforehand). */
function parameterType(v: Value): YdbType | null {
  if (v === null) return null
  if (typeof v === 'boolean') return primitive('Bool')
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) <= 2147483647 ? primitive('Int32') : primitive('Double')
  if (typeof v === 'bigint') return v > 9223372036854775807n ? primitive('Uint64') : primitive('Int64')
  if (typeof v === 'string') return primitive('Utf8')
  if (v instanceof Uint8Array) return primitive('String')
  if (isDecimal(v)) return { kind: 'Decimal', precision: 35, scale: v.scale }
  return null
}

function compileParameter(name: string, span: Span, ctx: CompileContext): Compiled {
  const bare = name.replace(/^\$/, '')
  const params = ctx.parameters
  const key = params?.has(name) ? name : params?.has(`$${bare}`) ? `$${bare}` : params?.has(bare) ? bare : undefined
  if (key === undefined) throw sqlError(SqlErrorCode.BadRequest, `Unknown parameter: $${bare}`, span)
  const v = params!.get(key)!
  const declared = ctx.parameterTypes?.get(`$${bare}`)
  return constantOf(declared ? declared.type : parameterType(v), v)
}

/** `a op b` for comparison, arithmetic, logic, concatenation and bitwise operators. */
export function compileBinary(op: string, l: Compiled, r: Compiled, span: Span): Compiled {
  switch (op) {
    case 'AND': case 'OR': case 'XOR':
      return compileLogic(op, l, r, span)
    case '=': case '==': case '!=': case '<>': case '<': case '<=': case '>': case '>=': {
      const cmp = comparison(l, r, span)
      const test: (c: number) => boolean =
        op === '=' || op === '==' ? (c) => c === 0
          : op === '!=' || op === '<>' ? (c) => c !== 0
            : op === '<' ? (c) => c < 0 : op === '<=' ? (c) => c <= 0 : op === '>' ? (c) => c > 0 : (c) => c >= 0
      return {
        type: primitive('Bool'),
        nullable: l.nullable || r.nullable,
        constant: l.constant && r.constant,
        eval: (env) => {
          const a = l.eval(env)
          if (a === null) return null
          const b = r.eval(env)
          if (b === null) return null
          return test(cmp(a, b))
        },
      }
    }
    case '||':
      return compileConcat(l, r, span)
    case '+': case '-': case '*': case '/': case '%': {
      if (l.type === null || r.type === null) return constantOf(l.type ?? r.type, null)
      const a = arithmetic(op as ArithOp, l.type, r.type)
      if (a === undefined) throw typeError(`Cannot apply ${op} to ${tn(l.type)} and ${tn(r.type)}`, span)
      return {
        type: a.type,
        nullable: true,
        constant: l.constant && r.constant,
        eval: (env) => {
          const x = l.eval(env)
          if (x === null) return null
          const y = r.eval(env)
          return y === null ? null : a.fn(x, y)
        },
      }
    }
    default:
      return compileBitwise(op, l, r, span)
  }
}

/**
 * A comparator between two compiled expressions. A constant string compared with
 * a non-string column is first converted to the column's type (`ts > '2024-01-01T00:00:00Z'`).
 */
export function comparison(l: Compiled, r: Compiled, span: Span): Comparator {
  const direct = comparatorFor(l.type, r.type)
  if (direct) return direct
  const coerce = (c: Compiled, target: YdbType | null): Compiled | undefined => {
    if (!c.constant || target === null || !isTextType(c.type)) return undefined
    const conv = convertImplicit({ type: c.type, value: c.eval(EMPTY_ENV) }, target)
    return conv.ok ? constantOf(target, conv.value) : undefined
  }
  const lr = coerce(r, l.type)
  if (lr) {
    const c = comparatorFor(l.type, l.type)!
    const v = lr.eval(EMPTY_ENV)
    return (a) => c(a, v)
  }
  const rl = coerce(l, r.type)
  if (rl) {
    const c = comparatorFor(r.type, r.type)!
    const v = rl.eval(EMPTY_ENV)
    return (_a, b) => c(v, b)
  }
  throw typeError(`Cannot compare ${tn(l.type)} with ${tn(r.type)}`, span)
}

function compileUnary(op: string, x: Compiled, span: Span): Compiled {
  if (op === 'NOT') return compileLogic('NOT', x, x, span)
  if (op === '+') return x
  if (x.type === null) return x
  const t = x.type
  if (op === '~') {
    if (!isIntegerType(t)) throw typeError(`Cannot apply ~ to ${tn(t)}`, span)
    return compileBitwise('^', x, constantOf(t, allOnes(typeNameOf(t))), span)
  }
  const neg = arithmetic('-', t, t)
  if (neg === undefined) throw typeError(`Cannot negate ${tn(t)}`, span)
  // Negating an unsigned value (the literal 9223372036854775808 of -9223372036854775808) gives the signed type.
  const name = typeNameOf(t)
  const type: YdbType = name.startsWith('Uint') ? primitive(name.slice(1).replace(/^i/, 'I') as 'Int64') : t
  const zero: Value = t.kind === 'Decimal' ? { kind: 'Decimal', unscaled: 0n, scale: t.scale } : 0
  return fold({
    type,
    nullable: x.nullable,
    constant: x.constant,
    eval: (env) => {
      const v = x.eval(env)
      if (v === null) return null
      if (typeof v === 'number') return v === 0 ? 0 : -v
      if (typeof v === 'bigint') return name === 'Uint64' && v > 9223372036854775808n ? null : -v
      return neg.fn(zero, v)
    },
  })
}

function allOnes(name: string): Value {
  if (name.startsWith('Int')) return name === 'Int64' ? -1n : -1
  return name === 'Uint64' ? 18446744073709551615n : Number((1n << BigInt(Number(name.slice(4)))) - 1n)
}
