import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvRowEncoder } from '../../src/formats/csv-encode.js'
import { CsvChunkBuilder, parseCsvRow, readCsvRows, type CsvColumn } from '../../src/formats/csv-row.js'
import { primitive as p } from '../../src/types/ydb-type.js'
import type { Row } from '../../src/types/value.js'

const names = ['Int8', 'Int32', 'Uint32', 'Int64', 'Uint64', 'Interval', 'Timestamp', 'Datetime', 'Date', 'String', 'Utf8', 'Double', 'Float', 'Bool']
const columns: CsvColumn[] = names.map((n, i) => ({ name: `c${i}`, type: p(n as never), notNull: i === 0 }))

/** The slow path's answer for one line: the row or the error message. */
const slow = (text: string, lineNo: number): Row | string => {
  try {
    return parseCsvRow({ text, lineNo }, columns, 'f.csv')
  } catch (e) {
    return (e as Error).message
  }
}

async function fast(text: string, chunk: number): Promise<Row[] | string> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const b = Buffer.from(text, 'latin1')
    for (let i = 0; i < b.length; i += chunk) yield b.subarray(i, i + chunk)
  }
  try {
    const out: Row[] = []
    for await (const batch of readCsvRows(chunks(), columns, { file: 'f.csv', batchRows: 3 })) out.push(...batch)
    return out
  } catch (e) {
    return (e as Error).message
  }
}

const cell = fc.oneof(
  fc.constantFrom('null', '0', '-0', '+7', '127', '128', '-129', '4294967295', '4294967296', '18446744073709551615', '-1', '1e5', '.5', '1.', 'nan', '-inf', '0x1p3',
    '"abc"', '"a%20b"', '"%D0%B6+x"', '"%4"', '"%zz%41"', '"%e2%82"', '"+"', '"%FF"', 'x', '""', '"', '2024-02-29T23:59:59.999999Z', '2023-02-29T00:00:00.000000Z', '1970-01-01T00:00:00.000000Z',
    '2105-12-31T23:59:59.999999Z', '2106-01-01T00:00:00.000000Z', '2024-01-01', '2024-01-01T10:00:00Z', 'true', '1', 'off', '9007199254740993', '123456789012345', '1234567890123456'),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 6 }).map((s) => `"${s}"`),
)

describe('readCsvRows fast reader', () => {
  it('gives parseCsvRow\'s rows and errors for arbitrary lines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: names.length - 1, maxLength: names.length + 1 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 64 }), async (lines, chunk) => {
        const texts = lines.map((l) => l.join(','))
        let want: Row[] | string = []
        for (let i = 0; i < texts.length; i++) {
          const r = slow(texts[i]!, i + 1)
          if (typeof r === 'string') {
            want = r
            break
          }
          want.push(r)
        }
        expect(await fast(texts.join('\n') + '\n', chunk)).toEqual(want)
      }),
      { numRuns: 400 },
    )
  })

  it('reads back what the encoder writes', async () => {
    const out = new CsvChunkBuilder(32)
    const enc = new CsvRowEncoder(columns.map((c) => c.type))
    const rows: Row[] = [
      [1, 2, 3, 4n, 5n, -6n, 1_700_000_000_123_456n, 1_700_000_000, 19_000, Uint8Array.of(1, 0x41, 0x20), 'héllo, "x"', 1.5, Math.fround(0.1), true],
      [-1, null, null, null, null, null, null, null, null, null, null, null, null, null],
    ]
    for (const r of rows) enc.write(r, out)
    out.flush()
    expect(await fast(Buffer.concat(out.take()).toString('latin1'), 7)).toEqual(rows)
  })
})

describe('readCsvRows doubles', () => {
  it('reads plain decimals exactly as Number does', async () => {
    const dbl: CsvColumn[] = [{ name: 'd', type: p('Double') }]
    const text = fc.tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{0,9}$/), fc.boolean(), fc.stringMatching(/^[0-9]{0,9}$/))
      .map(([s, a, dot, b]) => `${s}${a}${dot ? '.' : ''}${dot ? b : ''}`)
      .filter((t) => /[0-9]/.test(t))
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        async function* one(): AsyncGenerator<Uint8Array> {
          yield Buffer.from(`${t}\n`)
        }
        const rows: Row[] = []
        for await (const b of readCsvRows(one(), dbl, { file: 'f' })) rows.push(...b)
        expect(Object.is(rows[0]![0], Number(t))).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })
})
