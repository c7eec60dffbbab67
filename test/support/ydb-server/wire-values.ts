// The test server's own conversion between @ydbjs/api's (@bufbuild) Ydb.Type /
// Ydb.Value messages and our Value model. Written independently of
// src/backends/cluster/ydb/ydb-values.ts (a different protobuf runtime and
// different code), so a round trip through the real SDK checks both.
import { create } from '@bufbuild/protobuf'
import { Type_PrimitiveTypeId, TypeSchema, ValueSchema, type Type, type Value as PbValue } from '@ydbjs/api/value'
import type { DecimalValue, Value } from '../../../src/types/value.js'
import type { ColumnType, PrimitiveTypeName, YdbType } from '../../../src/types/ydb-type.js'

const ID_NAMES: Record<PrimitiveTypeName, keyof typeof Type_PrimitiveTypeId> = {
  Bool: 'BOOL', Int8: 'INT8', Int16: 'INT16', Int32: 'INT32', Int64: 'INT64',
  Uint8: 'UINT8', Uint16: 'UINT16', Uint32: 'UINT32', Uint64: 'UINT64',
  Float: 'FLOAT', Double: 'DOUBLE', DyNumber: 'DYNUMBER',
  String: 'STRING', Utf8: 'UTF8', Json: 'JSON', JsonDocument: 'JSON_DOCUMENT', Yson: 'YSON', Uuid: 'UUID',
  Date: 'DATE', Datetime: 'DATETIME', Timestamp: 'TIMESTAMP', Interval: 'INTERVAL',
  Date32: 'DATE32', Datetime64: 'DATETIME64', Timestamp64: 'TIMESTAMP64', Interval64: 'INTERVAL64',
}
const NAME_OF_ID = new Map<number, PrimitiveTypeName>(
  (Object.entries(ID_NAMES) as [PrimitiveTypeName, keyof typeof Type_PrimitiveTypeId][]).map(([n, k]) => [Type_PrimitiveTypeId[k] as number, n]),
)

export function typeToWire(ct: ColumnType): Type {
  const inner: Type =
    ct.type.kind === 'Decimal'
      ? create(TypeSchema, { type: { case: 'decimalType', value: { precision: ct.type.precision, scale: ct.type.scale } } })
      : create(TypeSchema, { type: { case: 'typeId', value: Type_PrimitiveTypeId[ID_NAMES[ct.type.name]] } })
  return ct.nullable ? create(TypeSchema, { type: { case: 'optionalType', value: { item: inner } } }) : inner
}

export function typeFromWire(t: Type | undefined): ColumnType {
  if (!t) throw new Error('missing type')
  switch (t.type.case) {
    case 'optionalType': return { type: typeFromWire(t.type.value.item).type, nullable: true }
    case 'decimalType': return { type: { kind: 'Decimal', precision: t.type.value.precision, scale: t.type.value.scale }, nullable: false }
    case 'typeId': {
      const name = NAME_OF_ID.get(t.type.value)
      if (!name) throw new Error(`unsupported type id ${t.type.value}`)
      return { type: { kind: 'Primitive', name }, nullable: false }
    }
    default: throw new Error(`unsupported type ${t.type.case}`)
  }
}

const INF = 10n ** 35n
const M64 = (1n << 64n) - 1n

function uuidBytesLE(u: string): Buffer {
  const b = Buffer.from(u.replace(/-/g, ''), 'hex')
  return Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)])
}

export function valueToWire(v: Value, ct: ColumnType): PbValue {
  if (v === null) return create(ValueSchema, { value: { case: 'nullFlagValue', value: 0 } })
  const t: YdbType = ct.type
  if (t.kind === 'Decimal') {
    const d = v as DecimalValue
    const u = d.special === 'inf' ? INF : d.special === '-inf' ? -INF : d.special === 'nan' ? INF + 1n : d.unscaled
    const w = BigInt.asUintN(128, u)
    return create(ValueSchema, { value: { case: 'low128', value: w & M64 }, high128: w >> 64n })
  }
  switch (t.name) {
    case 'Bool': return create(ValueSchema, { value: { case: 'boolValue', value: v as boolean } })
    case 'Int8': case 'Int16': case 'Int32': case 'Date32': return create(ValueSchema, { value: { case: 'int32Value', value: v as number } })
    case 'Uint8': case 'Uint16': case 'Uint32': case 'Date': case 'Datetime': return create(ValueSchema, { value: { case: 'uint32Value', value: v as number } })
    case 'Int64': case 'Interval': case 'Datetime64': case 'Timestamp64': case 'Interval64': return create(ValueSchema, { value: { case: 'int64Value', value: v as bigint } })
    case 'Uint64': case 'Timestamp': return create(ValueSchema, { value: { case: 'uint64Value', value: v as bigint } })
    case 'Float': return create(ValueSchema, { value: { case: 'floatValue', value: v as number } })
    case 'Double': return create(ValueSchema, { value: { case: 'doubleValue', value: v as number } })
    case 'String': case 'Yson': return create(ValueSchema, { value: { case: 'bytesValue', value: v as Uint8Array } })
    case 'Uuid': {
      const le = uuidBytesLE(v as string)
      return create(ValueSchema, { value: { case: 'low128', value: le.readBigUInt64LE(0) }, high128: le.readBigUInt64LE(8) })
    }
    default: return create(ValueSchema, { value: { case: 'textValue', value: v as string } })
  }
}

export function valueFromWire(w: PbValue | undefined, ct: ColumnType): Value {
  if (!w) return null
  const c = w.value
  if (c.case === 'nullFlagValue') return null
  if (c.case === 'nestedValue') return valueFromWire(c.value, ct)
  const t = ct.type
  if (t.kind === 'Decimal') {
    const u = BigInt.asIntN(128, (w.high128 << 64n) | ((c.value as bigint) ?? 0n))
    if (u === INF) return { kind: 'Decimal', unscaled: 0n, scale: t.scale, special: 'inf' }
    if (u === -INF) return { kind: 'Decimal', unscaled: 0n, scale: t.scale, special: '-inf' }
    if (u > INF || u < -INF) return { kind: 'Decimal', unscaled: 0n, scale: t.scale, special: 'nan' }
    return { kind: 'Decimal', unscaled: u, scale: t.scale }
  }
  if (t.name === 'Uuid') {
    const le = Buffer.alloc(16)
    le.writeBigUInt64LE(c.value as bigint, 0)
    le.writeBigUInt64LE(w.high128, 8)
    const b = Buffer.concat([Buffer.from(le.subarray(0, 4)).reverse(), Buffer.from(le.subarray(4, 6)).reverse(), Buffer.from(le.subarray(6, 8)).reverse(), le.subarray(8)])
    const h = b.toString('hex')
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }
  if (t.name === 'Float') return Math.fround(c.value as number)
  if (c.case === 'bytesValue') return new Uint8Array(c.value)
  if (c.value === undefined) throw new Error(`empty value for ${t.name}`)
  return c.value as Value
}
