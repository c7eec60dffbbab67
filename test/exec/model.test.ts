// Model test: random sequences of writes, BACKUP, BACKUP INCREMENTAL,
// DROP TABLE and RESTORE run through a Session on the embedded database and
// against a tiny in-memory model. After every RESTORE (and at the end) the
// table must equal the model: the state at the newest backup of the chain.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openEmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session, type StatementResult } from '../../src/exec/session.js'
import { SourceText } from '../../src/source/source-text.js'

type Cmd =
  | { kind: 'upsert'; rows: [number, number | null][] }
  | { kind: 'replace'; key: number }
  | { kind: 'delete'; keys: number[] }
  | { kind: 'backup' }
  | { kind: 'incremental' }
  | { kind: 'drop' }
  | { kind: 'restore' }

const key = fc.integer({ min: 0, max: 7 })
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.tuple(key, fc.option(fc.integer({ min: 0, max: 99 }), { freq: 5 })), { minLength: 1, maxLength: 3 }).map((rows) => ({ kind: 'upsert' as const, rows })) },
  { weight: 1, arbitrary: key.map((k) => ({ kind: 'replace' as const, key: k })) },
  { weight: 2, arbitrary: fc.array(key, { minLength: 1, maxLength: 2 }).map((keys) => ({ kind: 'delete' as const, keys })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'backup' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'incremental' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'restore' as const }) },
)

/** Row: [value, extra]; REPLACE without `extra` resets it to NULL, UPSERT keeps it. */
type State = Map<number, [number | null, number | null]>

interface Model {
  table: State | undefined
  /** Snapshots of the backups taken, in order. */
  backups: { kind: 'full' | 'incremental'; state: State }[]
  /** Change capture runs from the last full backup of the current table. */
  captured: boolean
}

const clone = (s: State): State => new Map([...s].map(([k, v]) => [k, [...v] as [number | null, number | null]]))
const sorted = (s: State) => [...s].sort((a, b) => a[0] - b[0]).map(([k, [v, e]]) => [k, v, e])

async function run(session: Session, text: string): Promise<StatementResult[]> {
  const out: StatementResult[] = []
  for await (const r of session.run(new SourceText(text))) out.push(r)
  return out
}

async function tableRows(session: Session): Promise<unknown[][]> {
  const [r] = await run(session, 'SELECT key, value, extra FROM t ORDER BY key;')
  if (r?.kind !== 'ResultSets') throw new Error(`select failed: ${JSON.stringify(r)}`)
  return r.resultSets[0]!.rows.map((row) => [...row])
}

/** How often each outcome happened over all runs (so the test proves it exercised them). */
const seen = { restored: 0, incrementals: 0, refusedIncrementals: 0 }

async function check(cmds: Cmd[]): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yql-model-'))
  const session = new Session({ cluster: await openEmbeddedCluster({ dataDir, database: '/Root' }) })
  const model: Model = { table: new Map(), backups: [], captured: false }
  try {
    const setup = await run(
      session,
      "CREATE TABLE t (key Uint32, value Uint32, extra Uint32, PRIMARY KEY (key)); CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true');",
    )
    expect(setup.map((r) => r.kind)).toEqual(['Ok', 'Ok'])
    for (const c of cmds) {
      const exists = model.table !== undefined
      let text: string
      switch (c.kind) {
        case 'upsert':
          text = `UPSERT INTO t (key, value, extra) VALUES ${c.rows.map(([k, v]) => `(${k}, ${v ?? 'NULL'}, ${k * 10})`).join(', ')};`
          break
        case 'replace':
          text = `REPLACE INTO t (key, value) VALUES (${c.key}, 1);`
          break
        case 'delete':
          text = `DELETE FROM t WHERE key IN (${c.keys.join(', ')});`
          break
        case 'backup':
          text = 'BACKUP c;'
          break
        case 'incremental':
          text = 'BACKUP c INCREMENTAL;'
          break
        case 'drop':
          text = 'DROP TABLE t;'
          break
        case 'restore':
          text = 'RESTORE c;'
          break
      }
      const [r] = await run(session, text)
      const ok = r!.kind !== 'Error'
      const t = model.table
      switch (c.kind) {
        case 'upsert':
          expect(ok, text).toBe(exists)
          if (t) for (const [k, v] of c.rows) t.set(k, [v, k * 10])
          break
        case 'replace':
          expect(ok, text).toBe(exists)
          t?.set(c.key, [1, null])
          break
        case 'delete':
          expect(ok, text).toBe(exists)
          for (const k of c.keys) t?.delete(k)
          break
        case 'backup':
          expect(ok, text).toBe(exists)
          if (t) {
            model.backups.push({ kind: 'full', state: clone(t) })
            model.captured = true
          }
          break
        case 'incremental':
          expect(ok, `${text} ${JSON.stringify(r)}`).toBe(exists && model.captured)
          if (ok && t) model.backups.push({ kind: 'incremental', state: clone(t) })
          if (ok) seen.incrementals++
          else seen.refusedIncrementals++
          break
        case 'drop':
          expect(ok, text).toBe(exists)
          model.table = undefined
          model.captured = false
          break
        case 'restore': {
          const restorable = !exists && model.backups.some((b) => b.kind === 'full')
          expect(ok, `${text} ${JSON.stringify(r)}`).toBe(restorable)
          if (restorable) {
            model.table = clone(model.backups.at(-1)!.state)
            seen.restored++
            expect(await tableRows(session)).toEqual(sorted(model.table))
          }
          break
        }
      }
    }
    if (model.table) expect(await tableRows(session)).toEqual(sorted(model.table))
  } finally {
    await session.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

describe('backup/restore against a model', () => {
  it('restored table equals the model at the newest backup of the chain', async () => {
    // Random arrays are short (fast-check's default size), so a run of 40 may hold no
    // successful RESTORE at all: one explicit example makes the coverage counters below
    // certain (a refused incremental, a full, an incremental, a drop and a restore).
    const example: Cmd[] = [{ kind: 'incremental' }, { kind: 'backup' }, { kind: 'upsert', rows: [[1, 5]] }, { kind: 'incremental' }, { kind: 'drop' }, { kind: 'restore' }]
    await fc.assert(fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 30 }), check), { numRuns: 40, examples: [[example]] })
    expect(seen.restored).toBeGreaterThan(0)
    expect(seen.incrementals).toBeGreaterThan(0)
    expect(seen.refusedIncrementals).toBeGreaterThan(0)
  })
})
