import type { YdbType } from '../types/ydb-type.js'
import { decimal, primitive, primitiveTypeByName } from '../types/ydb-type.js'
import type { TypeRef } from './nodes.js'

/** Decimal's precision limit in YDB (16-byte decimals). */
export const MAX_DECIMAL_PRECISION = 35

/**
 * The YDB type a TypeRef names, or undefined when it names none: names are
 * case-insensitive; `Decimal(p, s)` needs 1 <= p <= 35 and 0 <= s <= p; a bare
 * `Decimal` is Decimal(22, 9); primitive types take no parameters. Nullability
 * (`optional`) is the caller's concern.
 */
export function resolveType(t: TypeRef): YdbType | undefined {
  if (t.name.toLowerCase() === 'decimal') {
    if (t.params.length === 0) return decimal(22, 9)
    if (t.params.length !== 2) return undefined
    const [p, s] = t.params as [number, number]
    if (!Number.isInteger(p) || !Number.isInteger(s) || p < 1 || p > MAX_DECIMAL_PRECISION || s < 0 || s > p) return undefined
    return decimal(p, s)
  }
  const name = primitiveTypeByName(t.name)
  if (!name || t.params.length > 0) return undefined
  return primitive(name)
}
