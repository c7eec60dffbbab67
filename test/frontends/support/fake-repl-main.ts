// The CLI bound to the real terminal but to the stand-in core (REPL tests).
import { runCli } from '../../../src/frontends/cli/program.js'
import { fakeDeps } from './fake-core.js'

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stdinIsTTY: process.stdin.isTTY === true,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
}, fakeDeps())
process.exit(code)
