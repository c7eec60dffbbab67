// BACKUP INCREMENTAL builds the incremental table's values from change-record
// bytes (incremental-encoder.ts): they must be byte-identical to encoding the
// row that incrementalRow makes from the decoded record, for every column kind,
// NULLs, changed/unchanged columns and tombstones.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeChange, encodeChange } from '../../../src/backends/cluster/embedded/change-record.js'
import { IncrementalEncoder } from '../../../src/backends/cluster/embedded/incremental-encoder.js'
import { incrementalRow, incrementalSchema } from '../../../src/backends/cluster/embedded/incremental-format.js'
import { TableRuntime } from '../../../src/backends/cluster/embedded/table-runtime.js'
import type { TableSchema } from '../../../src/types/table-schema.js'
import type { Value } from '../../../src/types/value.js'
import { decimal, primitive, type YdbType } from '../../../src/types/ydb-type.js'

const cols: [string, YdbType, fc.Arbitrary<Value>][] = [
  ['id', primitive('Uint64'), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })],
  ['name', primitive('Utf8'), fc.string()],
  ['b', primitive('Bool'), fc.boolean()],
  ['i', primitive('Int32'), fc.integer()],
  ['u', primitive('Uint32'), fc.nat()],
  ['l', primitive('Int64'), fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n })],
  ['d', primitive('Double'), fc.double({ noNaN: true })],
  ['f', primitive('Float'), fc.float({ noNaN: true }).map((x) => Math.fround(x))],
  ['s', primitive('Utf8'), fc.string({ unit: 'binary', maxLength: 200 })],
  ['bytes', primitive('String'), fc.uint8Array({ maxLength: 300 })],
  ['dec', decimal(22, 9), fc.bigInt({ min: -(10n ** 21n), max: 10n ** 21n }).map((unscaled) => ({ kind: 'Decimal' as const, unscaled, scale: 9 }))],
  ['ts', primitive('Timestamp'), fc.bigInt({ min: 0n, max: 1n << 50n })],
  ['uuid', primitive('Uuid'), fc.uuid()],
]

const schema: TableSchema = {
  columns: cols.map(([name, type]) => ({ name, type, notNull: false })),
  primaryKey: ['id', 'name'],
  indexes: [],
}
const src = new TableRuntime('/local/t', { type: 'table', createdAt: 0, tableId: 5, schema })
const dst = new TableRuntime('/local/inc/t', { type: 'table', createdAt: 0, tableId: 6, schema: incrementalSchema(schema) }, true)

describe('IncrementalEncoder', () => {
  it('is byte-identical to encoding incrementalRow of the decoded record', () => {
    const enc = IncrementalEncoder.for(src, dst)!
    expect(enc).toBeDefined()
    const row = fc.tuple(...cols.map(([, , arb], i) => (i < 2 ? arb : fc.option(arb, { nil: null }))))
    fc.assert(
      fc.property(row, fc.array(fc.boolean(), { minLength: cols.length, maxLength: cols.length }), fc.boolean(), (image, changed, deleted) => {
        const rec = encodeChange(src, deleted ? { deleted, changed } : { deleted, changed, image: image as Value[] })
        const expected = dst.encodeValue(incrementalRow(src, undefined, decodeChange(src, rec)))
        expect(enc.encode(rec).equals(expected)).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it('is not used when the incremental table does not have the expected layout', () => {
    expect(IncrementalEncoder.for(src, src)).toBeUndefined()
  })
})
