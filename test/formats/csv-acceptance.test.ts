// The dump cases R-01..R-10 and R-20 of acceptance-public.md: cells as YDB's
// `tools dump` prints them, and values as its import reads them.
import { describe, expect, it } from 'vitest'
import { formatCsvRow, parseCsvRow } from '../../src/formats/csv-row.js'
import { formatCsvValue, parseCsvValue } from '../../src/formats/csv-value.js'
import { decimal, primitive as p, type YdbType } from '../../src/types/ydb-type.js'
import type { Row } from '../../src/types/value.js'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const line = (row: Row, types: YdbType[]): string => formatCsvRow(row, types.map((type, i) => ({ name: `c${i}`, type }))).slice(0, -1)

describe('dump cell text (R-01..R-10)', () => {
  it('R-01 Bool prints 1 / 0', () => {
    expect(line([true], [p('Bool')])).toBe('1')
    expect(line([false], [p('Bool')])).toBe('0')
  })
  it('R-02..R-05 integers', () => {
    expect(line([5, 230], [p('Int8'), p('Uint8')])).toBe('5,230')
    expect(line([-66, 152], [p('Int8'), p('Uint8')])).toBe('-66,152')
    expect(line([6141, 60192], [p('Int16'), p('Uint16')])).toBe('6141,60192')
    expect(line([-6491, 10612], [p('Int16'), p('Uint16')])).toBe('-6491,10612')
    expect(line([15120, 5219612], [p('Int32'), p('Uint32')])).toBe('15120,5219612')
    expect(line([-5052, 14245121], [p('Int32'), p('Uint32')])).toBe('-5052,14245121')
    expect(line([612421n, 6512460n], [p('Int64'), p('Uint64')])).toBe('612421,6512460')
    expect(line([-6124211241n, 961223124n], [p('Int64'), p('Uint64')])).toBe('-6124211241,961223124')
  })
  it('R-06 Float ~6 and Double ~10 significant digits, nan/inf', () => {
    const t = [p('Float'), p('Double')]
    expect(line([Math.fround(0.23), 5125.123155], t)).toBe('0.23,5125.123155')
    expect(line([Math.fround(-6531.124), -5012.23123155], t)).toBe('-6531.12,-5012.231232')
    expect(line([-Infinity, Infinity], t)).toBe('-inf,inf')
    expect(line([NaN, -NaN], t)).toBe('nan,nan')
  })
  it('R-07 Date, Datetime, Timestamp as ISO-8601 with microseconds', () => {
    const t = [p('Date'), p('Datetime'), p('Timestamp')]
    expect(line([17966, 1552321844, 1552321844314382n], t)).toBe(
      '2019-03-11T00:00:00.000000Z,2019-03-11T16:30:44.000000Z,2019-03-11T16:30:44.314382Z',
    )
    expect(line([8905, 769417971, 769417971968123n], t)).toBe(
      '1994-05-20T00:00:00.000000Z,1994-05-20T07:12:51.000000Z,1994-05-20T07:12:51.968123Z',
    )
  })
  it('R-08 String CGI escaping', () => {
    const t = [p('String'), p('String'), p('String')]
    expect(line([enc('simplestring'), enc('Space_And_Underscore Containing String'), enc('String"with"quote"marks')], t)).toBe(
      '"simplestring","Space_And_Underscore+Containing+String","String%22with%22quote%22marks"',
    )
    expect(line([enc('~Allowed.symbols_string;!*@$^/'), enc('NotAllowed":\n#%&(),\\|'), enc('String,with,commas.and.dots')], t)).toBe(
      '"~Allowed.symbols_string;!*@$%5E/","NotAllowed%22%3A%0A%23%25%26%28%29%2C%5C%7C","String%2Cwith%2Ccommas.and.dots"',
    )
  })
  it('R-09 Utf8 escaping of non-ASCII bytes', () => {
    const t = [p('Utf8'), p('Utf8')]
    expect(line(['Текст на русском', 'Русские.,/mixed?with_ASCII'], t)).toBe(
      '"%D0%A2%D0%B5%D0%BA%D1%81%D1%82+%D0%BD%D0%B0+%D1%80%D1%83%D1%81%D1%81%D0%BA%D0%BE%D0%BC","%D0%A0%D1%83%D1%81%D1%81%D0%BA%D0%B8%D0%B5.%2C/mixed%3Fwith_ASCII"',
    )
    expect(line(['Just-utf–8—text', 'Another┼text'], t)).toBe('"Just-utf%E2%80%938%E2%80%94text","Another%E2%94%BCtext"')
  })
  it('R-10 NULL prints null', () => {
    const t = [p('Int32'), p('String')]
    expect(line([null, enc('Not_null_string')], t)).toBe('null,"Not_null_string"')
    expect(line([-752192, null], t)).toBe('-752192,null')
  })
})

describe('R-20 import of every supported type', () => {
  const cols: [string, YdbType, string, unknown][] = [
    ['key', p('Uint64'), '1', 1n],
    ['int32_value', p('Int32'), '-100500', -100500],
    ['uint32_value', p('Uint32'), '100500', 100500],
    ['int64_value', p('Int64'), '-200500', -200500n],
    ['uint64_value', p('Uint64'), '200500', 200500n],
    ['uint8_value', p('Uint8'), '255', 255],
    ['bool_value', p('Bool'), '1', true],
    ['double_value', p('Double'), '1.1234', 1.1234],
    ['float_value', p('Float'), '-1.123', Math.fround(-1.123)],
    ['date_value', p('Date'), '2020-08-12T00:00:00.000000Z', 18486],
    ['datetime_value', p('Datetime'), '2020-08-12T12:34:56.000000Z', 1597235696],
    ['timestamp_value', p('Timestamp'), '2020-08-12T12:34:56.123456Z', 1597235696123456n],
    ['interval_value', p('Interval'), '-300500', -300500n],
    ['date32_value', p('Date32'), '-18486', -18486],
    ['datetime64_value', p('Datetime64'), '-1597235696', -1597235696n],
    ['timestamp64_value', p('Timestamp64'), '-1597235696123456', -1597235696123456n],
    ['interval64_value', p('Interval64'), '-300500', -300500n],
    ['decimal_value', decimal(22, 9), '3.321', { kind: 'Decimal', unscaled: 3321000000n, scale: 9 }],
    ['decimal35_value', decimal(35, 10), '555555555555555.123456789', { kind: 'Decimal', unscaled: 5555555555555551234567890n, scale: 10 }],
    ['dynumber_value', p('DyNumber'), '.3321e1', '.3321e1'],
    ['string_value', p('String'), '"lorem+ipsum"', enc('lorem ipsum')],
    ['utf8_value', p('Utf8'), '"lorem+ipsum+dolor+sit+amet"', 'lorem ipsum dolor sit amet'],
    ['json_value', p('Json'), '"%7B%22key%22%3A+%22value%22%7D"', '{"key": "value"}'],
    ['jsondoc_value', p('JsonDocument'), '"%7B%22key%22%3A+%22value%22%7D"', '{"key":"value"}'],
    ['uuid_value', p('Uuid'), '65df1ec1-a97d-47b2-ae56-3c023da6ee8c', '65df1ec1-a97d-47b2-ae56-3c023da6ee8c'],
  ]
  it('reads the row', () => {
    const row = parseCsvRow({ text: cols.map((c) => c[2]).join(','), lineNo: 1 }, cols.map(([name, type]) => ({ name, type })), 'data_00.csv')
    cols.forEach(([name, , , want], i) => expect([name, row[i]]).toEqual([name, want]))
  })
  it('prints each value back to the same token (dump style)', () => {
    for (const [name, type, token, want] of cols) {
      if (name === 'jsondoc_value' || name === 'json_value') continue // whitespace normalised / re-escaped
      expect([name, formatCsvValue(want as never, type)]).toEqual([name, name === 'bool_value' ? '1' : token])
    }
  })
})

describe('import leniency and errors', () => {
  it('accepts true/false, the export style, and hex floats', () => {
    expect(parseCsvValue('true', p('Bool'))).toBe(true)
    expect(parseCsvValue('false', p('Bool'))).toBe(false)
    expect(parseCsvValue('0x1p3', p('Double'))).toBe(8)
    expect(parseCsvValue('-nan', p('Double'))).toBeNaN()
    expect(parseCsvValue('inf', p('Float'))).toBe(Infinity)
  })
  it('names file, line and column', () => {
    const cols = [{ name: 'a', type: p('Uint8') }, { name: 'b', type: p('Utf8') }]
    expect(() => parseCsvRow({ text: '1,"x",2', lineNo: 7 }, cols, 'data_00.csv')).toThrow('data_00.csv:7: expected 2 columns, found 3')
    expect(() => parseCsvRow({ text: '256,"x"', lineNo: 3 }, cols, 'f.csv')).toThrow(/f\.csv:3:1: column a: .*out of range/)
    expect(() => parseCsvRow({ text: '1,"%FF%FE"', lineNo: 2 }, cols, 'f.csv')).toThrow(/f\.csv:2:2: column b: .*invalid UTF-8/)
    expect(() => parseCsvRow({ text: '1,x', lineNo: 2 }, cols, 'f.csv')).toThrow(/double quotes/)
    expect(() => parseCsvRow({ text: 'null,"x"', lineNo: 2 }, [{ ...cols[0]!, notNull: true }, cols[1]!], 'f.csv')).toThrow(/NOT NULL/)
  })
  it('rejects out-of-range dates and malformed numbers', () => {
    expect(() => parseCsvValue('1969-12-31T00:00:00.000000Z', p('Date'))).toThrow(/out of range/)
    expect(() => parseCsvValue('12a', p('Int32'))).toThrow()
    expect(() => parseCsvValue('', p('Int32'))).toThrow()
    expect(() => parseCsvValue('1.5', p('Int64'))).toThrow()
    expect(() => parseCsvValue('12345678901234567890123', decimal(22, 9))).toThrow()
    expect(() => parseCsvValue('not-a-uuid', p('Uuid'))).toThrow()
    expect(() => parseCsvValue('"{bad"', p('JsonDocument'))).toThrow(/invalid JSON/)
  })
})
