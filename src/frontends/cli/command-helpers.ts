// Small pieces the command files share.
import type { Command } from 'commander'
import type { ClusterBackend } from '../../backends/cluster/cluster-backend.js'
import { YqlError } from '../../diagnostics/diagnostic.js'
import { renderDiagnostics } from '../../diagnostics/render.js'
import { clusterOptions, type GlobalOptions } from './global-options.js'
import { ExitCode, type CliDeps, type CliIO, type CliSession } from './cli-context.js'

/** Prints a thrown error: a YqlError's diagnostics, else the message. Returns exit code 1. */
export function reportError(io: CliIO, e: unknown): number {
  if (e instanceof YqlError) io.stderr.write(renderDiagnostics(e.diagnostics, { color: io.stderrIsTTY }) + '\n')
  else io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`)
  return ExitCode.Failed
}

/** Stops the command with a usage error (exit code 2). */
export function usageError(cmd: Command, message: string): never {
  cmd.error(`error: ${message}`, { exitCode: ExitCode.Usage, code: 'yql-backup.usage' })
}

export const globalsOf = (cmd: Command): GlobalOptions => {
  let root = cmd
  while (root.parent) root = root.parent
  const given = root.getOptionValueSource('database') !== 'default'
  return { ...cmd.optsWithGlobals<GlobalOptions>(), ...(given ? { databaseGiven: true } : {}) }
}

/** Opens the cluster for the duration of `fn`; errors become exit code 1. */
export async function withCluster(cmd: Command, io: CliIO, deps: CliDeps, fn: (c: ClusterBackend) => Promise<number>): Promise<number> {
  let cluster: ClusterBackend
  try {
    cluster = await deps.openCluster(clusterOptions(globalsOf(cmd), io.env))
  } catch (e) {
    return reportError(io, e)
  }
  try {
    return await fn(cluster)
  } catch (e) {
    return reportError(io, e)
  } finally {
    await cluster.close().catch(() => {})
  }
}

/** Opens the cluster and a Session on it for the duration of `fn` (closing the Session closes the cluster). */
export async function withSession(cmd: Command, io: CliIO, deps: CliDeps, fn: (s: CliSession) => Promise<number>): Promise<number> {
  let session: CliSession
  try {
    const cluster = await deps.openCluster(clusterOptions(globalsOf(cmd), io.env))
    session = await deps.createSession(cluster, io.env)
  } catch (e) {
    return reportError(io, e)
  }
  try {
    return await fn(session)
  } catch (e) {
    return reportError(io, e)
  } finally {
    await session.close().catch(() => {})
  }
}

/** An absolute path: as given when it starts with `/`, else below the database root (`.` is the root). */
export function resolvePath(database: string, path: string | undefined): string {
  if (!path || path === '.' || path === './') return database
  if (path.startsWith('/')) return path.replace(/\/+$/, '') || '/'
  return `${database.replace(/\/+$/, '')}/${path.replace(/^\.\//, '').replace(/\/+$/, '')}`
}
