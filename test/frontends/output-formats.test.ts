import { describe, expect, it } from 'vitest'
import type { ResultSet } from '../../src/backends/cluster/cluster-backend.js'
import { formatResultSet } from '../../src/frontends/output/format-result-set.js'
import { formatDecimal, formatTimestamp, valueToJson } from '../../src/frontends/output/value-text.js'
import { decimal, primitive, type PrimitiveTypeName } from '../../src/types/ydb-type.js'
import type { Value } from '../../src/types/value.js'

const col = (name: string, t: PrimitiveTypeName) => ({ name, type: { type: primitive(t), nullable: true } })
const j = (v: Value, t: PrimitiveTypeName): string => valueToJson(v, { type: primitive(t), nullable: true })

describe('value text (ydb CLI json-unicode)', () => {
  it('writes 64-bit integers exactly and unquoted', () => {
    expect(j(-9223372036854775808n, 'Int64')).toBe('-9223372036854775808')
    expect(j(18446744073709551615n, 'Uint64')).toBe('18446744073709551615')
    expect(j(-5, 'Int8')).toBe('-5')
  })

  it('writes NULL, Bool, Float, Double', () => {
    expect(j(null, 'Utf8')).toBe('null')
    expect(j(true, 'Bool')).toBe('true')
    expect(j(Math.fround(0.1), 'Float')).toBe('0.1')
    expect(j(0.1, 'Double')).toBe('0.1')
    expect(j(Number.NaN, 'Double')).toBe('"nan"')
    expect(j(-Infinity, 'Float')).toBe('"-inf"')
  })

  it('writes dates and times as YDB does', () => {
    expect(j(0, 'Date')).toBe('"1970-01-01"')
    expect(j(19_000, 'Date')).toBe('"2022-01-08"')
    expect(j(-1, 'Date32')).toBe('"1969-12-31"')
    expect(j(86_399, 'Datetime')).toBe('"1970-01-01T23:59:59Z"')
    expect(j(-1n, 'Datetime64')).toBe('"1969-12-31T23:59:59Z"')
    expect(j(1_500_000n, 'Timestamp')).toBe('"1970-01-01T00:00:01.500000Z"')
    expect(j(0n, 'Timestamp')).toBe('"1970-01-01T00:00:00.000000Z"')
    expect(j(0n, 'Timestamp64')).toBe('"1970-01-01T00:00:00Z"')
    expect(formatTimestamp(-1n, false)).toBe('1969-12-31T23:59:59.999999Z')
    expect(j(-3_000_000n, 'Interval')).toBe('-3000000')
  })

  it('writes Decimal as a string without trailing zeros', () => {
    expect(formatDecimal({ kind: 'Decimal', unscaled: 1_500_000_000n, scale: 9 })).toBe('1.5')
    expect(formatDecimal({ kind: 'Decimal', unscaled: -1_000_000n, scale: 9 })).toBe('-0.001')
    expect(formatDecimal({ kind: 'Decimal', unscaled: 10n, scale: 0 })).toBe('10')
    expect(formatDecimal({ kind: 'Decimal', unscaled: 0n, scale: 9, special: 'nan' })).toBe('nan')
    expect(valueToJson({ kind: 'Decimal', unscaled: 12_345n, scale: 2 }, { type: decimal(10, 2), nullable: true })).toBe('"123.45"')
  })

  it('writes strings: Utf8 as JSON text, String bytes escaped byte by byte', () => {
    expect(j('héllo "x"\n', 'Utf8')).toBe('"héllo \\"x\\"\\n"')
    expect(j(new Uint8Array([5, 10, 107, 255]), 'String')).toBe('"\\u0005\\nk\\u00FF"')
    expect(j(new TextEncoder().encode('é'), 'String')).toBe('"\\u00C3\\u00A9"')
    expect(j('01234567-89ab-cdef-0123-456789abcdef', 'Uuid')).toBe('"01234567-89ab-cdef-0123-456789abcdef"')
  })
})

describe('result set formats', () => {
  const rs: ResultSet = {
    columns: [col('id', 'Uint64'), col('name', 'Utf8'), col('raw', 'String')],
    rows: [
      [1n, 'a,b', new TextEncoder().encode('x')],
      [18446744073709551615n, null, new Uint8Array([0xff])],
      [3n, '', new Uint8Array([])],
    ],
  }

  it('json-unicode: one object per row, keys in column order', () => {
    expect(formatResultSet(rs, 'json-unicode')).toBe(
      '{"id":1,"name":"a,b","raw":"x"}\n{"id":18446744073709551615,"name":null,"raw":"\\u00FF"}\n{"id":3,"name":"","raw":""}\n',
    )
  })

  it('csv: header, RFC 4180 quoting, NULL as an empty field', () => {
    expect(formatResultSet(rs, 'csv')).toBe('id,name,raw\n1,"a,b",x\n18446744073709551615,,ÿ\n3,"",""\n')
  })

  it('tsv: header, backslash escapes, NULL as \\N', () => {
    expect(formatResultSet({ columns: [col('a', 'Utf8')], rows: [['x\ty'], [null]] }, 'tsv')).toBe('a\nx\\ty\n\\N\n')
  })

  it('pretty: a box table', () => {
    expect(formatResultSet({ columns: [col('id', 'Int32'), col('name', 'Utf8')], rows: [[1, 'ab'], [22, null]] }, 'pretty')).toBe(
      ['┌────┬──────┐', '│ id │ name │', '├────┼──────┤', '│ 1  │ "ab" │', '│ 22 │ null │', '└────┴──────┘', ''].join('\n'),
    )
  })
})
