// `tools dump|restore`, `export s3`, `import s3` (options as the ydb CLI's,
// spec §3.5) and `verify`, over src/transfer/. Each transfer is recorded as an
// operation (`operation list dump|tools-restore|export/s3|import/s3`).
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Command, Option } from 'commander'
import type { ClusterBackend, OperationRecord, Progress } from '../../backends/cluster/cluster-backend.js'
import { openStorage } from '../../backends/storage/open-storage.js'
import type { StorageBackend } from '../../backends/storage/storage-backend.js'
import { YqlError } from '../../diagnostics/diagnostic.js'
import { RunningOperation } from '../../exec/operations.js'
import { dumpToStorage, restoreFromStorage, scanDump, startDumpWorkers, verifyStorage } from '../../transfer/index.js'
import { formatTextTable } from '../output/format-result-set.js'
import { createProgressReporter } from '../output/progress.js'
import { ExitCode, type CliDeps, type CliIO } from './cli-context.js'
import { reportError, resolvePath, usageError, withCluster } from './command-helpers.js'
import { printOperations } from './operation-command.js'
import {
  defaultDumpDir, parseCompression, parseExcludes, parseFlag01, parseItem, parsePositiveInt, parseSize,
  readEncryptionKey, s3Credentials, s3Url, TransferUsageError, type S3Options, type TransferItem,
} from './transfer-options.js'

type Done = (code: number) => void
const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v]

let opSeq = 0
/** Runs `fn` as an operation of `kind` in the cluster's store, with progress on a terminal. */
async function asOperation<T>(
  cluster: ClusterBackend,
  io: CliIO,
  kind: string,
  idPrefix: string,
  subject: string,
  fn: (progress: (p: Progress) => void) => Promise<T>,
): Promise<{ result: T; record: OperationRecord }> {
  const now = Date.now()
  opSeq = (opSeq + 1) % 1000
  const id = `ydb://${idPrefix}?id=${BigInt(now) * 1_000_000n + BigInt(process.pid % 1000) * 1000n + BigInt(opSeq)}&kind=${kind.split('/').at(-1)}`
  let record: OperationRecord = { id, kind, status: 'PROGRESS', ready: false, createdAt: now, subject, pid: process.pid }
  await cluster.operations.put(record)
  const op = new RunningOperation(cluster.operations, record)
  const bars = createProgressReporter(io.stderr, io.stderrIsTTY)
  let last: Progress | undefined
  try {
    const result = await fn((p) => {
      last = p
      void op.progress(p)
      bars.onProgress({ operationId: id, kind, subject, progress: p })
    })
    bars.stop()
    await op.finish('SUCCESS')
    record = { ...record, status: 'SUCCESS', ready: true, endedAt: Date.now(), ...(last ? { progress: last } : {}) }
    return { result, record }
  } catch (e) {
    bars.stop()
    await op.finish(io.signal?.aborted ? 'CANCELLED' : 'ERROR', [e instanceof Error ? e.message : String(e)]).catch(() => {})
    throw e
  }
}

/** Runs a command body: usage problems exit 2, everything else as withCluster. */
async function guarded(cmd: Command, io: CliIO, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof TransferUsageError) usageError(cmd, e.message)
    return reportError(io, e)
  }
}

const fileStorage = (dir: string, env: CliIO['env']): Promise<StorageBackend> => openStorage(pathToFileURL(resolve(dir)).href, { env })

const signalOpt = (io: CliIO): { signal?: AbortSignal } => (io.signal ? { signal: io.signal } : {})

function toolsCommand(io: CliIO, deps: CliDeps, done: Done): Command {
  const tools = new Command('tools').description('dump and restore (ydb tools dump / tools restore)')
  tools
    .command('dump')
    .description('dump a directory or table to a local directory (YDB dump format)')
    .option('-p, --path <path>', 'object or directory to dump', '.')
    .option('-o, --output <dir>', 'local directory to write (must not exist or be empty; parent must exist) (default: backup_<time>)')
    .option('--exclude <regex>', 'skip paths matching this regular expression (repeatable)', collect)
    .option('--scheme-only', 'schema and ACL only')
    .option('--avoid-copy', 'no temporary copy (no consistency)')
    .option('--save-partial-result', 'keep partial output on error')
    .option('--preserve-pool-kinds', 'keep storage pool kinds of column families')
    .addOption(new Option('--consistency-level <level>', 'one snapshot for the database or per table').choices(['database', 'table']).default('database'))
    .option('--ordered', 'rows sorted by primary key')
    // Extension: YDB's own dump writes no checksums; ours does, so that tools restore
    // and verify detect a damaged or missing file instead of restoring it silently.
    .option('--no-checksums', "write no .sha256 sidecars (exactly YDB's dump file set)")
    .action(async (o: Record<string, unknown>, cmd: Command) => {
      done(
        await guarded(cmd, io, async () => {
          const out = (o['output'] as string | undefined) ?? defaultDumpDir(new Date())
          if (!existsSync(dirname(resolve(out)))) throw new TransferUsageError(`parent directory of '${out}' does not exist`)
          const exclude = parseExcludes(o['exclude'] as string[] | undefined)
          return withCluster(cmd, io, deps, async (cluster) => {
            const workers = o['schemeOnly'] === true ? undefined : startDumpWorkers(cluster) // they boot while the rest is set up
            try {
              const storage = await fileStorage(out, io.env)
              const path = o['path'] as string
              const { result } = await asOperation(cluster, io, 'dump', 'dump/1', resolvePath(cluster.database, path), (progress) =>
                dumpToStorage(cluster, storage, {
                  ...(workers ? { workers } : {}),
                  path,
                  exclude,
                  schemeOnly: o['schemeOnly'] === true,
                  consistencyLevel: o['consistencyLevel'] as 'database' | 'table',
                  avoidCopy: o['avoidCopy'] === true,
                  savePartialResult: o['savePartialResult'] === true,
                  ordered: o['ordered'] === true,
                  checksums: o['checksums'] !== false,
                  progress,
                  ...signalOpt(io),
                }),
              )
              io.stderr.write(`Dumped ${result.tables} table(s), ${result.rows} row(s) to ${out}\n`)
              return ExitCode.Ok
            } finally {
              await workers?.close()
            }
          })
        }),
      )
    })
  tools
    .command('restore')
    .description('restore a local dump into a database directory')
    .requiredOption('-p, --path <path>', "destination directory ('.' is the database root; missing directories are created)")
    .requiredOption('-i, --input <dir>', 'local dump directory')
    .option('--dry-run', 'only check that the dumped tables exist with matching schemas')
    .option('--restore-data <0|1>', 'restore data', '1')
    .option('--restore-indexes <0|1>', 'restore indexes', '1')
    .option('--restore-acl <0|1>', 'restore permissions', '1')
    .option('--save-partial-result', 'do not roll back on error')
    .option('--import-data', 'use ImportData (accepted; the embedded database loads data one way)')
    .option('--bulk-upsert', 'use BulkUpsert (deprecated; accepted)')
    .option('--replace', 'drop existing objects of the same names before restoring')
    .option('--verify-existence', 'with --replace: fail if an object to replace does not exist')
    .option('--rps <n>', 'requests per second limit (accepted, not enforced)')
    .option('--bandwidth <size>', 'read at most this many bytes per second (K, M, G suffixes)')
    .option('--in-flight <n>', 'tables loaded in parallel')
    .option('--upload-batch-rows <n>', 'rows per upload batch')
    .option('--upload-batch-bytes <size>', 'bytes per upload batch (accepted)')
    .option('--upload-batch-rus <n>', 'request units per batch (serverless; accepted)')
    .option('--skip-checksum-validation', 'do not check .sha256 sidecars')
    .option('--encryption-key-file <file>', 'key of an encrypted dump (env YDB_ENCRYPTION_KEY hex, YDB_ENCRYPTION_KEY_FILE)')
    .action(async (o: Record<string, unknown>, cmd: Command) => {
      done(
        await guarded(cmd, io, async () => {
          if (o['verifyExistence'] && !o['replace']) throw new TransferUsageError('The --verify-existence option must be used together with the --replace option.')
          if (o['importData'] && (o['bulkUpsert'] || o['uploadBatchRows'] || o['uploadBatchRus']))
            throw new TransferUsageError('--import-data is mutually exclusive with --bulk-upsert, --upload-batch-rows and --upload-batch-rus')
          if (o['rps'] !== undefined && o['bandwidth'] !== undefined) throw new TransferUsageError('--rps and --bandwidth are mutually exclusive')
          const input = o['input'] as string
          if (!existsSync(input)) throw new TransferUsageError(`input directory '${input}' does not exist`)
          const key = readEncryptionKey(o['encryptionKeyFile'] as string | undefined, io.env)
          const opts = {
            path: o['path'] as string,
            dryRun: o['dryRun'] === true,
            restoreData: parseFlag01(o['restoreData'] as string),
            restoreIndexes: parseFlag01(o['restoreIndexes'] as string),
            restoreAcl: parseFlag01(o['restoreAcl'] as string),
            savePartialResult: o['savePartialResult'] === true,
            replace: o['replace'] === true,
            skipChecksumValidation: o['skipChecksumValidation'] === true,
            ...(o['bandwidth'] !== undefined ? { bandwidth: parseSize(o['bandwidth'] as string) } : {}),
            ...(o['inFlight'] !== undefined ? { inFlight: parsePositiveInt(o['inFlight'] as string) } : {}),
            ...(o['uploadBatchRows'] !== undefined ? { batchRows: parsePositiveInt(o['uploadBatchRows'] as string) } : {}),
            ...(key ? { encryptionKey: key } : {}),
            ...signalOpt(io),
          }
          if (o['rps'] !== undefined) parsePositiveInt(o['rps'] as string)
          if (o['uploadBatchBytes'] !== undefined) parseSize(o['uploadBatchBytes'] as string)
          return withCluster(cmd, io, deps, async (cluster) => {
            const storage = await fileStorage(input, io.env)
            const { result } = await asOperation(cluster, io, 'tools-restore', 'restore/1', resolvePath(cluster.database, opts.path), (progress) =>
              restoreFromStorage(cluster, storage, { ...opts, progress }),
            )
            if (opts.dryRun) {
              for (const p of result.problems) io.stderr.write(`error: ${p}\n`)
              return result.problems.length ? ExitCode.Failed : ExitCode.Ok
            }
            io.stderr.write(`Restored ${result.tables} table(s), ${result.rows} row(s) into ${resolvePath(cluster.database, opts.path)}\n`)
            return ExitCode.Ok
          })
        }),
      )
    })
  return tools
}

/** S3 options common to export and import. */
function s3Options(c: Command): Command {
  return c
    .option('--s3-endpoint <endpoint>', 'S3 endpoint (host[:port], or a URL)')
    .option('--bucket <bucket>', 'bucket')
    .addOption(new Option('--scheme <scheme>', 'scheme of the S3 endpoint').choices(['http', 'https']).default('https'))
    .option('--access-key <key>', 'access key id (env AWS_ACCESS_KEY_ID)')
    .option('--secret-key <key>', 'secret access key (env AWS_SECRET_ACCESS_KEY)')
    .option('--aws-profile <name>', 'profile of ~/.aws/credentials (env AWS_PROFILE)')
    .option('--retries <n>', 'retries per request', '10')
    .option('--use-virtual-addressing <bool>', 'virtual-hosted-style bucket addressing', 'true')
    .option('--description <text>', 'operation description')
    .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'proto-json-base64']).default('pretty'))
}

const joinKey = (...parts: string[]): string => parts.flatMap((p) => p.split('/')).filter((s) => s !== '' && s !== '.').join('/')

function exportCommand(io: CliIO, deps: CliDeps, done: Done): Command {
  const exp = new Command('export').description('export to external storage (ydb export)')
  s3Options(exp.command('s3').description('export tables to S3 in YDB export format'))
    .option('--destination-prefix <prefix>', 'key prefix for everything exported from --root-path')
    .option('--root-path <path>', 'directory to export (default: the database root)')
    .option('--include <path>', 'export only this path below --root-path (repeatable)', collect)
    .option('--exclude <regex>', 'skip paths matching this regular expression (repeatable)', collect)
    .option('--item <item>', 'src=<path>,dst=<prefix> (repeatable)', collect)
    .option('--compression <codec>', 'zstd or zstd-N')
    .option('--storage-class <class>', 'S3 storage class')
    .option('--include-index-data', 'export index tables too (accepted; indexes are rebuilt on import)')
    .option('--encryption-algorithm <alg>', 'AES-128-GCM, AES-256-GCM or ChaCha20-Poly1305')
    .option('--encryption-key-file <file>', 'raw key bytes (env YDB_ENCRYPTION_KEY hex, YDB_ENCRYPTION_KEY_FILE)')
    .action(async (o: Record<string, unknown>, cmd: Command) => {
      done(
        await guarded(cmd, io, async () => {
          const s3 = o as unknown as S3Options
          const items = ((o['item'] as string[] | undefined) ?? []).map(parseItem)
          const prefix = o['destinationPrefix'] as string | undefined
          const includes = (o['include'] as string[] | undefined) ?? []
          const exclude = parseExcludes(o['exclude'] as string[] | undefined)
          const compression = o['compression'] !== undefined ? parseCompression(o['compression'] as string) : undefined
          const algorithm = o['encryptionAlgorithm'] as string | undefined
          const key = readEncryptionKey(o['encryptionKeyFile'] as string | undefined, io.env)
          if (algorithm && !key) throw new TransferUsageError('No encryption key provided')
          if (key && !algorithm) throw new TransferUsageError('No encryption algorithm provided')
          if (algorithm && prefix === undefined) throw new TransferUsageError('--destination-prefix parameter is required for exports with encryption')
          if (items.length === 0 && prefix === undefined) throw new TransferUsageError('either --destination-prefix or --item is required')
          if (items.length && includes.length) throw new TransferUsageError('Both --item and --include parameters are not supported together')
          const root = (o['rootPath'] as string | undefined) ?? '.'
          // Each job: a source path and the key prefix it goes to.
          const jobs: TransferItem[] = items.length
            ? items
            : includes.length
              ? includes.map((inc) => ({ src: joinKey(root, inc), dst: joinKey(prefix!, inc) }))
              : [{ src: root, dst: prefix! }]
          const common = {
            exportMetadata: true,
            checksums: true,
            exclude,
            ...(compression ? { compression } : {}),
            ...(algorithm && key ? { encryption: { algorithm, key } } : {}),
            ...signalOpt(io),
          }
          for (const j of jobs) s3Url(s3, j.dst) // option errors before any IO
          return withCluster(cmd, io, deps, async (cluster) => {
            // the dump workers boot while the S3 client loads, and serve every job
            const workers = startDumpWorkers(cluster)
            try {
              const subject = (o['description'] as string | undefined) ?? `s3://${s3.bucket}/${jobs.map((j) => j.dst).join(',')}`
              const { record } = await asOperation(cluster, io, 'export/s3', 'export/6', subject, async (progress) => {
                for (const j of jobs) {
                  const storage = await openStorage(s3Url(s3, j.dst), { env: io.env, ...s3Credentials(s3) })
                  await dumpToStorage(cluster, storage, { ...common, path: j.src, progress, ...(workers ? { workers } : {}) })
                }
              })
              printOperations([record], o['format'] as string, io)
              return ExitCode.Ok
            } finally {
              await workers?.close()
            }
          })
        }),
      )
    })
  return exp
}

function importCommand(io: CliIO, deps: CliDeps, done: Done): Command {
  const imp = new Command('import').description('import from external storage (ydb import)')
  s3Options(imp.command('s3').description('import an S3 export into the database'))
    .option('--source-prefix <prefix>', 'key prefix of the export')
    .option('--destination-path <path>', 'database directory to import into (default: the database root)')
    .option('--include <path>', 'import only this exported path (repeatable)', collect)
    .option('--item <item>', 'src=<prefix>,dst=<path> (repeatable)', collect)
    .option('--no-acl', 'do not restore permissions')
    .option('--skip-checksum-validation', 'do not check .sha256 sidecars')
    .option('--encryption-key-file <file>', 'raw key bytes (env YDB_ENCRYPTION_KEY hex, YDB_ENCRYPTION_KEY_FILE)')
    .option('-l, --list', 'list the objects of an export and import nothing')
    .action(async (o: Record<string, unknown>, cmd: Command) => {
      done(
        await guarded(cmd, io, async () => {
          const s3 = o as unknown as S3Options
          const items = ((o['item'] as string[] | undefined) ?? []).map(parseItem)
          const prefix = o['sourcePrefix'] as string | undefined
          const includes = (o['include'] as string[] | undefined) ?? []
          const key = readEncryptionKey(o['encryptionKeyFile'] as string | undefined, io.env)
          if (items.length && includes.length) throw new TransferUsageError('Both --item and --include parameters are not supported together')
          if (items.length && o['list']) throw new TransferUsageError('Cannot use --item parameter with --list')
          if (items.length && key) throw new TransferUsageError('Cannot use --item parameter with encrypted exports')
          if (key && prefix === undefined) throw new TransferUsageError('--source-prefix parameter is required')
          if (!items.length && prefix === undefined) throw new TransferUsageError('No source prefix was provided')
          const dest = (o['destinationPath'] as string | undefined) ?? '.'
          if (o['list']) {
            const storage = await openStorage(s3Url(s3, prefix!), { env: io.env, ...s3Credentials(s3) })
            const plan = await scanDump(storage, { ...(key ? { encryptionKey: key } : {}), skipChecksumValidation: true, ...signalOpt(io) })
            io.stdout.write(formatTextTable(['Prefix', 'Path'], plan.tables.map((t) => [joinKey(prefix!, t.key), t.rel])))
            return ExitCode.Ok
          }
          const jobs: TransferItem[] = items.length
            ? items
            : includes.length
              ? includes.map((inc) => ({ src: joinKey(prefix!, inc), dst: joinKey(dest, inc) }))
              : [{ src: prefix!, dst: dest }]
          for (const j of jobs) s3Url(s3, j.src)
          return withCluster(cmd, io, deps, async (cluster) => {
            const storages = await Promise.all(jobs.map((j) => openStorage(s3Url(s3, j.src), { env: io.env, ...s3Credentials(s3) })))
            const common = {
              restoreAcl: o['acl'] !== false,
              skipChecksumValidation: o['skipChecksumValidation'] === true,
              ...(key ? { encryptionKey: key } : {}),
              ...signalOpt(io),
            }
            // Import creates everything: no target may exist yet (checked before any write).
            for (const [i, j] of jobs.entries()) {
              const plan = await scanDump(storages[i]!, common)
              for (const t of plan.tables) {
                const target = resolvePath(cluster.database, joinKey(j.dst, t.rel) || '.')
                if (await cluster.describePath(target)) throw YqlError.of('scheme/path-exists', `Path already exists: ${target}`)
              }
            }
            const subject = (o['description'] as string | undefined) ?? `s3://${s3.bucket}/${jobs.map((j) => j.src).join(',')}`
            const { record } = await asOperation(cluster, io, 'import/s3', 'import/8', subject, async (progress) => {
              for (const [i, j] of jobs.entries()) await restoreFromStorage(cluster, storages[i]!, { ...common, path: j.dst || '.', progress })
            })
            printOperations([record], o['format'] as string, io)
            return ExitCode.Ok
          })
        }),
      )
    })
  return imp
}

function verifyCommand(io: CliIO, done: Done): Command {
  return new Command('verify')
    .description('check a dump or an export (checksums, files, schemes) without restoring it')
    .argument('<location>', 'a local dump directory, or a file:// or s3:// URL')
    .option('--access-key <key>', 'S3 access key id (env AWS_ACCESS_KEY_ID)')
    .option('--secret-key <key>', 'S3 secret access key (env AWS_SECRET_ACCESS_KEY)')
    .option('--aws-profile <name>', 'profile of ~/.aws/credentials')
    .option('--skip-checksum-validation', 'do not check .sha256 sidecars')
    .option('--encryption-key-file <file>', 'key of an encrypted export (env YDB_ENCRYPTION_KEY hex, YDB_ENCRYPTION_KEY_FILE)')
    .action(async (location: string, o: Record<string, unknown>, cmd: Command) => {
      done(
        await guarded(cmd, io, async () => {
          const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(location)
          if (!isUrl && !existsSync(location)) throw new TransferUsageError(`'${location}' does not exist`)
          const key = readEncryptionKey(o['encryptionKeyFile'] as string | undefined, io.env)
          const storage = isUrl
            ? await openStorage(location, {
                env: io.env,
                ...(o['accessKey'] !== undefined ? { accessKey: o['accessKey'] as string } : {}),
                ...(o['secretKey'] !== undefined ? { secretKey: o['secretKey'] as string } : {}),
                ...(o['awsProfile'] !== undefined ? { profile: o['awsProfile'] as string } : {}),
              })
            : await fileStorage(location, io.env)
          const r = await verifyStorage(storage, { ...(key ? { encryptionKey: key } : {}), skipChecksumValidation: o['skipChecksumValidation'] === true, ...signalOpt(io) })
          for (const p of r.problems) io.stderr.write(`error: ${p}\n`)
          io.stderr.write(`${r.tables} table(s), ${r.files} file(s), ${r.rows} row(s) checked; ${r.problems.length} problem(s)\n`)
          return r.problems.length ? ExitCode.Failed : ExitCode.Ok
        }),
      )
    })
}

export function transferCommands(io: CliIO, deps: CliDeps, done: Done): Command[] {
  return [toolsCommand(io, deps, done), exportCommand(io, deps, done), importCommand(io, deps, done), verifyCommand(io, done)]
}
