// Round-trip properties: parseCsvValue(formatCsvValue(v)) == v for every type,
// and CGI escape/unescape of arbitrary bytes.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cgiEscapeBytes, cgiEscapeString, cgiUnescape } from '../../src/formats/cgi-escape.js'
import { formatCsvValue, parseCsvValue } from '../../src/formats/csv-value.js'
import { INTEGER_RANGES, TIME_RANGES, decimal, primitive as p, type PrimitiveTypeName, type YdbType } from '../../src/types/ydb-type.js'
import type { Value } from '../../src/types/value.js'

const bigRange = (name: string, table: Record<string, readonly [bigint, bigint]>): fc.Arbitrary<bigint> =>
  fc.bigInt({ min: table[name]![0], max: table[name]![1] })
const numRange = (name: string, table: Record<string, readonly [bigint, bigint]>): fc.Arbitrary<number> =>
  bigRange(name, table).map(Number)

const hex = fc.constantFrom(...'0123456789abcdef')
const uuid = fc.array(hex, { minLength: 32, maxLength: 32 }).map((a) => {
  const h = a.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
})
const json = fc.jsonValue().map((v) => JSON.stringify(v))

const ARBS: [YdbType, fc.Arbitrary<Value>][] = [
  [p('Bool'), fc.boolean()],
  ...(['Int8', 'Int16', 'Int32', 'Uint8', 'Uint16', 'Uint32'] as PrimitiveTypeName[]).map((n) => [p(n), numRange(n, INTEGER_RANGES)] as [YdbType, fc.Arbitrary<Value>]),
  [p('Int64'), bigRange('Int64', INTEGER_RANGES)],
  [p('Uint64'), bigRange('Uint64', INTEGER_RANGES)],
  [p('Date'), numRange('Date', TIME_RANGES)],
  [p('Date32'), numRange('Date32', TIME_RANGES)],
  [p('Datetime'), numRange('Datetime', TIME_RANGES)],
  [p('Datetime64'), bigRange('Datetime64', TIME_RANGES)],
  [p('Timestamp'), bigRange('Timestamp', TIME_RANGES)],
  [p('Timestamp64'), bigRange('Timestamp64', TIME_RANGES)],
  [p('Interval'), bigRange('Interval', TIME_RANGES)],
  [p('Interval64'), bigRange('Interval64', TIME_RANGES)],
  [p('String'), fc.uint8Array({ maxLength: 64 })],
  [p('Yson'), fc.uint8Array({ maxLength: 64 })],
  [p('Utf8'), fc.string({ unit: 'binary', maxLength: 64 })],
  [p('Json'), json],
  [p('JsonDocument'), json],
  [p('Uuid'), uuid],
  [decimal(22, 9), fc.bigInt({ min: -(10n ** 22n) + 1n, max: 10n ** 22n - 1n }).map((u) => ({ kind: 'Decimal' as const, unscaled: u, scale: 9 }))],
  [decimal(35, 0), fc.bigInt({ min: -(10n ** 35n) + 1n, max: 10n ** 35n - 1n }).map((u) => ({ kind: 'Decimal' as const, unscaled: u, scale: 0 }))],
]

describe('CSV value round trip', () => {
  for (const [t, arb] of ARBS) {
    const name = t.kind === 'Decimal' ? `Decimal(${t.precision},${t.scale})` : t.name
    it(name, () => {
      fc.assert(fc.property(fc.option(arb, { nil: null }), (v) => {
        const text = formatCsvValue(v, t)
        expect(text.includes(',') || text.includes('\n')).toBe(false)
        expect(parseCsvValue(text, t)).toEqual(v)
      }), { numRuns: 300 })
    })
  }
  it('Float and Double in the export style (shortest round-trip text)', () => {
    fc.assert(fc.property(fc.double(), (d) => {
      expect(parseCsvValue(formatCsvValue(d, p('Double'), 'export'), p('Double'))).toBe(d)
      const f = Math.fround(d)
      expect(parseCsvValue(formatCsvValue(f, p('Float'), 'export'), p('Float'))).toBe(f)
    }), { numRuns: 2000 })
  })
  it('Float and Double in the dump style keep 6 / 10 significant digits', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), (d) => {
      const back = parseCsvValue(formatCsvValue(d, p('Double')), p('Double')) as number
      expect(Math.abs(back - d)).toBeLessThanOrEqual(Math.abs(d) * 1e-9)
    }), { numRuns: 1000 })
  })
  it('DyNumber keeps its canonical form', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: -60, max: 60 }), (m, e) => {
      const canon = parseCsvValue(`${m}e${e}`, p('DyNumber')) as string
      expect(parseCsvValue(formatCsvValue(canon, p('DyNumber')), p('DyNumber'))).toBe(canon)
      expect(Number(canon)).toBeCloseTo(Number(`${m}e${e}`), 5)
    }))
  })
})

describe('CGI escaping', () => {
  it('unescape(escape(bytes)) == bytes and the text is safe', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
      const e = cgiEscapeBytes(b)
      expect(/^[A-Za-z0-9!$*\-./;@_~+%]*$/.test(e)).toBe(true)
      expect(Buffer.from(cgiUnescape(e))).toEqual(Buffer.from(b))
    }), { numRuns: 1000 })
  })
  it('string escaping equals escaping its UTF-8 bytes', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 50 }), (s) => {
      expect(cgiEscapeString(s)).toBe(cgiEscapeBytes(new TextEncoder().encode(s)))
    }))
  })
  it('matches the escape table exactly', () => {
    const escaped = Array.from({ length: 256 }, (_, i) => cgiEscapeBytes(Uint8Array.of(i)))
    const literal = escaped.map((e, i) => (e.length === 1 && i !== 0x20 ? String.fromCharCode(i) : '')).join('')
    expect(literal).toBe('!$*-./0123456789;@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~')
    expect(escaped[0x20]).toBe('+')
    expect(escaped[0xab]).toBe('%AB')
    expect(Buffer.from(cgiUnescape('%zz%4+%41%4a'))).toEqual(Buffer.from('%zz%4 AJ'))
  })
})
