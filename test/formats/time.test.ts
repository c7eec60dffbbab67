// src/types/time.ts: ISO-8601 text of the date and time types, strict parsing,
// and round trips over the whole range of each type.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  civilFromDays,
  daysFromCivil,
  formatDate,
  formatDatetime,
  formatIsoMicros,
  formatTimestamp,
  parseDate,
  parseDatetime,
  parseIsoInstant,
  parseTimestamp,
} from '../../src/types/time.js'
import { TIME_RANGES } from '../../src/types/ydb-type.js'

const range = (t: string): [number, number] => [Number(TIME_RANGES[t]![0]), Number(TIME_RANGES[t]![1])]

describe('formatting', () => {
  it('prints YQL text forms', () => {
    expect(formatDate(17966)).toBe('2019-03-11')
    expect(formatDatetime(1552321844)).toBe('2019-03-11T16:30:44Z')
    expect(formatTimestamp(1552321844314382n)).toBe('2019-03-11T16:30:44.314382Z')
    expect(formatTimestamp(1552321844000000n)).toBe('2019-03-11T16:30:44Z')
    expect(formatIsoMicros(0n)).toBe('1970-01-01T00:00:00.000000Z')
    expect(formatIsoMicros(-1n)).toBe('1969-12-31T23:59:59.999999Z')
    expect(formatDate(-1)).toBe('1969-12-31')
    expect(formatDate(49672)).toBe('2105-12-31')
  })
  it('civil dates round-trip over the wide range', () => {
    const [lo, hi] = range('Date32')
    fc.assert(fc.property(fc.integer({ min: lo, max: hi }), (d) => {
      const { year, month, day } = civilFromDays(d)
      expect(daysFromCivil(year, month, day)).toBe(d)
    }), { numRuns: 2000 })
  })
})

describe('parsing', () => {
  it('round-trips every type over its range', () => {
    const [dl, dh] = range('Date')
    const [wl, wh] = range('Date32')
    const [sl, sh] = range('Datetime')
    fc.assert(fc.property(fc.integer({ min: dl, max: dh }), (d) => {
      expect(parseDate(formatDate(d))).toBe(d)
    }))
    fc.assert(fc.property(fc.integer({ min: wl, max: wh }), (d) => {
      expect(parseDate(formatDate(d), true)).toBe(d)
    }))
    fc.assert(fc.property(fc.integer({ min: sl, max: sh }), (s) => {
      expect(parseDatetime(formatDatetime(s))).toBe(s)
    }))
    fc.assert(fc.property(fc.bigInt({ min: TIME_RANGES.Timestamp![0], max: TIME_RANGES.Timestamp![1] }), (us) => {
      expect(parseTimestamp(formatTimestamp(us))).toBe(us)
      expect(parseIsoInstant(formatIsoMicros(us))).toBe(us)
    }))
    fc.assert(fc.property(fc.bigInt({ min: TIME_RANGES.Timestamp64![0], max: TIME_RANGES.Timestamp64![1] }), (us) => {
      expect(parseTimestamp(formatTimestamp(us), true)).toBe(us)
    }))
  })
  it('is strict', () => {
    for (const bad of ['2019-02-29', '2019-13-01', '2019-00-10', '2019-1-01', ' 2019-01-01', '2019-01-01Z', '1969-12-31', '2106-01-01'])
      expect([bad, parseDate(bad)]).toEqual([bad, undefined])
    for (const bad of ['2019-01-01T24:00:00Z', '2019-01-01T10:60:00Z', '2019-01-01T10:00:00', '2019-01-01 10:00:00Z', '2019-01-01T10:00:00.5Z'])
      expect([bad, parseDatetime(bad)]).toEqual([bad, undefined])
    expect(parseTimestamp('2019-01-01T10:00:00.1234567Z')).toBeUndefined()
    expect(parseTimestamp('2019-01-01T10:00:00.5Z')).toBe(1546336800500000n)
    expect(parseDate('1969-12-31', true)).toBe(-1)
  })
  it('reads CSV instants leniently, like TInstant::TryParseIso8601', () => {
    expect(parseIsoInstant('2020-08-12')).toBe(1597190400000000n)
    expect(parseIsoInstant('2020-08-12T12:34Z')).toBe(1597235640000000n)
    expect(parseIsoInstant('2020-08-12T15:34:56.1234569+03:00')).toBe(1597235696123456n)
    expect(parseIsoInstant('2020-08-12T12:34:56,5Z')).toBe(1597235696500000n)
    expect(parseIsoInstant('2020-02-30T00:00:00Z')).toBeUndefined()
    expect(parseIsoInstant('yesterday')).toBeUndefined()
  })
})
