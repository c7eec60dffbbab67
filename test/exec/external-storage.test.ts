// Extension: STORAGE = 'file:///…' (or 's3://…'): every backup is kept in the
// cluster and also exported to the storage (dump format, one folder per
// backup). A collection of the same name in another cluster, pointed at the
// same storage, restores the chain from there.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { openEmbeddedCluster } from '../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session, type StatementResult } from '../../src/exec/session.js'
import { SourceText } from '../../src/source/source-text.js'

const root = mkdtempSync(join(tmpdir(), 'yql-ext-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

async function run(s: Session, text: string): Promise<StatementResult[]> {
  const out: StatementResult[] = []
  for await (const r of s.run(new SourceText(text, 'ext.yql'))) out.push(r)
  return out
}

async function rows(s: Session, table: string): Promise<unknown[][]> {
  const [r] = await run(s, `SELECT k, v FROM \`${table}\` ORDER BY k;`)
  if (r?.kind !== 'ResultSets') throw new Error(JSON.stringify(r))
  return r.resultSets[0]!.rows.map((x) => [...x])
}

it('exports every backup; another cluster restores a full backup from the storage', async () => {
  const store = join(root, 'store')
  const url = `file://${store}`
  const create = `CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = '${url}', INCREMENTAL_BACKUP_ENABLED = 'true');`
  const a = new Session({ cluster: await openEmbeddedCluster({ dataDir: join(root, 'a'), database: '/Root' }) })
  let expected: unknown[][]
  try {
    const res = await run(
      a,
      `CREATE TABLE t (k Uint32, v Utf8, PRIMARY KEY (k)); UPSERT INTO t (k, v) VALUES (1, 'one'u), (2, 'two'u), (3, 'three'u);
       ${create} BACKUP c; UPSERT INTO t (k, v) VALUES (2, 'TWO'u), (4, 'four'u); DELETE FROM t WHERE k = 1; BACKUP c INCREMENTAL;`,
    )
    expect(res.filter((r) => r.kind === 'Error')).toEqual([])
    const names = readdirSync(join(store, 'c')).sort()
    expect(names).toHaveLength(2)
    expect(names[0]).toMatch(/^\d{14}Z_full$/)
    expect(names[1]).toMatch(/^\d{14}Z_incremental$/)
    expect(readdirSync(join(store, 'c', names[0]!, 't'))).toContain('scheme.pb')
    expected = await rows(a, '/Root/t')
    expect(expected).toEqual([
      [2, 'TWO'],
      [3, 'three'],
      [4, 'four'],
    ])
    const listing = await a.listBackups('c')
    expect(listing.rows.map((r) => r[7])).toEqual(['complete (also in external storage)', 'complete (also in external storage)'])
    // In the same cluster RESTORE uses the in-cluster copies.
    expect((await run(a, 'DROP TABLE t; RESTORE c;')).map((r) => r.kind)).toEqual(['Ok', 'Ok'])
    expect(await rows(a, '/Root/t')).toEqual(expected)
  } finally {
    await a.close()
  }

  // Another cluster, same collection name and storage: the full backup comes back from there.
  const b = new Session({ cluster: await openEmbeddedCluster({ dataDir: join(root, 'b'), database: '/Root' }) })
  try {
    expect((await run(b, create))[0]!.kind).toBe('Ok')
    const listing = await b.listBackups('c')
    expect(listing.rows.map((r) => r[7])).toEqual(['complete (external storage only)', 'complete (external storage only)'])
    const full = String(listing.rows[0]![0])
    const [p] = await run(b, `EXPLAIN RESTORE c AT '${full}';`)
    expect(p!.kind === 'Plan' && p!.text).toMatch(/ImportBackup \d{14}Z_full <- file:/)
    const [r] = await run(b, `RESTORE c AT '${full}';`)
    expect(r!.kind, JSON.stringify(r)).toBe('Ok')
    expect(await rows(b, '/Root/t')).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ])
  } finally {
    await b.close()
  }
})

// Importing an incremental creates its `__ydb_incrBackupImpl_changeMetadata` column under
// .backups (YDB's `import s3` into a collection does): the engine accepts the reserved prefix
// for tables created there by the restore/import path (never for CREATE TABLE statements).
it('restores a chain with incrementals from external storage in another cluster', async () => {
  const store = join(root, 'store2')
  const url = `file://${store}`
  const create = `CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = '${url}', INCREMENTAL_BACKUP_ENABLED = 'true');`
  const a = new Session({ cluster: await openEmbeddedCluster({ dataDir: join(root, 'a2'), database: '/Root' }) })
  try {
    await run(a, `CREATE TABLE t (k Uint32, v Utf8, PRIMARY KEY (k)); UPSERT INTO t (k, v) VALUES (1, 'one'u); ${create} BACKUP c; DELETE FROM t WHERE k = 1; UPSERT INTO t (k, v) VALUES (2, 'two'u); BACKUP c INCREMENTAL;`)
  } finally {
    await a.close()
  }
  const b = new Session({ cluster: await openEmbeddedCluster({ dataDir: join(root, 'b2'), database: '/Root' }) })
  try {
    await run(b, create)
    const [r] = await run(b, 'RESTORE c;')
    expect(r!.kind, JSON.stringify(r)).toBe('Ok')
    expect(await rows(b, '/Root/t')).toEqual([[2, 'two']])
  } finally {
    await b.close()
  }
})

it('refuses other storage values with YDB words', async () => {
  const s = new Session({ cluster: await openEmbeddedCluster({ dataDir: join(root, 'c'), database: '/Root' }) })
  try {
    const [r] = await run(s, "CREATE BACKUP COLLECTION x (TABLE t) WITH (STORAGE = 'ftp://host/dir');")
    expect(r!.kind === 'Error' && r!.diagnostics[0]!.message).toBe('Only cluster STORAGE are currently supported')
  } finally {
    await s.close()
  }
})
