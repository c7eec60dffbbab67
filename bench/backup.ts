// Benchmark of backup collections on the embedded database.
//
//   npx tsx bench/backup.ts [rows=1000000]
//
// 1. Loads N rows, takes a full backup (alone), changes 1% of the rows and
//    takes an incremental: prints both times and their ratio (target ≤ 5%).
// 2. Runs a writer process (single-row UPSERT statements in a loop) alone,
//    then during a second full backup: prints the writer's rate in both
//    phases and the slowdown (target ≤ 2x).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedCluster } from '../src/backends/cluster/embedded/embedded-cluster.js'
import { Session } from '../src/exec/session.js'
import { SourceText } from '../src/source/source-text.js'
import type { Row } from '../src/types/value.js'

const DB = '/local'

async function exec(session: Session, text: string): Promise<void> {
  for await (const r of session.run(new SourceText(text, 'bench.yql')))
    if (r.kind === 'Error') throw new Error(r.diagnostics.map((d) => d.message).join('\n'))
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

/**
 * The writer child: UPSERTs single rows into `w` until killed; every 20 ms prints
 * `<epoch ms> <count> <on-CPU ns> <run-queue ns> <minor faults> <user ticks> <system ticks>`
 * of its main thread (/proc/self/schedstat, /proc/self/task/<tid>/stat): the rest
 * of the wall clock is time blocked, i.e. waiting for LMDB's write lock. The
 * kernel share and the page faults show LMDB's page allocation: while a read
 * snapshot is held, freed pages cannot be reused and each commit extends the file.
 */
async function writer(dataDir: string): Promise<void> {
  const session = new Session({ cluster: await openEmbeddedCluster({ dataDir, database: DB }) })
  let n = 0
  const statPath = `/proc/self/task/${process.pid}/stat`
  setInterval(() => {
    const [onCpu, queued] = readFileSync('/proc/self/schedstat', 'utf8').split(' ')
    // Main thread's minor faults, user and system ticks (fields 10, 14, 15 of stat).
    const st = readFileSync(statPath, 'utf8')
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ')
    process.stdout.write(`${Date.now()} ${n} ${onCpu} ${queued} ${f[7]} ${f[11]} ${f[12]}\n`)
  }, 20)
  for (;;) {
    await exec(session, `UPSERT INTO w (id, v) VALUES (${n % 1000}, ${n});`)
    n++
    // Yield so the interval timer can report.
    if (n % 20 === 0) await new Promise((r) => setImmediate(r))
  }
}

/** Starts the writer; resolves with a reader of its (time, count) samples and a stop function. */
function startWriter(dataDir: string): Promise<{ samples: Sample[]; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--writer', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] })
    const samples: Sample[] = []
    let buf = ''
    let started = false
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      const lines = buf.split('\n')
      buf = lines.pop()!
      for (const l of lines) {
        const [t, n, c, q, mf, ut, stt] = l.split(' ').map(Number)
        samples.push([t!, n!, c!, q!, mf!, ut!, stt!])
      }
      if (!started && samples.length > 5 && samples.at(-1)![1] > 0) {
        started = true
        resolve({ samples, stop: () => p.kill('SIGKILL') })
      }
    })
    p.on('error', reject)
  })
}

/** A writer sample: epoch ms, upserts done, main thread's on-CPU ns, run-queue ns, minor faults, user and system clock ticks. */
type Sample = [number, number, number, number, number, number, number]

/** Writes per second between two instants, from the samples. */
function rate(samples: readonly Sample[], from: number, to: number): number {
  const inside = samples.filter(([t]) => t >= from && t <= to)
  if (inside.length < 2) return NaN
  const [t0, n0] = inside[0]!
  const [t1, n1] = inside.at(-1)!
  return ((n1 - n0) * 1000) / (t1 - t0)
}

/** Where the writer's time went between two instants, per upsert (µs): on a CPU, waiting for one (machine load), blocked (the write lock). */
function timeUse(samples: readonly Sample[], from: number, to: number): Use {
  const inside = samples.filter(([t]) => t >= from && t <= to)
  if (inside.length < 2) return { cpu: NaN, queued: NaN, blocked: NaN, sys: NaN, faults: NaN }
  const [t0, n0, c0, q0, m0, , s0] = inside[0]!
  const [t1, n1, c1, q1, m1, , s1] = inside.at(-1)!
  const n = n1 - n0
  const cpu = (c1 - c0) / 1000 / n
  const queued = (q1 - q0) / 1000 / n
  // Clock ticks are 10 ms (USER_HZ 100).
  return { cpu, queued, blocked: Math.max(0, ((t1 - t0) * 1000) / n - cpu - queued), sys: ((s1 - s0) * 10_000) / n, faults: (m1 - m0) / n }
}
/** Where a writer's time went, per upsert (µs; faults: minor page faults per upsert). */
interface Use {
  cpu: number
  queued: number
  blocked: number
  sys: number
  faults: number
}
const showUse = (u: Use): string =>
  `per upsert ${u.cpu.toFixed(0)} µs on CPU (${u.sys.toFixed(0)} in the kernel, ${u.faults.toFixed(2)} page faults), ${u.queued.toFixed(0)} µs waiting for a CPU, ${u.blocked.toFixed(0)} µs blocked`

/** CPU time of this process (ms) while `fn` runs. */
async function cpuTimed(fn: () => Promise<void>): Promise<[number, number]> {
  const c0 = process.cpuUsage()
  const ms = await timed(fn)
  const c = process.cpuUsage(c0)
  return [ms, (c.user + c.system) / 1000]
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1_000_000)
  const dataDir = mkdtempSync(join(tmpdir(), 'yql-bench-backup-'))
  const cluster = await openEmbeddedCluster({ dataDir, database: DB })
  const session = new Session({ cluster })
  try {
    await exec(session, 'CREATE TABLE t (id Uint64, a Uint64, b Utf8, c Double, PRIMARY KEY (id)); CREATE TABLE w (id Uint64, v Uint64, PRIMARY KEY (id));')
    const tLoad = await timed(async () => {
      for (let i = 0; i < n; i += 10_000) {
        const rows: Row[] = []
        for (let k = i; k < Math.min(n, i + 10_000); k++) rows.push([BigInt(k), BigInt(k * 7), `row number ${k}`, k / 3])
        await cluster.bulkUpsert(`${DB}/t`, rows)
      }
    })
    await exec(session, "CREATE BACKUP COLLECTION c (TABLE t) WITH (STORAGE = 'cluster', INCREMENTAL_BACKUP_ENABLED = 'true');")
    const [tFull, cpuFull] = await cpuTimed(() => exec(session, 'BACKUP c;'))
    const changes = Math.max(1, Math.floor(n / 100))
    const tChange = await timed(async () => {
      const step = Math.floor(n / changes)
      for (let i = 0; i < changes; i += 1000) {
        const vals: string[] = []
        for (let k = i; k < Math.min(changes, i + 1000); k++) vals.push(`(${k * step}, ${k})`)
        await exec(session, `UPSERT INTO t (id, a) VALUES ${vals.join(', ')};`)
      }
    })
    const [tInc, cpuInc] = await cpuTimed(() => exec(session, 'BACKUP c INCREMENTAL;'))

    // The writer's rate alone is measured after a warm-up, before and after the
    // backup (the better of the two), so JIT warm-up does not flatter the ratio.
    const w = await startWriter(dataDir)
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
    await sleep(4000)
    const aloneTo = Date.now()
    const aloneBefore = rate(w.samples, aloneTo - 3000, aloneTo)
    const b0 = Date.now()
    const [tFullBusy, cpuFullBusy] = await cpuTimed(() => exec(session, 'BACKUP c;'))
    const b1 = Date.now()
    await sleep(3000)
    w.stop()
    const a1 = Date.now()
    const aloneAfter = rate(w.samples, b1 + 200, a1)
    const alone = Math.max(aloneBefore, aloneAfter)
    const during = rate(w.samples, b0, b1)
    const useBefore = timeUse(w.samples, aloneTo - 3000, aloneTo)
    const useAfter = timeUse(w.samples, b1 + 200, a1)
    const useDuring = timeUse(w.samples, b0, b1)

    const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`
    const out = [
      `rows: ${n}`,
      `load (bulk upsert): ${fmt(tLoad)}`,
      `full backup: ${fmt(tFull)} (${Math.round(n / (tFull / 1000))} rows/s), CPU ${fmt(cpuFull)}`,
      `1% changes (${changes} rows via UPSERT): ${fmt(tChange)}`,
      `incremental backup: ${fmt(tInc)}, CPU ${fmt(cpuInc)}`,
      `incremental / full: ${((tInc / tFull) * 100).toFixed(2)}% (target <= 5%)`,
      `writer alone: ${alone.toFixed(0)} upserts/s (before ${aloneBefore.toFixed(0)}, after ${aloneAfter.toFixed(0)})`,
      `  before: ${showUse(useBefore)}`,
      `  after:  ${showUse(useAfter)}`,
      `writer during full backup (${fmt(tFullBusy)}, backup CPU ${fmt(cpuFullBusy)}): ${during.toFixed(0)} upserts/s`,
      `  during: ${showUse(useDuring)}`,
      `writer slowdown, wall clock: ${(alone / during).toFixed(2)}x (target <= 2x)`,
      // Without the machine's other load (run-queue time removed): CPU + blocked time per upsert, during vs alone.
      `writer slowdown, load removed: ${((useDuring.cpu + useDuring.blocked) / Math.min(useBefore.cpu + useBefore.blocked, useAfter.cpu + useAfter.blocked)).toFixed(2)}x`,
    ]
    process.stdout.write(out.join('\n') + '\n')
  } finally {
    await session.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--writer') await writer(process.argv[3]!)
else await main()
