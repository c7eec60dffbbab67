import type { YdbType } from './ydb-type.js'

/**
 * A Decimal value: `unscaled * 10^-scale`, exact. The scale always equals the
 * column type's scale, so two values of one column compare by `unscaled`.
 */
export interface DecimalValue {
  readonly kind: 'Decimal'
  readonly unscaled: bigint
  readonly scale: number
  /** Decimal's special values (YDB Decimal has +inf, -inf and nan). */
  readonly special?: 'inf' | '-inf' | 'nan'
}

/**
 * The one in-memory representation of a YDB value, chosen so that no type loses
 * precision and each type has exactly one representation:
 *
 * | type                                   | JS value                          |
 * |----------------------------------------|-----------------------------------|
 * | NULL                                   | null                              |
 * | Bool                                   | boolean                           |
 * | Int8..Int32, Uint8..Uint32             | number (integer)                  |
 * | Int64, Uint64                          | bigint                            |
 * | Float, Double                          | number (Float rounded to float32) |
 * | Decimal(p,s)                           | DecimalValue                      |
 * | DyNumber                               | string (canonical, e.g. `.3321e1`)|
 * | String, Yson                           | Uint8Array (bytes)                |
 * | Utf8, Json, JsonDocument               | string                            |
 * | Uuid                                   | string (lowercase canonical)      |
 * | Date, Date32                           | number (days since epoch)         |
 * | Datetime                               | number (seconds since epoch)      |
 * | Datetime64                             | bigint (seconds since epoch)      |
 * | Timestamp, Timestamp64                 | bigint (µs since epoch)           |
 * | Interval, Interval64                   | bigint (µs)                       |
 */
export type Value = null | boolean | number | bigint | string | Uint8Array | DecimalValue

export type Row = readonly Value[]

/** A value with its type, as literals and expression results carry them. */
export interface TypedValue {
  readonly type: YdbType | null // null: the NULL literal, whose type comes from context
  readonly value: Value
}

export const isDecimal = (v: Value): v is DecimalValue =>
  typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && v.kind === 'Decimal'

/** The representation class a type's non-null values use (for checks and encoders). */
export function representationOf(t: YdbType): 'boolean' | 'number' | 'bigint' | 'string' | 'bytes' | 'decimal' {
  if (t.kind === 'Decimal') return 'decimal'
  switch (t.name) {
    case 'Bool':
      return 'boolean'
    case 'Int8': case 'Int16': case 'Int32': case 'Uint8': case 'Uint16': case 'Uint32':
    case 'Float': case 'Double': case 'Date': case 'Date32': case 'Datetime':
      return 'number'
    case 'Int64': case 'Uint64': case 'Datetime64': case 'Timestamp': case 'Timestamp64': case 'Interval': case 'Interval64':
      return 'bigint'
    case 'String': case 'Yson':
      return 'bytes'
    default:
      return 'string' // Utf8, Json, JsonDocument, Uuid, DyNumber
  }
}
