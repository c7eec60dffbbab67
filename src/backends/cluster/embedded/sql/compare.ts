// Comparison of typed values, also across types (Int32 literal vs Uint64 column,
// Decimal vs integer, Date vs Timestamp), in YDB's order. Inputs are non-NULL;
// NULL handling (three-valued logic, NULLs first in ORDER BY) is the caller's.
import {
  decimalToNumber,
  isFloatingType,
  isIntegerType,
  isIntervalType,
  isTextType,
  isTimeType,
  microsPerUnit,
  rescaleDecimal,
  toBigInt,
} from '../../../../types/convert.js'
import { compareValues } from '../../../../types/compare.js'
import type { DecimalValue, Value } from '../../../../types/value.js'
import type { YdbType } from '../../../../types/ydb-type.js'

export type Comparator = (a: Value, b: Value) => number

const cmp = <T>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0)

/** Bytewise comparison, as YDB compares String and Yson. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

/** Utf8 in UTF-8 byte order (= code point order, which UTF-16 order breaks above U+FFFF). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    if (x >= 0xd800 && y >= 0xd800) {
      const cx = a.codePointAt(i)!
      const cy = b.codePointAt(i)!
      return cx - cy
    }
    return x - y
  }
  return a.length - b.length
}

const textBytes = (v: Value): Uint8Array => (v instanceof Uint8Array ? v : new TextEncoder().encode(v as string))

function decimalCompare(a: DecimalValue, b: DecimalValue): number {
  const rank = (d: DecimalValue): number => (d.special === '-inf' ? -1 : d.special === 'inf' ? 1 : d.special === 'nan' ? 2 : 0)
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== 0 || rb !== 0) return ra - rb
  const scale = Math.max(a.scale, b.scale)
  return cmp(rescaleDecimal(a, scale).unscaled, rescaleDecimal(b, scale).unscaled)
}

/**
 * A comparator for values of types `ta` and `tb`, or undefined when YQL cannot
 * compare them (a type error). NULL-typed operands compare with anything.
 */
export function comparatorFor(ta: YdbType | null, tb: YdbType | null): Comparator | undefined {
  if (ta === null || tb === null) return () => 0
  const num = (t: YdbType): boolean => isIntegerType(t) || isFloatingType(t)
  if (num(ta) && num(tb)) return (a, b) => cmp(a as number | bigint, b as number | bigint)
  if (ta.kind === 'Decimal' || tb.kind === 'Decimal') {
    const asDec = (t: YdbType, v: Value): DecimalValue | number =>
      t.kind === 'Decimal' ? (v as DecimalValue) : isIntegerType(t) ? { kind: 'Decimal', unscaled: toBigInt(v), scale: 0 } : (v as number)
    if (!(ta.kind === 'Decimal' || num(ta)) || !(tb.kind === 'Decimal' || num(tb))) return undefined
    return (a, b) => {
      const x = asDec(ta, a)
      const y = asDec(tb, b)
      if (typeof x === 'number' || typeof y === 'number') {
        return cmp(typeof x === 'number' ? x : decimalToNumber(x), typeof y === 'number' ? y : decimalToNumber(y))
      }
      return decimalCompare(x, y)
    }
  }
  const an = ta.name
  const bn = tb.name
  if (isTextType(ta) && isTextType(tb)) {
    if (an === bn && an !== 'String' && an !== 'Yson') return (a, b) => compareUtf8(a as string, b as string)
    return (a, b) => compareBytes(textBytes(a), textBytes(b))
  }
  if (isTimeType(ta) && isTimeType(tb)) {
    const ua = microsPerUnit(an)
    const ub = microsPerUnit(bn)
    return (a, b) => cmp(toBigInt(a) * ua, toBigInt(b) * ub)
  }
  if (isIntervalType(ta) && isIntervalType(tb)) return (a, b) => cmp(toBigInt(a), toBigInt(b))
  if (an !== bn) return undefined
  switch (an) {
    case 'Bool':
      return (a, b) => cmp(a ? 1 : 0, b ? 1 : 0)
    case 'Uuid': case 'DyNumber':
      return (a, b) => compareValues(a, b, ta)
  }
  return undefined
}

/** Whether values of the two types can be tested for equality (same rules as ordering). */
export const comparable = (ta: YdbType | null, tb: YdbType | null): boolean => comparatorFor(ta, tb) !== undefined
