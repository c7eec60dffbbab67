// Parent-side measurement of child processes: wall time, the child's own peak
// RSS (reported by the child through process.resourceUsage().maxRSS, or by
// /usr/bin/time for non-node programs) and the peak of its anonymous memory
// (RssAnon polled from /proc every 20 ms). RssAnon matters because the
// embedded engine maps its data file: file-backed pages count in RSS and grow
// with the table although they are the page cache, not the process's memory.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')
export const WORKER = join(ROOT, 'bench/lib/worker.ts')

/** What a measured child process did. */
export interface ChildMeasure {
  readonly code: number | null
  readonly wallMs: number
  /** Peak resident set of the child in KiB (its own maxRSS, or /usr/bin/time's %M). */
  readonly peakRssKb: number
  /** Peak anonymous resident memory in KiB, polled from /proc (0 when never seen). */
  readonly peakAnonKb: number
  readonly stdout: string
  readonly stderr: string
}

function procKb(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : 0
  } catch {
    return 0
  }
}

/** Sum of a /proc status field over a process and its descendants (the CLI may fork nothing, sqlite3 never). */
function treeKb(pid: number, field: string): number {
  let total = procKb(pid, field)
  try {
    for (const t of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) total += treeKb(Number(t), field)
  } catch {
    // no children file: a finished process
  }
  return total
}

/** Runs a command, polling its memory; `timeRss` wraps it in /usr/bin/time for an exact peak RSS. */
export function runMeasured(cmd: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; stdinFile?: string; timeRss?: boolean } = {}): Promise<ChildMeasure> {
  const useTime = opts.timeRss === true && existsSync('/usr/bin/time')
  const [c, a] = useTime ? ['/usr/bin/time', ['-f', 'BENCH_MAXRSS_KB=%M', cmd, ...args]] : [cmd, [...args]]
  return new Promise((res, rej) => {
    const t0 = performance.now()
    const p = spawn(c, a as string[], { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: [opts.stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'] })
    if (opts.stdinFile) {
      // A file stream, so the parent never holds a large script in memory.
      import('node:fs').then(({ createReadStream }) => createReadStream(opts.stdinFile!).pipe(p.stdin!))
    }
    let out = ''
    let err = ''
    let anon = 0
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    const timer = setInterval(() => {
      if (p.pid) anon = Math.max(anon, treeKb(p.pid, 'RssAnon'))
    }, 20)
    p.on('error', (e) => {
      clearInterval(timer)
      rej(e)
    })
    p.on('close', (code) => {
      clearInterval(timer)
      const wallMs = performance.now() - t0
      let peak = 0
      const m = /BENCH_MAXRSS_KB=(\d+)/.exec(err) ?? /"maxRssKb":(\d+)/.exec(out)
      if (m) peak = Number(m[1])
      res({ code, wallMs, peakRssKb: peak, peakAnonKb: anon, stdout: out, stderr: err.replace(/BENCH_MAXRSS_KB=\d+\n?/, '') })
    })
  })
}

/** The JSON answer of a worker op (see worker.ts), with the parent's measurements. */
export interface WorkerResult extends ChildMeasure {
  readonly ms: number
  readonly rows: number
  readonly bytes: number
  readonly data: Record<string, unknown>
}

/** Runs one worker op in a fresh node process; throws with its stderr when it fails. */
export async function runWorker(op: string, args: Record<string, unknown>, env?: NodeJS.ProcessEnv): Promise<WorkerResult> {
  const m = await runMeasured(process.execPath, ['--import', 'tsx', WORKER, op, JSON.stringify(args)], env ? { env } : {})
  const line = m.stdout.split('\n').reverse().find((l) => l.startsWith('{"worker":'))
  if (m.code !== 0 || !line) throw new Error(`worker ${op} failed (exit ${m.code}):\n${m.stderr.slice(-4000)}\n${m.stdout.slice(-2000)}`)
  const j = JSON.parse(line) as { ms: number; rows?: number; bytes?: number; maxRssKb: number; data?: Record<string, unknown> }
  return { ...m, ms: j.ms, rows: j.rows ?? 0, bytes: j.bytes ?? 0, peakRssKb: j.maxRssKb, data: j.data ?? {} }
}
