// Snapshot scans decode rows inside lmdb-js's read buffers (read-txn.ts
// rowScanner): the rows must equal what point reads and the write
// transaction's scan give, also with interleaved scans of tables of different
// layouts, scans left early, and values too large for lmdb-js's shared buffer.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openEmbeddedDatabase, type EmbeddedDb } from '../../../src/backends/cluster/embedded/database.js'
import type { Value } from '../../../src/types/value.js'
import { schema, tempDir } from './helpers.js'

let db: EmbeddedDb
let cleanup: () => void
beforeEach(() => {
  const t = tempDir()
  cleanup = t.cleanup
  db = openEmbeddedDatabase(t.dir)
  db.write((tx) => {
    tx.createTable('/local/a', schema({ k1: 'Utf8', k2: 'Int64', s: 'String', d: 'Double', n: 'Int32' }, 2))
    tx.createTable('/local/keys', schema({ k: 'Uint64' }))
    const a = tx.resolveTable('/local/a')!
    const keys = tx.resolveTable('/local/keys')!
    for (let i = 0; i < 300; i++) {
      const big = i % 50 === 7 ? 'x'.repeat(i === 7 ? 3_000_000 : 100_000) : `v${i}`
      const row: Value[] = [`k${i % 7}`, BigInt(i) - 150n, i % 5 === 0 ? null : Buffer.from(big), i / 3, i % 4 === 0 ? null : i]
      tx.writeRow(a, row, { kind: 'upsert', columns: [0, 1, 2, 3, 4] })
      tx.writeRow(keys, [BigInt(i) * 1000n], { kind: 'upsert', columns: [0] })
    }
  })
})
afterEach(async () => {
  await db.close()
  cleanup()
})

const plain = (rows: Iterable<readonly Value[]>): unknown[] => [...rows].map((r) => r.map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)))

it('snapshot scans equal point reads and the write transaction scan, interleaved and left early', () => {
  const viaWrite = db.write((tx) => ({
    a: plain(tx.scan(tx.resolveTable('/local/a')!)),
    keys: plain(tx.scan(tx.resolveTable('/local/keys')!)),
  }))
  expect(viaWrite.a).toHaveLength(300)
  db.read((tx) => {
    const a = tx.resolveTable('/local/a')!
    const keys = tx.resolveTable('/local/keys')!
    // Interleaved: one row of each per step.
    const ia = tx.scan(a)[Symbol.iterator]()
    const ik = tx.scan(keys)[Symbol.iterator]()
    const ra: Value[][] = []
    const rk: Value[][] = []
    for (;;) {
      const x = ia.next()
      const y = ik.next()
      if (!x.done) ra.push(x.value as Value[])
      if (!y.done) rk.push(y.value as Value[])
      if (x.done && y.done) break
    }
    expect(plain(ra)).toEqual(viaWrite.a)
    expect(plain(rk)).toEqual(viaWrite.keys)
    for (const r of ra) expect(plain([tx.get(a, [r[0]!, r[1]!])!])).toEqual(plain([r]))
    // Left early, then a range and a full scan again.
    let n = 0
    for (const _r of tx.scan(a)) if (++n === 10) break
    const from = { key: ['k3'], inclusive: true }
    expect(plain(tx.scan(a, { from, to: from }))).toEqual(viaWrite.a.filter((r) => (r as Value[])[0] === 'k3'))
    expect(plain(tx.scan(keys))).toEqual(viaWrite.keys)
  })
})

it('hasRows(t, n) agrees with countRows at the boundary, within one table of several', () => {
  db.write((tx) => tx.createTable('/local/empty', schema({ k: 'Uint64' })))
  db.read((tx) => {
    for (const [path, count] of [['/local/a', 300], ['/local/keys', 300], ['/local/empty', 0]] as const) {
      const t = tx.resolveTable(path)!
      expect(tx.countRows(t)).toBe(count)
      for (const n of [0, 1, count - 1, count, count + 1]) expect(tx.hasRows(t, n), `${path} ${n}`).toBe(n <= count)
    }
  })
})
