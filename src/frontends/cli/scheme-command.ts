// `yql-backup scheme ls|describe`, as the ydb CLI's `scheme` commands.
import { Command } from 'commander'
import type { ClusterBackend, PathEntry, PathType } from '../../backends/cluster/cluster-backend.js'
import { YqlError } from '../../diagnostics/diagnostic.js'
import { typeToString } from '../../types/ydb-type.js'
import { formatTextTable } from '../output/format-result-set.js'
import { ExitCode, type CliDeps, type CliIO } from './cli-context.js'
import { resolvePath, withCluster } from './command-helpers.js'

const TYPE_NAMES: Record<PathType, string> = { directory: 'dir', table: 'table', backupCollection: 'backup-collection' }

/** Entries below `path` (all levels with `recursive`), named relative to `path`. */
export async function listTree(cluster: ClusterBackend, path: string, recursive: boolean): Promise<{ entry: PathEntry; rel: string }[]> {
  const out: { entry: PathEntry; rel: string }[] = []
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = [...(await cluster.listDirectory(dir))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      const rel = prefix + e.name
      out.push({ entry: e, rel })
      if (recursive && e.type === 'directory') await walk(e.path, rel + '/')
    }
  }
  await walk(path, '')
  return out
}

const notFound = (path: string): YqlError => YqlError.of('scheme/path-not-found', `Path not found: ${path}`)

async function ls(cluster: ClusterBackend, path: string, o: { long?: boolean; recursive?: boolean }, io: CliIO): Promise<number> {
  const entry = await cluster.describePath(path)
  if (!entry) throw notFound(path)
  const items = entry.type === 'directory' ? await listTree(cluster, path, o.recursive ?? false) : [{ entry, rel: entry.name }]
  if (!o.long) {
    for (const { rel } of items) io.stdout.write(rel + '\n')
    return ExitCode.Ok
  }
  io.stdout.write(
    formatTextTable(
      ['Type', 'Owner', 'Created', 'Name'],
      items.map(({ entry: e, rel }) => [TYPE_NAMES[e.type], e.owner ?? '', e.createdAt !== undefined ? new Date(e.createdAt).toISOString() : '', rel]),
    ),
  )
  return ExitCode.Ok
}

async function describe(cluster: ClusterBackend, path: string, io: CliIO): Promise<number> {
  const entry = await cluster.describePath(path)
  if (!entry) throw notFound(path)
  const w = (s: string): boolean => io.stdout.write(s + '\n')
  w(`<${TYPE_NAMES[entry.type]}> ${entry.name}`)
  if (entry.type === 'table') {
    const t = await cluster.describeTable(path)
    if (!t) throw notFound(path)
    w('Columns:')
    for (const c of t.columns) {
      const key = t.primaryKey.indexOf(c.name)
      w(`  ${c.name} ${typeToString(c.type)}${c.notNull ? ' NOT NULL' : '?'}${key >= 0 ? ` (key #${key + 1})` : ''}`)
    }
    w(`Primary key: ${t.primaryKey.join(', ')}`)
    if (t.indexes.length) {
      w('Indexes:')
      for (const i of t.indexes) w(`  ${i.name} ${i.unique ? 'UNIQUE ' : ''}GLOBAL ${i.mode} ON (${i.columns.join(', ')})${i.cover.length ? ` COVER (${i.cover.join(', ')})` : ''}`)
    }
    if (t.ttl) w(`TTL: ${t.ttl.column} expire after ${t.ttl.expireAfterSeconds} s${t.ttl.unit ? ` (${t.ttl.unit})` : ''}`)
  } else if (entry.type === 'backupCollection') {
    const c = await cluster.describeBackupCollection(path)
    if (!c) throw notFound(path)
    w(`Storage: ${c.storage}`)
    w(`Incremental backup enabled: ${c.incrementalBackupEnabled}`)
    w(`Omit indexes: ${c.omitIndexes}`)
    w(c.database ? 'Entries: DATABASE' : `Tables:${c.tables.map((t) => `\n  ${t}`).join('')}`)
  } else {
    const children = await cluster.listDirectory(path)
    w(`Children: ${children.length}`)
  }
  return ExitCode.Ok
}

export function schemeCommand(io: CliIO, deps: CliDeps, done: (code: number) => void): Command {
  const scheme = new Command('scheme').description('list and describe scheme objects')
  scheme
    .command('ls')
    .description('list a directory (the database root by default)')
    .argument('[path]', 'path, absolute or relative to the database')
    .option('-l', 'long format: type, owner, creation time, name')
    .option('-R, --recursive', 'list subdirectories too')
    .action(async (path: string | undefined, o: { l?: boolean; recursive?: boolean }, cmd: Command) => {
      done(await withCluster(cmd, io, deps, (c) => ls(c, resolvePath(c.database, path), { long: o.l ?? false, recursive: o.recursive ?? false }, io)))
    })
  scheme
    .command('describe')
    .description('describe a table, directory or backup collection')
    .argument('<path>', 'path, absolute or relative to the database')
    .action(async (path: string, _o: unknown, cmd: Command) => {
      done(await withCluster(cmd, io, deps, (c) => describe(c, resolvePath(c.database, path), io)))
    })
  return scheme
}
