// The embedded cluster: the ClusterBackend over the embedded LMDB database.
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import type { TableStatement } from '../../../ast/nodes.js'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import type { TableSchema } from '../../../types/table-schema.js'
import type { Row } from '../../../types/value.js'
import {
  BackendErrorCode,
  type ClusterBackend,
  type CollectionDescription,
  type CopyItem,
  type CreateTableOptions,
  type LongOperationOptions,
  type OperationStore,
  type PathEntry,
  type RestoreItem,
  type Snapshot,
  type StatementContext,
  type StatementOutcome,
} from '../cluster-backend.js'
import { consistentCopy, restore, takeIncrementalBackup } from './backup-ops.js'
import { normalizePath, parentAndName } from './catalog.js'
import { openEmbeddedDatabase, type EmbeddedDb } from './database.js'
import type { EmbeddedDatabase } from './engine-api.js'
import { pathExists, pathNotFound, wrongPathType } from './errors.js'
import { LmdbOperationStore } from './operation-store.js'
import type { ReadTxnImpl } from './read-txn.js'
import { executeTableStatement } from './sql/execute.js'
import { collectGarbage } from './staging.js'

/** Options of openEmbeddedCluster. */
export interface EmbeddedClusterOptions {
  readonly dataDir: string
  /** The database root; default `/local`. */
  readonly database?: string
  /** See EmbeddedDatabaseOptions: 'process' (default) or 'full' (fsync every commit). */
  readonly durability?: 'process' | 'full'
}

export async function openEmbeddedCluster(opts: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const db = openEmbeddedDatabase(opts.dataDir, opts.durability ? { durability: opts.durability } : {})
  const database = normalizePath(opts.database ?? '/local')
  db.writeInternal((tx) => {
    if (!tx.entry(database)) tx.ensureDirectory(database)
  })
  collectGarbage(db)
  return new EmbeddedCluster(db, database)
}

export class EmbeddedCluster implements ClusterBackend {
  readonly kind = 'embedded' as const
  readonly operations: OperationStore

  constructor(readonly engine: EmbeddedDb, readonly database: string) {
    this.operations = new LmdbOperationStore(engine)
  }

  /** The transaction API (for the SQL layer, tools and tests). */
  get db(): EmbeddedDatabase {
    return this.engine
  }

  executeStatement(stmt: TableStatement, ctx: StatementContext): Promise<StatementOutcome> {
    return executeTableStatement(this.engine, this.database, stmt, ctx)
  }

  // ── scheme ──

  async describePath(path: string): Promise<PathEntry | undefined> {
    return this.engine.read((tx) => tx.getPath(path))
  }

  async listDirectory(path: string): Promise<readonly PathEntry[]> {
    return this.engine.read((tx) => tx.listDirectory(path))
  }

  async describeTable(path: string): Promise<TableSchema | undefined> {
    return this.engine.read((tx) => tx.resolveTable(path)?.schema)
  }

  async makeDirectory(path: string): Promise<void> {
    this.engine.write((tx) => tx.makeDirectory(path))
  }

  async removeDirectory(path: string, opts?: { recursive?: boolean }): Promise<void> {
    this.engine.write((tx) => tx.removeDirectory(path, opts?.recursive === true))
  }

  async createTable(path: string, schema: TableSchema, opts: CreateTableOptions = {}): Promise<void> {
    // The restore/import path: an incremental backup table imported into a
    // collection keeps its `__ydb_incrBackupImpl_changeMetadata` column.
    const allowSystemColumns = opts.allowSystemColumns === true || this.inCollections(path)
    this.engine.write((tx) => tx.createTable(path, schema, { allowSystemColumns }))
  }

  /** Whether `path` lies inside `<database>/.backups/collections` (backup tables). */
  private inCollections(path: string): boolean {
    return normalizePath(path).startsWith(`${this.database === '/' ? '' : this.database}/.backups/collections/`)
  }

  async dropTable(path: string): Promise<void> {
    this.engine.write((tx) => tx.dropTable(path))
  }

  // ── backup collections ──

  async createBackupCollection(path: string, description: CollectionDescription): Promise<void> {
    const p = normalizePath(path)
    this.engine.writeInternal((tx) => {
      if (tx.entry(p)) throw pathExists(p)
      tx.ensureDirectory(parentAndName(p)[0])
      tx.putEntry(p, { type: 'backupCollection', createdAt: Date.now(), collection: description })
    })
  }

  async describeBackupCollection(path: string): Promise<CollectionDescription | undefined> {
    return this.engine.read((tx) => tx.getCollection(path))
  }

  async alterBackupCollection(path: string, description: CollectionDescription): Promise<void> {
    const p = normalizePath(path)
    this.engine.writeInternal((tx) => {
      const e = tx.entry(p)
      if (!e) throw pathNotFound(p, tx.nearest(p))
      if (e.type !== 'backupCollection') throw wrongPathType(p, 'backup collection', e.type)
      tx.putEntry(p, { ...e, collection: description })
    })
  }

  async dropBackupCollection(path: string): Promise<void> {
    const p = normalizePath(path)
    this.engine.writeInternal((tx) => {
      const e = tx.entry(p)
      if (!e) throw pathNotFound(p, tx.nearest(p))
      if (e.type !== 'backupCollection') throw wrongPathType(p, 'backup collection', e.type)
      for (const t of e.collection?.tables ?? []) {
        const rt = tx.resolveTable(t)
        if (!rt || rt.streams.length === 0) continue
        for (const s of rt.streams) tx.removeId(tx.store.changes, s.id)
        tx.setStreams(rt.path, [])
      }
      tx.removeDirectory(p, true)
    })
  }

  consistentCopy(
    items: readonly CopyItem[],
    opts: LongOperationOptions & { readonly omitIndexes?: boolean; readonly changeCapture?: string },
  ): Promise<void> {
    return consistentCopy(this.engine, items, opts)
  }

  async takeIncrementalBackup(items: readonly CopyItem[], opts: LongOperationOptions & { readonly nextStream: string }): Promise<void> {
    if (opts.signal?.aborted) throw YqlError.of(BackendErrorCode.Cancelled, 'Operation cancelled')
    takeIncrementalBackup(this.engine, items, opts)
  }

  async stopChangeCapture(tables: readonly string[]): Promise<void> {
    this.engine.writeInternal((tx) => {
      for (const t of tables) {
        const rt = tx.resolveTable(t)
        if (!rt || rt.streams.length === 0) continue
        for (const s of rt.streams) tx.removeId(tx.store.changes, s.id)
        tx.setStreams(rt.path, [])
      }
    })
  }

  restore(items: readonly RestoreItem[], opts: LongOperationOptions): Promise<void> {
    return restore(this.engine, items, opts)
  }

  // ── streaming access ──

  async snapshot(): Promise<Snapshot> {
    const held = this.engine.hold()
    return {
      describeTable: (path) => held.tx.resolveTable(path)?.schema,
      release: () => held.release(),
      readTable: (path, opts) => readTableBatches(held.tx, path, opts),
    }
  }

  async bulkUpsert(path: string, rows: readonly Row[], opts?: { signal?: AbortSignal }): Promise<void> {
    if (opts?.signal?.aborted) throw YqlError.of(BackendErrorCode.Cancelled, 'Operation cancelled')
    this.engine.write((tx) => {
      const t = tx.resolveTable(path)
      if (!t) throw pathNotFound(normalizePath(path))
      const all = t.schema.columns.map((_c, i) => i)
      for (const row of rows) tx.writeRow(t, row, { kind: 'replace', columns: all })
    })
  }

  async close(): Promise<void> {
    await this.engine.close()
  }
}

async function* readTableBatches(
  tx: ReadTxnImpl,
  path: string,
  opts?: { signal?: AbortSignal; batchRows?: number },
): AsyncIterable<readonly Row[]> {
  const t = tx.requireTable(path)
  const size = Math.max(1, opts?.batchRows ?? 1000)
  let after: Buffer | undefined
  for (;;) {
    if (opts?.signal?.aborted) throw YqlError.of(BackendErrorCode.Cancelled, 'Operation cancelled')
    const { rows, last } = tx.scanChunk(t, after, size)
    if (rows.length === 0) return
    yield rows
    after = last
    await yieldToLoop()
  }
}
