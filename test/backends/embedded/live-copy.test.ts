// consistentCopy reads the sources without a long-lived snapshot and replays
// the keys changed meanwhile (live-copy.ts): the copy must still equal the
// sources at one commit, for inserts past the end and in the middle, deletes,
// index moves, and with or without change capture; a source dropped or altered
// mid-copy fails the copy and leaves nothing behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { YqlError } from '../../../src/diagnostics/diagnostic.js'
import type { ReadTxnImpl } from '../../../src/backends/cluster/embedded/read-txn.js'
import type { Value } from '../../../src/types/value.js'
import { schema } from './helpers.js'
import { harness, type Harness } from './cluster-helpers.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(async () => {
  await h.close()
})

const N = 6000
const A = '/local/A'
const B = '/local/B'
const VER = '/local/ver'
const IX = { name: 'by_v', columns: ['v'], cover: [], unique: false, mode: 'SYNC' as const }

type Op = { t: 'A' | 'B'; del: boolean; id: number; v: bigint }
type Model = { A: Map<number, bigint>; B: Map<number, bigint> }

function setup(): Model {
  h.create(A, schema({ id: 'Uint32', v: 'Uint64' }))
  h.create(B, schema({ id: 'Uint32', v: 'Uint64' }, 1, { indexes: [IX] }))
  h.create(VER, schema({ id: 'Uint32', v: 'Uint64' }))
  const m: Model = { A: new Map(), B: new Map() }
  h.c.db.write((tx) => {
    const a = tx.resolveTable(A)!
    const b = tx.resolveTable(B)!
    for (let i = 0; i < N; i += 2) {
      tx.writeRow(a, [i, BigInt(i)], { kind: 'upsert', columns: [0, 1] })
      tx.writeRow(b, [i, BigInt(i % 97)], { kind: 'upsert', columns: [0, 1] })
      m.A.set(i, BigInt(i))
      m.B.set(i, BigInt(i % 97))
    }
    tx.writeRow(tx.resolveTable(VER)!, [0, 0n], { kind: 'upsert', columns: [0, 1] })
  })
  return m
}

/** Writes random changes (one numbered transaction each) until stopped; returns the log. */
function startWriter(): { log: Op[][]; stop: () => Promise<void> } {
  const log: Op[][] = []
  let stop = false
  const done = (async () => {
    while (!stop) {
      const ops: Op[] = []
      for (let k = 0; k < 3; k++) {
        const id = Math.floor(Math.random() * N * 1.5) // in the middle and past the end
        ops.push({ t: Math.random() < 0.5 ? 'A' : 'B', del: Math.random() < 0.3, id, v: BigInt(Math.floor(Math.random() * 1000)) })
      }
      h.c.db.write((tx) => {
        for (const op of ops) {
          const t = tx.resolveTable(op.t === 'A' ? A : B)!
          if (op.del) tx.deleteRow(t, [op.id])
          else tx.writeRow(t, [op.id, op.v], { kind: 'upsert', columns: [0, 1] })
        }
        tx.writeRow(tx.resolveTable(VER)!, [0, BigInt(log.length + 1)], { kind: 'upsert', columns: [0, 1] })
      })
      log.push(ops)
      await new Promise((r) => setImmediate(r))
    }
  })()
  return {
    log,
    stop: async () => {
      stop = true
      await done
    },
  }
}

const sorted = (m: Map<number, bigint>): Value[][] => [...m].sort((x, y) => x[0] - y[0]).map(([id, v]) => [id, v])

async function copyAll(dst: string, changeCapture?: string): Promise<void> {
  await h.c.consistentCopy(
    [A, B, VER].map((src) => ({ src, dst: `${dst}/${src.slice('/local/'.length)}` })),
    changeCapture === undefined ? {} : { changeCapture },
  )
}

describe('consistent copy without a long-lived snapshot', () => {
  for (const capture of [false, true]) {
    it(`equals the sources at one commit under in-process writers (${capture ? 'with' : 'without'} change capture)`, async () => {
      const m = setup()
      const w = startWriter()
      const dst = '/local/.backups/collections/X/full'
      await copyAll(dst, capture ? 'X_stream' : undefined)
      await w.stop()
      const version = Number(h.rows(`${dst}/ver`)[0]![1])
      expect(version).toBeGreaterThan(0) // writes ran during the copy
      for (const ops of w.log.slice(0, version)) {
        for (const op of ops) {
          if (op.del) m[op.t].delete(op.id)
          else m[op.t].set(op.id, op.v)
        }
      }
      expect(h.rows(`${dst}/A`)).toEqual(sorted(m.A))
      expect(h.rows(`${dst}/B`)).toEqual(sorted(m.B))
      // The copy's index matches its rows.
      const byIndex = h.c.db.read((tx) => [...tx.scanIndex(tx.resolveTable(`${dst}/B`)!, 'by_v')].map((r) => [...r]))
      expect(byIndex).toEqual(sorted(m.B).sort((x, y) => Number(x[1]) - Number(y[1]) || Number(x[0]) - Number(y[0])))
      // Streams: the capture stream stays (empty at the copy's point, later writes only); a temporary one is gone.
      const streams = h.c.db.read((tx) => [A, B, VER].map((p) => (tx as ReadTxnImpl).requireTable(p).streams))
      for (const s of streams) expect(s.map((x) => x.state)).toEqual(capture ? ['active'] : [])
    })
  }

  for (const change of ['drop', 'alter'] as const) {
    it(`fails, leaving nothing behind, when a source is ${change === 'drop' ? 'dropped' : 'altered'} mid-copy`, async () => {
      setup()
      const dst = '/local/.backups/collections/X/full'
      const copy = copyAll(dst, 'X_stream')
      await new Promise((r) => setImmediate(r)) // the copy has started and yields between chunks
      if (change === 'drop') await h.c.dropTable(A)
      else h.c.db.write((tx) => tx.alterTable(A, schema({ id: 'Uint32', v: 'Uint64', w: 'Utf8' })))
      let err: unknown
      await copy.catch((e: unknown) => { err = e })
      expect(err).toBeInstanceOf(YqlError)
      expect((err as YqlError).message).toMatch(/Table \/local\/A was dropped, altered or lost its change capture/)
      expect(h.c.db.read((tx) => (tx as ReadTxnImpl).entry(`${dst}/B`))).toBeUndefined()
      const streams = h.c.db.read((tx) => [B, VER].map((p) => (tx as ReadTxnImpl).requireTable(p).streams))
      for (const s of streams) expect(s).toEqual([])
      // The next copy succeeds.
      if (change === 'drop') h.create(A, schema({ id: 'Uint32', v: 'Uint64' }))
      await copyAll(`${dst}2`, 'X_stream')
      expect(h.rows(`${dst}2/B`)).toEqual(h.rows(B))
    })
  }
})
