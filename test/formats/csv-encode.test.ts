import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvRowEncoder } from '../../src/formats/csv-encode.js'
import { CsvChunkBuilder, formatCsvRow } from '../../src/formats/csv-row.js'
import { primitive as p, type YdbType } from '../../src/types/ydb-type.js'
import type { Row } from '../../src/types/value.js'

const encode = (rows: readonly Row[], types: readonly YdbType[], chunk = 64, style: 'dump' | 'export' = 'dump'): string => {
  const out = new CsvChunkBuilder(chunk)
  const enc = new CsvRowEncoder(types, style)
  for (const r of rows) enc.write(r, out)
  out.flush()
  const text = Buffer.concat(out.take()).toString('latin1')
  expect(out.bytes).toBe(text.length)
  return text
}
const slow = (rows: readonly Row[], types: readonly YdbType[], style: 'dump' | 'export' = 'dump'): string =>
  rows.map((r) => formatCsvRow(r, types.map((type, i) => ({ name: `c${i}`, type })), style)).join('')

describe('CsvRowEncoder', () => {
  it('writes the same bytes as formatCsvRow for every fast-path type', () => {
    const types = ['Int8', 'Int32', 'Uint32', 'Int64', 'Uint64', 'Interval', 'Timestamp', 'Datetime', 'Date', 'String', 'Utf8', 'Double', 'Bool', 'Date32', 'Timestamp64'].map((n) => p(n as never))
    const row = fc.tuple(
      fc.option(fc.integer({ min: -128, max: 127 })),
      fc.option(fc.integer()),
      fc.option(fc.integer({ min: 0, max: 4294967295 })),
      fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
      fc.option(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
      fc.option(fc.bigInt({ min: -4291747199999999n, max: 4291747199999999n })),
      fc.option(fc.oneof(fc.bigInt({ min: 0n, max: 4291747199999999n }), fc.constantFrom(0n, 999999n, 86_399_999_999n, 4291747199999999n))),
      fc.option(fc.integer({ min: 0, max: 4291747199 })),
      fc.option(fc.integer({ min: 0, max: 49672 })),
      fc.option(fc.uint8Array({ maxLength: 40 })),
      fc.option(fc.string({ unit: 'grapheme', maxLength: 30 })),
      fc.option(fc.double()),
      fc.option(fc.boolean()),
      fc.option(fc.integer({ min: -53375809, max: 53375807 })),
      fc.option(fc.bigInt({ min: -4611669897600000000n, max: 4611669811199999999n })),
    )
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.integer({ min: 1, max: 200 }), (rows, chunk) => {
        expect(encode(rows as Row[], types, chunk)).toBe(slow(rows as Row[], types))
        expect(encode(rows as Row[], types, chunk, 'export')).toBe(slow(rows as Row[], types, 'export'))
      }),
      { numRuns: 300 },
    )
  })

  it('handles strings longer than a chunk and escapes like cgiEscape', () => {
    const types = [p('String'), p('Utf8')]
    const rows: Row[] = [[new Uint8Array(300).fill(0x25), 'ж '.repeat(100) + '"#,'], [Uint8Array.of(0, 0x20, 0xff, 0x41), 'a b+c']]
    expect(encode(rows, types, 16)).toBe(slow(rows, types))
  })
})

describe('CsvRowEncoder doubles', () => {
  // Decimals m·10^-k of every size and scale, and the edges of the fast paths' ranges.
  const decimals = fc.oneof(
    fc.tuple(fc.integer({ min: -2e9, max: 2e9 }), fc.integer({ min: 0, max: 14 })).map(([m, k]) => m / 10 ** k),
    fc.tuple(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: 14 })).map(([m, k]) => Math.round(m) / 10 ** k),
    fc.double(),
    fc.constantFrom(1e-4, 9.999e-5, 9999999999, 1e10, 1e15, 999999999999999.9, 0.1 + 0.2, -1e-5, 123.45, 5e-324, -0, 2 ** 53, 2 ** 53 + 2),
  )

  it('prints the shortest text that reads back, as String(x) does (export style)', () => {
    const types = [p('Double')]
    fc.assert(
      fc.property(fc.array(decimals, { maxLength: 20 }), (xs) => {
        const rows = xs.map((x) => [x])
        expect(encode(rows, types, 40, 'export')).toBe(slow(rows, types, 'export'))
      }),
      { numRuns: 2000 },
    )
  })

  it('prints short decimals as %.10g does', () => {
    const types = [p('Double')]
    const dec = fc.tuple(fc.integer({ min: -2e9, max: 2e9 }), fc.integer({ min: 0, max: 14 })).map(([m, k]) => m / 10 ** k)
    fc.assert(
      fc.property(fc.array(fc.oneof(dec, fc.double(), fc.constantFrom(1e-4, 9999999999, 1e10, 0.1 + 0.2, -1e-5, 123.45)), { maxLength: 20 }), (xs) => {
        const rows = xs.map((x) => [x])
        expect(encode(rows, types, 40)).toBe(slow(rows, types))
      }),
      { numRuns: 500 },
    )
  })
})
