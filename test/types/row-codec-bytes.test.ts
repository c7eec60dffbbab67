// RowCodec's byte layout of text and byte-string columns, whichever way it is
// written (the short ASCII and short byte copies in JS, or Buffer's UTF-8
// writer): a presence byte, a varint length, then the UTF-8 bytes / the bytes.
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { RowCodec } from '../../src/types/row-codec.js'
import { primitive } from '../../src/types/ydb-type.js'

const varint = (n: number): number[] => {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
  return out
}

const codec = new RowCodec([primitive('Utf8'), primitive('String'), primitive('Int32')])

it('text and bytes encode as presence, varint length, content', () => {
  const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme-ascii', minLength: 60, maxLength: 140 }))
  fc.assert(
    fc.property(fc.option(text), fc.option(fc.uint8Array({ maxLength: 300 })), fc.integer({ min: -5, max: 5 }), (s, b, n) => {
      const expected: number[] = []
      if (s === null) expected.push(0)
      else {
        const u = Buffer.from(s, 'utf8')
        expected.push(1, ...varint(u.length), ...u)
      }
      if (b === null) expected.push(0)
      else expected.push(1, ...varint(b.length), ...b)
      const i = Buffer.alloc(4)
      i.writeInt32LE(n)
      expected.push(1, ...i)
      // encodeView reuses its buffer: earlier longer rows must not leak into later ones.
      expect([...codec.encodeView([s, b, n])]).toEqual(expected)
      expect([...codec.encode([s, b, n])]).toEqual(expected)
      expect(codec.decode(codec.encode([s, b, n]))).toEqual([s === null ? null : Buffer.from(s, 'utf8').toString('utf8'), b === null ? null : new Uint8Array(b), n])
    }),
    { numRuns: 2000 },
  )
})
