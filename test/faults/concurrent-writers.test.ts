// Concurrent writers keeping a cross-table invariant: two child processes move
// amounts between rows of /Root/a and /Root/b (one transaction per move, the
// mover of test/exec/support) while full and incremental backups are taken.
// Every backup, and the restore of every backup point, must show the same
// total and all rows. A backup or restore breaking the total counts as data lost.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { openEmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session, type StatementResult } from '../../src/exec/session.js'
import { SourceText } from '../../src/source/source-text.js'
import { record, trials } from './support/summary.js'

const ROWS = 10_000
const START = 1000n
const MOVER = resolve(import.meta.dirname, '../exec/support/mover.ts')
const N = trials(20)
const dataDir = mkdtempSync(join(tmpdir(), 'yqlb-fault-conc-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

async function one(s: Session, text: string): Promise<StatementResult> {
  const out: StatementResult[] = []
  for await (const r of s.run(new SourceText(text))) out.push(r)
  const bad = out.find((r) => r.kind === 'Error')
  return bad ?? out.at(-1)!
}

async function total(s: Session, table: string): Promise<[bigint, bigint]> {
  const r = await one(s, `SELECT SUM(amount) AS s, COUNT(*) AS n FROM \`${table}\`;`)
  if (r.kind !== 'ResultSets') throw new Error(JSON.stringify(r))
  const [sum, n] = r.resultSets[0]!.rows[0]!
  return [BigInt(sum as bigint), BigInt(n as bigint)]
}

function mover(): Promise<{ proc: ChildProcess; moves: () => number }> {
  return new Promise((res, rej) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', MOVER, dataDir, String(ROWS)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let last = 0
    proc.stdout!.on('data', (d: Buffer) => {
      last = Number(d.toString().trim().split('\n').at(-1))
      if (last > 0) res({ proc, moves: () => last })
    })
    proc.on('error', rej)
    proc.on('exit', (c) => rej(new Error(`mover exited ${c}`)))
  })
}

it(`full and incremental backups under cross-table movers keep the total (${N} backups)`, async () => {
  const session = new Session({ cluster: await openEmbeddedCluster({ dataDir, database: '/Root' }) })
  const movers: { proc: ChildProcess; moves: () => number }[] = []
  const problems: string[] = []
  let survived = 0
  let lost = 0
  try {
    const values = Array.from({ length: ROWS }, (_, i) => `(${i}, ${START})`).join(', ')
    for (const stmt of [
      'CREATE TABLE a (id Uint32, amount Int64, PRIMARY KEY (id));',
      'CREATE TABLE b (id Uint32, amount Int64, PRIMARY KEY (id));',
      `UPSERT INTO a (id, amount) VALUES ${values};`,
      `UPSERT INTO b (id, amount) VALUES ${values};`,
      "CREATE BACKUP COLLECTION c (TABLE a, TABLE b) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true');",
    ])
      expect((await one(session, stmt)).kind).not.toBe('Error')
    const want = START * BigInt(2 * ROWS)
    movers.push(await mover(), await mover())
    const moves = (): number => movers.reduce((n, m) => n + m.moves(), 0)
    let concurrent = 0
    for (let k = 0; k < N; k++) {
      const before = moves()
      const r = await one(session, k % 5 === 0 ? 'BACKUP c;' : 'BACKUP c INCREMENTAL;')
      if (r.kind === 'Error') problems.push(`backup ${k}: ${JSON.stringify(r.diagnostics.map((d) => d.message))}`)
      if (moves() > before) concurrent++
    }
    for (const m of movers) m.proc.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 100))
    const names = (await session.listBackups('c')).rows.map((r) => String(r[0]))
    for (const name of names) {
      let ok = true
      if (name.endsWith('_full')) {
        const [sa, na] = await total(session, `/Root/.backups/collections/c/${name}/a`)
        const [sb, nb] = await total(session, `/Root/.backups/collections/c/${name}/b`)
        if (sa + sb !== want || na !== BigInt(ROWS) || nb !== BigInt(ROWS)) {
          ok = false
          problems.push(`${name}: the backup's total is ${sa + sb}, want ${want}`)
        }
      }
      await one(session, 'DROP TABLE a;')
      await one(session, 'DROP TABLE b;')
      const r = await one(session, `RESTORE c AT '${name}';`)
      if (r.kind === 'Error') {
        ok = false
        problems.push(`RESTORE at ${name}: ${JSON.stringify(r.diagnostics.map((d) => d.message))}`)
      } else {
        const [sa, na] = await total(session, '/Root/a')
        const [sb, nb] = await total(session, '/Root/b')
        if (sa + sb !== want || na !== BigInt(ROWS) || nb !== BigInt(ROWS)) {
          ok = false
          problems.push(`restore at ${name}: total ${sa + sb}, rows ${na}/${nb}`)
        }
      }
      if (ok) survived++
      else lost++
    }
    record({ scenario: 'concurrent movers during full+incremental BACKUP', trials: names.length, survived, lost, note: `${concurrent}/${N} backups overlapped moves; each point restored` })
    expect(concurrent).toBeGreaterThan(0)
    expect(problems).toEqual([])
  } finally {
    for (const m of movers) m.proc.kill('SIGKILL')
    await session.close()
  }
})
