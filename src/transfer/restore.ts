/**
 * `tools restore` and `import s3` (spec §3.2, §3.5): loads a dump/export tree
 * from storage into a destination directory of the cluster.
 *
 * Order: scan (markers, names, sidecars) → read and verify every scheme.pb and,
 * when checksums exist, every data file → check the destination → create
 * directories and tables → load data with bulkUpsert (REPLACE semantics). A
 * failure after creation drops what this restore created, unless
 * `savePartialResult`. Nothing is ever created outside `opts.path`.
 *
 * Existing tables are not altered (YDB): their schema must match the dump's
 * columns, and data is upserted into them; `replace` drops them first. ACLs:
 * the cluster contract has no permission calls, so `restoreAcl` only controls
 * whether permissions.pb is read and checked.
 */
import type { ClusterBackend, Progress } from '../backends/cluster/cluster-backend.js'
import type { StorageBackend } from '../backends/storage/storage-backend.js'
import { readCsvRows, type CsvColumn } from '../formats/csv-row.js'
import { parsePermissionsPb } from '../formats/permissions-pb.js'
import { parseSchemePb } from '../formats/scheme-pb.js'
import type { TableSchema } from '../types/table-schema.js'
import { sameType, typeToString } from '../types/ydb-type.js'
import { YqlError } from '../diagnostics/diagnostic.js'
import { displayKey, scanDump, type DumpPlan, type DumpTable } from './dump-scan.js'
import { readChecksum, readFile, readWholeFile, transferError, TransferErrorCode, verifyChecksum } from './file-pipeline.js'
import { absolutePath, inside } from './paths.js'
import { canPutRowRecords } from '../backends/cluster/embedded/row-records.js'
import { embeddedEngine } from './embedded-source.js'
import { RestoreWorker } from './restore-parallel.js'
import type { EmbeddedDb } from '../backends/cluster/embedded/database.js'
import type { CatalogEntry } from '../backends/cluster/embedded/catalog.js'

/** Options of restoreFromStorage. */
export interface RestoreOptions {
  /** Destination directory (db-relative or absolute); missing directories are created. */
  readonly path: string
  /** Only check that dumped tables exist in the destination with matching schemas. */
  readonly dryRun?: boolean
  readonly restoreData?: boolean
  readonly restoreIndexes?: boolean
  readonly restoreAcl?: boolean
  readonly savePartialResult?: boolean
  /** Drop existing tables of the same names first. */
  readonly replace?: boolean
  /** Read at most this many stored bytes per second (0/undefined: no limit). */
  readonly bandwidth?: number
  /** Tables loaded in parallel (default 4). */
  readonly inFlight?: number
  readonly skipChecksumValidation?: boolean
  readonly encryptionKey?: Uint8Array
  /**
   * Rows per bulkUpsert call (also capped at ~4 MiB of CSV). Default: 2,000 on
   * the embedded engine (short-lived batches stay in V8's young generation: peak
   * private memory of a 1M-row restore 149 → 100 MB, same CPU), 10,000 on YDB
   * (fewer round trips).
   */
  readonly batchRows?: number
  /**
   * Worker threads that parse and encode data files for plain tables of the
   * embedded engine (default 1; 0: all in this thread). Same rows either way.
   */
  readonly workers?: number
  readonly signal?: AbortSignal
  readonly progress?: (p: Progress) => void
}

/** What a restore did. */
export interface RestoreResult {
  readonly tables: number
  readonly rows: number
  /** CSV bytes loaded (after decryption and decompression). */
  readonly bytes: number
  readonly created: readonly string[]
  /** Dry run: the problems found (empty when the destination matches). */
  readonly problems: readonly string[]
}

interface LoadedTable {
  readonly table: DumpTable
  readonly schema: TableSchema
  readonly target: string
  readonly sums: ReadonlyMap<string, string | undefined>
}

/** Reads and checks every scheme.pb and reads the data files' checksums, before anything is created. */
async function loadSchemas(storage: StorageBackend, plan: DumpPlan, dest: string, opts: RestoreOptions): Promise<LoadedTable[]> {
  const out: LoadedTable[] = []
  const keyOpt = opts.encryptionKey ? { encryptionKey: opts.encryptionKey } : {}
  for (const t of plan.tables) {
    const target = inside(dest, t.rel)
    const sums = new Map<string, string | undefined>()
    const sumOf = async (k: string): Promise<string | undefined> => {
      if (opts.skipChecksumValidation || !plan.checksummed.get(k)) return undefined
      const s = await readChecksum(storage, k, displayKey(storage, k))
      sums.set(k, s)
      return s
    }
    const schemeSum = await sumOf(t.schemeKey)
    const text = await readWholeFile(storage, t.schemeKey, { ...keyOpt, ...(schemeSum ? { sha256: schemeSum } : {}), display: displayKey(storage, t.schemeKey) })
    let schema: TableSchema
    try {
      schema = parseSchemePb(text.toString('utf8'))
    } catch (e) {
      throw transferError(TransferErrorCode.BadDump, `${displayKey(storage, t.schemeKey)}: ${(e as Error).message}`)
    }
    if (opts.restoreAcl !== false && t.permissionsKey) {
      try {
        parsePermissionsPb((await readWholeFile(storage, t.permissionsKey, keyOpt)).toString('utf8'))
      } catch (e) {
        if (e instanceof YqlError) throw e
        throw transferError(TransferErrorCode.BadDump, `${displayKey(storage, t.permissionsKey)}: ${(e as Error).message}`)
      }
    }
    if (opts.restoreData !== false) for (const k of t.dataKeys) await sumOf(k)
    out.push({ table: t, schema: opts.restoreIndexes === false ? { ...schema, indexes: [] } : schema, target, sums })
  }
  return out
}

/** Differences between the dump's schema and an existing table's, as messages. */
function schemaProblems(target: string, want: TableSchema, have: TableSchema): string[] {
  const out: string[] = []
  for (const c of want.columns) {
    const h = have.columns.find((x) => x.name === c.name)
    if (!h) out.push(`${target}: column ${c.name} is missing`)
    else if (!sameType(h.type, c.type)) out.push(`${target}: column ${c.name} has type ${typeToString(h.type)}, the dump has ${typeToString(c.type)}`)
  }
  for (const h of have.columns) if (!want.columns.some((c) => c.name === h.name)) out.push(`${target}: column ${h.name} is not in the dump`)
  if (want.primaryKey.join(',') !== have.primaryKey.join(',')) out.push(`${target}: primary key differs (${have.primaryKey.join(', ')} vs ${want.primaryKey.join(', ')})`)
  return out
}

/** Throttles a byte stream to `rate` bytes/s. */
async function* throttle(input: AsyncIterable<Uint8Array>, rate: number | undefined, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  const start = Date.now()
  let seen = 0
  for await (const c of input) {
    seen += c.length
    counter.bytes += c.length
    if (rate && rate > 0) {
      const due = (seen / rate) * 1000 - (Date.now() - start)
      if (due > 0) await new Promise((r) => setTimeout(r, due))
    }
    yield c
  }
}

/** Restores a dump/export from `storage` into the directory `opts.path`. */
export async function restoreFromStorage(cluster: ClusterBackend, storage: StorageBackend, opts: RestoreOptions): Promise<RestoreResult> {
  const dest = absolutePath(cluster.database, opts.path)
  const plan = await scanDump(storage, opts)
  const helper = new Helper(cluster, opts.dryRun || opts.restoreData === false ? 0 : (opts.workers ?? 1))
  try {
    return await restorePlan(cluster, storage, plan, dest, opts, helper)
  } finally {
    await helper.close()
  }
}

async function restorePlan(
  cluster: ClusterBackend,
  storage: StorageBackend,
  plan: DumpPlan,
  dest: string,
  opts: RestoreOptions,
  helper: Helper,
): Promise<RestoreResult> {
  // the worker starts (~0.3 s) while the schemas and checksums are read
  await helper.warm(storage, plan)
  const tables = await loadSchemas(storage, plan, dest, opts)
  const dirs = plan.dirs.map((d) => inside(dest, d.rel))

  // Destination checks, before creating anything.
  const problems: string[] = []
  const existing = new Set<string>()
  for (const t of tables) {
    const have = await cluster.describeTable(t.target)
    if (have) {
      existing.add(t.target)
      if (!opts.replace) problems.push(...schemaProblems(t.target, t.schema, have))
    } else if (opts.dryRun) problems.push(`${t.target}: table does not exist`)
    else {
      const p = await cluster.describePath(t.target)
      if (p) problems.push(`${t.target}: exists and is not a table`)
    }
  }
  if (opts.dryRun) return { tables: tables.length, rows: 0, bytes: 0, created: [], problems }
  if (problems.length > 0) throw transferError(TransferErrorCode.SchemaMismatch, problems.join('\n'))
  // A corrupted data file must restore nothing. Into tables this restore creates,
  // the checksum is checked while the file loads (readFile throws after its last
  // byte) and a failure drops what was created, so each file is read once. Rows
  // bound for an existing table (or one --replace drops first), or kept by
  // --save-partial-result, would survive a failure: those files are checked first.
  if (opts.restoreData !== false && (existing.size > 0 || opts.savePartialResult))
    for (const t of tables)
      for (const k of t.table.dataKeys) {
        const sum = t.sums.get(k)
        if (sum !== undefined) await verifyChecksum(storage, k, sum, { ...(opts.encryptionKey ? { encryptionKey: opts.encryptionKey } : {}), display: displayKey(storage, k) })
      }

  const created: string[] = []
  const createdDirs: string[] = []
  const progress = { tablesDone: 0, tablesTotal: tables.length, rows: 0, bytes: 0 }
  const counter = { bytes: 0 }
  try {
    for (const d of [dest, ...dirs]) {
      if (await cluster.describePath(d)) continue
      await cluster.makeDirectory(d)
      createdDirs.push(d)
    }
    for (const t of tables) {
      opts.signal?.throwIfAborted()
      if (existing.has(t.target)) {
        if (!opts.replace) continue
        await cluster.dropTable(t.target)
      }
      await cluster.createTable(t.target, t.schema)
      created.push(t.target)
    }
    if (opts.restoreData !== false) {
      const queue = [...tables]
      const worker = async (): Promise<void> => {
        for (let t = queue.shift(); t; t = queue.shift()) {
          await loadTable(cluster, storage, t, opts, progress, counter, helper)
          progress.tablesDone++
          opts.progress?.({ ...progress, bytes: counter.bytes })
        }
      }
      await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.inFlight ?? 4, tables.length)) }, worker))
    }
  } catch (e) {
    if (!opts.savePartialResult) {
      for (const t of created.reverse()) await cluster.dropTable(t).catch(() => undefined)
      for (const d of createdDirs.reverse()) await cluster.removeDirectory(d).catch(() => undefined)
    }
    throw e
  }
  return { tables: tables.length, rows: progress.rows, bytes: counter.bytes, created, problems: [] }
}

async function loadTable(
  cluster: ClusterBackend,
  storage: StorageBackend,
  t: LoadedTable,
  opts: RestoreOptions,
  progress: { rows: number },
  counter: { bytes: number },
  helper: Helper,
): Promise<void> {
  const columns: CsvColumn[] = t.schema.columns.map((c) => ({ name: c.name, type: c.type, notNull: c.notNull }))
  const batchRows = opts.batchRows ?? (cluster.kind === 'embedded' ? 2000 : 10_000)
  const fast = await helper.acquire(storage, t)
  try {
    for (const k of t.table.dataKeys) {
      const display = displayKey(storage, k)
      const sum = t.sums.get(k)
      const keyOpt = opts.encryptionKey ? { encryptionKey: opts.encryptionKey } : {}
      const bytes = throttle(readFile(storage, k, { ...keyOpt, ...(sum ? { sha256: sum } : {}), ...(opts.signal ? { signal: opts.signal } : {}), display }), opts.bandwidth, counter)
      try {
        if (fast) {
          await fast.worker.loadFile(fast.engine, fast.target, columns, display, bytes, {
            batchRows: Math.max(batchRows, 10_000),
            ...(opts.signal ? { signal: opts.signal } : {}),
            onRows: (n) => (progress.rows += n),
          })
          continue
        }
        for await (const batch of readCsvRows(bytes, columns, { file: display, batchRows })) {
          await cluster.bulkUpsert(t.target, batch, opts.signal ? { signal: opts.signal } : {})
          progress.rows += batch.length
        }
      } catch (e) {
        // A corrupted file may fail before its last byte (a bad CSV line, a broken
        // zstd frame): when its checksum is wrong, that is what to report.
        if (sum !== undefined && !opts.signal?.aborted && !(e instanceof YqlError && e.diagnostics[0]?.code === TransferErrorCode.Checksum))
          await verifyChecksum(storage, k, sum, { ...keyOpt, display })
        throw e
      }
    }
  } finally {
    if (fast) fast.worker.busy = false
  }
}

/** Data files at least this big (stored bytes, in total per table) go through the worker. */
export const PARALLEL_RESTORE_MIN_BYTES = 2 << 20

/** The restore's worker thread, started for the first table that is worth it. */
class Helper {
  private worker: RestoreWorker | undefined
  private readonly sizes = new Map<string, number>()
  constructor(
    private readonly cluster: ClusterBackend,
    private readonly count: number,
  ) {}

  /** The worker and the table's entry when `t` can be loaded in two threads and the worker is free. */
  async acquire(
    storage: StorageBackend,
    t: LoadedTable,
  ): Promise<{ worker: RestoreWorker; engine: EmbeddedDb; target: { path: string; entry: CatalogEntry } } | undefined> {
    const engine = this.count > 0 ? embeddedEngine(this.cluster) : undefined
    if (!engine) return undefined
    if ((await this.size(storage, t.table.dataKeys)) < PARALLEL_RESTORE_MIN_BYTES) return undefined
    const target = canPutRowRecords(engine, t.target)
    if (!target) return undefined
    const worker = (this.worker ??= new RestoreWorker())
    if (worker.busy) return undefined // another table has it: this one loads in this thread
    worker.busy = true
    return { worker, engine, target }
  }

  private async size(storage: StorageBackend, keys: readonly string[]): Promise<number> {
    let size = 0
    for (const k of keys) {
      let n = this.sizes.get(k)
      if (n === undefined) this.sizes.set(k, (n = (await storage.stat(k))?.size ?? 0))
      size += n
    }
    return size
  }

  /** Starts the worker ahead when some table of the plan is big enough to use it. */
  async warm(storage: StorageBackend, plan: DumpPlan): Promise<void> {
    if (this.count === 0 || !embeddedEngine(this.cluster)) return
    for (const t of plan.tables)
      if ((await this.size(storage, t.dataKeys)) >= PARALLEL_RESTORE_MIN_BYTES) {
        this.worker ??= new RestoreWorker()
        return
      }
  }

  async close(): Promise<void> {
    await this.worker?.close()
  }
}

/** The outcome of verifyStorage. */
export interface VerifyResult {
  readonly tables: number
  readonly files: number
  readonly rows: number
  /** Every problem found (empty: the dump is sound). */
  readonly problems: readonly string[]
}

/**
 * Checks a dump or export without a cluster: markers, names, sidecars,
 * checksums, scheme.pb, and that every data row parses as its columns' types.
 */
export async function verifyStorage(
  storage: StorageBackend,
  opts: { readonly encryptionKey?: Uint8Array; readonly skipChecksumValidation?: boolean; readonly signal?: AbortSignal } = {},
): Promise<VerifyResult> {
  const problems: string[] = []
  let plan: DumpPlan
  try {
    plan = await scanDump(storage, opts)
  } catch (e) {
    return { tables: 0, files: 0, rows: 0, problems: [(e as Error).message] }
  }
  let rows = 0
  let files = 0
  const keyOpt = opts.encryptionKey ? { encryptionKey: opts.encryptionKey } : {}
  for (const t of plan.tables) {
    let schema: TableSchema
    try {
      const sum = !opts.skipChecksumValidation && plan.checksummed.get(t.schemeKey) ? await readChecksum(storage, t.schemeKey, t.schemeKey) : undefined
      schema = parseSchemePb((await readWholeFile(storage, t.schemeKey, { ...keyOpt, ...(sum ? { sha256: sum } : {}), display: displayKey(storage, t.schemeKey) })).toString('utf8'))
      files++
    } catch (e) {
      problems.push(e instanceof YqlError ? e.message : `${displayKey(storage, t.schemeKey)}: ${(e as Error).message}`)
      continue
    }
    const columns: CsvColumn[] = schema.columns.map((c) => ({ name: c.name, type: c.type, notNull: c.notNull }))
    for (const k of t.dataKeys) {
      const display = displayKey(storage, k)
      try {
        const sum = !opts.skipChecksumValidation && plan.checksummed.get(k) ? await readChecksum(storage, k, display) : undefined
        const bytes = readFile(storage, k, { ...keyOpt, ...(sum ? { sha256: sum } : {}), display })
        for await (const batch of readCsvRows(bytes, columns, { file: display })) rows += batch.length
        files++
      } catch (e) {
        problems.push(e instanceof Error ? e.message : String(e))
      }
    }
  }
  return { tables: plan.tables.length, files, rows, problems }
}
