// What every CLI command gets: the process's streams (or a test's), and the
// factories of the core it drives. Nothing here is process-global.
import type { Readable, Writable } from 'node:stream'
import type { ClusterBackend, ResultSet } from '../../backends/cluster/cluster-backend.js'
import type { OpenClusterOptions } from '../../backends/cluster/open-cluster.js'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import type { SourceText } from '../../source/source-text.js'
import type { StatementRunner } from '../runner.js'

type Env = Readonly<Record<string, string | undefined>>

/** The process's (or a test's) streams and environment. */
export interface CliIO {
  readonly stdin: Readable
  readonly stdout: Writable
  readonly stderr: Writable
  readonly env: Env
  readonly stdinIsTTY: boolean
  readonly stdoutIsTTY: boolean
  readonly stderrIsTTY: boolean
  /** Fires on Ctrl-C outside the REPL (main.ts wires SIGINT to it). */
  readonly signal?: AbortSignal
}

/** A Session as the CLI uses it (src/exec/session.ts). */
export interface CliSession extends StatementRunner {
  readonly cluster: ClusterBackend
  listBackups(collection: string): Promise<ResultSet>
  close(): Promise<void>
}

/** The core the CLI drives; tests of the plumbing may pass their own. */
export interface CliDeps {
  openCluster(opts: OpenClusterOptions): Promise<ClusterBackend>
  createSession(cluster: ClusterBackend, env: Env): Promise<CliSession>
  checkSource(source: SourceText): Promise<readonly Diagnostic[]>
}

/** The real core, loaded on first use so `--help` and `check` start fast. */
export const defaultDeps: CliDeps = {
  async openCluster(opts) {
    const { openCluster } = await import('../../backends/cluster/open-cluster.js')
    return openCluster(opts)
  },
  async createSession(cluster, env) {
    const { Session } = await import('../../exec/session.js')
    return new Session({ cluster, env })
  },
  async checkSource(source) {
    const { checkSource } = await import('../../exec/session.js')
    return checkSource(source)
  },
}

/** Exit codes: 0 success, 1 a statement or operation failed, 2 usage error. */
export const ExitCode = { Ok: 0, Failed: 1, Usage: 2 } as const
