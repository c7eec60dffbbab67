// Golden CSV text for every column type (fixtures/formats/csv/all-types.csv):
// the file reads as the values below, and the values print back to the file
// byte for byte.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatCsvRow, parseCsvRow, readCsvRows, type CsvColumn } from '../../src/formats/csv-row.js'
import { decimal, primitive as p } from '../../src/types/ydb-type.js'
import type { Row } from '../../src/types/value.js'

const fixture = new URL('../../fixtures/formats/csv/all-types.csv', import.meta.url)
const text = readFileSync(fixture, 'latin1')

export const ALL_TYPES: CsvColumn[] = [
  { name: 'id', type: p('Uint32'), notNull: true },
  { name: 'bool', type: p('Bool') },
  { name: 'i8', type: p('Int8') },
  { name: 'u8', type: p('Uint8') },
  { name: 'i16', type: p('Int16') },
  { name: 'u16', type: p('Uint16') },
  { name: 'i32', type: p('Int32') },
  { name: 'u32', type: p('Uint32') },
  { name: 'i64', type: p('Int64') },
  { name: 'u64', type: p('Uint64') },
  { name: 'f', type: p('Float') },
  { name: 'd', type: p('Double') },
  { name: 'dec', type: decimal(22, 9) },
  { name: 'dy', type: p('DyNumber') },
  { name: 's', type: p('String') },
  { name: 'u', type: p('Utf8') },
  { name: 'u2', type: p('Utf8') },
  { name: 'j', type: p('Json') },
  { name: 'jd', type: p('JsonDocument') },
  { name: 'y', type: p('Yson') },
  { name: 'uuid', type: p('Uuid') },
  { name: 'date', type: p('Date') },
  { name: 'dt', type: p('Datetime') },
  { name: 'ts', type: p('Timestamp') },
  { name: 'iv', type: p('Interval') },
  { name: 'd32', type: p('Date32') },
  { name: 'dt64', type: p('Datetime64') },
  { name: 'ts64', type: p('Timestamp64') },
  { name: 'iv64', type: p('Interval64') },
]

const b = (...xs: number[]): Uint8Array => Uint8Array.from(xs)
const dec = (unscaled: bigint) => ({ kind: 'Decimal' as const, unscaled, scale: 9 })

const ROWS: Row[] = [
  [1, true, -128, 0, -32768, 0, -2147483648, 0, -9223372036854775808n, 0n, 0.5, 0.1, dec(-3140000000n), '-.3321e1', b(), '0', '', 'null', '[]', b(),
    '00000000-0000-0000-0000-000000000000', 0, 0, 0n, 0n, -53375809, -4611669897600n, -4611669897600000000n, -9223339708799999999n],
  [2, false, 127, 255, 32767, 65535, 2147483647, 4294967295, 9223372036854775807n, 18446744073709551615n, -Infinity, NaN,
    dec(9999999999999999999999n), '.1e126', b(0, 1, 0x7f, 0x80, 0xff, 0x20, 0x25), 'Я', 'a,b"c\n', '{"a":[1,2]}', '{"k":"v"}', b(0x7b, 0x7d),
    'ffffffff-ffff-ffff-ffff-ffffffffffff', 49672, 4291747199, 4291747199999999n, -4291747199999999n, 53375807, 4611669811199n, 4611669811199999999n, 9223339708799999999n],
  [3, ...Array.from({ length: 28 }, () => null)],
]

describe('golden CSV of every type', () => {
  it('reads the fixture', async () => {
    const rows: Row[] = []
    for await (const batch of readCsvRows([Buffer.from(text, 'latin1')] as unknown as AsyncIterable<Uint8Array>, ALL_TYPES, { file: 'all-types.csv' }))
      rows.push(...batch)
    expect(rows).toEqual(ROWS)
  })
  it('prints the fixture byte for byte', () => {
    expect(ROWS.map((r) => formatCsvRow(r, ALL_TYPES)).join('')).toBe(text)
  })
  it('round-trips every row', () => {
    for (const r of ROWS) expect(parseCsvRow({ text: formatCsvRow(r, ALL_TYPES).slice(0, -1), lineNo: 1 }, ALL_TYPES, 'x')).toEqual(r)
  })
})
