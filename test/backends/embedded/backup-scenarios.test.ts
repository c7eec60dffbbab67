// Collections' scenarios (S-01, S-02, S-05, S-08, S-09, S-26) driven through the
// backup primitives of the embedded cluster, plus restore's failure rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import { encodeChangeMetadata } from '../../../src/backends/cluster/embedded/incremental-format.js'
import { INCR_DELETED_COLUMN } from '../../../src/types/table-schema.js'
import { primitive } from '../../../src/types/ydb-type.js'
import { KV, schema } from './helpers.js'
import { harness, withCollection, type Harness } from './cluster-helpers.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(async () => {
  await h.close()
})

const T = '/local/T'
const errorOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(YqlError)
    return (e as YqlError).message
  }
  return 'no error'
}

describe('backup primitives on the embedded cluster', () => {
  it('S-01: the full copy equals the table; the incremental holds the delta', async () => {
    h.create()
    h.upsert(T, [[1, 10], [2, 20], [3, 30]])
    await withCollection(h)
    const full = await h.backupFull('C')
    expect(h.rows(`${full}/T`)).toEqual([[1, 10], [2, 20], [3, 30]])
    expect((await h.c.describePath(`${full}/T`))?.type).toBe('table')
    h.upsert(T, [[2, 200]])
    h.del(T, 1)
    const inc = await h.backupIncremental('C')
    expect(h.rows(`${inc}/T`).map((r) => r.slice(0, 2))).toEqual([[1, null], [2, 200]])
    const s = await h.c.describeTable(`${inc}/T`)
    expect(s!.columns.map((c) => `${c.name}:${c.notNull}`)).toEqual(['key:false', 'value:false', '__ydb_incrBackupImpl_changeMetadata:false'])
    // Backup tables are read-only.
    expect(() => h.upsert(`${full}/T`, [[9, 9]])).toThrow(/read-only/)
  })

  it('S-02: each incremental holds only its own delta', async () => {
    h.create()
    h.upsert(T, [[1, 10], [2, 20], [3, 30]])
    await withCollection(h)
    await h.backupFull('C')
    h.upsert(T, [[2, 200]])
    h.del(T, 1)
    expect(h.delta(`${await h.backupIncremental('C')}/T`)).toBe('{~1, 2:200}')
    h.upsert(T, [[3, 300]])
    h.del(T, 2)
    expect(h.delta(`${await h.backupIncremental('C')}/T`)).toBe('{~2, 3:300}')
  })

  it('S-05 and S-08: full + incrementals, drop, restore', async () => {
    h.create()
    h.upsert(T, [[1, 100], [2, 200], [3, 300], [4, 400], [5, 500]])
    await withCollection(h)
    await h.backupFull('C')
    h.upsert(T, [[2, 2000], [6, 6000]]); h.del(T, 1); await h.backupIncremental('C')
    h.upsert(T, [[3, 3000], [7, 7000]]); h.del(T, 4); await h.backupIncremental('C')
    h.upsert(T, [[5, 5000], [8, 8000]]); h.del(T, 2); await h.backupIncremental('C')
    await h.c.dropTable(T)
    await h.restoreColl('C')
    expect(h.rows(T)).toEqual([[3, 3000], [5, 5000], [6, 6000], [7, 7000], [8, 8000]])
    // The restored table is writable and not captured.
    h.upsert(T, [[9, 9]])
  })

  it('S-26: restore uses the last full and the incrementals after it', async () => {
    h.create()
    h.upsert(T, [[1, 10], [2, 20], [3, 30]])
    await withCollection(h)
    await h.backupFull('C')
    h.upsert(T, [[2, 200], [4, 40]]); await h.backupIncremental('C')
    h.del(T, 1); await h.backupFull('C')
    h.upsert(T, [[3, 300], [5, 50]]); await h.backupIncremental('C')
    h.del(T, 2); h.upsert(T, [[6, 60]]); await h.backupFull('C')
    h.upsert(T, [[4, 400]]); await h.backupIncremental('C')
    h.del(T, 3); await h.backupFull('C')
    h.upsert(T, [[5, 500], [7, 70]]); await h.backupFull('C')
    h.del(T, 4); h.upsert(T, [[8, 80]]); await h.backupFull('C')
    h.upsert(T, [[6, 600]]); expect(h.delta(`${await h.backupIncremental('C')}/T`)).toBe('{6:600}')
    h.del(T, 5); h.upsert(T, [[9, 90]]); await h.backupFull('C')
    await h.c.dropTable(T)
    await h.restoreColl('C')
    expect(h.rows(T)).toEqual([[6, 600], [7, 70], [8, 80], [9, 90]])
  })

  it('S-09: two tables with Utf8 values and a subset-of-columns update; indexes rebuilt', async () => {
    const orders = schema({ order_id: 'Uint32', customer_name: 'Utf8', amount: 'Uint32' }, 1, {
      indexes: [{ name: 'by_name', columns: ['customer_name'], cover: [], unique: false, mode: 'SYNC' }],
    })
    h.create('/local/orders', orders)
    h.create('/local/shop/products', schema({ product_id: 'Uint32', product_name: 'Utf8', price: 'Uint32' }))
    await withCollection(h, ['/local/orders', '/local/shop/products'])
    h.upsert('/local/orders', [[1001, 'Иван Петров', 2500], [1002, 'Мария Сидорова', 1800], [1003, 'Алексей Иванов', 3200]])
    h.upsert('/local/shop/products', [[501, 'Ноутбук Model A', 65000], [503, 'Монитор 24"', 18000]])
    const full = await h.backupFull('C')
    expect(h.rows(`${full}/shop/products`)).toHaveLength(2)
    h.upsert('/local/orders', [[1004, 'Елена Козлова', 4100]])
    h.upsert('/local/shop/products', [[501, 63000]], ['product_id', 'price'])
    h.del('/local/orders', 1002)
    await h.backupIncremental('C')
    const before = [h.rows('/local/orders'), h.rows('/local/shop/products')]
    await h.c.dropTable('/local/orders')
    await h.c.dropTable('/local/shop/products')
    await h.restoreColl('C')
    expect([h.rows('/local/orders'), h.rows('/local/shop/products')]).toEqual(before)
    const byName = h.c.db.read((tx) => [...tx.scanIndex(tx.resolveTable('/local/orders')!, 'by_name')].map((r) => r[1]))
    expect(byName).toEqual(['Алексей Иванов', 'Елена Козлова', 'Иван Петров'])
  })

  it('restore replays an incremental that swaps values of a unique index', async () => {
    h.create('/local/T', schema({ key: 'Uint32', email: 'Utf8' }, 1, {
      indexes: [{ name: 'by_email', columns: ['email'], cover: [], unique: true, mode: 'SYNC' }],
    }))
    h.upsert(T, [[1, 'a'], [2, 'b']])
    await withCollection(h)
    await h.backupFull('C')
    h.upsert(T, [[1, 'tmp']])
    h.upsert(T, [[2, 'a']])
    h.upsert(T, [[1, 'b']])
    await h.backupIncremental('C')
    await h.c.dropTable(T)
    await h.restoreColl('C')
    expect(h.rows(T)).toEqual([[1, 'b'], [2, 'a']])
    expect(h.c.db.read((tx) => [...tx.scanIndex(tx.resolveTable(T)!, 'by_email')].map((r) => r[0]))).toEqual([2, 1])
    expect(() => h.upsert(T, [[3, 'a']])).toThrow(/Duplicate key violation in unique index by_email/)
  })

  it('restore fails when a target exists, and leaves nothing behind', async () => {
    h.create()
    h.create('/local/U', KV)
    h.upsert(T, [[1, 1]])
    await withCollection(h, [T, '/local/U'])
    await h.backupFull('C')
    await h.c.dropTable(T)
    expect(await errorOf(h.restoreColl('C'))).toMatch(/Cannot restore \/local\/U: the table already exists/)
    expect(await h.c.describePath(T)).toBeUndefined()
    await h.c.dropTable('/local/U')
    await h.restoreColl('C')
    expect(h.rows(T)).toEqual([[1, 1]])
  })

  it('an incremental needs a running capture', async () => {
    h.create()
    await withCollection(h, [T], false)
    await h.backupFull('C')
    expect(await errorOf(h.backupIncremental('C'))).toBe('Last continuous backup stream is not found')
  })

  it('DROP BACKUP COLLECTION removes every backup and stops capture; sources stay', async () => {
    h.create()
    h.upsert(T, [[1, 1]])
    await withCollection(h)
    await h.backupFull('C')
    await h.c.dropBackupCollection('/local/.backups/collections/C')
    expect(await h.c.describePath('/local/.backups/collections/C')).toBeUndefined()
    expect(h.rows(T)).toEqual([[1, 1]])
    expect(h.c.db.read((tx) => (tx.resolveTable(T) as unknown as { streams: unknown[] }).streams)).toEqual([])
    await withCollection(h)
    expect(await errorOf(h.backupIncremental('C'))).toBe('Last continuous backup stream is not found')
  })

  it('restore reads the older __ydb_incrBackupImpl_deleted encoding', async () => {
    h.create()
    h.upsert(T, [[1, 10], [2, 20]])
    await withCollection(h)
    const full = await h.backupFull('C')
    const inc = '/local/.backups/collections/C/20250101009999Z_incremental/T'
    h.c.engine.writeInternal((tx) => {
      const t = tx.createTableInternal(inc, {
        columns: [...KV.columns, { name: INCR_DELETED_COLUMN, type: primitive('Bool'), notNull: false }],
        primaryKey: ['key'],
        indexes: [],
      }, { system: true })
      tx.writeRowInternal(t, [1, null, true], { kind: 'replace', columns: [0, 1, 2] })
      tx.writeRowInternal(t, [3, 30, false], { kind: 'replace', columns: [0, 1, 2] })
    })
    await h.c.dropTable(T)
    await h.c.restore([{ target: T, full: `${full}/T`, incrementals: [inc] }], {})
    expect(h.rows(T)).toEqual([[2, 20], [3, 30]])
  })

  it('restore applies a metadata row: unchanged columns kept, tombstone of a missing key is a no-op', async () => {
    h.create('/local/src', schema({ key: 'Uint32', a: 'Uint32', b: 'Uint32' }))
    h.upsert('/local/src', [[1, 1, 1], [2, 2, 2]])
    await h.c.consistentCopy([{ src: '/local/src', dst: '/local/full/src' }], {})
    const inc = '/local/inc/src'
    h.c.engine.writeInternal((tx) => {
      const t = tx.createTableInternal(inc, {
        columns: [
          ...schema({ key: 'Uint32', a: 'Uint32', b: 'Uint32' }).columns,
          { name: '__ydb_incrBackupImpl_changeMetadata', type: primitive('String'), notNull: false },
        ],
        primaryKey: ['key'],
        indexes: [],
      }, { system: true })
      const m = (d: boolean, ...s: [number, boolean, boolean][]) =>
        encodeChangeMetadata({ isDeleted: d, columnStates: s.map(([tag, isNull, isChanged]) => ({ tag, isNull, isChanged })) })
      tx.writeRowInternal(t, [1, 9, null, m(false, [2, false, true], [3, true, false])], { kind: 'replace', columns: [] })
      tx.writeRowInternal(t, [2, null, null, m(false, [2, true, true], [3, false, false])], { kind: 'replace', columns: [] })
      tx.writeRowInternal(t, [5, null, null, m(true, [2, true, true], [3, true, true])], { kind: 'replace', columns: [] })
    })
    await h.c.restore([{ target: '/local/dst', full: '/local/full/src', incrementals: [inc] }], {})
    expect(h.rows('/local/dst')).toEqual([[1, 9, 1], [2, null, 2]])
  })

  it('consistent copy under concurrent writers: the copy and copy + delta keep the invariant', async () => {
    const N = 12000
    h.create('/local/acc', schema({ id: 'Uint32', amount: 'Int64' }))
    h.c.db.write((tx) => {
      const t = tx.resolveTable('/local/acc')!
      for (let i = 0; i < N; i++) tx.writeRow(t, [i, 100n], { kind: 'upsert', columns: [0, 1] })
    })
    await withCollection(h, ['/local/acc'])
    let moves = 0
    let stop = false
    const writer = (async () => {
      while (!stop) {
        const a = Math.floor(Math.random() * N)
        const b = Math.floor(Math.random() * N)
        h.c.db.write((tx) => {
          const t = tx.resolveTable('/local/acc')!
          const ra = tx.get(t, [a])!
          tx.writeRow(t, [a, (ra[1] as bigint) - 7n], { kind: 'upsert', columns: [1] })
          const rb = tx.get(t, [b])!
          tx.writeRow(t, [b, (rb[1] as bigint) + 7n], { kind: 'upsert', columns: [1] })
        })
        moves++
        await new Promise((r) => setImmediate(r))
      }
    })()
    const full = await h.backupFull('C')
    const movesDuringCopy = moves
    await new Promise((r) => setTimeout(r, 20))
    stop = true
    await writer
    await h.backupIncremental('C')
    const sum = (rows: unknown[][]) => rows.reduce((s, r) => s + (r[1] as bigint), 0n)
    expect(movesDuringCopy).toBeGreaterThan(0)
    expect(sum(h.rows(`${full}/acc`))).toBe(BigInt(N) * 100n)
    const current = h.rows('/local/acc')
    await h.c.dropTable('/local/acc')
    await h.restoreColl('C')
    expect(h.rows('/local/acc')).toEqual(current)
  })

  it('snapshot() streams tables in key order in bounded batches from one point in time', async () => {
    h.create()
    h.upsert(T, Array.from({ length: 2500 }, (_v, i) => [i, i]))
    const snap = await h.c.snapshot()
    h.upsert(T, [[5000, 1]])
    const sizes: number[] = []
    let last = -1
    for await (const batch of snap.readTable(T, { batchRows: 1000 })) {
      sizes.push(batch.length)
      for (const r of batch) {
        expect(r[0] as number).toBeGreaterThan(last)
        last = r[0] as number
      }
    }
    snap.release()
    expect(sizes).toEqual([1000, 1000, 500])
  })

  it('keeps operations on disk', async () => {
    await h.c.operations.put({ id: 'op1', kind: 'incbackup', status: 'PROGRESS', ready: false, createdAt: 1, subject: 'C' })
    await h.c.operations.put({ id: 'op2', kind: 'restore', status: 'SUCCESS', ready: true, createdAt: 2, subject: 'C' })
    expect((await h.c.operations.list('incbackup')).map((o) => o.id)).toEqual(['op1'])
    expect((await h.c.operations.get('op2'))?.status).toBe('SUCCESS')
    expect(await h.c.operations.forget('op1')).toBe(true)
    expect((await h.c.operations.list()).map((o) => o.id)).toEqual(['op2'])
  })
})
