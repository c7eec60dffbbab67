// The CLI end to end against the YDB-protocol test server: the real
// executable (bin/yql-backup.js) as a child process with `-e grpc://127.0.0.1:PORT`,
// the server in this process (backed by an embedded database, backup
// statements by its SchemeShard stand-in).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from './harness.js'

const bin = join(dirname(fileURLToPath(import.meta.url)), '../../../bin/yql-backup.js')
let h: Harness
let work: string

/** Runs the CLI without blocking this process's event loop (the server lives here). */
function cli(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('YDB_') && k !== 'YQL_BACKUP_DATA_DIR')) as Record<string, string>
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...base, HOME: work, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ydb-cli-'))
  h = await startHarness({ auth: { tokens: ['secret-token'] } }, { token: 'secret-token' })
  writeFileSync(join(work, 'token'), 'secret-token\n')
})

afterAll(async () => {
  await h?.close()
  rmSync(work, { recursive: true, force: true })
})

const global = () => ['-e', h.server.endpoint, '-d', '/local', '--token-file', join(work, 'token')]

describe('yql-backup -e grpc://127.0.0.1:PORT', () => {
  it('runs table statements on the server through ydb-sdk', async () => {
    const r = await cli([...global(), 'sql', '--format', 'csv', '-s',
      "CREATE TABLE people (id Uint64, name Utf8, PRIMARY KEY (id)); UPSERT INTO people (id, name) VALUES (2, 'Bo'), (1, 'Al'); SELECT id, name FROM people ORDER BY id;"])
    expect(r.stderr).toBe('Table created\nRows written\n')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('id,name\n1,Al\n2,Bo\n')
    // The rows are in the server's database, not in a local one.
    expect(await h.backing.describeTable('/local/people')).toMatchObject({ primaryKey: ['id'] })
    expect(h.server.calls).toContain('Table/ExecuteDataQuery')
  })

  it('sends DECLAREd parameters with their declared types (-p), so a Timestamp is not an Int64', async () => {
    const r = await cli([...global(), 'sql', '--format', 'csv', '-p', '$at="2024-01-02T03:04:05Z"', '-p', '$id=7', '-s',
      'CREATE TABLE stamps (id Uint64, at Timestamp, PRIMARY KEY (id)); DECLARE $id AS Uint64; DECLARE $at AS Timestamp; UPSERT INTO stamps (id, at) VALUES ($id, $at); SELECT id, at FROM stamps;'])
    expect(r.stderr).toContain('Rows written')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('id,at\n7,2024-01-02T03:04:05.000000Z\n')
  })

  it('runs backup statements server-side and prints the operation id', async () => {
    const r = await cli([...global(), 'sql', '-s',
      "CREATE BACKUP COLLECTION people_backups (TABLE people) WITH (STORAGE = 'cluster'); BACKUP people_backups;"])
    expect(r.code).toBe(0)
    const op = (await h.backing.operations.list('incbackup'))[0]!
    expect(r.stderr).toContain('Backup collection /local/.backups/collections/people_backups created\n')
    expect(r.stderr).toContain(`BACKUP of people_backups run by YDB: operation ${op.id}`)
    expect((await h.backing.listDirectory('/local/.backups/collections/people_backups')).map((e) => e.name)).toEqual([expect.stringMatching(/^\d{14}Z_full$/)])
  })

  it('refuses an embedded-only extension with a clear message and exit code 1', async () => {
    const r = await cli([...global(), 'sql', '-s', "ALTER BACKUP COLLECTION people_backups SET (INCREMENTAL_BACKUP_ENABLED = 'true');"])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('ALTER BACKUP COLLECTION is a yql-backup extension carried out on the embedded database only for now')
  })

  it('scheme ls through the endpoint', async () => {
    const r = await cli([...global(), 'scheme', 'ls'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('people')
  })

  it('takes YDB_DATABASE and YDB_ACCESS_TOKEN_CREDENTIALS from the environment when no option names them', async () => {
    const ok = await cli(['-e', h.server.endpoint, 'sql', '--format', 'csv', '-s', 'SELECT COUNT(*) AS n FROM people;'], {
      YDB_DATABASE: '/local',
      YDB_ACCESS_TOKEN_CREDENTIALS: 'secret-token',
    })
    expect(ok.stdout).toBe('n\n2\n')
    // An explicit -d wins over YDB_DATABASE.
    const wrong = await cli(['-e', h.server.endpoint, '-d', '/local', 'sql', '-s', 'SELECT 1;'], { YDB_DATABASE: '/elsewhere', YDB_ACCESS_TOKEN_CREDENTIALS: 'secret-token' })
    expect(wrong.code).toBe(0)
    const other = await cli(['-e', h.server.endpoint, 'sql', '-s', 'SELECT 1;'], { YDB_DATABASE: '/elsewhere', YDB_ACCESS_TOKEN_CREDENTIALS: 'secret-token' })
    expect(other.code).toBe(1)
    expect(other.stderr).toMatch(/\/elsewhere/)
  })

  it('fails with the server refusal on a bad token', async () => {
    writeFileSync(join(work, 'bad'), 'wrong\n')
    const r = await cli(['-e', h.server.endpoint, '-d', '/local', '--token-file', join(work, 'bad'), 'sql', '-s', 'SELECT 1;'])
    expect(r.code).toBe(1)
    expect(r.stderr).not.toBe('')
  })
})
