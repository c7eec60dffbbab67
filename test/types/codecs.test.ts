import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareKeys, compareValues } from '../../src/types/compare.js'
import { canonicalDyNumber } from '../../src/types/dynumber.js'
import { DECIMAL_INF, KeyCodec } from '../../src/types/key-codec.js'
import { RowCodec } from '../../src/types/row-codec.js'
import type { Value } from '../../src/types/value.js'
import { decimal, primitive, PRIMITIVE_TYPE_NAMES, type YdbType } from '../../src/types/ydb-type.js'

const int = (lo: number, hi: number) => fc.integer({ min: lo, max: hi })
const big = (lo: bigint, hi: bigint) => fc.bigInt({ min: lo, max: hi })
const hex = (n: number) => fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: n, maxLength: n }).map((a) => a.join(''))
const uuid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((p) => p.join('-'))
const dynumber = fc
  .tuple(fc.boolean(), fc.array(int(0, 9), { minLength: 0, maxLength: 12 }), int(-300, 300))
  .map(([neg, ds, e]) => {
    const digits = ds.join('').replace(/0+$/, '')
    if (digits === '' || digits[0] === '0') return '0'
    return canonicalDyNumber(`${neg ? '-' : ''}.${digits}e${e}`)
  })
const bytes = fc.uint8Array({ maxLength: 12 }).map((b) => new Uint8Array(b))

/** Non-null values of each type, in the representation of value.ts. */
function arb(t: YdbType): fc.Arbitrary<Value> {
  if (t.kind === 'Decimal') {
    const lim = 10n ** BigInt(t.precision) - 1n
    return fc.oneof(
      { weight: 10, arbitrary: big(-lim, lim).map((u) => ({ kind: 'Decimal' as const, unscaled: u, scale: t.scale })) },
      { weight: 1, arbitrary: fc.constantFrom('inf', '-inf', 'nan').map((s) => ({ kind: 'Decimal' as const, unscaled: 0n, scale: t.scale, special: s as 'inf' })) },
    )
  }
  switch (t.name) {
    case 'Bool': return fc.boolean()
    case 'Int8': return int(-128, 127)
    case 'Int16': return int(-32768, 32767)
    case 'Int32': return int(-2147483648, 2147483647)
    case 'Uint8': return int(0, 255)
    case 'Uint16': return int(0, 65535)
    case 'Uint32': return int(0, 4294967295)
    case 'Int64': return big(-(2n ** 63n), 2n ** 63n - 1n)
    case 'Uint64': return big(0n, 2n ** 64n - 1n)
    case 'Float': return fc.float({ noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x))
    case 'Double': return fc.double({ noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x))
    case 'DyNumber': return dynumber
    case 'String': case 'Yson': return bytes
    case 'Utf8': case 'Json': case 'JsonDocument': return fc.string({ unit: 'binary', maxLength: 10 })
    case 'Uuid': return uuid
    case 'Date': return int(0, 49672)
    case 'Date32': return int(-53375809, 53375807)
    case 'Datetime': return int(0, 4291747199)
    case 'Datetime64': return big(-4611669897600n, 4611669811199n)
    case 'Timestamp': return big(0n, 4291747199999999n)
    case 'Timestamp64': return big(-4611669897600000000n, 4611669811199999999n)
    case 'Interval': return big(-4291747199999999n, 4291747199999999n)
    case 'Interval64': return big(-9223339708799999999n, 9223339708799999999n)
  }
}

const ALL_TYPES: YdbType[] = [...PRIMITIVE_TYPE_NAMES.map((n) => primitive(n)), decimal(22, 9), decimal(35, 10), decimal(1, 0)]
const nullable = (t: YdbType) => fc.option(arb(t), { nil: null, freq: 5 })

describe('key codec', () => {
  for (const t of ALL_TYPES) {
    const name = t.kind === 'Decimal' ? `Decimal(${t.precision},${t.scale})` : t.name
    it(`${name}: values survive encode/decode and encoded order equals YDB order`, () => {
      const codec = new KeyCodec([t, primitive('Uint32')])
      fc.assert(
        fc.property(nullable(t), nullable(t), int(0, 3), int(0, 3), (a, b, x, y) => {
          const ea = codec.encode([a, x])
          const eb = codec.encode([b, y])
          expect(codec.decode(ea).values).toEqual([a, x])
          const byBytes = Math.sign(Buffer.compare(ea, eb))
          expect(byBytes).toBe(Math.sign(compareKeys([a, x], [b, y], [t, primitive('Uint32')])))
        }),
        { numRuns: 300 },
      )
    })
  }

  it('a key prefix encodes as a byte prefix of the full key', () => {
    const types = [primitive('Utf8'), primitive('Int64'), primitive('String')]
    const codec = new KeyCodec(types)
    fc.assert(
      fc.property(nullable(types[0]!), nullable(types[1]!), nullable(types[2]!), (a, b, c) => {
        const full = codec.encode([a, b, c])
        expect(full.subarray(0, codec.encode([a]).length).equals(codec.encode([a]))).toBe(true)
        expect(full.subarray(0, codec.encode([a, b]).length).equals(codec.encode([a, b]))).toBe(true)
      }),
    )
  })

  it('orders NULL first, Uuid by its mixed-endian bytes, Decimal specials, DyNumber by value', () => {
    expect(compareValues(null, false)).toBe(-1)
    // First group is little-endian: 01000000-... stores 00 00 00 01 and sorts before 00000002-...
    const u1 = '01000000-0000-0000-0000-000000000000'
    const u2 = '00000002-0000-0000-0000-000000000000'
    expect(compareValues(u1, u2, primitive('Uuid'))).toBe(-1)
    const c = new KeyCodec([primitive('Uuid')])
    expect(Buffer.compare(c.encode([u1]), c.encode([u2]))).toBe(-1)
    const d = (u: bigint, special?: 'inf' | '-inf' | 'nan') => ({ kind: 'Decimal' as const, unscaled: u, scale: 2, ...(special ? { special } : {}) })
    const dc = new KeyCodec([decimal(35, 2)])
    const ordered = [d(0n, '-inf'), d(-(DECIMAL_INF - 1n)), d(-1n), d(0n), d(5n), d(DECIMAL_INF - 1n), d(0n, 'inf'), d(0n, 'nan')]
    for (let i = 1; i < ordered.length; i++) expect(Buffer.compare(dc.encode([ordered[i - 1]!]), dc.encode([ordered[i]!]))).toBe(-1)
    const dy = ['-.5e3', '-.55e1', '-.5e1', '0', '.5e-3', '.5e1', '.55e1', '.1e2']
    const yc = new KeyCodec([primitive('DyNumber')])
    for (let i = 1; i < dy.length; i++) {
      expect(Buffer.compare(yc.encode([dy[i - 1]!]), yc.encode([dy[i]!]))).toBe(-1)
      expect(compareValues(dy[i - 1]!, dy[i]!, primitive('DyNumber'))).toBe(-1)
    }
    expect(canonicalDyNumber('33.21')).toBe('.3321e2')
    expect(canonicalDyNumber('-0.0050')).toBe('-.5e-2')
  })
})

describe('row codec', () => {
  it('every type survives encode/decode, NULLs included', () => {
    const codec = new RowCodec(ALL_TYPES)
    fc.assert(
      fc.property(fc.tuple(...ALL_TYPES.map(nullable)), (row) => {
        expect(codec.decode(codec.encode(row))).toEqual(row)
      }),
      { numRuns: 300 },
    )
  })
})
