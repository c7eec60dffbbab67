// The write pacer of long operations: another writer's commits between two
// chunks switch it to sharing the write lock; this process's own commits do not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openEmbeddedDatabase, type EmbeddedDb } from '../../../src/backends/cluster/embedded/database.js'
import { MAX_ROWS, MIN_ROWS, WritePacer } from '../../../src/backends/cluster/embedded/pacing.js'
import { KV, tempDir } from './helpers.js'

let a: EmbeddedDb
let b: EmbeddedDb
let cleanup: () => void
beforeEach(() => {
  const t = tempDir()
  cleanup = t.cleanup
  a = openEmbeddedDatabase(t.dir)
  // A second handle on the same directory stands for another process's writer.
  b = openEmbeddedDatabase(t.dir)
  a.write((tx) => tx.createTable('/local/T', KV))
})
afterEach(async () => {
  await a.close()
  await b.close()
  cleanup()
})

const put = (db: EmbeddedDb, k: number): void =>
  db.write((tx) => {
    tx.writeRow(tx.resolveTable('/local/T')!, [k, k], { kind: 'upsert', columns: [0, 1] })
  })

describe('WritePacer', () => {
  it('runs at full speed when only this process writes (its own other commits included)', async () => {
    const p = new WritePacer(a)
    for (let i = 0; i < 20; i++) {
      p.write(1, (tx) => tx.writeRow(tx.resolveTable('/local/T')!, [i, i], { kind: 'upsert', columns: [0, 1] }))
      put(a, 1000 + i) // e.g. an operation's progress record
      await p.pause()
    }
    expect(p.contendedChunks).toBe(0)
  })

  it('shares the lock once another writer commits between its chunks, and for a while after', async () => {
    const p = new WritePacer(a)
    const chunk = (i: number): void => {
      p.write(1, (tx) => tx.writeRow(tx.resolveTable('/local/T')!, [i, i], { kind: 'upsert', columns: [0, 1] }))
    }
    chunk(0)
    await p.pause()
    put(b, 500)
    chunk(1)
    expect(p.contendedChunks).toBe(1)
    const t = performance.now()
    await p.pause()
    expect(performance.now() - t).toBeGreaterThanOrEqual(0.9) // a real gap, not just a turn of the event loop
    for (let i = 2; i < 40; i++) {
      chunk(i)
      await p.pause()
    }
    // The other writer stopped: after lingering a few chunks the pacer runs at full speed again.
    expect(p.contendedChunks).toBeGreaterThan(1)
    expect(p.contendedChunks).toBeLessThan(20)
    expect(a.read((tx) => tx.countRows(tx.resolveTable('/local/T')!))).toBe(41)
  })

  it('keeps chunk sizes within bounds', () => {
    const p = new WritePacer(a)
    for (let i = 0; i < 10; i++) p.write(10_000, () => undefined)
    expect(p.rows).toBeGreaterThanOrEqual(MIN_ROWS)
    expect(p.rows).toBeLessThanOrEqual(MAX_ROWS)
  })
})
