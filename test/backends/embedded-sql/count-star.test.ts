// `SELECT COUNT(*) FROM t` counts the table's keys without decoding rows
// (select.ts countStarOnly): the same results as the aggregating path, which
// WHERE, COUNT(col), GROUP BY, JOIN and VIEW still take.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { readStats } from '../../../src/backends/cluster/embedded/sql/key-range.js'
import { openHarness, type Harness } from './harness.js'

let h: Harness
beforeAll(async () => {
  h = await openHarness()
  await h.run('CREATE TABLE c (k Uint64, v Utf8, INDEX by_v GLOBAL ON (v), PRIMARY KEY (k))')
  await h.run("UPSERT INTO c (k, v) VALUES (1, 'a'), (2, NULL), (3, 'c'), (4, 'a')")
  await h.run('CREATE TABLE e (k Int32, PRIMARY KEY (k))')
})
afterAll(async () => { await h.close() })

it('counts keys, with aliases, expressions and HAVING', async () => {
  const before = readStats.rowsRead
  expect(await h.rows('SELECT COUNT(*) FROM c')).toEqual([[4n]])
  expect(readStats.rowsRead - before).toBeLessThanOrEqual(1)
  const rs = await h.query('SELECT COUNT(*) AS n, COUNT(*) + 1 AS m FROM c')
  expect(rs.columns.map((x) => x.name)).toEqual(['n', 'm'])
  expect(rs.rows).toEqual([[4n, 5n]])
  expect(await h.rows('SELECT COUNT(*) FROM c HAVING COUNT(*) > 3')).toEqual([[4n]])
  expect(await h.rows('SELECT COUNT(*) FROM c HAVING COUNT(*) > 4')).toEqual([])
})

it('an empty table counts 0', async () => {
  expect(await h.rows('SELECT COUNT(*) FROM e')).toEqual([[0n]])
  expect(await h.rows('SELECT COUNT(*) FROM e HAVING COUNT(*) > 0')).toEqual([])
})

it('other aggregates and filters still read rows', async () => {
  expect(await h.rows('SELECT COUNT(v) FROM c')).toEqual([[3n]])
  expect(await h.rows('SELECT COUNT(*), COUNT(v) FROM c')).toEqual([[4n, 3n]])
  expect(await h.rows('SELECT COUNT(*) FROM c WHERE k > 2')).toEqual([[2n]])
  expect(await h.rows("SELECT COUNT(*) FROM c VIEW by_v WHERE v = 'a'")).toEqual([[2n]])
  expect(await h.rows('SELECT v, COUNT(*) FROM c GROUP BY v ORDER BY v')).toEqual([[null, 1n], ['a', 2n], ['c', 1n]])
})
