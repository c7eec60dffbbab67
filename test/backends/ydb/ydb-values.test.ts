// Wire encoding of every type in our value model, checked across two protobuf
// runtimes: the backend's encoder (ydb-sdk-proto / protobufjs) against the
// test server's independent one (@ydbjs/api / @bufbuild), both directions,
// through the binary protobuf encoding YDB uses.
import { fromBinary, toBinary } from '@bufbuild/protobuf'
import { ValueSchema, TypeSchema } from '@ydbjs/api/value'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sdk } from '../../../src/backends/cluster/ydb/ydb-sdk-runtime.js'
import { columnTypeToProto, columnValueToProto, protoToColumnType, protoToValue } from '../../../src/backends/cluster/ydb/ydb-values.js'
import type { Value } from '../../../src/types/value.js'
import { INTEGER_RANGES, TIME_RANGES, type ColumnType, type PrimitiveTypeName, type YdbType } from '../../../src/types/ydb-type.js'
import { typeFromWire, typeToWire, valueFromWire, valueToWire } from '../../support/ydb-server/wire-values.js'

const { Ydb } = sdk

const big = (name: string, r: Readonly<Record<string, readonly [bigint, bigint]>>) => fc.bigInt(r[name]![0], r[name]![1])
const int = (name: string, r: Readonly<Record<string, readonly [bigint, bigint]>>) => big(name, r).map(Number)

const ARBS: Record<PrimitiveTypeName, fc.Arbitrary<Value>> = {
  Bool: fc.boolean(),
  Int8: int('Int8', INTEGER_RANGES), Int16: int('Int16', INTEGER_RANGES), Int32: int('Int32', INTEGER_RANGES),
  Uint8: int('Uint8', INTEGER_RANGES), Uint16: int('Uint16', INTEGER_RANGES), Uint32: int('Uint32', INTEGER_RANGES),
  Int64: big('Int64', INTEGER_RANGES), Uint64: big('Uint64', INTEGER_RANGES),
  Float: fc.float({ noNaN: true }).map(Math.fround), Double: fc.double({ noNaN: true }),
  DyNumber: fc.constantFrom('.3321e1', '0', '-.1e-5'),
  String: fc.uint8Array({ maxLength: 40 }), Yson: fc.uint8Array({ maxLength: 10 }),
  Utf8: fc.string({ unit: 'grapheme', maxLength: 20 }), Json: fc.constant('{"a":[1,2]}'), JsonDocument: fc.constant('{"a":1}'),
  Uuid: fc.uuid(),
  Date: int('Date', TIME_RANGES), Datetime: int('Datetime', TIME_RANGES), Timestamp: big('Timestamp', TIME_RANGES),
  Interval: big('Interval', TIME_RANGES), Date32: int('Date32', TIME_RANGES), Datetime64: big('Datetime64', TIME_RANGES),
  Timestamp64: big('Timestamp64', TIME_RANGES), Interval64: big('Interval64', TIME_RANGES),
}

const decimalArb = fc.integer({ min: 1, max: 35 }).chain((precision) =>
  fc.integer({ min: 0, max: precision }).chain((scale) =>
    fc.tuple(
      fc.constant<YdbType>({ kind: 'Decimal', precision, scale }),
      fc.oneof(
        fc.bigInt(-(10n ** BigInt(precision)) + 1n, 10n ** BigInt(precision) - 1n).map((u): Value => ({ kind: 'Decimal', unscaled: u, scale })),
        fc.constantFrom('inf', '-inf', 'nan').map((sp): Value => ({ kind: 'Decimal', unscaled: 0n, scale, special: sp as 'inf' })),
      ),
    ),
  ),
)

const typedArb: fc.Arbitrary<[ColumnType, Value]> = fc
  .oneof(
    fc.constantFrom(...(Object.keys(ARBS) as PrimitiveTypeName[])).chain((n) => fc.tuple(fc.constant<YdbType>({ kind: 'Primitive', name: n }), ARBS[n])),
    decimalArb,
  )
  .chain(([t, v]) => fc.boolean().chain((nullable) => fc.constant<[ColumnType, Value]>([{ type: t, nullable }, v]).chain((p) => (nullable ? fc.constantFrom(p, [p[0], null] as [ColumnType, Value]) : fc.constant(p)))))

describe('YDB value encoding', () => {
  it('backend encoder → binary → server decoder gives the same value and type', () => {
    fc.assert(
      fc.property(typedArb, ([ct, v]) => {
        const bytes = Ydb.Value.encode(Ydb.Value.create(columnValueToProto(v, ct))).finish()
        const tbytes = Ydb.Type.encode(Ydb.Type.create(columnTypeToProto(ct))).finish()
        const wt = fromBinary(TypeSchema, tbytes)
        expect(typeFromWire(wt)).toEqual(ct)
        expect(valueFromWire(fromBinary(ValueSchema, bytes), ct)).toEqual(v)
      }),
      { numRuns: 600 },
    )
  })

  it('server encoder → binary → backend decoder gives the same value and type', () => {
    fc.assert(
      fc.property(typedArb, ([ct, v]) => {
        const t = Ydb.Type.decode(toBinary(TypeSchema, typeToWire(ct)))
        expect(protoToColumnType(t)).toEqual(ct)
        expect(protoToValue(Ydb.Value.decode(toBinary(ValueSchema, valueToWire(v, ct))), t)).toEqual(v)
      }),
      { numRuns: 600 },
    )
  })

  it('encodes a Uuid in YDB’s byte order', () => {
    const ct: ColumnType = { type: { kind: 'Primitive', name: 'Uuid' }, nullable: false }
    const pb = Ydb.Value.decode(Ydb.Value.encode(Ydb.Value.create(columnValueToProto('01234567-89ab-cdef-0123-456789abcdef', ct))).finish())
    // time_low, time_mid, time_hi little-endian; the rest as is (as ydb-sdk's uuidToValue does).
    expect(BigInt(pb.low_128!.toString())).toBe(0xcdef89ab01234567n)
  })
})
