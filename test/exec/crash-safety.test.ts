// Crash safety: child processes running BACKUP / BACKUP INCREMENTAL / RESTORE
// are killed with SIGKILL at random moments. Afterwards no half-made backup
// is listed or restored, the source is untouched, a killed runner's operation
// shows as ERROR (not PROGRESS), and the next BACKUP and RESTORE succeed.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { reapStale } from '../../src/exec/operations.js'
import { Session, type StatementResult } from '../../src/exec/session.js'
import { SourceText } from '../../src/source/source-text.js'

const ROWS = 5_000
/** Kills per test; raise it (YQL_CRASH_ITERATIONS=50) for a long soak. */
const ITERATIONS = Number(process.env['YQL_CRASH_ITERATIONS'] ?? 3)
const child = join(import.meta.dirname, 'support/run-script.ts')
let dataDir: string

async function withSession<T>(fn: (s: Session) => Promise<T>): Promise<T> {
  const s = new Session({ cluster: await openEmbeddedCluster({ dataDir, database: '/Root' }) })
  try {
    return await fn(s)
  } finally {
    await s.close()
  }
}

async function run(s: Session, text: string): Promise<StatementResult[]> {
  const out: StatementResult[] = []
  for await (const r of s.run(new SourceText(text))) out.push(r)
  return out
}

async function count(s: Session, table: string): Promise<bigint> {
  const [r] = await run(s, `SELECT COUNT(*) AS n, SUM(v) AS s FROM \`${table}\`;`)
  if (r?.kind !== 'ResultSets') throw new Error(JSON.stringify(r))
  return BigInt(r.resultSets[0]!.rows[0]![0] as number | bigint)
}

/** Runs `text` in a child process in a loop and SIGKILLs it `delayMs` after it is ready. */
function runAndKill(text: string, delayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, dataDir, '/Root', text, 'loop'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    p.stdout.on('data', (d: Buffer) => {
      const first = !out.includes('ready')
      out += d.toString()
      if (first && out.includes('ready')) setTimeout(() => p.kill('SIGKILL'), delayMs)
    })
    p.stderr.on('data', (d: Buffer) => (err += d.toString()))
    p.on('error', reject)
    p.on('exit', () => (out.includes('ready') ? resolve(out) : reject(new Error(`child failed: ${err}`))))
  })
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yql-crash-'))
  await withSession(async (s) => {
    const rows = Array.from({ length: ROWS }, (_, i) => `(${i}, ${i % 100}, 'row ${i}'u)`)
    const setup = ['CREATE TABLE t (k Uint64, v Uint64, txt Utf8, PRIMARY KEY (k));']
    for (let i = 0; i < rows.length; i += 1000) setup.push(`UPSERT INTO t (k, v, txt) VALUES ${rows.slice(i, i + 1000).join(', ')};`)
    setup.push("CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true');")
    const res = await run(s, setup.join('\n'))
    expect(res.filter((r) => r.kind === 'Error')).toEqual([])
  })
})

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

async function checkConsistent(s: Session): Promise<void> {
  expect(await count(s, '/Root/t')).toBe(BigInt(ROWS))
  const listing = await s.listBackups('c')
  for (const row of listing.rows) {
    const [name, kind, , , tables, rows] = row
    expect(tables).toBe(1)
    if (kind === 'full') expect(rows, String(name)).toBe(BigInt(ROWS))
    else expect(rows, String(name)).toBe(0n)
  }
  const ops = await reapStale(s.cluster.operations)
  expect(ops.filter((o) => o.status === 'PROGRESS')).toEqual([])
}

/** Operations whose runner was killed mid-way (shown as ERROR once reaped). */
async function killedOperations(s: Session, kind: string): Promise<number> {
  return (await s.cluster.operations.list(kind)).filter((o) => o.status === 'ERROR' && o.issues?.some((i) => / is gone$/.test(i))).length
}

describe('SIGKILL during backup and restore', () => {
  it('leaves no half-made backup and the next BACKUP succeeds', async () => {
    // Keep killing until at least one kill has landed inside a running backup.
    let killed = 0
    for (let i = 0; i < ITERATIONS || (killed === 0 && i < 15); i++) {
      await runAndKill('BACKUP c; BACKUP c INCREMENTAL;', 20 + Math.floor(Math.random() * 400))
      killed = await withSession(async (s) => {
        await checkConsistent(s)
        const [r] = await run(s, 'BACKUP c;')
        expect(r!.kind, JSON.stringify(r)).toBe('Ok')
        return killedOperations(s, 'incbackup')
      })
    }
    expect(killed).toBeGreaterThan(0)
  })

  it('leaves the restored table whole or absent, and the next RESTORE succeeds', async () => {
    await withSession(async (s) => {
      const r = await run(s, 'BACKUP c; DROP TABLE t;')
      expect(r.map((x) => x.kind)).toEqual(['Ok', 'Ok'])
    })
    let killed = 0
    for (let i = 0; i < ITERATIONS || (killed === 0 && i < 15); i++) {
      await runAndKill('RESTORE c; DROP TABLE t;', 10 + Math.floor(Math.random() * 300))
      killed = await withSession(async (s) => {
        const exists = await s.cluster.describePath('/Root/t')
        if (exists) {
          expect(await count(s, '/Root/t')).toBe(BigInt(ROWS))
          await run(s, 'DROP TABLE t;')
        }
        const ops = await reapStale(s.cluster.operations)
        expect(ops.filter((o) => o.status === 'PROGRESS')).toEqual([])
        return killedOperations(s, 'restore')
      })
    }
    expect(killed).toBeGreaterThan(0)
    await withSession(async (s) => {
      const [r] = await run(s, 'RESTORE c;')
      expect(r!.kind, JSON.stringify(r)).toBe('Ok')
      await checkConsistent(s)
    })
  })
})
