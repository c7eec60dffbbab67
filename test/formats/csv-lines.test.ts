// The streaming line reader: lines cut across chunk boundaries, CRLF, a last
// line without '\n', the maximum line length, and batching of rows.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvChunkBuilder, readCsvLines, readCsvRows } from '../../src/formats/csv-row.js'
import { primitive as p } from '../../src/types/ydb-type.js'

async function* split(data: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  let prev = 0
  for (const c of [...cuts].sort((a, b) => a - b)) {
    yield data.subarray(prev, Math.max(prev, c))
    prev = Math.max(prev, c)
  }
  yield data.subarray(prev)
}
const lines = async (it: AsyncIterable<Uint8Array>, max?: number): Promise<string[]> => {
  const out: string[] = []
  for await (const l of readCsvLines(it, { file: 'f.csv', ...(max ? { maxLineLength: max } : {}) })) out.push(l.text)
  return out
}

describe('readCsvLines', () => {
  it('gives the same lines however the bytes are chunked', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.stringMatching(/^[a-z0-9,"%]{0,20}$/), { maxLength: 20 }), fc.array(fc.nat(400)), async (ls, cuts) => {
      const data = Buffer.from(ls.map((l) => `${l}\n`).join(''))
      expect(await lines(split(data, cuts))).toEqual(ls)
    }))
  })
  it('drops \\r before \\n and keeps a last line without \\n', async () => {
    expect(await lines(split(Buffer.from('a,b\r\nc\nlast'), [2, 4]))).toEqual(['a,b', 'c', 'last'])
  })
  it('refuses a line longer than the maximum, naming file and line', async () => {
    await expect(lines(split(Buffer.from(`ok\n${'x'.repeat(100)}\n`), [50]), 64)).rejects.toThrow('f.csv:2: line is longer than 64 bytes')
  })
  it('batches rows and skips empty lines', async () => {
    const data = Buffer.from(Array.from({ length: 25 }, (_, i) => `${i}\n\n`).join(''))
    const sizes: number[] = []
    for await (const b of readCsvRows(split(data, [7, 30]), [{ name: 'k', type: p('Uint8') }], { file: 'f', batchRows: 10 })) sizes.push(b.length)
    expect(sizes).toEqual([10, 10, 5])
  })
})

describe('CsvChunkBuilder', () => {
  it('keeps bytes in order across chunk and oversize boundaries', () => {
    const b = new CsvChunkBuilder(16)
    const parts = ['abc\n', 'x'.repeat(40) + '\n', 'defghijklmnop\n', 'q\n']
    for (const l of parts) b.push(l)
    b.flush()
    const chunks = b.take()
    expect(Buffer.concat(chunks).toString('latin1')).toBe(parts.join(''))
    expect(b.bytes).toBe(parts.join('').length)
  })
})
