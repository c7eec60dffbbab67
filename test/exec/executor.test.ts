// The executor and session on the embedded database: step bookkeeping,
// operations (records, busy refusal, cancellation, progress), listing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BackupStatement } from '../../src/ast/nodes.js'
import { openEmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { executePlan } from '../../src/exec/executor.js'
import { beginOperation } from '../../src/exec/operations.js'
import { checkSource, Session, type ProgressEvent, type StatementResult } from '../../src/exec/session.js'
import type { Plan } from '../../src/plan/plan.js'
import { SourceText } from '../../src/source/source-text.js'
import { parseScript } from '../../src/syntax/parse.js'

let dataDir: string
let session: Session

async function run(text: string, opts: Parameters<Session['run']>[1] = {}): Promise<StatementResult[]> {
  const out: StatementResult[] = []
  for await (const r of session.run(new SourceText(text, 'test.yql'), opts)) out.push(r)
  return out
}

const C = '/Root/.backups/collections/c'

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yql-exec-'))
  session = new Session({ cluster: await openEmbeddedCluster({ dataDir, database: '/Root' }) })
  const rows = Array.from({ length: 2000 }, (_, i) => `(${i}, ${i})`).join(', ')
  const setup = await run(
    `CREATE TABLE t (k Uint32, v Uint32, PRIMARY KEY (k)); UPSERT INTO t (k, v) VALUES ${rows};
     CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true');`,
  )
  expect(setup.map((r) => r.kind)).toEqual(['Ok', 'Ok', 'Ok'])
})

afterEach(async () => {
  await session.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('executor', () => {
  it('stops at the failing step; later steps are not executed; the error names the step', async () => {
    const source = new SourceText('BACKUP c;')
    const stmt = parseScript(source).script.statements[0]!
    const plan: Plan = {
      statement: stmt.statement as BackupStatement,
      source,
      span: stmt.span,
      message: 'x',
      steps: [
        { kind: 'CheckTablesExist', tables: ['/Root/t'] },
        { kind: 'CheckTablesExist', tables: ['/Root/gone'] },
        { kind: 'FullBackup', collection: C, backup: '20240101000000Z_full', items: [{ src: '/Root/t', dst: `${C}/20240101000000Z_full/t` }], omitIndexes: false },
      ],
    }
    const res = await executePlan(plan, session.cluster)
    expect(res.results.map((r) => r.status)).toEqual(['Success', 'Error', 'NotExecuted'])
    expect(res.failedStep).toBe('2:CheckTablesExist')
    expect(res.diagnostics[0]!.message).toMatch(/path: '\/Root\/gone', error: path hasn't been resolved/)
    expect(res.diagnostics[0]!.source).toBe(source)
    expect(await session.cluster.describePath(`${C}/20240101000000Z_full`)).toBeUndefined()
  })

  it('records every BACKUP and RESTORE as an operation with progress', async () => {
    const events: ProgressEvent[] = []
    const [r] = await run('BACKUP c;', { onProgress: (e) => events.push(e) })
    expect(r!.kind).toBe('Ok')
    const id = r!.kind === 'Ok' ? r!.operationId! : ''
    expect(id).toMatch(/^ydb:\/\/incbackup\/7\?id=\d+&kind=incbackup$/)
    const op = await session.cluster.operations.get(id)
    expect(op).toMatchObject({ kind: 'incbackup', status: 'SUCCESS', ready: true, subject: C })
    expect(events.length).toBeGreaterThan(0)
    expect(events.at(-1)!.progress.rows).toBe(2000)
    await run('DROP TABLE t;')
    const [rr] = await run('RESTORE c;')
    expect(rr!.kind).toBe('Ok')
    expect((await session.cluster.operations.list('restore')).map((o) => o.status)).toEqual(['SUCCESS'])
  })

  it('refuses a second operation on a busy collection, and DROP during a restore', async () => {
    const op = await beginOperation(session.cluster.operations, 'incbackup', C, Date.now())
    const [r] = await run('BACKUP c;')
    expect(r!.kind === 'Error' && r!.diagnostics[0]!.message).toMatch(/^Check failed: path: '\/Root\/.backups\/collections\/c', error: path is under operation/)
    await op.finish('SUCCESS')
    const restore = await beginOperation(session.cluster.operations, 'restore', C, Date.now())
    const [d] = await run('DROP BACKUP COLLECTION c;')
    expect(d!.kind === 'Error' && d!.diagnostics[0]!.message).toBe(
      'Cannot drop backup collection while incremental restore operations are active. Please wait for them to complete.',
    )
    await restore.finish('SUCCESS')
    expect((await run('BACKUP c;'))[0]!.kind).toBe('Ok')
  })

  it('concurrent BACKUPs of one collection: each either runs under a unique, ordered name or is refused as busy', async () => {
    const others = await Promise.all([1, 2, 3].map(async () => new Session({ cluster: session.cluster })))
    const results = await Promise.all(
      [session, ...others, session].map(async (s, i) => {
        const out: StatementResult[] = []
        for await (const r of s.run(new SourceText(i % 2 ? 'BACKUP c;' : 'BACKUP c; BACKUP c INCREMENTAL;'))) out.push(r)
        return out
      }),
    )
    const all = results.flat()
    const oks = all.filter((r) => r.kind === 'Ok')
    const errors = all.filter((r) => r.kind === 'Error')
    for (const e of errors) expect(e.kind === 'Error' && e.diagnostics[0]!.message).toMatch(/path is under operation|Last continuous backup stream/)
    const names = (await session.listBackups('c')).rows.map((r) => String(r[0]))
    expect(names).toHaveLength(oks.length)
    expect(new Set(names).size).toBe(names.length)
    expect(oks.length).toBeGreaterThan(0)
  })

  it('treats a dead runner PROGRESS operation as ERROR and lets the next BACKUP run', async () => {
    await session.cluster.operations.put({ id: 'ydb://incbackup/7?id=1&kind=incbackup', kind: 'incbackup', status: 'PROGRESS', ready: false, createdAt: 1, subject: C, pid: 2 ** 22 + 12345 })
    expect((await run('BACKUP c;'))[0]!.kind).toBe('Ok')
    expect((await session.cluster.operations.get('ydb://incbackup/7?id=1&kind=incbackup'))!.status).toBe('ERROR')
  })

  it('cancels through the AbortSignal: CANCELLED, and no backup left', async () => {
    const ac = new AbortController()
    ac.abort()
    const [r] = await run('BACKUP c;', { signal: ac.signal })
    expect(r!.kind === 'Error' && r!.diagnostics[0]!.code).toBe('exec/cancelled')
    expect((await session.cluster.operations.list('incbackup')).map((o) => o.status)).toEqual(['CANCELLED'])
    expect((await session.listBackups('c')).rows).toEqual([])
  })
})

describe('session', () => {
  it('lists backups with kind, chain, rows and status', async () => {
    await run('BACKUP c; UPSERT INTO t (k, v) VALUES (1, 10), (5000, 1); BACKUP c INCREMENTAL;')
    const rs = await session.listBackups('c')
    expect(rs.columns.map((c) => c.name)).toEqual(['name', 'kind', 'time', 'chain', 'tables', 'rows', 'bytes', 'status'])
    expect(rs.rows.map((r) => [r[1], r[3] === rs.rows[0]![0], r[4], r[5], r[7]])).toEqual([
      ['full', true, 1, 2000n, 'complete'],
      ['incremental', true, 1, 2n, 'complete'],
    ])
    expect(String(rs.rows[1]![0]) > String(rs.rows[0]![0])).toBe(true)
  })

  it('keeps TablePathPrefix across run() calls and resolves relative names with it', async () => {
    await run("PRAGMA TablePathPrefix = '/Root/app'; CREATE TABLE u (k Uint32, PRIMARY KEY (k));")
    const [r] = await run("CREATE BACKUP COLLECTION cu (TABLE u) WITH (STORAGE = 'cluster');")
    expect(r!.kind).toBe('Ok')
    expect((await session.cluster.describeBackupCollection('/Root/.backups/collections/cu'))!.tables).toEqual(['/Root/app/u'])
  })

  it('stops after the first error unless keepGoing; statements before a syntax error run', async () => {
    expect((await run('BACKUP nosuch; BACKUP c;')).map((r) => r.kind)).toEqual(['Error'])
    expect((await run('BACKUP nosuch; BACKUP c;', { keepGoing: true })).map((r) => r.kind)).toEqual(['Error', 'Ok'])
    const res = await run('BACKUP c; BACKUP c INCREMENTL;')
    expect(res.map((r) => r.kind)).toEqual(['Ok', 'Error'])
    expect(res[1]!.kind === 'Error' && res[1]!.diagnostics[0]!.source?.name).toBe('test.yql')
  })

  it('EXPLAIN and opts.explain plan without running', async () => {
    const [p] = await run('BACKUP c;', { explain: true })
    expect(p!.kind).toBe('Plan')
    expect((await session.listBackups('c')).rows).toEqual([])
  })

  it('checkSource reports validation errors without a backend', () => {
    const ds = checkSource(new SourceText("CREATE BACKUP COLLECTION x WITH (A = 'x', A = 'y');", 'x.yql'))
    expect(ds.map((d) => d.message)).toEqual(['A duplicate keys'])
  })
})
