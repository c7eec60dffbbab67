// Runs the CLI in-process with captured streams.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { beforeEach } from 'vitest'
import type { CliDeps, CliIO } from '../../../src/frontends/cli/cli-context.js'
import { runCli } from '../../../src/frontends/cli/program.js'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

const sink = (): { stream: PassThrough; text: () => string } => {
  const stream = new PassThrough()
  const chunks: Buffer[] = []
  stream.on('data', (c: Buffer) => chunks.push(c))
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') }
}

export function makeIO(stdin = '', env: Record<string, string | undefined> = {}): { io: CliIO; out: () => string; err: () => string } {
  const out = sink()
  const err = sink()
  const io: CliIO = {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: out.stream,
    stderr: err.stream,
    env: { HOME: '/nonexistent', ...env },
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  }
  return { io, out: out.text, err: err.text }
}

export async function cli(argv: string[], opts: { stdin?: string; env?: Record<string, string | undefined>; deps?: CliDeps } = {}): Promise<CliRun> {
  const { io, out, err } = makeIO(opts.stdin ?? '', opts.env ?? {})
  const code = await runCli(argv, io, opts.deps)
  await new Promise((r) => setImmediate(r))
  return { code, stdout: out(), stderr: err() }
}

/** A fresh directory for every test of the file (made in beforeEach), with the database at `dir`/db. */
export interface CliWorkspace {
  readonly dir: string
  /** Writes `text` to `dir`/`name`; returns its path. */
  file(name: string, text: string): string
  /** The CLI on the workspace's database. */
  run(...argv: string[]): Promise<CliRun>
}

export function cliWorkspace(prefix: string): CliWorkspace {
  let dir = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
  })
  return {
    get dir() {
      return dir
    },
    file(name, text) {
      const p = join(dir, name)
      writeFileSync(p, text)
      return p
    },
    run: (...argv) => cli(['--data-dir', join(dir, 'db'), ...argv]),
  }
}
