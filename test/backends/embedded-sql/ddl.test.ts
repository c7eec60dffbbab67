import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openHarness, type Harness } from './harness.js'

let h: Harness
beforeEach(async () => { h = await openHarness() })
afterEach(async () => { await h.close() })

const describeTable = (path: string) => h.db.read((tx) => tx.resolveTable(path)?.schema)

describe('CREATE TABLE', () => {
  it('keeps types, NOT NULL, DEFAULT, key, indexes and settings', async () => {
    await h.run(`CREATE TABLE \`dir/sub/t\` (
      a Uint64 NOT NULL, b Utf8, c Decimal(22,9) DEFAULT 1, d Timestamp,
      INDEX ix GLOBAL UNIQUE SYNC ON (b) COVER (c),
      PRIMARY KEY (a)
    ) WITH (AUTO_PARTITIONING_BY_SIZE = ENABLED, AUTO_PARTITIONING_MIN_PARTITIONS_COUNT = 4, TTL = Interval('P1D') ON d)`)
    const s = describeTable('/local/dir/sub/t')!
    expect(s.columns.map((c) => [c.name, c.notNull])).toEqual([['a', true], ['b', false], ['c', false], ['d', false]])
    expect(s.columns[2]!.default).toEqual({ kind: 'Decimal', unscaled: 1000000000n, scale: 9 })
    expect(s.primaryKey).toEqual(['a'])
    expect(s.indexes).toEqual([{ name: 'ix', columns: ['b'], cover: ['c'], unique: true, mode: 'SYNC' }])
    expect(s.ttl).toEqual({ column: 'd', expireAfterSeconds: 86400 })
    expect(s.partitioning).toEqual({ autoPartitioningBySize: true, minPartitionsCount: 4 })
  })

  it('rejects Float/Double/Json/JsonDocument/Yson key columns', async () => {
    for (const type of ['Float', 'Double', 'Json', 'JsonDocument', 'Yson']) {
      const e = await h.fails(`CREATE TABLE bad (k ${type}, PRIMARY KEY (k))`)
      expect(e.message).toContain(`wrong key type ${type}`)
      expect(e.spanText).toBe('k')
    }
  })

  it('unknown key column, unknown type, duplicate table, IF NOT EXISTS', async () => {
    expect((await h.fails('CREATE TABLE t (a Int32, PRIMARY KEY (b))')).spanText).toBe('b')
    expect((await h.fails('CREATE TABLE t (a Int33, PRIMARY KEY (a))')).spanText).toBe('Int33')
    await h.run('CREATE TABLE t (a Int32, PRIMARY KEY (a))')
    const e = await h.fails('CREATE TABLE t (a Int32, PRIMARY KEY (a))')
    expect(e.code).toBe('scheme/path-exists')
    await h.run('CREATE TABLE IF NOT EXISTS t (a Int32, PRIMARY KEY (a))')
  })

  it('a DEFAULT that does not fit the column is an error', async () => {
    const e = await h.fails('CREATE TABLE t (a Int32, b Uint8 DEFAULT 256, PRIMARY KEY (a))')
    expect(e.code).toBe('exec/integer-overflow')
    expect(e.spanText).toBe('256')
  })
})

describe('DROP TABLE', () => {
  it('drops; IF EXISTS tolerates a missing table', async () => {
    await h.run('CREATE TABLE t (a Int32, PRIMARY KEY (a))')
    await h.run('DROP TABLE t')
    expect(describeTable('/local/t')).toBeUndefined()
    const e = await h.fails('DROP TABLE t')
    expect(e.code).toBe('scheme/path-not-found')
    await h.run('DROP TABLE IF EXISTS t')
  })
})

describe('ALTER TABLE', () => {
  it('ADD / DROP COLUMN keeps the data', async () => {
    await h.run('CREATE TABLE t (a Int32, b Utf8, PRIMARY KEY (a))')
    await h.run("UPSERT INTO t (a, b) VALUES (1, 'x')")
    await h.run('ALTER TABLE t ADD COLUMN c Int64')
    expect(await h.rows('SELECT * FROM t')).toEqual([[1, 'x', null]])
    await h.run('UPSERT INTO t (a, c) VALUES (1, 5)')
    await h.run('ALTER TABLE t DROP COLUMN b')
    expect(await h.rows('SELECT * FROM t')).toEqual([[1, 5n]])
  })

  it('cannot drop a key column or a missing one', async () => {
    await h.run('CREATE TABLE t (a Int32, b Utf8, PRIMARY KEY (a))')
    const e = await h.fails('ALTER TABLE t DROP COLUMN a')
    expect(e.message).toContain("key column 'a'")
    expect(e.spanText).toBe('a')
    expect((await h.fails('ALTER TABLE t DROP COLUMN zz')).spanText).toBe('zz')
  })

  it('ADD / DROP INDEX; the index is readable with VIEW', async () => {
    await h.run('CREATE TABLE t (a Int32, b Utf8, PRIMARY KEY (a))')
    await h.run("UPSERT INTO t (a, b) VALUES (1, 'z'), (2, 'y')")
    await h.run('ALTER TABLE t ADD INDEX ib GLOBAL ON (b)')
    expect(await h.rows("SELECT a FROM t VIEW ib WHERE b = 'y'")).toEqual([[2]])
    expect(await h.rows('SELECT a FROM t VIEW ib')).toEqual([[2], [1]])
    await h.run('ALTER TABLE t DROP INDEX ib')
    expect((await h.fails('SELECT a FROM t VIEW ib')).code).toBe('scheme/path-not-found')
  })
})
