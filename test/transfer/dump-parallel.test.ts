// The parallel dump (worker threads reading slabs of one snapshot) writes the
// very files of the single-threaded dump: same bytes, same data_NN split, and
// with zstd the same frames (they follow the chunk boundaries it replays).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dumpToStorage, restoreFromStorage } from '../../src/transfer/index.js'
import { PARALLEL_DUMP_MIN_ROWS } from '../../src/transfer/dump.js'
import { DumpWorkers } from '../../src/transfer/dump-parallel.js'
import type { HeldSnapshot } from '../../src/backends/cluster/embedded/database.js'
import { heldSnapshot } from '../../src/transfer/embedded-source.js'
import { primitive as p } from '../../src/types/ydb-type.js'
import { openWorld, ORDERS, orderRow, type World } from './helpers.js'

const ROWS = PARALLEL_DUMP_MIN_ROWS + 5_000

let w: World
beforeAll(async () => {
  w = await openWorld()
  await w.cluster.createTable('/local/big', { ...ORDERS, indexes: [] })
  await w.cluster.createTable('/local/raw', {
    columns: [
      ...ORDERS.columns.filter((c) => c.name !== 'price'),
      { name: 'delta', type: p('Int64'), notNull: false },
      { name: 'tag', type: p('Utf8'), notNull: false },
    ],
    primaryKey: ['tag', 'id'],
    indexes: [],
  })
  for (let i = 0; i < ROWS; i += 5000) {
    const rows = Array.from({ length: Math.min(5000, ROWS - i) }, (_, k) => [...orderRow(i + k)])
    // a few wide cells: reservations bigger than a chunk and chunks cut inside rows
    if (i === 10_000) rows[3]![2] = new Uint8Array(1_300_000).fill(0x25)
    if (i === 15_000) rows[7]![1] = 'ж'.repeat(200_000)
    await w.cluster.bulkUpsert('/local/big', rows)
    // without the Decimal column every cell is formatted from the stored bytes (csv-stored.ts)
    await w.cluster.bulkUpsert('/local/raw', rows.map((r) => [r[0]!, r[1]!, r[2]!, r[4]!, r[5]!, r[6]!, i % 3 === 0 ? null : -BigInt(i) * 1_000_003n, r[0] === 12n ? null : `t${Number(r[0]) % 40}\u0000ж`]))
  }
}, 120_000)
afterAll(async () => w.close())

const files = (dir: string): Map<string, Buffer> => {
  const out = new Map<string, Buffer>()
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`)
      else out.set(`${rel}${e.name}`, readFileSync(join(d, e.name)))
    }
  }
  walk(dir, '')
  return out
}

describe('parallel dump', () => {
  for (const [name, table, extra] of [
    ['plain, split into files', 'big', { splitBytes: 700_000 }],
    ['zstd with checksums', 'big', { compression: { level: 3 }, checksums: true, splitBytes: 2_500_000 }],
    ['from stored bytes, split', 'raw', { splitBytes: 900_000 }],
    ['from stored bytes, zstd, export style', 'raw', { compression: { level: 1 }, exportMetadata: true, checksums: true }],
  ] as const) {
    it(`${name}: the same files as the single-threaded dump`, async () => {
      const one = await dumpToStorage(w.cluster, w.storage(`one-${name}`), { path: table, workers: 0, ...extra })
      const two = await dumpToStorage(w.cluster, w.storage(`two-${name}`), { path: table, ...extra })
      expect(two).toEqual(one)
      expect(one.rows).toBe(ROWS)
      const a = files(join(w.dir, `one-${name}`))
      const b = files(join(w.dir, `two-${name}`))
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort())
      expect([...a.keys()].filter((k) => k.includes('data_')).length).toBeGreaterThan(name.includes('export') ? 1 : 2)
      for (const [k, v] of a) expect(b.get(k)!.equals(v), k).toBe(true)
    })
  }

  /** Every slab of `path` through a SlabSource (small slabs, workers joined first), with who made each. */
  const drain = async (pool: DumpWorkers, held: HeldSnapshot, path: string): Promise<{ up: boolean; bytes: Buffer; rows: number; madeBy: number[] }> => {
    const source = pool.open(w.cluster.engine.directory, held, path, 'dump', 16 * 1024)!
    const up = await source.workersUp()
    const parts: Buffer[] = []
    let rows = 0
    for (let s = await source.next(); s; s = await source.next()) {
      parts.push(Buffer.from(s.bytes))
      rows += s.rows
      source.release(s)
    }
    return { up, bytes: Buffer.concat(parts), rows, madeBy: source.madeBy }
  }

  it('shares the slabs between the workers and this thread, in order, and steps aside when its snapshot is not the dump\'s', async () => {
    const single = await dumpToStorage(w.cluster, w.storage('drain-one'), { path: 'raw', workers: 0, splitBytes: 1 << 30 })
    const want = readFileSync(join(w.dir, 'drain-one/raw/data_00.csv'))
    expect(single.rows).toBe(ROWS)
    const pool = new DumpWorkers(1)
    const snap = heldSnapshot(w.cluster.engine)
    try {
      const both = await drain(pool, snap.held, '/local/raw')
      expect(both.up).toBe(true)
      expect(both.rows).toBe(ROWS)
      expect(both.bytes.equals(want)).toBe(true)
      // the worker was up before the first slab was asked for, so it made some; this thread makes some while it waits
      expect(both.madeBy[1]).toBeGreaterThan(0)
      expect(both.madeBy[0]! + both.madeBy[1]!).toBeGreaterThan(10)

      // a commit after the snapshot: the worker's snapshot would hold it, so this thread makes every slab
      await w.cluster.bulkUpsert('/local/raw', [[1n, 'x', null, null, null, null, null, 'late']])
      const alone = await drain(pool, snap.held, '/local/raw')
      expect(alone.up).toBe(false)
      expect(alone.madeBy[1]).toBe(0)
      expect(alone.rows).toBe(ROWS)
      expect(alone.bytes.equals(want)).toBe(true)
    } finally {
      snap.release()
      await pool.close()
    }
    await w.cluster.db.write((tx) => tx.deleteRow(tx.resolveTable('/local/raw')!, ['late', 1n]))
  })

  it('restores what it dumped', async () => {
    await dumpToStorage(w.cluster, w.storage('rt'), { path: 'big', checksums: true })
    const r = await restoreFromStorage(w.cluster, w.storage('rt'), { path: 'copy' })
    expect(r.rows).toBe(ROWS)
    const again = await dumpToStorage(w.cluster, w.storage('rt2'), { path: 'copy/big', workers: 0 })
    expect(again.bytes).toBe(r.bytes)
    expect(readFileSync(join(w.dir, 'rt2/big/data_00.csv')).equals(readFileSync(join(w.dir, 'rt/big/data_00.csv')))).toBe(true)
  })
})
