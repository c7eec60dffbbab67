// String literal bytes: the short-string UTF-8 encoder in unescape.ts must give
// TextEncoder's bytes for every string, lone surrogates included (U+FFFD).
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { unescapeString } from '../../src/syntax/unescape.js'

const encoder = new TextEncoder()
const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 0x80, max: 0x7ff }))

test('string literal bytes are the UTF-8 TextEncoder gives', () => {
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 80 }), (codes) => {
      const body = String.fromCharCode(...codes).replace(/['\\]/g, 'x')
      const r = unescapeString(`'${body}'`)
      expect(r.ok).toBe(true)
      if (r.ok) expect(Buffer.from(r.bytes).toString('hex'), JSON.stringify(body)).toBe(Buffer.from(encoder.encode(body)).toString('hex'))
    }),
    { numRuns: 3000 },
  )
  for (const body of ['Иван Петров', '😀', '\ud800', 'a\udc00b', '\ud83d', 'é'.repeat(64), 'é'.repeat(65)]) {
    const r = unescapeString(`'${body}'`)
    expect(r.ok && Buffer.from(r.bytes).toString('hex')).toBe(Buffer.from(encoder.encode(body)).toString('hex'))
  }
})
