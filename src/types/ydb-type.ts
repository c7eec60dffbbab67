/**
 * YDB's primitive column types, as data. A column's type is a YdbType plus a
 * nullability flag (YDB wraps nullable columns in Optional<>).
 */
export const PRIMITIVE_TYPE_NAMES = [
  'Bool',
  'Int8', 'Int16', 'Int32', 'Int64',
  'Uint8', 'Uint16', 'Uint32', 'Uint64',
  'Float', 'Double',
  'DyNumber',
  'String', 'Utf8', 'Json', 'JsonDocument', 'Yson',
  'Uuid',
  'Date', 'Datetime', 'Timestamp', 'Interval',
  'Date32', 'Datetime64', 'Timestamp64', 'Interval64',
] as const

export type PrimitiveTypeName = (typeof PRIMITIVE_TYPE_NAMES)[number]

export type YdbType =
  | { readonly kind: 'Primitive'; readonly name: PrimitiveTypeName }
  | { readonly kind: 'Decimal'; readonly precision: number; readonly scale: number }

/** A table column's declared type. */
export interface ColumnType {
  readonly type: YdbType
  readonly nullable: boolean
}

export const primitive = (name: PrimitiveTypeName): YdbType => ({ kind: 'Primitive', name })
export const decimal = (precision = 22, scale = 9): YdbType => ({ kind: 'Decimal', precision, scale })

const byLowerName = new Map<string, PrimitiveTypeName>(PRIMITIVE_TYPE_NAMES.map((n) => [n.toLowerCase(), n]))

/** Case-insensitive lookup of a primitive type name (YQL type names are case-insensitive). */
export const primitiveTypeByName = (name: string): PrimitiveTypeName | undefined => byLowerName.get(name.toLowerCase())

export const typeToString = (t: YdbType): string =>
  t.kind === 'Decimal' ? `Decimal(${t.precision},${t.scale})` : t.name

export const sameType = (a: YdbType, b: YdbType): boolean =>
  a.kind === 'Decimal' ? b.kind === 'Decimal' && a.precision === b.precision && a.scale === b.scale : b.kind === 'Primitive' && a.name === b.name

/** Integer ranges (inclusive) of YDB's integer types, as bigint. */
export const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  Int8: [-128n, 127n],
  Int16: [-32768n, 32767n],
  Int32: [-2147483648n, 2147483647n],
  Int64: [-9223372036854775808n, 9223372036854775807n],
  Uint8: [0n, 255n],
  Uint16: [0n, 65535n],
  Uint32: [0n, 4294967295n],
  Uint64: [0n, 18446744073709551615n],
}

/**
 * Ranges of the date and time types in their storage units (spec §4):
 * Date days, Datetime seconds, Timestamp µs: [1970-01-01, 2106-01-01);
 * the 32/64-bit variants: 144169 BC … 148107 AD.
 */
export const TIME_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  Date: [0n, 49672n],
  Datetime: [0n, 4291747199n],
  Timestamp: [0n, 4291747199999999n],
  Interval: [-4291747199999999n, 4291747199999999n],
  Date32: [-53375809n, 53375807n],
  Datetime64: [-4611669897600n, 4611669811199n],
  Timestamp64: [-4611669897600000000n, 4611669811199999999n],
  Interval64: [-9223339708799999999n, 9223339708799999999n],
}

/** Types YDB does not allow in primary keys or secondary-index keys of row tables. */
export const NON_KEY_TYPES: ReadonlySet<string> = new Set(['Float', 'Double', 'Json', 'JsonDocument', 'Yson'])
