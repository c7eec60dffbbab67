// Backup statements through a Session on the YDB backend: planned here (same
// diagnostics and --explain as on the embedded database), then run by the
// server. The test server's SchemeShard stand-in is a Session on its backing
// embedded cluster, so the backups it takes are real and RESTORE brings rows back.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedCluster, type EmbeddedCluster } from '../../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session, type StatementResult } from '../../../src/exec/session.js'
import { EMBEDDED_ONLY } from '../../../src/exec/server-side.js'
import { SourceText } from '../../../src/source/source-text.js'
import { startHarness, type Harness } from './harness.js'

let h: Harness
let viaYdb: Session
let direct: EmbeddedCluster
let directSession: Session
let dir: string
let clock = Date.parse('2026-01-02T03:04:05Z')
const now = () => new Date(clock)

const run = async (s: Session, sql: string, explain = false): Promise<StatementResult[]> => {
  const out: StatementResult[] = []
  for await (const r of s.run(new SourceText(sql, 'test.yql'), { explain, keepGoing: true })) out.push(r)
  return out
}
const one = async (s: Session, sql: string, explain = false) => (await run(s, sql, explain))[0]!
const codes = (r: StatementResult) => (r.kind === 'Error' ? r.diagnostics.map((d) => `${d.code}: ${d.message}`) : [r.kind])

beforeAll(async () => {
  h = await startHarness({}, {}, now)
  viaYdb = new Session({ cluster: h.cluster, now })
  dir = mkdtempSync(join(tmpdir(), 'ydb-session-direct-'))
  direct = await openEmbeddedCluster({ dataDir: dir, database: '/local' })
  directSession = new Session({ cluster: direct, now })
})

afterAll(async () => {
  await h?.close()
  await direct?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('backup statements on a YDB cluster run server-side', () => {
  it('CREATE, BACKUP, BACKUP INCREMENTAL, RESTORE, DROP: operation ids from the Operation service', async () => {
    const setup = await run(viaYdb, `
      CREATE TABLE orders (id Uint64, note Utf8, PRIMARY KEY (id));
      UPSERT INTO orders (id, note) VALUES (1, 'a'), (2, 'b');
      CREATE BACKUP COLLECTION shop (TABLE orders) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true');
    `)
    expect(setup.map((r) => r.kind)).toEqual(['Ok', 'Ok', 'Ok'])
    expect((await h.backing.describePath('/local/.backups/collections/shop'))?.type).toBe('backupCollection')

    // The first BACKUP: the client cannot know the member tables yet (no backup to infer them from).
    const full = await one(viaYdb, 'BACKUP shop;')
    expect(full.kind).toBe('Ok')
    const incOps = (await h.backing.operations.list('incbackup')).map((o) => o.id)
    expect(incOps).toHaveLength(1)
    expect(full.kind === 'Ok' && full.operationId).toBe(incOps[0])
    expect(full.kind === 'Ok' && full.message).toBe(`BACKUP of shop run by YDB: operation ${incOps[0]}`)

    clock += 60_000
    await run(viaYdb, "UPSERT INTO orders (id, note) VALUES (3, 'c'); DELETE FROM orders WHERE id = 1;")
    const inc = await one(viaYdb, 'BACKUP shop INCREMENTAL;')
    expect(inc.kind === 'Ok' && inc.message).toMatch(/^BACKUP INCREMENTAL of shop run by YDB: operation /)
    const backups = (await h.backing.listDirectory('/local/.backups/collections/shop')).map((e) => e.name)
    expect(backups).toEqual(['20260102030405Z_full', '20260102030505Z_incremental'])

    expect((await one(viaYdb, 'DROP TABLE orders;')).kind).toBe('Ok')
    const restored = await one(viaYdb, 'RESTORE shop;')
    expect(restored.kind).toBe('Ok')
    expect(restored.kind === 'Ok' && restored.operationId).toBe((await h.backing.operations.list('restore'))[0]!.id)
    const rows = await one(viaYdb, 'SELECT id, note FROM orders ORDER BY id;')
    expect(rows.kind === 'ResultSets' && rows.resultSets[0]!.rows).toEqual([[2n, 'b'], [3n, 'c']])
  })

  it('--explain plans locally, from what the client sees, as on the embedded database', async () => {
    clock += 60_000
    const ydb = await one(viaYdb, 'BACKUP shop INCREMENTAL;', true)
    // The same statement planned directly on the server's own database.
    const embedded = await one(new Session({ cluster: h.backing, now }), 'BACKUP shop INCREMENTAL;', true)
    expect(ydb.kind).toBe('Plan')
    expect(ydb.kind === 'Plan' && ydb.text).toBe(embedded.kind === 'Plan' && embedded.text)
    expect((await h.backing.operations.list('incbackup')).filter((o) => o.status === 'PROGRESS')).toEqual([])
  })

  it('the same diagnostics as on the embedded database, before anything is sent', async () => {
    // Both databases with the same paths: a table orders and a collections directory.
    await run(directSession, "CREATE TABLE orders (id Uint64, note Utf8, PRIMARY KEY (id)); CREATE BACKUP COLLECTION seed (TABLE orders) WITH (STORAGE = 'cluster');")
    const cases = [
      "CREATE BACKUP COLLECTION c1 (TABLE orders) WITH (STORAGE = 'cluster', TAG = 'x');",
      "CREATE BACKUP COLLECTION c2 (TABLE orders) WITH (STORAGE = 'local');",
      "CREATE BACKUP COLLECTION c3 DATABASE WITH (STORAGE = 'cluster');",
      'BACKUP missing_collection;',
      'RESTORE missing_collection;',
      'DROP BACKUP COLLECTION missing_collection;',
      "CREATE BACKUP COLLECTION `/local/elsewhere/c4` (TABLE orders) WITH (STORAGE = 'cluster');",
    ]
    const sent = h.server.calls.filter((c) => c === 'Table/ExecuteSchemeQuery').length
    for (const sql of cases) {
      const a = await one(viaYdb, sql)
      const b = await one(directSession, sql)
      expect(a.kind, sql).toBe('Error')
      expect(codes(a), sql).toEqual(codes(b))
    }
    expect(h.server.calls.filter((c) => c === 'Table/ExecuteSchemeQuery').length).toBe(sent)
  })

  it("the server's refusal comes back with YDB's words", async () => {
    await run(viaYdb, "CREATE BACKUP COLLECTION plain (TABLE orders) WITH (STORAGE = 'cluster');")
    await run(viaYdb, 'BACKUP plain;')
    const r = await one(viaYdb, 'BACKUP plain INCREMENTAL;')
    expect(r.kind).toBe('Error')
    expect(r.kind === 'Error' && r.diagnostics[0]!.message).toMatch(/[Ii]ncremental backup/)
  })

  it('extensions YDB has no equivalent for are refused as embedded-only', async () => {
    expect((await one(viaYdb, 'DROP TABLE orders;')).kind).toBe('Ok')
    const alter = await one(viaYdb, "ALTER BACKUP COLLECTION shop SET (INCREMENTAL_BACKUP_ENABLED = 'false');")
    const at = await one(viaYdb, "RESTORE shop AT '20260102030405Z_full';")
    const ext = await one(viaYdb, `CREATE BACKUP COLLECTION outside (TABLE orders) WITH (STORAGE = 'file://${dir}/ext');`)
    for (const r of [alter, at, ext]) {
      expect(r.kind).toBe('Error')
      expect(r.kind === 'Error' && r.diagnostics[0]!.code).toBe(EMBEDDED_ONLY)
      expect(r.kind === 'Error' && r.diagnostics[0]!.message).toMatch(/embedded database only for now/)
    }
    expect(alter.kind === 'Error' && alter.diagnostics[0]!.message).toMatch(/^ALTER BACKUP COLLECTION is a yql-backup extension/)
    expect(await h.backing.describePath('/local/.backups/collections/outside')).toBeUndefined()
  })

  it('DROP BACKUP COLLECTION is sent to the server', async () => {
    expect((await one(viaYdb, 'DROP BACKUP COLLECTION plain;')).kind).toBe('Ok')
    expect(await h.backing.describePath('/local/.backups/collections/plain')).toBeUndefined()
  })
})
