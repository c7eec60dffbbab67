// The CLI end to end on the embedded database (in-process runCli, real core).
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, cliWorkspace } from './support/cli-harness.js'

const ws = cliWorkspace('yql-e2e-')
const { file, run } = ws

const SETUP = `CREATE TABLE orders (id Uint64 NOT NULL, note Utf8, amount Decimal(22,9), PRIMARY KEY (id));
UPSERT INTO orders (id, note, amount) VALUES (1, 'a', CAST('1.5' AS Decimal(22,9))), (18446744073709551615, NULL, CAST('-2' AS Decimal(22,9)));
CREATE BACKUP COLLECTION shop (TABLE orders) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true');
`

describe('CLI on the embedded database', () => {
  it('runs a script; json-unicode prints exact 64-bit integers; state persists between runs', async () => {
    const r = await run('sql', '-f', file('setup.yql', SETUP + 'BACKUP shop;\n'))
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('Full backup')
    const q = await run('sql', '--format', 'json-unicode', '-s', 'SELECT id, note, amount FROM orders ORDER BY id;')
    expect(q).toMatchObject({ code: 0, stdout: '{"id":1,"note":"a","amount":"1.5"}\n{"id":18446744073709551615,"note":null,"amount":"-2"}\n' })
    expect((await run('sql', '-q', '-s', 'DROP TABLE orders; RESTORE shop;')).stderr).toBe('')
    expect((await run('sql', '--format', 'csv', '-s', 'SELECT id FROM orders ORDER BY id;')).stdout).toBe('id\n1\n18446744073709551615\n')
  })

  it('stops at the first failing statement with its file position; --keep-going continues', async () => {
    const p = file('bad.yql', SETUP + 'UPSERT INTO orders (id) VALUES (2);\n  RESTORE shop;\nUPSERT INTO orders (id) VALUES (3);\n')
    const r = await run('sql', '-f', p)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5:3: error: `, 'm'))
    expect(r.stderr).toContain('  RESTORE shop;\n  ^')
    expect((await run('sql', '--format', 'csv', '-s', 'SELECT id FROM orders WHERE id = 3;')).stdout).toBe('id\n')

    const k = await run('sql', '--keep-going', '-s', 'RESTORE nothing_here; UPSERT INTO orders (id) VALUES (3);')
    expect(k.code).toBe(1)
    expect((await run('sql', '--format', 'csv', '-s', 'SELECT id FROM orders WHERE id = 3;')).stdout).toBe('id\n3\n')
  })

  it('reports a syntax error with line, column, source line and caret', async () => {
    const p = file('syntax.yql', 'SELECT 1;\n\nCREATE BACKUP COLECTION daily (TABLE orders);\n')
    const r = await run('sql', '-f', p)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/:3:15: error: .*\nCREATE BACKUP COLECTION daily \(TABLE orders\);\n {14}\^/)
  })

  it('--explain prints plans and runs nothing', async () => {
    await run('sql', '-f', file('setup.yql', SETUP))
    const r = await run('sql', '--explain', '-s', 'BACKUP shop; DROP BACKUP COLLECTION shop;')
    expect(r.code).toBe(0)
    expect(r.stdout).not.toBe('')
    const ls = await run('scheme', 'ls', '.backups/collections')
    expect(ls.stdout).toBe('shop\n')
    expect((await run('operation', 'list', 'incbackup', '--format', 'proto-json-base64')).stdout).toBe('{"operations":[]}\n')
  })

  it('check validates files without a database and exits 1 on errors', async () => {
    const good = file('good.yql', 'BACKUP shop;\nRESTORE shop;\n')
    const bad = file('bad.yql', "BACKUP shop;\nCREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = 'cluster', STORAGE = 'cluster');\n")
    expect(await cli(['check', good])).toMatchObject({ code: 0, stderr: '' })
    const r = await cli(['check', good, bad])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:\\d+: error: `))
    expect(readdirSync(ws.dir)).not.toContain('db') // no database was opened
  })

  it('scheme ls / describe and operation list / get / forget / cancel', async () => {
    await run('sql', '-f', file('setup.yql', SETUP + 'BACKUP shop;\n'))
    expect((await run('scheme', 'ls')).stdout).toBe('.backups\norders\n')
    const rl = await run('scheme', 'ls', '-R', '.backups')
    expect(rl.stdout.split('\n')).toContain('collections/shop')
    expect((await run('scheme', 'ls', '-l')).stdout).toMatch(/│ table +│ +│ [0-9T:.Z-]+ │ orders +│/)
    const d = await run('scheme', 'describe', 'orders')
    expect(d.stdout).toContain('<table> orders')
    expect(d.stdout).toContain('id Uint64 NOT NULL (key #1)')
    expect((await run('scheme', 'describe', '.backups/collections/shop')).stdout).toContain('Incremental backup enabled: true')
    expect((await run('scheme', 'ls', 'nope')).code).toBe(1)

    const list = await run('operation', 'list', 'incbackup', '--format', 'proto-json-base64')
    const ops = JSON.parse(list.stdout).operations as { id: string; status: string; ready: boolean }[]
    expect(ops).toHaveLength(1)
    expect(ops[0]).toMatchObject({ status: 'SUCCESS', ready: true })
    const id = ops[0]!.id
    expect((await run('operation', 'get', id)).stdout).toContain('SUCCESS')
    const c = await run('operation', 'cancel', id)
    expect(c.code).toBe(1)
    expect(c.stderr).toContain('Cancellation is not supported for incbackup operations')
    expect((await run('operation', 'forget', id)).code).toBe(0)
    expect((await run('operation', 'get', id)).code).toBe(1)
  })

  it('tools dump, verify, tools restore round trip, recorded as operations', async () => {
    await run('sql', '-f', file('setup.yql', SETUP))
    const out = join(ws.dir, 'dump')
    const d = await run('tools', 'dump', '-p', 'orders', '-o', out)
    expect(d.code).toBe(0)
    expect(readdirSync(out).length).toBeGreaterThan(0)
    expect((await cli(['verify', out])).code).toBe(0)
    const r = await run('tools', 'restore', '-p', 'copy', '-i', out)
    expect(r.code).toBe(0)
    expect((await run('sql', '--format', 'csv', '-s', 'SELECT id, note FROM `copy/orders` ORDER BY id;')).stdout).toBe('id,note\n1,a\n18446744073709551615,\n')
    expect(JSON.parse((await run('operation', 'list', 'dump', '--format', 'proto-json-base64')).stdout).operations[0].status).toBe('SUCCESS')
    expect(JSON.parse((await run('operation', 'list', 'tools-restore', '--format', 'proto-json-base64')).stdout).operations[0].status).toBe('SUCCESS')
    expect((await run('tools', 'restore', '-p', 'x', '-i', out, '--verify-existence')).code).toBe(2)
  })

  it('examples/quickstart.yql runs twice in a row and shows the restored rows', async () => {
    const quickstart = join(import.meta.dirname, '../../examples/quickstart.yql')
    expect((await cli(['check', quickstart])).code).toBe(0)
    for (let i = 0; i < 2; i++) {
      const r = await run('sql', '--format', 'json-unicode', '-f', quickstart)
      expect(r.code).toBe(0)
      expect(r.stdout).toBe(
        '{"id":1,"name":"Ada"}\n{"id":2,"name":"Grace"}\n{"id":3,"name":"Barbara"}\n' +
          '{"id":100,"customer":1,"amount":"24.99","created":"2025-01-01T10:00:00.000000Z"}\n',
      )
    }
  })

  it('import/export misuse is a usage error with YDB words', async () => {
    const i = await run('import', 's3', '--s3-endpoint', 'localhost:1', '--bucket', 'b')
    expect(i.code).toBe(2)
    expect(i.stderr).toContain('No source prefix was provided')
    const e = await run('export', 's3', '--s3-endpoint', 'localhost:1', '--bucket', 'b', '--encryption-algorithm', 'AES-128-GCM')
    expect(e.code).toBe(2)
    expect(e.stderr).toContain('No encryption key provided')
  })
})
