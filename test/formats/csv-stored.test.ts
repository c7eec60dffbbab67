// StoredRowCsvEncoder (the parallel dump's CSV from stored key/value bytes)
// against CsvRowEncoder on decoded rows: the same bytes and the same room
// reservations (the dump's chunk boundaries follow them), for every type it
// covers, NULLs, escapes, non-ASCII text and the integer edges.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TableRuntime } from '../../src/backends/cluster/embedded/table-runtime.js'
import { CsvRowEncoder, type CsvByteSink } from '../../src/formats/csv-encode.js'
import { StoredRowCsvEncoder } from '../../src/formats/csv-stored.js'
import type { CsvStyle } from '../../src/formats/csv-value.js'
import type { TableSchema } from '../../src/types/table-schema.js'
import { decimal, primitive as p, type PrimitiveTypeName } from '../../src/types/ydb-type.js'
import type { Value } from '../../src/types/value.js'

class Recording implements CsvByteSink {
  buf = Buffer.alloc(64)
  off = 0
  readonly events: number[] = []
  reserve(n: number): void {
    this.events.push(this.off, n)
    if (this.buf.length - this.off < n) {
      const g = Buffer.alloc(Math.max(this.buf.length * 2, this.off + n))
      this.buf.copy(g, 0, 0, this.off)
      this.buf = g
    }
  }
  text(): string {
    return this.buf.toString('latin1', 0, this.off)
  }
}

const i64 = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(0n, -1n, 2n ** 53n, -(2n ** 53n) - 1n, 10n ** 15n, -(10n ** 15n)))
const u64 = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(0n, 2n ** 53n, 10n ** 15n - 1n, 10n ** 15n, 2n ** 64n - 1n))
const text = fc.oneof(fc.string({ unit: 'grapheme-composite' }), fc.string({ unit: 'binary' }), fc.constantFrom('', ' ,"%+\n\u0000', 'ж😀'))
const bytes = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constant(Uint8Array.of(0, 0xff, 0, 0x20, 0x2c)))

const GEN: Partial<Record<PrimitiveTypeName, fc.Arbitrary<Value>>> = {
  Bool: fc.boolean(),
  Int8: fc.integer({ min: -128, max: 127 }),
  Int16: fc.integer({ min: -32768, max: 32767 }),
  Int32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  Uint8: fc.integer({ min: 0, max: 255 }),
  Uint16: fc.integer({ min: 0, max: 65535 }),
  Uint32: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  Int64: i64,
  Uint64: u64,
  Date: fc.integer({ min: 0, max: 49672 }),
  Datetime: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  Timestamp: fc.bigInt({ min: 0n, max: 4291747199999999n }),
  Date32: fc.integer({ min: -53375809, max: 53375807 }),
  Datetime64: fc.bigInt({ min: -4611669897600n, max: 4611669811199n }),
  Timestamp64: fc.bigInt({ min: -4611669897600000000n, max: 4611669811199999999n }),
  Interval: fc.bigInt({ min: -4291747199999999n, max: 4291747199999999n }),
  Interval64: fc.bigInt({ min: -9223339708799999999n, max: 9223339708799999999n }),
  Double: fc.oneof(fc.double(), fc.constantFrom(0.1, -2.5, 1e10, 123456.789)),
  Float: fc.float().map((x) => Math.fround(x)),
  String: bytes,
  Yson: bytes,
  Utf8: text.map((s) => Buffer.from(s, 'utf8').toString('utf8')),
  Json: text.map((s) => JSON.stringify(s)),
  JsonDocument: text.map((s) => JSON.stringify(s)),
}

const KEY: PrimitiveTypeName[] = ['Int32', 'Utf8', 'Uint64', 'String', 'Timestamp64', 'Date', 'Int8', 'Interval', 'Json']
const VALUE = Object.keys(GEN) as PrimitiveTypeName[]

function table(key: PrimitiveTypeName[], value: PrimitiveTypeName[]): TableSchema {
  const columns = [...value.map((t, i) => ({ name: `v${i}`, type: p(t), notNull: false })), ...key.map((t, i) => ({ name: `k${i}`, type: p(t), notNull: false }))]
  // keys listed after the values: schema order and stored order differ
  return { columns, primaryKey: key.map((_t, i) => `k${i}`), indexes: [] }
}

function check(schema: TableSchema, rows: Value[][], style: CsvStyle): void {
  const rt = new TableRuntime('/t', { type: 'table', createdAt: 0, tableId: 77, schema }, true)
  const stored = StoredRowCsvEncoder.create({ types: schema.columns.map((c) => c.type), keyPositions: rt.keyPositions, valuePositions: rt.valuePositions, keyPrefix: 4 }, style)!
  expect(stored).toBeDefined()
  const plain = new CsvRowEncoder(schema.columns.map((c) => c.type), style)
  const a = new Recording()
  const b = new Recording()
  for (const row of rows) {
    const key = rt.rowKeyOf(row)
    const value = rt.encodeValue(row)
    plain.write(rt.decodeRow(key, value), a)
    stored.write(key, 0, value, b)
  }
  expect(b.text()).toBe(a.text())
  expect(b.events).toEqual(a.events)
}

describe('StoredRowCsvEncoder', () => {
  for (const style of ['dump', 'export'] as const)
    it(`${style} style: CsvRowEncoder's bytes and reservations for every covered type`, () => {
      const schema = table(KEY, VALUE)
      const cell = (t: PrimitiveTypeName): fc.Arbitrary<Value> => fc.option(GEN[t]!, { nil: null, freq: 5 })
      const row = fc.tuple(...schema.columns.map((c) => cell((c.type as { name: PrimitiveTypeName }).name)))
      fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => check(schema, rows as Value[][], style)), { numRuns: 150 })
    })

  it('steps aside for types it does not cover', () => {
    const schema: TableSchema = { columns: [{ name: 'k', type: p('Uint64'), notNull: true }, { name: 'd', type: decimal(22, 9), notNull: false }], primaryKey: ['k'], indexes: [] }
    expect(StoredRowCsvEncoder.create({ types: schema.columns.map((c) => c.type), keyPositions: [0], valuePositions: [1], keyPrefix: 4 })).toBeUndefined()
    expect(StoredRowCsvEncoder.create({ types: [p('Double')], keyPositions: [0], valuePositions: [], keyPrefix: 4 })).toBeUndefined()
  })
})
