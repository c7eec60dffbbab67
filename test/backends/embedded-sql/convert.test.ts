import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  castValue,
  convertImplicit,
  formatDecimal,
  formatInterval,
  integerLiteralType,
  normalizeJsonDocument,
  parseDecimal,
  parseDyNumber,
  parseInterval,
  parseText,
  parseUuid,
} from '../../../src/types/convert.js'
import { decimal, primitive } from '../../../src/types/ydb-type.js'

describe('literal typing', () => {
  it('unsuffixed integers are Int32, then Int64, then Uint64', () => {
    expect(integerLiteralType(1n, '')).toBe('Int32')
    expect(integerLiteralType(2147483648n, '')).toBe('Int64')
    expect(integerLiteralType(9223372036854775808n, '')).toBe('Uint64')
    expect(integerLiteralType(18446744073709551616n, '')).toBeUndefined()
    expect(integerLiteralType(5n, 'ul')).toBe('Uint64')
    expect(integerLiteralType(300n, 'ut')).toBeUndefined()
  })
})

describe('Interval', () => {
  it('parses ISO-8601 durations', () => {
    expect(parseInterval('PT1S')).toBe(1000000n)
    expect(parseInterval('P1D')).toBe(86400000000n)
    expect(parseInterval('P2W')).toBe(14n * 86400000000n)
    expect(parseInterval('-PT0.000001S')).toBe(-1n)
    expect(parseInterval('P')).toBeUndefined()
    expect(parseInterval('PT')).toBeUndefined()
    expect(parseInterval('P1Y')).toBeUndefined()
  })

  it('formats and round-trips', () => {
    expect(formatInterval(0n)).toBe('PT0S')
    expect(formatInterval(93784500000n)).toBe('P1DT2H3M4.5S')
    expect(formatInterval(-1000000n)).toBe('-PT1S')
    fc.assert(fc.property(fc.bigInt({ min: -4291747199999999n, max: 4291747199999999n }), (us) => parseInterval(formatInterval(us)) === us))
  })
})

describe('Decimal', () => {
  it('parses exactly, rounds extra digits, checks precision', () => {
    expect(parseDecimal('1.23', 22, 9)).toEqual({ kind: 'Decimal', unscaled: 1230000000n, scale: 9 })
    expect(parseDecimal('-0.05', 3, 1)).toEqual({ kind: 'Decimal', unscaled: -1n, scale: 1 })
    expect(parseDecimal('1e3', 10, 2)).toEqual({ kind: 'Decimal', unscaled: 100000n, scale: 2 })
    expect(parseDecimal('1000', 3, 0)).toBeUndefined()
    expect(parseDecimal('abc', 22, 9)).toBeUndefined()
    expect(parseDecimal('inf', 22, 9)?.special).toBe('inf')
    expect(formatDecimal({ kind: 'Decimal', unscaled: 1100000000n, scale: 9 })).toBe('1.1')
    expect(formatDecimal({ kind: 'Decimal', unscaled: -5n, scale: 2 })).toBe('-0.05')
  })

  it('round-trips 35-digit values', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 35n) + 1n, max: 10n ** 35n - 1n }), fc.integer({ min: 0, max: 35 }), (u, s) => {
        const d = { kind: 'Decimal' as const, unscaled: u, scale: s }
        expect(parseDecimal(formatDecimal(d), 35, s)).toEqual(d)
      }),
    )
  })
})

describe('text forms', () => {
  it('DyNumber canonical form', () => {
    expect(parseDyNumber('33.21')).toBe('.3321e2')
    expect(parseDyNumber('3.321')).toBe('.3321e1')
    expect(parseDyNumber('-0.05')).toBe('-.5e-1')
    expect(parseDyNumber('100')).toBe('.1e3')
    expect(parseDyNumber('0.0')).toBe('0')
    expect(parseDyNumber('x')).toBeUndefined()
  })

  it('JsonDocument drops whitespace; Json stays verbatim; Uuid lower-cased', () => {
    expect(normalizeJsonDocument('{ "b" : [ 1 , 2.50 ] , "a" : null }')).toBe('{"a":null,"b":[1,2.5]}')
    expect(normalizeJsonDocument('{oops')).toBeUndefined()
    expect(parseText(' [1, 2] ', primitive('Json'))).toBe(' [1, 2] ')
    expect(parseUuid('550E8400-E29B-41D4-A716-446655440000')).toBe('550e8400-e29b-41d4-a716-446655440000')
    expect(parseUuid('550E8400')).toBeUndefined()
  })
})

describe('implicit conversion and CAST', () => {
  it('range-checks integers', () => {
    expect(convertImplicit({ type: primitive('Int32'), value: 255 }, primitive('Uint8'))).toEqual({ ok: true, value: 255 })
    expect(convertImplicit({ type: primitive('Int32'), value: 256 }, primitive('Uint8'))).toEqual({ ok: false, reason: 'overflow' })
    expect(convertImplicit({ type: primitive('Int32'), value: 7 }, primitive('Uint64'))).toEqual({ ok: true, value: 7n })
    expect(convertImplicit({ type: primitive('Double'), value: 1.5 }, primitive('Int32'))).toEqual({ ok: false, reason: 'type' })
    expect(convertImplicit({ type: primitive('Int32'), value: 3 }, decimal(5, 2))).toEqual({ ok: true, value: { kind: 'Decimal', unscaled: 300n, scale: 2 } })
    expect(convertImplicit({ type: primitive('Int32'), value: 1000 }, decimal(5, 2))).toEqual({ ok: false, reason: 'overflow' })
  })

  it('CAST returns NULL when the value does not convert', () => {
    expect(castValue({ type: primitive('Utf8'), value: '42' }, primitive('Uint64'))).toBe(42n)
    expect(castValue({ type: primitive('Utf8'), value: '-1' }, primitive('Uint64'))).toBeNull()
    expect(castValue({ type: primitive('Int64'), value: 5n }, primitive('Utf8'))).toBe('5')
    expect(castValue({ type: primitive('Timestamp'), value: 1704164645123456n }, primitive('Date'))).toBe(19724)
    expect(castValue({ type: primitive('Utf8'), value: '1.005' }, decimal(10, 2))).toEqual({ kind: 'Decimal', unscaled: 101n, scale: 2 })
  })
})
