// The real executable (bin/yql-backup.js) as a child process: exit codes,
// stdin as a script, and memory that stays flat on a large script.
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { cli } from './support/cli-harness.js'

const root = resolve(import.meta.dirname, '../..')
const bin = join(root, 'bin/yql-backup.js')
const work = mkdtempSync(join(tmpdir(), 'yql-proc-'))
const dataDir = join(work, 'db')

const yb = (args: string[], input?: string) =>
  spawnSync(process.execPath, [bin, '--data-dir', dataDir, ...args], { input: input ?? '', encoding: 'utf8', env: { ...process.env, HOME: work } })

/** Runs the CLI and returns its exit code and peak resident memory (VmHWM, bytes). */
async function peakRss(args: string[]): Promise<{ code: number | null; peak: number }> {
  const child = spawn(process.execPath, [bin, '--data-dir', dataDir, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: work } })
  let peak = 0
  const status = `/proc/${child.pid}/status`
  const timer = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'))
      if (m) peak = Math.max(peak, Number(m[1]) * 1024)
    } catch {
      // the process has just exited
    }
  }, 10)
  const [code] = (await once(child, 'exit')) as [number | null]
  clearInterval(timer)
  return { code, peak }
}

describe('the yql-backup executable', () => {
  it('exits 0 on success, 1 on a failed statement, 2 on a usage error', () => {
    expect(yb(['sql', '-s', 'SELECT 1;']).status).toBe(0)
    const failed = yb(['sql', '-s', 'RESTORE nothing;'])
    expect(failed.status).toBe(1)
    expect(failed.stderr).toMatch(/^<script>:1:\d+: error: /m)
    const usage = yb(['sql', '--no-such-flag'])
    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain("unknown option '--no-such-flag'")
    expect(yb(['--help']).status).toBe(0)
  })

  it('runs stdin as a script when stdin is not a terminal and no command is given', () => {
    const r = yb(['--format', 'json-unicode'], 'SELECT 40 + 2 AS x;\nSELECT "two" AS y;\n')
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('{"x":42}\n{"y":"two"}\n')
  })

  it.skipIf(!existsSync('/proc/self/status'))('runs a large script in bounded memory', async () => {
    const small = join(work, 'small.yql')
    const large = join(work, 'large.yql')
    const comment = `-- ${'x'.repeat(40_000)}\n`
    const w = createWriteStream(large)
    for (let i = 0; i < 800; i++) if (!w.write(`${comment}SELECT ${i};\n`)) await once(w, 'drain')
    w.end()
    await once(w, 'finish')
    createWriteStream(small).end('SELECT 1;\n')
    const base = await peakRss(['sql', '-q', '-f', small])
    const big = await peakRss(['sql', '-q', '-f', large])
    expect(base.code).toBe(0)
    expect(big.code).toBe(0)
    // 32 MB of script (64 MB as JS strings); holding it would grow the peak by at least that
    expect(big.peak - base.peak).toBeLessThan(25 * 1024 * 1024)
  })

  it('operation cancel stops a transfer running in another process, which rolls back', async () => {
    const dir = join(work, 'cancel')
    const run = (...argv: string[]) => cli(['--data-dir', join(dir, 'db'), ...argv])
    const rows = (b: number) => Array.from({ length: 2000 }, (_, i) => `(${b * 2000 + i}, '${'x'.repeat(100)}')`).join(',')
    const fill = Array.from({ length: 20 }, (_, b) => `UPSERT INTO big (k, v) VALUES ${rows(b)};`).join('\n')
    expect((await run('sql', '-q', '-s', `CREATE TABLE big (k Uint64 NOT NULL, v Utf8, PRIMARY KEY (k));\n${fill}`)).code).toBe(0)
    expect((await run('tools', 'dump', '-p', 'big', '-o', join(dir, 'dump'))).code).toBe(0)

    // about 4 MB at 1 MiB/s: several seconds to cancel in
    const child = spawn(process.execPath, [bin, '--data-dir', join(dir, 'db'), 'tools', 'restore', '-p', 'copy', '-i', join(dir, 'dump'), '--bandwidth', '1M'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const exited = once(child, 'exit')
    let id: string | undefined
    while (!id) {
      const ops = JSON.parse((await run('operation', 'list', 'tools-restore', '--format', 'proto-json-base64')).stdout).operations
      id = ops.find((o: { status: string }) => o.status === 'PROGRESS')?.id
      if (!id) await new Promise((r) => setTimeout(r, 100))
    }
    expect((await run('operation', 'cancel', id)).code).toBe(0)
    const [code] = (await exited) as [number]
    expect(code).toBe(1)
    expect(stderr).toContain('error: ')
    const op = JSON.parse((await run('operation', 'get', id, '--format', 'proto-json-base64')).stdout).operations[0]
    expect(op).toMatchObject({ status: 'CANCELLED', ready: true })
    expect((await run('scheme', 'ls')).stdout).toBe('big\n')
  })
})
