// Concurrency: two writer processes move amounts between rows of two tables
// (one transaction per move) while full and incremental backups run. Every
// backup and every restore of every point must show the same total, and each
// table keeps all its rows.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openEmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session, type StatementResult } from '../../src/exec/session.js'
import { SourceText } from '../../src/source/source-text.js'

const ROWS = 3000
const START = 1000n
const mover = join(import.meta.dirname, 'support/mover.ts')

async function run(s: Session, text: string): Promise<StatementResult[]> {
  const out: StatementResult[] = []
  for await (const r of s.run(new SourceText(text))) out.push(r)
  return out
}

async function one(s: Session, text: string): Promise<StatementResult> {
  const [r] = await run(s, text)
  return r!
}

async function sumAndCount(s: Session, table: string): Promise<[bigint, bigint]> {
  const r = await one(s, `SELECT SUM(amount) AS s, COUNT(*) AS n FROM \`${table}\`;`)
  if (r.kind !== 'ResultSets') throw new Error(JSON.stringify(r))
  const [sum, n] = r.resultSets[0]!.rows[0]!
  return [BigInt(sum as bigint), BigInt(n as bigint)]
}

interface Writer {
  proc: ChildProcess
  moves: () => number
}

function startWriter(dataDir: string): Promise<Writer> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', mover, dataDir, String(ROWS)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let last = 0
    let resolved = false
    proc.stdout!.on('data', (d: Buffer) => {
      const lines = d.toString().trim().split('\n')
      last = Number(lines.at(-1))
      if (!resolved && last > 0) {
        resolved = true
        resolve({ proc, moves: () => last })
      }
    })
    proc.on('error', reject)
    proc.on('exit', (code) => !resolved && reject(new Error(`writer exited with ${code}`)))
  })
}

it('every backup and every restore shows the same total while writers move amounts', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'yql-conc-'))
  const session = new Session({ cluster: await openEmbeddedCluster({ dataDir, database: '/Root' }) })
  const writers: Writer[] = []
  try {
    const values = Array.from({ length: ROWS }, (_, i) => `(${i}, ${START})`).join(', ')
    const setup = await run(
      session,
      `CREATE TABLE a (id Uint32, amount Int64, PRIMARY KEY (id)); CREATE TABLE b (id Uint32, amount Int64, PRIMARY KEY (id));
       UPSERT INTO a (id, amount) VALUES ${values}; UPSERT INTO b (id, amount) VALUES ${values};
       CREATE BACKUP COLLECTION c (TABLE a, TABLE b) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true');`,
    )
    expect(setup.filter((r) => r.kind === 'Error')).toEqual([])
    const total = START * BigInt(2 * ROWS)
    writers.push(await startWriter(dataDir), await startWriter(dataDir))
    const movesNow = () => writers.reduce((n, w) => n + w.moves(), 0)
    const during: number[] = []
    for (const stmt of ['BACKUP c;', 'BACKUP c INCREMENTAL;', 'BACKUP c INCREMENTAL;', 'BACKUP c;', 'BACKUP c INCREMENTAL;', 'BACKUP c INCREMENTAL;']) {
      await new Promise((r) => setTimeout(r, 50))
      const before = movesNow()
      const r = await one(session, stmt)
      expect(r.kind, JSON.stringify(r)).toBe('Ok')
      during.push(movesNow() - before)
    }
    for (const w of writers) w.proc.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 50))
    // The writers really ran alongside the backups.
    expect(during.reduce((a, b) => a + b, 0)).toBeGreaterThan(0)

    const listing = await session.listBackups('c')
    const names = listing.rows.map((r) => String(r[0]))
    expect(names).toHaveLength(6)
    for (const name of names.filter((n) => n.endsWith('_full'))) {
      const [sa, na] = await sumAndCount(session, `/Root/.backups/collections/c/${name}/a`)
      const [sb, nb] = await sumAndCount(session, `/Root/.backups/collections/c/${name}/b`)
      expect([sa + sb, na, nb], name).toEqual([total, BigInt(ROWS), BigInt(ROWS)])
    }
    for (const name of names) {
      expect((await run(session, 'DROP TABLE a; DROP TABLE b;')).map((r) => r.kind)).toEqual(['Ok', 'Ok'])
      const r = await one(session, `RESTORE c AT '${name}';`)
      expect(r.kind, JSON.stringify(r)).toBe('Ok')
      const [sa, na] = await sumAndCount(session, '/Root/a')
      const [sb, nb] = await sumAndCount(session, '/Root/b')
      expect([sa + sb, na, nb], `restore at ${name}`).toEqual([total, BigInt(ROWS), BigInt(ROWS)])
    }
  } finally {
    for (const w of writers) w.proc.kill('SIGKILL')
    await session.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
