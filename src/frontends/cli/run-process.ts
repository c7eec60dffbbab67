// Binds runCli to the real process: its streams, environment, Ctrl-C and exit code.
import { defaultDeps, type CliDeps } from './cli-context.js'
import { runCli } from './program.js'

/** Runs the CLI on process.argv and exits with its code. */
export async function runProcess(deps: CliDeps = defaultDeps): Promise<never> {
  const controller = new AbortController()
  let interrupts = 0
  // The REPL handles Ctrl-C itself (it owns the terminal in raw mode); here a
  // first Ctrl-C cancels the running statement, a second one exits at once.
  process.on('SIGINT', () => {
    if (++interrupts > 1) process.exit(130)
    controller.abort(new Error('interrupted'))
  })
  // Output piped into `head` and closed early: stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      throw e
    })
  const code = await runCli(
    process.argv.slice(2),
    {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      stdinIsTTY: process.stdin.isTTY === true,
      stdoutIsTTY: process.stdout.isTTY === true,
      stderrIsTTY: process.stderr.isTTY === true,
      signal: controller.signal,
    },
    deps,
  )
  process.exitCode = code
  // Let buffered output drain; open handles of a backend must not keep us alive.
  return new Promise<never>(() => process.stdout.write('', () => process.exit(code)))
}
