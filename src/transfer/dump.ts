/**
 * `tools dump` and `export s3` (spec §3.1–3.3): writes a database subtree to a
 * StorageBackend as YDB's dump tree. Target-agnostic (file system or S3).
 *
 * - Consistency: `database` (default) reads every table from one snapshot of the
 *   cluster, which is what YDB's temporary `CopyTables` achieves; `table` takes a
 *   snapshot per table. No temporary copies are made, so `avoidCopy` changes nothing.
 * - Markers: the root `incomplete` object is written first and removed last; each
 *   table directory gets one while its files are written. S3 cannot rename, and
 *   every put is atomic, so data files are written under their final names.
 * - Memory: rows stream from the snapshot into ~1 MiB chunks per put; a table is
 *   never held in memory. A new data file starts after `splitBytes` (128 MiB).
 * - Resume: when the target already has a root `incomplete` (an interrupted run
 *   kept with `savePartialResult`, or a crash), tables whose directory has
 *   `scheme.pb` and no `incomplete` are skipped; the others are rewritten.
 *   A target that is not empty and has no root marker is refused.
 */
import type { ClusterBackend, PathEntry, Progress, Snapshot } from '../backends/cluster/cluster-backend.js'
import type { StorageBackend } from '../backends/storage/storage-backend.js'
import { CsvRowEncoder } from '../formats/csv-encode.js'
import { CsvChunkBuilder } from '../formats/csv-row.js'
import type { CsvStyle } from '../formats/csv-value.js'
import { BackupFileType, combineIv, generateIv, normalizeAlgorithm, KEY_LENGTH } from '../formats/encryption.js'
import {
  formatItemMetadata,
  formatRootMetadata,
  formatSchemaMapping,
  SCHEMA_MAPPING_METADATA,
  type SchemaMapping,
} from '../formats/export-metadata.js'
import { formatPermissionsPb } from '../formats/permissions-pb.js'
import { formatSchemePb } from '../formats/scheme-pb.js'
import type { TableSchema } from '../types/table-schema.js'
import type { Row } from '../types/value.js'
import { ChunkCutter, DumpWorkers } from './dump-parallel.js'
import { embeddedEngine, heldSnapshot } from './embedded-source.js'
import { transferError, TransferErrorCode, writeFile, type FileCodec } from './file-pipeline.js'
import { absolutePath, baseName, joinKey } from './paths.js'

/** Options of dumpToStorage. */
export interface DumpOptions {
  /** What to dump: db-relative or absolute; a directory or a table. */
  readonly path: string
  /** Full paths matching any of these are skipped (with everything below). */
  readonly exclude?: readonly RegExp[]
  readonly schemeOnly?: boolean
  readonly consistencyLevel?: 'database' | 'table'
  readonly avoidCopy?: boolean
  readonly savePartialResult?: boolean
  /** Rows are always written in primary-key order; accepted for the CLI. */
  readonly ordered?: boolean
  readonly compression?: { readonly level: number }
  /** Export only: requires `exportMetadata`. Key: 16 bytes (AES-128-GCM) or 32. */
  readonly encryption?: { readonly algorithm: string; readonly key: Uint8Array }
  /** Write `.sha256` sidecars (exports). */
  readonly checksums?: boolean
  /** Write export extras: per-table metadata.json, root metadata.json, SchemaMapping/. */
  readonly exportMetadata?: boolean /* SchemaMapping keys are paths relative to the dumped root */
  /** Cell style; default 'dump' for dumps and 'export' with exportMetadata. */
  readonly csvStyle?: CsvStyle
  /** Start a new data file after this many bytes (default 128 MiB). */
  readonly splitBytes?: number
  /**
   * Worker threads that read and format big tables of the embedded engine
   * beside this thread (default 1; 0: the one-thread pipeline), or a pool
   * started earlier by startDumpWorkers (so that its threads boot while the
   * caller sets up storage), which the caller closes. The files are the same
   * either way.
   */
  readonly workers?: number | DumpWorkers
  readonly signal?: AbortSignal
  readonly progress?: (p: Progress) => void
}

/** What a dump wrote. */
export interface DumpResult {
  readonly tables: number
  readonly directories: number
  readonly rows: number
  /** CSV bytes (before compression/encryption). */
  readonly bytes: number
  /** Tables skipped because a previous run had completed them. */
  readonly resumed: number
}

export const FILE_SPLIT_THRESHOLD = 128 << 20
const CHUNK_BYTES = 1 << 20
/** Tables with at least this many rows are read by worker threads (embedded engine). */
export const PARALLEL_DUMP_MIN_ROWS = 20_000
/** Worker threads beside the main thread, which reads its share too (two measured slower: more CPU, no faster on two cores). */
const DUMP_WORKERS = 1

/**
 * Starts the dump's worker threads ahead of dumpToStorage (they take ~0.1-0.3 s
 * to boot); undefined when the cluster is not the embedded engine. Pass the
 * pool as DumpOptions.workers and close it afterwards.
 */
export function startDumpWorkers(cluster: ClusterBackend): DumpWorkers | undefined {
  return embeddedEngine(cluster) ? new DumpWorkers(DUMP_WORKERS) : undefined
}

/** Parallel reading of one snapshot: the engine, the snapshot, the workers (started on first use). */
interface Parallel {
  readonly dataDir: string
  readonly held: import('../backends/cluster/embedded/database.js').HeldSnapshot
  readonly workers: () => DumpWorkers
}

interface Item {
  readonly path: string
  /** Key prefix under the dump root ('' for the root itself). */
  readonly key: string
  readonly entry: PathEntry
  /** Directories only: no children at all. */
  readonly empty?: boolean
}

async function collect(cluster: ClusterBackend, root: PathEntry, rootPath: string, exclude: readonly RegExp[]): Promise<Item[]> {
  const out: Item[] = []
  const rootKey = root.type === 'table' ? baseName(rootPath) : ''
  const walk = async (path: string, key: string, entry: PathEntry): Promise<void> => {
    if (entry.type === 'table') {
      out.push({ path, key, entry })
      return
    }
    // a backup collection dumps as a directory (YDB's recipe: `tools dump -p .backups/collections/c`)
    if (entry.type !== 'directory' && entry.type !== 'backupCollection') return
    const children = await cluster.listDirectory(path)
    out.push({ path, key, entry, empty: children.length === 0 })
    const sorted = [...children].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const c of sorted) {
      if (c.name.startsWith('.')) continue // dot-names only when named in `path`
      const childPath = path === '/' ? `/${c.name}` : `${path}/${c.name}`
      if (exclude.some((r) => r.test(childPath))) continue
      await walk(childPath, joinKey(key, c.name), c)
    }
  }
  await walk(rootPath, rootKey, root)
  return out
}

/** Pulls rows across batch boundaries without awaiting per row. */
class RowSource {
  private batch: readonly Row[] = []
  private pos = 0
  done = false
  constructor(private readonly it: AsyncIterator<readonly Row[]>) {}
  async fill(): Promise<boolean> {
    while (this.pos >= this.batch.length) {
      if (this.done) return false
      const r = await this.it.next()
      if (r.done) {
        this.done = true
        return false
      }
      this.batch = r.value
      this.pos = 0
    }
    return true
  }
  /** Formats rows into `out` until `limit` more bytes or the batch ends; returns the row count. */
  take(encoder: CsvRowEncoder, out: CsvChunkBuilder, limit: number): number {
    const stop = out.bytes + limit
    let n = 0
    while (this.pos < this.batch.length && out.bytes < stop) {
      encoder.write(this.batch[this.pos++]!, out)
      n++
    }
    return n
  }
}

/** Writes the dump tree of `opts.path` into `storage`. */
export async function dumpToStorage(cluster: ClusterBackend, storage: StorageBackend, opts: DumpOptions): Promise<DumpResult> {
  const rootPath = absolutePath(cluster.database, opts.path)
  const root = await cluster.describePath(rootPath)
  if (!root) throw transferError(TransferErrorCode.PathNotFound, `Path not found: ${rootPath}`)
  const exportMode = opts.exportMetadata ?? false
  const style: CsvStyle = opts.csvStyle ?? (exportMode ? 'export' : 'dump')
  const split = opts.splitBytes ?? FILE_SPLIT_THRESHOLD

  let encryption: FileCodec['encryption']
  if (opts.encryption) {
    const alg = normalizeAlgorithm(opts.encryption.algorithm)
    if (!alg) throw transferError(TransferErrorCode.Encryption, `Unknown cipher algorithm: "${opts.encryption.algorithm}"`)
    if (!exportMode) throw transferError(TransferErrorCode.Encryption, '--destination-prefix parameter is required for exports with encryption')
    if (opts.encryption.key.length !== KEY_LENGTH[alg])
      throw transferError(TransferErrorCode.Encryption, `Invalid key length ${opts.encryption.key.length}. Expected: ${KEY_LENGTH[alg]}`)
    encryption = { algorithm: alg, key: opts.encryption.key }
  }
  const codec: FileCodec = {
    ...(opts.compression ? { compressionLevel: opts.compression.level } : {}),
    ...(encryption ? { encryption } : {}),
    checksums: opts.checksums ?? false,
  }

  // Fresh target or a resumable one.
  let resume = false
  for await (const _ of storage.list('')) {
    resume = (await storage.stat('incomplete')) !== undefined
    if (!resume) throw transferError(TransferErrorCode.NotEmpty, `Output folder is not empty: ${storage.location}`)
    break
  }

  const items = await collect(cluster, root, rootPath, opts.exclude ?? [])
  const tables = items.filter((i) => i.entry.type === 'table')
  // The workers take ~0.1-0.3 s to start: start them now when some table is big (unless the caller did).
  const given = typeof opts.workers === 'object' ? opts.workers : undefined
  const count = typeof opts.workers === 'number' ? opts.workers : DUMP_WORKERS
  const engine = (given !== undefined || count > 0) && !opts.schemeOnly ? embeddedEngine(cluster) : undefined
  let workers: DumpWorkers | undefined
  const startWorkers = (): DumpWorkers => (workers ??= given ?? new DumpWorkers(count))
  if (engine && engine.read((tx) => tables.some((t) => {
    const h = tx.resolveTable(t.path)
    return h !== undefined && tx.hasRows(h, PARALLEL_DUMP_MIN_ROWS)
  }))) startWorkers()
  const progress: { tablesDone: number; tablesTotal: number; rows: number; bytes: number } = {
    tablesDone: 0,
    tablesTotal: tables.length,
    rows: 0,
    bytes: 0,
  }
  let resumed = 0
  let dirs = 0
  const mapping: Record<string, { exportPrefix: string; iv?: string }> = {}

  await storage.put('incomplete', new Uint8Array())
  let snapshot: Snapshot | undefined
  // The embedded engine's snapshots come with their commit counter, so that
  // worker threads can read the same data (dump-parallel.ts).
  const takeSnapshot = async (): Promise<Snapshot> => (engine ? heldSnapshot(engine) : cluster.snapshot())
  const parallelFor = (s: Snapshot): Parallel | undefined =>
    engine && 'held' in s
      ? { dataDir: engine.directory, held: (s as ReturnType<typeof heldSnapshot>).held, workers: startWorkers }
      : undefined
  try {
    if ((opts.consistencyLevel ?? 'database') === 'database' && !opts.schemeOnly) snapshot = await takeSnapshot()
    let itemNo = 0
    for (const item of items) {
      opts.signal?.throwIfAborted()
      if (item.entry.type !== 'table') {
        if (encryption) continue // encrypted exports carry tables only (names would leak)
        dirs++
        await writeFile(storage, joinKey(item.key, 'permissions.pb'), permissionsText(item.entry), codec, {})
        if (item.empty) await storage.put(joinKey(item.key, 'empty_dir'), new Uint8Array())
        continue
      }
      itemNo++
      const key = encryption ? String(itemNo).padStart(3, '0') : item.key
      const itemIv = encryption ? generateIv() : undefined
      if (exportMode) mapping[item.key] = { exportPrefix: key, ...(itemIv ? { iv: itemIv.toString('hex') } : {}) }
      const marker = joinKey(key, 'incomplete')
      if (resume) {
        const done = (await storage.stat(marker)) === undefined && (await hasScheme(storage, key))
        if (done) {
          resumed++
          progress.tablesDone++
          opts.progress?.({ ...progress })
          continue
        }
        await storage.removePrefix(`${key}/`.replace(/^\//, ''))
      }
      await storage.put(marker, new Uint8Array())
      const tableSnapshot = snapshot ?? (opts.schemeOnly ? undefined : await takeSnapshot())
      try {
        const schema = tableSnapshot ? tableSnapshot.describeTable(item.path) : await cluster.describeTable(item.path)
        if (!schema) throw transferError(TransferErrorCode.PathNotFound, `Path not found: ${item.path}`)
        const iv = (type: number, shard = 0): Uint8Array | undefined => (itemIv ? combineIv(itemIv, type, itemNo, shard) : undefined)
        const ivOpt = (type: number, shard = 0): { iv?: Uint8Array } => {
          const v = iv(type, shard)
          return v ? { iv: v } : {}
        }
        await writeFile(storage, joinKey(key, 'scheme.pb'), formatSchemePb(schema), codec, ivOpt(BackupFileType.TableSchema))
        await writeFile(storage, joinKey(key, 'permissions.pb'), permissionsText(item.entry), codec, ivOpt(BackupFileType.Permissions))
        if (exportMode)
          await writeFile(
            storage,
            joinKey(key, 'metadata.json'),
            formatItemMetadata({ version: 0, fullBackups: [{ snapshotVts: [0, 0] }], permissions: true, changefeeds: [] }),
            codec,
            ivOpt(BackupFileType.Metadata),
          )
        if (!opts.schemeOnly && tableSnapshot) {
          await writeData(tableSnapshot, item.path, schema, storage, key, codec, style, split, progress, opts, (part) => ivOpt(BackupFileType.TableData, part), parallelFor(tableSnapshot))
        }
      } finally {
        if (tableSnapshot && tableSnapshot !== snapshot) tableSnapshot.release()
      }
      await storage.remove(marker)
      progress.tablesDone++
      opts.progress?.({ ...progress })
    }
    if (exportMode) {
      const rootMeta = formatRootMetadata({
        ...(opts.compression ? { compression: opts.compression.level === 3 ? 'zstd' : `zstd-${opts.compression.level}` } : {}),
        ...(encryption ? { encryption: encryption.algorithm } : {}),
        ...(opts.checksums ? { checksum: 'sha256' as const } : {}),
      })
      await storage.put('metadata.json', Buffer.from(rootMeta))
      await storage.put('SchemaMapping/metadata.json', Buffer.from(SCHEMA_MAPPING_METADATA))
      await storage.put('SchemaMapping/mapping.json', Buffer.from(formatSchemaMapping(mapping as SchemaMapping)))
    }
    await storage.remove('incomplete')
  } catch (e) {
    if (!opts.savePartialResult && !resume) await removeAll(storage)
    throw e
  } finally {
    snapshot?.release()
    if (workers !== given) await workers?.close()
  }
  return { tables: tables.length, directories: dirs, rows: progress.rows, bytes: progress.bytes, resumed }
}

const permissionsText = (e: PathEntry): string => formatPermissionsPb(e.owner !== undefined ? { owner: e.owner } : {})

async function hasScheme(storage: StorageBackend, key: string): Promise<boolean> {
  for await (const o of storage.list(`${key}/scheme.pb`)) if (o.key.startsWith(`${key}/scheme.pb`)) return true
  return false
}

async function removeAll(storage: StorageBackend): Promise<void> {
  const keys: string[] = []
  for await (const o of storage.list('')) keys.push(o.key)
  for (const k of keys) await storage.remove(k).catch(() => undefined)
}

async function writeData(
  snapshot: Snapshot,
  path: string,
  schema: TableSchema,
  storage: StorageBackend,
  key: string,
  codec: FileCodec,
  style: CsvStyle,
  split: number,
  progress: { rows: number; bytes: number; tablesDone: number; tablesTotal: number },
  opts: DumpOptions,
  ivFor: (part: number) => { iv?: Uint8Array },
  parallel?: Parallel,
): Promise<void> {
  if (parallel && (await writeDataParallel(parallel, path, storage, key, codec, style, split, progress, opts, ivFor))) return
  const encoder = new CsvRowEncoder(schema.columns.map((c) => c.type), style)
  const rows = new RowSource(snapshot.readTable(path, opts.signal ? { signal: opts.signal } : {})[Symbol.asyncIterator]())
  let part = 0
  for (;;) {
    let fileBytes = 0
    async function* chunks(): AsyncGenerator<Uint8Array> {
      // CSV text is ASCII (escaping leaves no other bytes), so latin1 writes it as is
      const out = new CsvChunkBuilder(CHUNK_BYTES)
      while (fileBytes < split && (await rows.fill())) {
        const before = out.bytes
        progress.rows += rows.take(encoder, out, Math.min(CHUNK_BYTES, split - fileBytes))
        fileBytes += out.bytes - before
        progress.bytes += out.bytes - before
        const ready = out.take()
        if (ready.length > 0) {
          yield* ready
          opts.progress?.({ ...progress })
        }
      }
      out.flush()
      yield* out.take()
    }
    await writeFile(storage, joinKey(key, `data_${String(part).padStart(2, '0')}.csv`), chunks(), codec, {
      isData: true,
      ...ivFor(part),
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    part++
    if (!(await rows.fill())) break
  }
}


/**
 * writeData through worker threads (dump-parallel.ts): the same files, chunk
 * for chunk. Returns false, having written nothing, for a small table.
 */
async function writeDataParallel(
  parallel: Parallel,
  path: string,
  storage: StorageBackend,
  key: string,
  codec: FileCodec,
  style: CsvStyle,
  split: number,
  progress: { rows: number; bytes: number; tablesDone: number; tablesTotal: number },
  opts: DumpOptions,
  ivFor: (part: number) => { iv?: Uint8Array },
): Promise<boolean> {
  const tx = parallel.held.tx
  if (!tx.hasRows(tx.requireTable(path), PARALLEL_DUMP_MIN_ROWS)) return false
  const source = parallel.workers().open(parallel.dataDir, parallel.held, path, style)
  if (!source) return false
  const cutter = new ChunkCutter(source, CHUNK_BYTES)
  const rowsBefore = progress.rows // rows are counted per slab as it arrives
  let part = 0
  for (;;) {
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for await (const c of cutter.file(split)) {
        opts.signal?.throwIfAborted()
        progress.bytes += c.length
        progress.rows = rowsBefore + cutter.rows
        yield c
        opts.progress?.({ ...progress })
      }
    }
    await writeFile(storage, joinKey(key, `data_${String(part).padStart(2, '0')}.csv`), chunks(), codec, {
      isData: true,
      ...ivFor(part),
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    part++
    if (!(await cutter.more())) break
  }
  progress.rows = rowsBefore + cutter.rows
  return true
}
