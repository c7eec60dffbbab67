import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { check, openDatabase, renderDiagnostic, YqlError } from '../../src/index.js'

const root = resolve(import.meta.dirname, '../..')
const newDir = (): string => join(mkdtempSync(join(tmpdir(), 'yql-lib-')), 'db')

describe('library API', () => {
  it('check() needs no backend and returns positioned diagnostics', () => {
    expect(check('BACKUP nightly;')).toEqual([])
    const ds = check('CREATE BACKUP COLECTION nightly (TABLE t);', 'lint.yql')
    expect(ds.length).toBeGreaterThan(0)
    expect(renderDiagnostic(ds[0]!)).toMatch(/^lint\.yql:1:15: error: /)
  })

  it('run() yields one typed result per statement; query() returns result sets', async () => {
    const db = await openDatabase({ dataDir: newDir() })
    try {
      const kinds: string[] = []
      for await (const r of db.run('CREATE TABLE t (k Uint64 NOT NULL, v Int64, PRIMARY KEY (k)); UPSERT INTO t (k, v) VALUES (18446744073709551615, -9223372036854775808); SELECT * FROM t;'))
        kinds.push(r.kind)
      expect(kinds).toEqual(['Ok', 'Ok', 'ResultSets'])
      const [rs] = await db.query('SELECT k, v FROM t;')
      expect(rs!.rows).toEqual([[18446744073709551615n, -9223372036854775808n]])
      await expect(db.query('SELECT * FROM missing;', { name: 'q.yql' })).rejects.toBeInstanceOf(YqlError)
    } finally {
      await db.close()
    }
  })

  it('two databases in one process do not interfere', async () => {
    const a = await openDatabase({ dataDir: newDir() })
    const b = await openDatabase({ dataDir: newDir(), database: '/other' })
    try {
      await a.query('CREATE TABLE t (k Uint64 NOT NULL, PRIMARY KEY (k)); UPSERT INTO t (k) VALUES (1);')
      await b.query('CREATE TABLE t (k Uint64 NOT NULL, PRIMARY KEY (k)); UPSERT INTO t (k) VALUES (2), (3);')
      // session state is per database: a path prefix in one does not leak into the other
      await a.query("CREATE TABLE sub_t (k Uint64 NOT NULL, PRIMARY KEY (k)); PRAGMA TablePathPrefix = '/local';")
      const [ra] = await a.query('SELECT k FROM t ORDER BY k;')
      const [rb] = await b.query('SELECT k FROM t ORDER BY k;')
      expect(ra!.rows).toEqual([[1n]])
      expect(rb!.rows).toEqual([[2n], [3n]])
      expect(a.cluster.database).toBe('/local')
      expect(b.cluster.database).toBe('/other')
      // backups of one do not appear in the other
      await a.query("CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = 'cluster'); BACKUP c;")
      expect((await a.listBackups('c')).rows).toHaveLength(1)
      await expect(b.listBackups('c')).rejects.toBeInstanceOf(YqlError)
    } finally {
      await a.close()
      await b.close()
    }
  })

  it('an aborted signal stops a run', async () => {
    const db = await openDatabase({ dataDir: newDir() })
    try {
      const controller = new AbortController()
      controller.abort()
      const results = []
      for await (const r of db.run('CREATE TABLE t (k Uint64 NOT NULL, PRIMARY KEY (k));', { signal: controller.signal })) results.push(r)
      expect(results.every((r) => r.kind === 'Error')).toBe(true)
    } finally {
      await db.close()
    }
  })

  it('examples/library-example.ts runs', () => {
    const out = execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'examples/library-example.ts'), newDir()], { encoding: 'utf8' })
    expect(out).toMatch(/^lint\.yql:1:15: error: /)
    expect(out).toContain('account 1: balance 9223372036854775807 (bigint)')
    expect(out).toContain('backups: 1')
  })
})
