// Disk full: an 8 MiB tmpfs as the dump target and as the data directory.
// Expected: a clear error (no crash), nothing half-written left looking
// complete (a dump without its `incomplete` marker restores exactly, one with
// it is refused), the database reopens at a statement boundary, and a BACKUP
// that cannot finish is not listed. Needs root for `mount -t tmpfs`; skipped
// with the reason otherwise.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { record } from './support/summary.js'
import { cli, digest, makeDb, withCluster, type Digest } from './support/world.js'

const BIN = resolve(import.meta.dirname, '../../bin/yql-backup.js')
const root = mkdtempSync(join(tmpdir(), 'yqlb-fault-disk-'))
const mounts: string[] = []

function mountTmpfs(dir: string, size: string): string | undefined {
  mkdirSync(dir, { recursive: true })
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir])
  if (r.status !== 0) return `mount -t tmpfs failed (${(r.stderr?.toString() || r.error?.message || '').trim() || `exit ${r.status}`}): needs root`
  mounts.push(dir)
  return undefined
}
const skipReason = ((): string | undefined => {
  const probe = join(root, 'probe')
  const why = mountTmpfs(probe, '1m')
  if (!why) {
    spawnSync('umount', [probe])
    mounts.pop()
  }
  return why
})()
if (skipReason) process.stderr.write(`disk-full fault tests skipped: ${skipReason}\n`)

/** The CLI in a child process: a crash (SIGBUS on a full mapped file) must not take the test runner down. */
function cliChild(args: string[]): { code: number | null; signal: string | null; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } })
  return { code: r.status, signal: r.signal, err: (r.stderr ?? '') + (r.stdout ?? '') }
}

const CLEAR = /space|ENOSPC|full|MDB_MAP_FULL|too large/i
let bigDb: string
let want: Digest

beforeAll(async () => {
  if (skipReason) return
  bigDb = join(root, 'big')
  want = await makeDb(bigDb, 150_000) // ~12 MB of CSV: more than the 8 MiB target
})
afterAll(() => {
  for (const m of mounts.reverse()) spawnSync('umount', ['-l', m])
  rmSync(root, { recursive: true, force: true })
})

describe.skipIf(skipReason !== undefined)('disk full', () => {
  it('tools dump onto a full tmpfs: clear error, the output refused or removed', async () => {
    const mnt = join(root, 'dumpfs')
    expect(mountTmpfs(mnt, '8m')).toBeUndefined()
    const out = join(mnt, 'dump')
    const r = cliChild(['--data-dir', bigDb, 'tools', 'dump', '-p', 't', '-o', out])
    const problems: string[] = []
    if (r.code === 0) problems.push('tools dump succeeded on a full disk')
    if (r.signal) problems.push(`tools dump died of ${r.signal}`)
    if (!CLEAR.test(r.err)) problems.push(`unclear error: ${r.err.slice(0, 300)}`)
    let lost = 0
    if (existsSync(out)) {
      const back = await cli(['--data-dir', bigDb, 'tools', 'restore', '-p', 'fromfull', '-i', out])
      if (back.code === 0) {
        const d = await digest(bigDb, 'fromfull/t')
        if (d?.sha !== want.sha) {
          lost++
          problems.push(`the half-written dump restored ${d?.rows} rows without complaint`)
        }
      }
    }
    const src = await digest(bigDb, 't')
    if (src?.sha !== want.sha) lost++
    record({ scenario: 'disk full: tools dump target', trials: 1, survived: problems.length ? 0 : 1, lost, note: r.err.trim().split('\n')[0]?.slice(0, 70) ?? '' })
    expect(problems).toEqual([])
  })

  it('data directory on a full tmpfs: clear error, reopens at a statement boundary, no half backup listed', async () => {
    const mnt = join(root, 'datafs')
    expect(mountTmpfs(mnt, '8m')).toBeUndefined()
    const db = join(mnt, 'db')
    const setup = cliChild(['--data-dir', db, 'sql', '-s', "CREATE TABLE t (id Uint64, v Utf8, PRIMARY KEY (id)); CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = 'cluster');"])
    const problems: string[] = []
    if (setup.code !== 0) problems.push(`setup on tmpfs failed: ${setup.err.slice(0, 300)}`)
    // 500-row statements of ~1 KB rows until the disk is full (at most 40 MB: far beyond 8 MiB).
    const pad = 'x'.repeat(1000)
    const script = join(root, 'fill.yql')
    const stmts: string[] = []
    for (let s = 0; s < 80; s++) stmts.push(`UPSERT INTO t (id, v) VALUES ${Array.from({ length: 500 }, (_, k) => `(${s * 500 + k}, '${pad}'u)`).join(', ')};`)
    writeFileSync(script, stmts.join('\n'))
    const fill = cliChild(['--data-dir', db, 'sql', '-f', script])
    if (fill.code === 0) problems.push('40 MB went into an 8 MiB disk without an error')
    if (fill.signal) problems.push(`the writer died of ${fill.signal}`)
    if (!CLEAR.test(fill.err)) problems.push(`unclear error: ${fill.err.slice(0, 300)}`)
    let rows = -1
    let lost = 0
    try {
      rows = (await digest(db, 't'))?.rows ?? -1
      if (rows % 500 !== 0) problems.push(`reopened with ${rows} rows: not a statement boundary`)
    } catch (e) {
      lost++
      problems.push(`the data directory does not reopen: ${(e as Error).message}`)
    }
    const backup = cliChild(['--data-dir', db, 'sql', '-s', 'BACKUP c;'])
    if (backup.signal) problems.push(`BACKUP died of ${backup.signal}`)
    if (backup.code !== 0 && !CLEAR.test(backup.err)) problems.push(`BACKUP on a full disk: unclear error: ${backup.err.slice(0, 300)}`)
    if (backup.code !== 0) {
      const listed = await withCluster(db, async (_c, s) => (await s.listBackups('c')).rows.length)
      if (listed !== 0) problems.push(`a failed BACKUP is listed (${listed})`)
    }
    record({ scenario: 'disk full: data directory', trials: 1, survived: problems.length ? 0 : 1, lost, note: `${rows} rows kept; BACKUP ${backup.code === 0 ? 'fit' : 'refused'}` })
    expect(problems).toEqual([])
  })
})
