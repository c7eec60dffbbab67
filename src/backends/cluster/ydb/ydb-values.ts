// Conversion between our Value model (src/types/value.ts) and YDB's protobuf
// Ydb.Type / Ydb.Value (as ydb-sdk-proto's protobufjs classes carry them).
//
// Wire encodings follow YDB's ydb_value.proto: 64-bit integers are int64/uint64
// fields, Date/Datetime are uint32, Timestamp uint64, Interval and the wide
// time types int64 (Date32 int32), Decimal and Uuid are two fixed64 halves.
// protobufjs gives 64-bit fields as Long objects (or numbers); we read them by
// their low/high words and write plain {low, high} pairs, so no Long library
// is needed and no precision is lost.
import type { Ydb } from 'ydb-sdk'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import { isDecimal, type DecimalValue, type Value } from '../../../types/value.js'
import type { ColumnType, PrimitiveTypeName, YdbType } from '../../../types/ydb-type.js'
import { BackendErrorCode } from '../cluster-backend.js'

/** YDB's Type.PrimitiveTypeId numbers (ydb_value.proto). The wide types are newer than ydb-sdk-proto. */
export const PRIMITIVE_TYPE_IDS: Readonly<Record<PrimitiveTypeName, number>> = {
  Bool: 6,
  Int8: 7, Uint8: 5, Int16: 8, Uint16: 9, Int32: 1, Uint32: 2, Int64: 3, Uint64: 4,
  Float: 33, Double: 32,
  Date: 48, Datetime: 49, Timestamp: 50, Interval: 51,
  Date32: 64, Datetime64: 65, Timestamp64: 66, Interval64: 67,
  String: 4097, Utf8: 4608, Yson: 4609, Json: 4610, Uuid: 4611, JsonDocument: 4612, DyNumber: 4866,
}

const NAME_BY_ID = new Map<number, PrimitiveTypeName>(
  Object.entries(PRIMITIVE_TYPE_IDS).map(([n, id]) => [id, n as PrimitiveTypeName]),
)

/** A protobufjs 64-bit field value: Long-like, number or string. */
type Long64 = number | string | { low: number; high: number; unsigned?: boolean }

/** Reads a protobufjs 64-bit field as an exact bigint. */
export function longToBigInt(v: Long64 | null | undefined, unsigned: boolean): bigint {
  if (v === null || v === undefined) return 0n
  let raw: bigint
  if (typeof v === 'number') raw = BigInt(v)
  else if (typeof v === 'string') raw = BigInt(v)
  else raw = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0)
  return unsigned ? BigInt.asUintN(64, raw) : BigInt.asIntN(64, raw)
}

/** A 64-bit value in the shape protobufjs' writer accepts (`LongBits.from` reads low/high). */
export function bigIntToLong(b: bigint, unsigned: boolean): { low: number; high: number; unsigned: boolean } {
  const u = BigInt.asUintN(64, b)
  return { low: Number(u & 0xffffffffn) | 0, high: Number((u >> 32n) & 0xffffffffn) | 0, unsigned }
}

// Decimal's special values in YDB's 128-bit encoding (yql_decimal.h): Inf = 10^35, Nan = Inf + 1.
const DECIMAL_INF = 10n ** 35n

export function ydbTypeToProto(t: YdbType): Ydb.IType {
  if (t.kind === 'Decimal') return { decimalType: { precision: t.precision, scale: t.scale } }
  return { typeId: PRIMITIVE_TYPE_IDS[t.name] as Ydb.Type.PrimitiveTypeId }
}

/** A column type: nullable columns are `Optional<T>` on the wire. */
export function columnTypeToProto(ct: ColumnType): Ydb.IType {
  const inner = ydbTypeToProto(ct.type)
  return ct.nullable ? { optionalType: { item: inner } } : inner
}

/** The column type of a protobuf type, or null for types outside our model (lists, structs, Void...). */
export function protoToColumnType(t: Ydb.IType | null | undefined): ColumnType | null {
  if (!t) return null
  if (t.optionalType) {
    const inner = protoToColumnType(t.optionalType.item)
    return inner && !inner.nullable ? { type: inner.type, nullable: true } : null
  }
  if (t.decimalType) {
    return { type: { kind: 'Decimal', precision: t.decimalType.precision ?? 22, scale: t.decimalType.scale ?? 9 }, nullable: false }
  }
  if (t.typeId !== null && t.typeId !== undefined) {
    const name = NAME_BY_ID.get(Number(t.typeId))
    return name ? { type: { kind: 'Primitive', name }, nullable: false } : null
  }
  if (t.nullType !== null && t.nullType !== undefined) return null
  return null
}

const bad = (message: string): YqlError => YqlError.of(BackendErrorCode.BadRequest, message)

function uuidToHalves(uuid: string): { low: bigint; high: bigint } {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uuid)) throw bad(`Invalid Uuid value: ${uuid}`)
  const b = Buffer.from(uuid.replace(/-/g, ''), 'hex')
  // YDB stores the first three groups little-endian (the GUID byte order).
  const le = Buffer.from([b[3]!, b[2]!, b[1]!, b[0]!, b[5]!, b[4]!, b[7]!, b[6]!, ...b.subarray(8)])
  return { low: le.readBigUInt64LE(0), high: le.readBigUInt64LE(8) }
}

function halvesToUuid(low: bigint, high: bigint): string {
  const le = Buffer.alloc(16)
  le.writeBigUInt64LE(low, 0)
  le.writeBigUInt64LE(high, 8)
  const b = Buffer.from([le[3]!, le[2]!, le[1]!, le[0]!, le[5]!, le[4]!, le[7]!, le[6]!, ...le.subarray(8)])
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

function decimalToUnscaled128(d: DecimalValue): bigint {
  if (d.special === 'inf') return DECIMAL_INF
  if (d.special === '-inf') return -DECIMAL_INF
  if (d.special === 'nan') return DECIMAL_INF + 1n
  return d.unscaled
}

function unscaled128ToDecimal(u: bigint, scale: number): DecimalValue {
  if (u === DECIMAL_INF) return { kind: 'Decimal', unscaled: 0n, scale, special: 'inf' }
  if (u === -DECIMAL_INF) return { kind: 'Decimal', unscaled: 0n, scale, special: '-inf' }
  if (u > DECIMAL_INF || u < -DECIMAL_INF) return { kind: 'Decimal', unscaled: 0n, scale, special: 'nan' }
  return { kind: 'Decimal', unscaled: u, scale }
}

const need = <T>(ok: boolean, v: Value, t: YdbType, out: () => T): T => {
  if (!ok) throw bad(`Value ${String(v)} does not fit type ${t.kind === 'Decimal' ? 'Decimal' : t.name}`)
  return out()
}

/** Encodes a non-null value of type `t`. */
export function valueToProto(v: Value, t: YdbType): Ydb.IValue {
  if (v === null) throw bad('NULL where a value is required')
  if (t.kind === 'Decimal') {
    return need(isDecimal(v), v, t, () => {
      const u = BigInt.asUintN(128, decimalToUnscaled128(v as DecimalValue))
      return { low_128: bigIntToLong(u & 0xffffffffffffffffn, true), high_128: bigIntToLong(u >> 64n, true) } as Ydb.IValue
    })
  }
  const isInt = typeof v === 'number' && Number.isInteger(v)
  switch (t.name) {
    case 'Bool': return need(typeof v === 'boolean', v, t, () => ({ boolValue: v as boolean }))
    case 'Int8': case 'Int16': case 'Int32': case 'Date32':
      return need(isInt, v, t, () => ({ int32Value: v as number }))
    case 'Uint8': case 'Uint16': case 'Uint32': case 'Date': case 'Datetime':
      return need(isInt, v, t, () => ({ uint32Value: v as number }))
    case 'Int64': case 'Interval': case 'Datetime64': case 'Timestamp64': case 'Interval64':
      return need(typeof v === 'bigint', v, t, () => ({ int64Value: bigIntToLong(v as bigint, false) as never }))
    case 'Uint64': case 'Timestamp':
      return need(typeof v === 'bigint', v, t, () => ({ uint64Value: bigIntToLong(v as bigint, true) as never }))
    case 'Float': return need(typeof v === 'number', v, t, () => ({ floatValue: v as number }))
    case 'Double': return need(typeof v === 'number', v, t, () => ({ doubleValue: v as number }))
    case 'String': case 'Yson': return need(v instanceof Uint8Array, v, t, () => ({ bytesValue: v as Uint8Array }))
    case 'Uuid': return need(typeof v === 'string', v, t, () => {
      const { low, high } = uuidToHalves(v as string)
      return { low_128: bigIntToLong(low, true), high_128: bigIntToLong(high, true) } as Ydb.IValue
    })
    default: // Utf8, Json, JsonDocument, DyNumber
      return need(typeof v === 'string', v, t, () => ({ textValue: v as string }))
  }
}

/** Encodes a value of a column type; NULL of a nullable column is YDB's null flag. */
export function columnValueToProto(v: Value, ct: ColumnType): Ydb.IValue {
  if (v === null) {
    if (!ct.nullable) throw bad('NULL in a NOT NULL column')
    return { nullFlagValue: 0 }
  }
  return valueToProto(v, ct.type)
}

/** Decodes a value given its protobuf type (Optional unwrapped; NULL → null). */
export function protoToValue(v: Ydb.IValue | null | undefined, t: Ydb.IType | null | undefined): Value {
  if (!v || !t) return null
  if (t.optionalType) {
    if (v.nullFlagValue !== null && v.nullFlagValue !== undefined) return null
    if (v.nestedValue) return protoToValue(v.nestedValue, t.optionalType.item)
    return protoToValue(v, t.optionalType.item)
  }
  if (t.decimalType) {
    const low = longToBigInt(v.low_128 as Long64, true)
    const high = longToBigInt(v.high_128 as Long64, true)
    return unscaled128ToDecimal(BigInt.asIntN(128, (high << 64n) | low), t.decimalType.scale ?? 9)
  }
  const name = NAME_BY_ID.get(Number(t.typeId))
  if (!name) {
    if (v.nullFlagValue !== null && v.nullFlagValue !== undefined) return null
    throw bad(`Unsupported result type ${JSON.stringify(t)}`)
  }
  switch (name) {
    case 'Bool': return Boolean(v.boolValue)
    case 'Int8': case 'Int16': case 'Int32': case 'Date32': return v.int32Value ?? 0
    case 'Uint8': case 'Uint16': case 'Uint32': case 'Date': case 'Datetime': return (v.uint32Value ?? 0) >>> 0
    case 'Int64': case 'Interval': case 'Datetime64': case 'Timestamp64': case 'Interval64':
      return longToBigInt(v.int64Value as Long64, false)
    case 'Uint64': case 'Timestamp': return longToBigInt(v.uint64Value as Long64, true)
    case 'Float': return Math.fround(v.floatValue ?? 0)
    case 'Double': return v.doubleValue ?? 0
    case 'String': case 'Yson': return new Uint8Array(v.bytesValue ?? new Uint8Array(0))
    case 'Uuid': return halvesToUuid(longToBigInt(v.low_128 as Long64, true), longToBigInt(v.high_128 as Long64, true))
    default: return v.textValue ?? ''
  }
}
