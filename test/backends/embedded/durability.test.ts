// Multi-process safety and SIGKILL durability of the embedded database.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { openEmbeddedCluster } from '../../../src/backends/cluster/embedded/embedded-cluster.js'
import { openEmbeddedDatabase } from '../../../src/backends/cluster/embedded/database.js'
import { tempDir } from './helpers.js'

const child = (name: string, args: string[]): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`./children/${name}`, import.meta.url)), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })

const waitFor = (p: ChildProcess, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    p.stdout!.on('data', (d) => {
      out += String(d)
      if (out.includes(text)) resolve()
    })
    p.stderr!.on('data', (d) => { err += String(d) })
    p.on('exit', (code) => { if (!out.includes(text)) reject(new Error(`child exited ${code} before '${text}': ${err}`)) })
  })

const exited = (p: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve(p.exitCode) : p.on('exit', (c) => resolve(c))))

/** Checks the writers' invariants: money is conserved and every statement is whole. */
function checkInvariants(dir: string): { statements: number } {
  const db = openEmbeddedDatabase(dir)
  try {
    return db.read((tx) => {
      const acc = tx.resolveTable('/local/acc')
      if (!acc) return { statements: 0 }
      const sum = [...tx.scan(acc)].reduce((s, r) => s + (r[1] as bigint), 0n)
      expect(sum).toBe(100n * 1000n)
      const perStmt = new Map<string, number>()
      for (const r of tx.scan(tx.resolveTable('/local/log')!)) {
        const k = `${r[0]}/${r[1]}`
        perStmt.set(k, (perStmt.get(k) ?? 0) + 1)
      }
      for (const n of perStmt.values()) expect(n).toBe(10)
      const byPad = [...tx.scanIndex(tx.resolveTable('/local/log')!, 'by_pad')].length
      expect(byPad).toBe(perStmt.size * 10)
      return { statements: perStmt.size }
    })
  } finally {
    void db.close()
  }
}

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

describe('durability', () => {
  it('two processes writing the same data directory do not corrupt it', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const a = child('writer.ts', [dir, '1', '300'])
    const b = child('writer.ts', [dir, '2', '300'])
    await Promise.all([waitFor(a, 'done'), waitFor(b, 'done')])
    expect(checkInvariants(dir).statements).toBe(600)
  })

  it('writers killed with SIGKILL leave the database at a statement boundary, many times', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    let last = 0
    let kills = 0
    for (let round = 0; round < 6; round++) {
      // Two writers per round, each killed at its own random moment.
      const ws = [child('writer.ts', [dir, '1']), child('writer.ts', [dir, '2'])]
      await Promise.all(ws.map((w) => waitFor(w, 'ready')))
      await Promise.all(
        ws.map(async (w) => {
          await new Promise((r) => setTimeout(r, 20 + Math.random() * 200))
          w.kill('SIGKILL')
          await exited(w)
          kills++
        }),
      )
      const { statements } = checkInvariants(dir)
      expect(statements).toBeGreaterThanOrEqual(last)
      last = statements
    }
    expect(kills).toBe(12)
    expect(last).toBeGreaterThan(0)
  })

  it('a backup while another process writes: the copy is consistent and copy + delta equals the table', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const c = await openEmbeddedCluster({ dataDir: dir })
    try {
      const w = child('writer.ts', [dir, '3'])
      await waitFor(w, 'ready')
      await new Promise((r) => setTimeout(r, 100))
      const items = [
        { src: '/local/acc', dst: '/local/full/acc' },
        { src: '/local/log', dst: '/local/full/log' },
      ]
      await c.consistentCopy(items, { changeCapture: 's1' })
      await new Promise((r) => setTimeout(r, 100))
      w.kill('SIGKILL')
      await exited(w)
      await c.takeIncrementalBackup(
        items.map((i) => ({ src: i.src, dst: i.dst.replace('/full/', '/inc/') })),
        { nextStream: 's2' },
      )
      const rows = (p: string) => c.db.read((tx) => [...tx.scan(tx.resolveTable(p)!)])
      // The copy is one snapshot of both tables: money conserved, statements whole.
      expect(rows('/local/full/acc').reduce((s, r) => s + (r[1] as bigint), 0n)).toBe(100_000n)
      const copied = rows('/local/full/log').length
      expect(copied % 10).toBe(0)
      expect(copied).toBeGreaterThan(0)
      expect(rows('/local/inc/log').length).toBeGreaterThan(0)
      const expected = [rows('/local/acc'), rows('/local/log')]
      await c.restore(
        items.map((i) => ({ target: i.src.replace('/local/', '/local/restored/'), full: i.dst, incrementals: [i.dst.replace('/full/', '/inc/')] })),
        {},
      )
      expect([rows('/local/restored/acc'), rows('/local/restored/log')]).toEqual(expected)
    } finally {
      await c.close()
    }
  })

  it('a consistent copy killed midway leaves no copy and no capture behind; the next one succeeds', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    for (let round = 0; round < 3; round++) {
      const p = child('copier.ts', [dir, '60000'])
      await waitFor(p, 'ready')
      await new Promise((r) => setTimeout(r, 40 + Math.random() * 200))
      p.kill('SIGKILL')
      await exited(p)
    }
    const c = await openEmbeddedCluster({ dataDir: dir })
    try {
      const copies = (await c.describePath('/local/copies')) ? await c.listDirectory('/local/copies') : []
      // Every listed copy is complete.
      for (const e of copies) expect(c.db.read((tx) => tx.countRows(tx.resolveTable(e.path)!))).toBe(60000)
      // Killed copies' pending streams were discarded: at most the published one stays active.
      const streams = c.db.read((tx) => (tx.resolveTable('/local/big') as unknown as { streams: { state: string }[] }).streams)
      expect(streams.every((s) => s.state === 'active')).toBe(true)
      expect(streams.length).toBeLessThanOrEqual(1)
      await c.consistentCopy([{ src: '/local/big', dst: '/local/final' }], { changeCapture: 'final' })
      expect(c.db.read((tx) => tx.countRows(tx.resolveTable('/local/final')!))).toBe(60000)
      // Staged rows of killed copies are gone: only source + published copies hold rows.
      const total = c.db.read(() => c.engine.store.rows.getKeysCount({}))
      expect(total).toBe(60000 * (copies.length + 2))
    } finally {
      await c.close()
    }
  })
})
