// Operators on strings and bits: `||` concatenation, LIKE (with % and _ and an
// optional ESCAPE), and the bitwise & | ^ << >> on integers.
import type { Expr } from '../../../../ast/nodes.js'
import type { Span } from '../../../../source/span.js'
import { isIntegerType } from '../../../../types/convert.js'
import type { Value } from '../../../../types/value.js'
import { primitive, typeToString, type YdbType } from '../../../../types/ydb-type.js'
import { compileExpr, fold, typeError, typeNameOf, type CompileContext, type Compiled } from './compile-expr.js'

const tn = (t: YdbType | null): string => (t === null ? 'Null' : typeToString(t))

export function compileConcat(l: Compiled, r: Compiled, span: Span): Compiled {
  const ok = (t: YdbType | null): boolean => t === null || (t.kind === 'Primitive' && (t.name === 'String' || t.name === 'Utf8'))
  if (!ok(l.type) || !ok(r.type)) throw typeError(`Cannot concatenate ${tn(l.type)} and ${tn(r.type)}`, span)
  const utf8 = typeNameOf(l.type) !== 'String' && typeNameOf(r.type) !== 'String'
  const enc = new TextEncoder()
  const bytes = (v: Value): Uint8Array => (v instanceof Uint8Array ? v : enc.encode(v as string))
  return fold({
    type: primitive(utf8 ? 'Utf8' : 'String'),
    nullable: l.nullable || r.nullable,
    constant: l.constant && r.constant,
    eval: (env) => {
      const a = l.eval(env)
      const b = r.eval(env)
      if (a === null || b === null) return null
      if (utf8) return (a as string) + (b as string)
      const x = bytes(a)
      const y = bytes(b)
      const out = new Uint8Array(x.length + y.length)
      out.set(x)
      out.set(y, x.length)
      return out
    },
  })
}

export function compileBitwise(op: string, l: Compiled, r: Compiled, span: Span): Compiled {
  if (!isIntegerType(l.type) || !isIntegerType(r.type)) throw typeError(`Cannot apply ${op} to ${tn(l.type)} and ${tn(r.type)}`, span)
  const name = typeNameOf(l.type)
  const bits = Number(name.replace(/^U?Int/, ''))
  const signed = name.startsWith('Int')
  const big = bits === 64
  return fold({
    type: l.type,
    nullable: l.nullable || r.nullable,
    constant: l.constant && r.constant,
    eval: (env) => {
      const a = l.eval(env)
      const b = r.eval(env)
      if (a === null || b === null) return null
      const x = BigInt(a as number | bigint)
      const y = BigInt(b as number | bigint)
      let v: bigint
      switch (op) {
        case '&': v = x & y; break
        case '|': v = x | y; break
        case '^': v = x ^ y; break
        case '<<': v = x << y; break
        default: v = x >> y
      }
      v = signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v)
      return big ? v : Number(v)
    },
  })
}

function likeRegex(pattern: string, escape: string | undefined): RegExp {
  let re = ''
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!
    if (escape !== undefined && ch === escape && i + 1 < pattern.length) {
      re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    } else if (ch === '%') re += '[\\s\\S]*'
    else if (ch === '_') re += '[\\s\\S]'
    else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  return new RegExp(`^${re}$`, 'u')
}

export function compileLike(operandE: Expr, patternE: Expr, escapeE: Expr | undefined, negated: boolean, span: Span, ctx: CompileContext): Compiled {
  const operand = compileExpr(operandE, ctx)
  const pattern = compileExpr(patternE, ctx)
  const escape = escapeE ? compileExpr(escapeE, ctx) : undefined
  const text = (v: Value): string => (v instanceof Uint8Array ? new TextDecoder().decode(v) : (v as string))
  for (const c of [operand, pattern, escape]) {
    if (c && c.type !== null && !(c.type.kind === 'Primitive' && (c.type.name === 'String' || c.type.name === 'Utf8'))) {
      throw typeError(`LIKE needs String or Utf8, got ${tn(c.type)}`, span)
    }
  }
  let cached: { p: string; e: string | undefined; re: RegExp } | undefined
  return fold({
    type: primitive('Bool'),
    nullable: operand.nullable || pattern.nullable,
    constant: operand.constant && pattern.constant,
    eval: (env) => {
      const v = operand.eval(env)
      const p = pattern.eval(env)
      if (v === null || p === null) return null
      const ps = text(p)
      const es = escape ? (escape.eval(env) === null ? undefined : text(escape.eval(env))) : undefined
      if (!cached || cached.p !== ps || cached.e !== es) cached = { p: ps, e: es, re: likeRegex(ps, es) }
      return cached.re.test(text(v)) !== negated
    },
  })
}
