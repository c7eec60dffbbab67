// Function calls: typed literals (`Date('2024-01-01')`, `Decimal('1.23', 22, 9)`),
// CurrentUtc*(), aggregates (registered in grouped queries) and a few scalars.
import type { CallExpr, Expr } from '../../../../ast/nodes.js'
import { convertImplicit, isFloatingType, isIntegerType, isIntervalType, parseText, valueToText } from '../../../../types/convert.js'
import type { Value } from '../../../../types/value.js'
import { decimal, primitive, primitiveTypeByName, typeToString, type YdbType } from '../../../../types/ydb-type.js'
import { compileExpr, constantOf, fold, type AggregateSpec, type CompileContext, type Compiled } from './compile-expr.js'
import { SqlErrorCode, sqlError } from './errors.js'

export const AGGREGATES = new Set(['COUNT', 'SUM', 'MIN', 'MAX', 'AVG'])

/** Whether an expression contains an aggregate call (making the query grouped). */
export function containsAggregate(e: Expr): boolean {
  switch (e.kind) {
    case 'CallExpr':
      return AGGREGATES.has(e.name.toUpperCase()) || e.args.some(containsAggregate)
    case 'UnaryExpr': return containsAggregate(e.operand)
    case 'BinaryExpr': return containsAggregate(e.left) || containsAggregate(e.right)
    case 'InExpr': return containsAggregate(e.operand) || e.list.some(containsAggregate)
    case 'BetweenExpr': return [e.operand, e.low, e.high].some(containsAggregate)
    case 'IsNullExpr': return containsAggregate(e.operand)
    case 'LikeExpr': return containsAggregate(e.operand) || containsAggregate(e.pattern)
    case 'CastExpr': return containsAggregate(e.operand)
    default: return false
  }
}

/** SUM/AVG/MIN/MAX result types, as YDB gives them. */
function aggregateType(fn: string, arg: YdbType | null, span: CallExpr['span']): YdbType {
  if (fn === 'COUNT') return primitive('Uint64')
  if (arg === null) return fn === 'AVG' ? primitive('Double') : primitive('Int64')
  if (fn === 'MIN' || fn === 'MAX') return arg
  const bad = (): never => { throw sqlError(SqlErrorCode.TypeMismatch, `${fn} cannot take ${typeToString(arg)}`, span) }
  if (isIntegerType(arg)) {
    if (fn === 'AVG') return primitive('Double')
    return arg.kind === 'Primitive' && arg.name.startsWith('Uint') ? primitive('Uint64') : primitive('Int64')
  }
  if (isFloatingType(arg)) return primitive('Double')
  if (arg.kind === 'Decimal') return fn === 'SUM' ? decimal(35, arg.scale) : arg
  if (isIntervalType(arg)) return arg
  return bad()
}

function compileAggregate(e: CallExpr, fn: string, ctx: CompileContext): Compiled {
  if (!ctx.aggregates) throw sqlError(SqlErrorCode.BadRequest, `Aggregation function ${fn} is not allowed here`, e.span)
  const argE = e.args[0]
  if (e.args.length !== 1) throw sqlError(SqlErrorCode.BadRequest, `${fn} takes one argument`, e.span)
  let arg: Compiled | undefined
  if (argE!.kind === 'StarExpr') {
    if (fn !== 'COUNT') throw sqlError(SqlErrorCode.BadRequest, `${fn}(*) is not allowed`, e.span)
  } else {
    // The argument is evaluated per input row: no nested aggregates.
    arg = compileExpr(argE!, { ...ctx, aggregates: undefined, aliases: undefined })
  }
  const type = aggregateType(fn, arg?.type ?? null, e.span)
  const spec: AggregateSpec = { fn: fn as AggregateSpec['fn'], distinct: e.distinct, type, span: e.span, ...(arg ? { arg } : {}) }
  const slot = ctx.aggregates.push(spec) - 1
  return { type, nullable: fn !== 'COUNT', constant: false, eval: (env) => env.aggs![slot]! }
}

const TYPED_LITERALS = new Set([
  'bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float', 'double',
  'string', 'utf8', 'json', 'jsondocument', 'yson', 'uuid', 'dynumber',
  'date', 'datetime', 'timestamp', 'interval', 'date32', 'datetime64', 'timestamp64', 'interval64',
])

/** The type a typed-literal call such as `Timestamp('…')` makes (not Decimal, which takes parameters). */
export function typedLiteralType(name: string): YdbType | undefined {
  const lower = name.toLowerCase()
  return TYPED_LITERALS.has(lower) ? primitive(primitiveTypeByName(lower)!) : undefined
}

// Bulk loads repeat the same typed literals (`Timestamp('…')`) thousands of times.
const literalCache = new Map<string, Compiled>()

function compileTypedLiteral(e: CallExpr, target: YdbType, ctx: CompileContext): Compiled {
  const arg = e.args[0]
  if (!arg) throw sqlError(SqlErrorCode.BadRequest, `${e.name} needs a value`, e.span)
  if (arg.kind === 'Literal' && arg.type === 'String' && e.args.length === 1) {
    const key = `${typeToString(target)}\u0000${arg.suffix}\u0000${arg.text}`
    const hit = literalCache.get(key)
    if (hit) return hit
    const c = compileTypedLiteralUncached(e, arg, target, ctx)
    if (literalCache.size > 10_000) literalCache.clear()
    literalCache.set(key, c)
    return c
  }
  return compileTypedLiteralUncached(e, arg, target, ctx)
}

function compileTypedLiteralUncached(e: CallExpr, arg: Expr, target: YdbType, ctx: CompileContext): Compiled {
  const c = compileExpr(arg, ctx)
  if (!c.constant) throw sqlError(SqlErrorCode.BadRequest, `${e.name}() takes a literal`, arg.span)
  const tv = { type: c.type, value: c.eval({ rows: [] }) }
  if (tv.value === null) return constantOf(target, null)
  const text = c.type?.kind === 'Primitive' && (c.type.name === 'String' || c.type.name === 'Utf8') ? valueToText(tv) : undefined
  let v: Value | undefined
  if (text !== undefined) v = parseText(text, target)
  else {
    const r = convertImplicit(tv, target)
    v = r.ok ? r.value : undefined
  }
  if (v === undefined) {
    throw sqlError(SqlErrorCode.BadRequest, `Invalid value "${text ?? valueToText(tv) ?? ''}" for type ${typeToString(target)}`, arg.span)
  }
  return constantOf(target, v)
}

function intArg(e: CallExpr, i: number, ctx: CompileContext): number {
  const a = e.args[i]
  const c = a ? compileExpr(a, ctx) : undefined
  const v = c?.constant ? c.eval({ rows: [] }) : undefined
  if (typeof v !== 'number' && typeof v !== 'bigint') throw sqlError(SqlErrorCode.BadRequest, `${e.name}: argument ${i + 1} must be an integer literal`, a?.span ?? e.span)
  return Number(v)
}

export function compileCall(e: CallExpr, ctx: CompileContext): Compiled {
  const upper = e.name.toUpperCase()
  const lower = e.name.toLowerCase()
  if (AGGREGATES.has(upper)) return compileAggregate(e, upper, ctx)
  if (lower === 'decimal') {
    const p = intArg(e, 1, ctx)
    const s = intArg(e, 2, ctx)
    if (p < 1 || p > 35 || s < 0 || s > p) throw sqlError(SqlErrorCode.BadRequest, `Invalid Decimal(${p},${s})`, e.span)
    return compileTypedLiteral(e, decimal(p, s), ctx)
  }
  if (TYPED_LITERALS.has(lower)) return compileTypedLiteral(e, primitive(primitiveTypeByName(lower)!), ctx)
  switch (lower) {
    case 'currentutctimestamp':
      return constantOf(primitive('Timestamp'), ctx.now)
    case 'currentutcdatetime':
      return constantOf(primitive('Datetime'), Number(ctx.now / 1_000_000n))
    case 'currentutcdate':
      return constantOf(primitive('Date'), Number(ctx.now / 86_400_000_000n))
    case 'coalesce': case 'nvl': {
      const args = e.args.map((a) => compileExpr(a, ctx))
      const typed = args.find((a) => a.type !== null)
      return fold({
        type: typed?.type ?? null,
        nullable: args.every((a) => a.nullable),
        constant: args.every((a) => a.constant),
        eval: (env) => {
          for (const a of args) {
            const v = a.eval(env)
            if (v !== null) return v
          }
          return null
        },
      })
    }
    case 'length': case 'len': {
      const a = compileExpr(e.args[0]!, ctx)
      const utf8 = a.type?.kind === 'Primitive' && a.type.name === 'Utf8'
      return fold({
        type: primitive('Uint32'),
        nullable: a.nullable,
        constant: a.constant,
        eval: (env) => {
          const v = a.eval(env)
          if (v === null) return null
          if (v instanceof Uint8Array) return v.length
          return utf8 ? [...(v as string)].length : Buffer.byteLength(String(v))
        },
      })
    }
    case 'if': {
      const [c, t, f] = e.args.map((a) => compileExpr(a, ctx))
      if (!c || !t) throw sqlError(SqlErrorCode.BadRequest, 'IF takes (condition, then[, else])', e.span)
      return fold({
        type: t.type ?? f?.type ?? null,
        nullable: t.nullable || (f?.nullable ?? true),
        constant: c.constant && t.constant && (f?.constant ?? true),
        eval: (env) => (c.eval(env) === true ? t.eval(env) : f ? f.eval(env) : null),
      })
    }
  }
  throw sqlError(SqlErrorCode.BadRequest, `Unknown function: ${e.name}`, e.span)
}
