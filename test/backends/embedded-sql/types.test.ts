import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHarness, type Harness } from './harness.js'

let h: Harness
beforeAll(async () => {
  h = await openHarness()
})
afterAll(async () => { await h.close() })

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('every primitive type round-trips through UPSERT and SELECT', () => {
  const cases: [string, string, unknown][] = [
    ['Bool', 'true', true],
    ['Int8', '-128', -128],
    ['Int16', '32767', 32767],
    ['Int32', '-2147483648', -2147483648],
    ['Int64', '-9223372036854775808', -9223372036854775808n],
    ['Uint8', '255', 255],
    ['Uint16', '65535', 65535],
    ['Uint32', '4294967295', 4294967295],
    ['Uint64', '18446744073709551615', 18446744073709551615n],
    ['Float', '1.5f', 1.5],
    ['Double', '0.1', 0.1],
    ['Decimal(35,10)', "Decimal('1234567890123456789012345.0123456789', 35, 10)", { kind: 'Decimal', unscaled: 12345678901234567890123450123456789n, scale: 10 }],
    ['DyNumber', "DyNumber('33.21')", '.3321e2'],
    ['String', "'bytes'", bytes('bytes')],
    ['Utf8', "'Привет'u", 'Привет'],
    ['Json', `Json('{ "a" : 1 }')`, '{ "a" : 1 }'],
    ['JsonDocument', `JsonDocument('{ "b" : [1, 2], "a" : "x" }')`, '{"a":"x","b":[1,2]}'],
    ['Yson', "'[1;2]'y", bytes('[1;2]')],
    ['Uuid', "Uuid('550E8400-E29B-41D4-A716-446655440000')", '550e8400-e29b-41d4-a716-446655440000'],
    ['Date', "Date('2024-01-02')", 19724],
    ['Datetime', "Datetime('2024-01-02T03:04:05Z')", 1704164645],
    ['Timestamp', "Timestamp('2024-01-02T03:04:05.123456Z')", 1704164645123456n],
    ['Interval', "Interval('P1DT2H3M4.5S')", 93784500000n],
    ['Date32', "Date32('1900-01-01')", -25567],
    ['Datetime64', "Datetime64('1900-01-01T00:00:00Z')", -2208988800n],
    ['Timestamp64', "Timestamp64('1900-01-01T00:00:00.5Z')", -2208988799500000n],
    ['Interval64', "Interval64('-PT1S')", -1000000n],
  ]
  it.each(cases)('%s', async (type, literal, expected) => {
    const t = `rt_${type.replace(/\W/g, '_')}`
    await h.run(`CREATE TABLE ${t} (k Int32, v ${type}, PRIMARY KEY (k))`)
    await h.run(`UPSERT INTO ${t} (k, v) VALUES (1, ${literal}), (2, NULL)`)
    const rs = await h.query(`SELECT v FROM ${t}`)
    expect(rs.rows).toEqual([[expected], [null]])
    expect(rs.columns[0]!.type!.nullable).toBe(true)
  })
})

describe('64-bit integers and Decimal are exact', () => {
  it('Int64 min/max and Uint64 max, as keys and values, in order', async () => {
    await h.run('CREATE TABLE big (k Int64, u Uint64, PRIMARY KEY (k))')
    await h.run('UPSERT INTO big (k, u) VALUES (9223372036854775807, 18446744073709551615), (-9223372036854775808, 0), (0, 9007199254740993)')
    expect(await h.rows('SELECT k, u FROM big')).toEqual([
      [-9223372036854775808n, 0n],
      [0n, 9007199254740993n],
      [9223372036854775807n, 18446744073709551615n],
    ])
    expect(await h.rows('SELECT k FROM big WHERE u = 9007199254740993')).toEqual([[0n]])
    const e = await h.fails('UPSERT INTO big (k) VALUES (9223372036854775808)')
    expect(e.code).toBe('exec/integer-overflow')
  })

  it('Decimal(35,10) arithmetic and SUM stay exact', async () => {
    await h.run('CREATE TABLE dec (k Int32, d Decimal(35,10), PRIMARY KEY (k))')
    await h.run("UPSERT INTO dec (k, d) VALUES (1, Decimal('0.1', 35, 10)), (2, Decimal('0.2', 35, 10)), (3, Decimal('-99999999999999999999999.9999999999', 35, 10))")
    expect(await h.rows('SELECT SUM(d) FROM dec WHERE k <= 2')).toEqual([[{ kind: 'Decimal', unscaled: 3000000000n, scale: 10 }]])
    expect(await h.rows('SELECT d + d FROM dec WHERE k = 1')).toEqual([[{ kind: 'Decimal', unscaled: 2000000000n, scale: 10 }]])
    expect(await h.rows("SELECT k FROM dec WHERE d = Decimal('0.3', 35, 10) - Decimal('0.1', 35, 10)")).toEqual([[2]])
    expect(await h.rows('SELECT k FROM dec ORDER BY d')).toEqual([[3], [1], [2]])
    expect(await h.rows("SELECT Decimal('1', 35, 10) / Decimal('3', 35, 10), Decimal('1', 35, 10) / Decimal('0', 35, 10)")).toEqual([[
      { kind: 'Decimal', unscaled: 3333333333n, scale: 10 },
      { kind: 'Decimal', unscaled: 0n, scale: 10, special: 'inf' },
    ]])
  })
})

describe('literal typing and conversion errors', () => {
  it('Float vs Double', async () => {
    await h.run('CREATE TABLE fl (k Int32, f Float, d Double, PRIMARY KEY (k))')
    await h.run('UPSERT INTO fl (k, f, d) VALUES (1, 0.1, 0.1)')
    expect(await h.rows('SELECT f, d FROM fl')).toEqual([[Math.fround(0.1), 0.1]])
  })

  it('a bad date text is an error at the literal', async () => {
    const e = await h.fails("SELECT Date('2024-02-30')")
    expect(e.message).toContain('Date')
    expect(e.spanText).toBe("'2024-02-30'")
  })

  it('a string that is not a Uuid into a Uuid column', async () => {
    await h.run('CREATE TABLE uu (k Int32, u Uuid, PRIMARY KEY (k))')
    const e = await h.fails("UPSERT INTO uu (k, u) VALUES (1, 'nope')")
    expect(e.message).toContain("column 'u' of type Uuid")
    expect(e.spanText).toBe("'nope'")
  })

  it('CAST and CurrentUtc*', async () => {
    const rs = await h.query(
      "SELECT CAST('12' AS Int32) AS a, CAST('x' AS Int32) AS b, CAST(300 AS Uint8) AS c, CAST(Date('2024-01-02') AS Utf8) AS d, CAST(1.9 AS Int64) AS e, CurrentUtcTimestamp() > Timestamp('2024-01-01T00:00:00Z') AS f",
    )
    expect(rs.rows).toEqual([[12, null, null, '2024-01-02', 1n, true]])
    const t = await h.query('SELECT CurrentUtcDate(), CurrentUtcDatetime(), CurrentUtcTimestamp()')
    expect(t.columns.map((c) => (c.type?.type.kind === 'Primitive' ? c.type.type.name : ''))).toEqual(['Date', 'Datetime', 'Timestamp'])
    expect(await h.rows("SELECT Timestamp('2024-01-02T00:00:00Z') - Interval('P1D')")).toEqual([[1704067200000000n]])
  })
})

describe('S-09: Cyrillic Utf8 with an embedded quote', () => {
  it('stores, updates and reads the shop tables', async () => {
    await h.run('CREATE TABLE orders (order_id Uint32, customer_name Utf8, order_date Utf8, amount Uint32, PRIMARY KEY (order_id))')
    await h.run('CREATE TABLE products (product_id Uint32, product_name Utf8, price Uint32, last_updated Utf8, PRIMARY KEY (product_id))')
    await h.run(`UPSERT INTO orders (order_id, customer_name, order_date, amount) VALUES (1001,'Иван Петров','2024-01-01T10:00:00Z',2500),(1002,'Мария Сидорова','2024-01-01T10:15:00Z',1800),(1003,'Алексей Иванов','2024-01-01T10:30:00Z',3200)`)
    await h.run(`UPSERT INTO products (product_id, product_name, price, last_updated) VALUES (501,'Ноутбук Model A',65000,'2024-01-01T09:00:00Z'),(502,'Мышь YdbTech',2500,'2024-01-01T09:00:00Z'),(503,'Монитор 24"',18000,'2024-01-01T09:00:00Z')`)
    await h.run("UPDATE products SET price = 63000, last_updated = '2024-01-01T11:30:00Z' WHERE product_id = 501")
    await h.run('DELETE FROM orders WHERE order_id = 1002')
    expect(await h.rows('SELECT COUNT(*) FROM orders')).toEqual([[2n]])
    expect(await h.rows('SELECT order_id, customer_name FROM orders')).toEqual([[1001, 'Иван Петров'], [1003, 'Алексей Иванов']])
    expect(await h.rows('SELECT product_id, product_name, price FROM products')).toEqual([
      [501, 'Ноутбук Model A', 63000], [502, 'Мышь YdbTech', 2500], [503, 'Монитор 24"', 18000],
    ])
  })
})
