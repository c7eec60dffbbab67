// YDB's comparison order of values: NULL first; numbers, dates and times by
// value; Bool false < true; String/Utf8 bytewise; Uuid by its 16-byte stored
// form; Decimal by value (-inf < finite < +inf < nan); DyNumber numerically.
// The key codec (key-codec.ts) encodes exactly this order.
import { compareDyNumbers } from './dynumber.js'
import { decimalToInt128 } from './key-codec.js'
import { isUuidText, uuidToBytes } from './uuid-bytes.js'
import type { YdbType } from './ydb-type.js'
import { isDecimal, type Value } from './value.js'

const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0)

function compareNumbers(a: number, b: number): number {
  // NaN sorts after everything (as the key codec lays it out).
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1
  if (Number.isNaN(b)) return -1
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Compares two values of one type in YDB's order. Strings are ambiguous without
 * the type (Utf8 vs Uuid vs DyNumber): pass `type` for Uuid and DyNumber; without
 * it strings compare by UTF-8 bytes.
 */
export function compareValues(a: Value, b: Value, type?: YdbType): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1
  if (b === null || b === undefined) return 1
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1
  if (typeof a === 'number') return compareNumbers(a, b as number)
  if (typeof a === 'bigint') return a < (b as bigint) ? -1 : a > (b as bigint) ? 1 : 0
  if (typeof a === 'string') {
    const bs = b as string
    if (type?.kind === 'Primitive' && type.name === 'Uuid' && isUuidText(a) && isUuidText(bs)) {
      return sign(Buffer.compare(uuidToBytes(a), uuidToBytes(bs)))
    }
    if (type?.kind === 'Primitive' && type.name === 'DyNumber') return compareDyNumbers(a, bs)
    return sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(bs, 'utf8')))
  }
  if (a instanceof Uint8Array) return sign(Buffer.compare(a, b as Uint8Array))
  if (isDecimal(a) && isDecimal(b)) {
    const x = decimalToInt128(a)
    const y = decimalToInt128(b)
    return x < y ? -1 : x > y ? 1 : 0
  }
  return 0
}

/** Compares key tuples element by element; a shorter tuple that is a prefix sorts first. */
export function compareKeys(a: readonly Value[], b: readonly Value[], types?: readonly YdbType[]): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i]!, b[i]!, types?.[i])
    if (c !== 0) return c
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0
}
