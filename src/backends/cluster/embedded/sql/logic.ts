// Three-valued logic (NULL = unknown) for AND, OR, XOR, NOT and IS [NOT] NULL.
import type { Span } from '../../../../source/span.js'
import { primitive, typeToString } from '../../../../types/ydb-type.js'
import type { Compiled } from './compile-expr.js'
import { SqlErrorCode, sqlError } from './errors.js'

const BOOL = primitive('Bool')

function checkBool(c: Compiled, op: string, span: Span): void {
  if (c.type !== null && !(c.type.kind === 'Primitive' && c.type.name === 'Bool')) {
    throw sqlError(SqlErrorCode.TypeMismatch, `${op} needs Bool operands, got ${typeToString(c.type)}`, span)
  }
}

/** AND / OR / XOR of two Bool expressions, or NOT of `l` (then `r` is ignored). */
export function compileLogic(op: 'AND' | 'OR' | 'XOR' | 'NOT', l: Compiled, r: Compiled, span: Span): Compiled {
  checkBool(l, op, span)
  const base = { type: BOOL, nullable: l.nullable || (op !== 'NOT' && r.nullable) }
  if (op === 'NOT') {
    return { ...base, constant: l.constant, eval: (env) => {
      const v = l.eval(env)
      return v === null ? null : !v
    } }
  }
  checkBool(r, op, span)
  const constant = l.constant && r.constant
  if (op === 'AND') {
    return { ...base, constant, eval: (env) => {
      const a = l.eval(env)
      if (a === false) return false
      const b = r.eval(env)
      if (b === false) return false
      return a === null || b === null ? null : true
    } }
  }
  if (op === 'OR') {
    return { ...base, constant, eval: (env) => {
      const a = l.eval(env)
      if (a === true) return true
      const b = r.eval(env)
      if (b === true) return true
      return a === null || b === null ? null : false
    } }
  }
  return { ...base, constant, eval: (env) => {
    const a = l.eval(env)
    const b = r.eval(env)
    return a === null || b === null ? null : a !== b
  } }
}

export function compileNullTest(x: Compiled, negated: boolean): Compiled {
  return { type: BOOL, nullable: false, constant: x.constant, eval: (env) => (x.eval(env) === null) !== negated }
}
