// A child process for the SIGKILL scenarios: loads the CLI, prints "ready",
// waits for "go" on stdin, then runs its argv lists through runCli over and
// over (`{i}` in an argument becomes the iteration number) until killed.
// Prints "done <i> <ms since go>" after each round and "fail <i> <code>" when a step fails.
import { PassThrough } from 'node:stream'
import { runCli } from '../../../src/frontends/cli/program.js'

const steps = JSON.parse(process.argv[2] ?? '[]') as string[][]
// Load what the commands load lazily, so a kill lands in the work, not in module loading.
await import('../../../src/backends/cluster/open-cluster.js')
await import('../../../src/exec/session.js')
await import('../../../src/transfer/index.js')
await import('../../../src/backends/storage/open-storage.js')
process.stdout.write('ready\n')
await new Promise<void>((res) => process.stdin.once('data', () => res()))
const t0 = performance.now()
const sink = (): PassThrough => new PassThrough().resume()
for (let i = 0; ; i++) {
  for (const argv of steps) {
    const stderr = new PassThrough()
    let err = ''
    stderr.on('data', (d: Buffer) => (err += d.toString()))
    const code = await runCli(
      argv.map((a) => a.replaceAll('{i}', String(i))),
      { stdin: new PassThrough(), stdout: sink(), stderr, env: process.env, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false },
    )
    if (code !== 0) process.stdout.write(`fail ${i} ${code} ${JSON.stringify(err.slice(-300))}\n`)
  }
  process.stdout.write(`done ${i} ${Math.round(performance.now() - t0)}\n`)
}
