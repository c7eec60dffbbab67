// SIGKILL trials: each child (op-child.ts) is started ahead of time so its
// module loading overlaps the previous trial's checks; it is told "go" and
// killed after a random delay.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

const CHILD = join(import.meta.dirname, 'op-child.ts')

interface Warm {
  readonly proc: ChildProcess
  readonly ready: Promise<void>
  out: string
}

function warm(steps: string[][]): Warm {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(steps)], { stdio: ['pipe', 'pipe', 'pipe'] })
  const w: Warm = { proc, out: '', ready: undefined as unknown as Promise<void> }
  let err = ''
  proc.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)))
  ;(w as { ready: Promise<void> }).ready = new Promise((res, rej) => {
    proc.stdout!.on('data', (d: Buffer) => {
      w.out += d.toString()
      if (w.out.includes('ready\n')) res()
    })
    proc.once('exit', (code) => rej(new Error(`child exited (${code}) before ready: ${err}`)))
  })
  w.ready.catch(() => undefined)
  return w
}

/** What one killed child had done: rounds completed and failures it printed. */
export interface KillOutcome {
  readonly rounds: number
  readonly failures: string[]
  readonly delayMs: number
}

/**
 * Runs `n` trials: child k gets `steps(k)`, runs them in a loop, and is
 * SIGKILLed after a random delay below `maxDelayMs` (or 1.3x the first
 * round's duration seen so far, when longer); then `check(k, outcome)`.
 */
export async function killTrials(n: number, steps: (k: number) => string[][], maxDelayMs: number, check: (k: number, o: KillOutcome) => Promise<void>): Promise<void> {
  let next: Warm | undefined = warm(steps(0))
  // The kill windowMs adapts to how long a first round really takes here (a loaded
  // machine is slower), so kills land inside the work, not before it starts.
  let windowMs = maxDelayMs
  for (let k = 0; k < n; k++) {
    const w = next!
    await w.ready
    const exited = new Promise<void>((res) => w.proc.once('exit', () => res()))
    w.proc.stdin!.write('go\n')
    // The next child loads its modules while this one works and is checked.
    next = k + 1 < n ? warm(steps(k + 1)) : undefined
    const delayMs = Math.floor(Math.random() * windowMs)
    await new Promise((r) => setTimeout(r, delayMs))
    w.proc.kill('SIGKILL')
    await exited
    const done = [...w.out.matchAll(/^done \d+ (\d+)$/gm)].map((m) => Number(m[1]))
    const rounds = done.length
    if (done.length) windowMs = Math.max(maxDelayMs, Math.min(10_000, Math.round(done[0]! * 1.3)))
    else if (k % 2 === 1) windowMs = Math.min(10_000, Math.round(windowMs * 1.5)) // no round finished yet: some kills must land later
    const failures = w.out.split('\n').filter((l) => l.startsWith('fail '))
    await check(k, { rounds, failures, delayMs })
  }
}
