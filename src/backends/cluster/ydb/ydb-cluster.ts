// The ClusterBackend of a real YDB database, through ydb-sdk 5.
//
// 1. Scheme calls go through driver.schemeClient; table DDL through table
//    sessions (CreateTable/DropTable/DescribeTable).
// 2. Table statements are printed back to YQL and sent as they are: DDL with
//    Table.ExecuteSchemeQuery, DML and SELECT with Table.ExecuteDataQuery in a
//    serializable read-write transaction that commits. Results become Values.
// 3. snapshot() = CopyTables of every table into a temp dir + StreamReadTable.
// 4. Backup collections are SchemeShard objects: YDB runs CREATE/BACKUP/RESTORE/
//    DROP BACKUP COLLECTION itself, so the executor sends those statements'
//    YQL via executeSchemeYql(); the collection methods of the contract that
//    YDB has no public API for throw `ydb/server-side-statement`.
// 5. Retries: only idempotent calls (describes, listings, reads, BulkUpsert)
//    are retried here; a BACKUP is never retried blindly.
import { randomUUID } from 'node:crypto'
import { sdk } from './ydb-sdk-runtime.js'
import type { Ydb as YdbNs, TableSession, Driver as DriverT } from 'ydb-sdk'
import type { TableStatement } from '../../../ast/nodes.js'
// The one exception to "backends do not import ast/": YDB takes statements as YQL text.
import { printStatement } from '../../../ast/print.js'
import { YqlError } from '../../../diagnostics/diagnostic.js'
import type { TableSchema } from '../../../types/table-schema.js'
import type { Row, Value } from '../../../types/value.js'
import type { ColumnType } from '../../../types/ydb-type.js'
import {
  BackendErrorCode,
  type ClusterBackend,
  type CollectionDescription,
  type CopyItem,
  type LongOperationOptions,
  type PathEntry,
  type PathType,
  type RestoreItem,
  type Snapshot,
  type StatementContext,
  type StatementOutcome,
} from '../cluster-backend.js'
import { resolveYdbConnection, silentLogger, type YdbConnection, type YdbConnectionOptions } from './ydb-connection.js'
import { YdbErrorCode, retryIdempotent, toYqlError } from './ydb-errors.js'
import { affectedRows, decodeResultSets, encodeParameters } from './ydb-query-params.js'
import { startExportToS3, startImportFromS3, type ExportToS3Options, type ImportFromS3Options } from './ydb-export-import.js'
import { YdbOperationStore } from './ydb-operations.js'
import { RawRpc } from './ydb-raw-rpc.js'
import { describeResultToSchema, schemaToCreateTable } from './ydb-schema.js'
import { takeSnapshot } from './ydb-snapshot.js'
import { inferCollectionDescription } from './ydb-collection-listing.js'
import { columnTypeToProto, columnValueToProto, valueToProto, ydbTypeToProto } from './ydb-values.js'

const { Driver, Ydb, DropTableSettings, ExecuteQuerySettings, AUTO_TX } = sdk

const SUCCESS = 400000

/** Options of openYdbCluster: the connection plus how table statements become YQL. */
export interface YdbClusterOptions extends YdbConnectionOptions {
  /** AST → YQL text. Default: src/ast/print.ts `printStatement`. */
  readonly printStatement?: (stmt: TableStatement) => string
  /** Directory (relative to the database) for snapshot copies. Default `.tmp/yql-backup`. */
  readonly tempDir?: string
  /** Rows per BulkUpsert request. Default 5000. */
  readonly bulkUpsertBatchRows?: number
}

// Scheme Entry.Type numbers (ydb_scheme.proto). BACKUP_COLLECTION = 22 is from newer
// YDB sources than the protos bundled with the SDKs (unverified against a live 25.x).
const ENTRY_DIRECTORY = 1
const ENTRY_TABLE = 2
const ENTRY_DATABASE = 4
const ENTRY_COLUMN_TABLE = 13
const ENTRY_BACKUP_COLLECTION = 22

const entryType = (t: number | null | undefined): PathType | undefined => {
  switch (t) {
    case ENTRY_DIRECTORY: case ENTRY_DATABASE: return 'directory'
    case ENTRY_TABLE: case ENTRY_COLUMN_TABLE: return 'table'
    case ENTRY_BACKUP_COLLECTION: return 'backupCollection'
    default: return undefined
  }
}

const joinPath = (dir: string, name: string): string => (dir.endsWith('/') ? dir + name : `${dir}/${name}`)

export class YdbCluster implements ClusterBackend {
  readonly kind = 'ydb' as const
  readonly database: string
  readonly operations: YdbOperationStore
  readonly rpc: RawRpc
  private readonly schemaCache = new Map<string, TableSchema>()
  private readonly pendingReleases = new Set<Promise<void>>()

  constructor(
    readonly connection: YdbConnection,
    private readonly driver: DriverT,
    private readonly opts: YdbClusterOptions,
  ) {
    this.database = connection.database
    this.rpc = new RawRpc(connection)
    this.operations = new YdbOperationStore(this.rpc)
  }

  // ── paths ──

  /** ydb-sdk prefixes `<database>/`; our paths are absolute. */
  rel(path: string): string {
    const db = this.database
    if (path === db) return ''
    if (path.startsWith(`${db}/`)) return path.slice(db.length + 1)
    if (!path.startsWith('/')) return path
    throw YqlError.of(BackendErrorCode.BadRequest, `Path ${path} is outside the database ${db}`)
  }

  private withSession<T>(fn: (s: TableSession) => Promise<T>): Promise<T> {
    return this.driver.tableClient.withSession(fn)
  }

  /** A bare session for raw calls (ReadTable, CopyTables, ExecuteSchemeQuery). */
  async createSession(): Promise<string> {
    const res = await retryIdempotent(async () => (await this.rpc.table()).createSession({}))
    const op = res.operation
    if (!op || op.status !== SUCCESS || !op.result?.value) {
      throw toYqlError(Object.assign(new Error('CreateSession failed'), { issues: op?.issues }))
    }
    return Ydb.Table.CreateSessionResult.decode(op.result.value).sessionId
  }

  async deleteSession(id: string): Promise<void> {
    await (await this.rpc.table()).deleteSession({ sessionId: id })
  }

  private async withRawSession<T>(fn: (sessionId: string) => Promise<T>): Promise<T> {
    const id = await this.createSession()
    try {
      return await fn(id)
    } finally {
      await this.deleteSession(id).catch(() => undefined)
    }
  }

  /** Checks an Operation of a unary call (waiting if the server answered asynchronously). */
  /** `what` prefixes error messages; without it YDB's words are kept as they are (statements). */
  private async settle(op: YdbNs.Operations.IOperation | null | undefined, what: string | undefined, signal?: AbortSignal): Promise<YdbNs.Operations.IOperation> {
    let cur = op
    while (cur && !cur.ready && cur.id) {
      if (signal?.aborted) throw YqlError.of(BackendErrorCode.Cancelled, `${what ?? 'statement'}: cancelled`)
      await new Promise((r) => setTimeout(r, 200))
      cur = (await retryIdempotent(async () => (await this.rpc.operations()).getOperation({ id: cur!.id! }))).operation
    }
    if (!cur) throw YqlError.of(BackendErrorCode.Internal, `${what ?? 'statement'}: no operation in response`)
    if (cur.status !== SUCCESS) {
      const e = Object.assign(new Error(what ?? 'statement failed'), { issues: cur.issues })
      Object.defineProperty(e, 'constructor', { value: { status: cur.status } })
      throw toYqlError(e, what)
    }
    return cur
  }

  // ── statements ──

  async executeStatement(stmt: TableStatement, ctx: StatementContext): Promise<StatementOutcome> {
    const text = (this.opts.printStatement ?? printStatement)(stmt)
    const prefix = ctx.pathPrefix ? `PRAGMA TablePathPrefix("${ctx.pathPrefix.replace(/["\\]/g, '\\$&')}");\n` : ''
    if (stmt.kind === 'CreateTable' || stmt.kind === 'DropTable' || stmt.kind === 'AlterTable') {
      this.schemaCache.clear()
      await this.executeSchemeYql(prefix + text, ctx.signal)
      return { resultSets: [] }
    }
    return this.executeDataYql(prefix + text, ctx.parameters, ctx.signal, ctx.parameterTypes)
  }

  /**
   * Sends scheme YQL (DDL, and YDB's own CREATE/BACKUP/RESTORE/DROP BACKUP
   * COLLECTION) with Table.ExecuteSchemeQuery. Never retried: a BACKUP that
   * timed out must be looked up with `operations.list('incbackup')` first.
   */
  async executeSchemeYql(text: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.withRawSession(async (sessionId) => {
        const res = await (await this.rpc.table(signal)).executeSchemeQuery({ sessionId, yqlText: text })
        await this.settle(res.operation, undefined, signal)
      })
    } catch (e) {
      throw toYqlError(e)
    }
  }

  /**
   * Runs a backup statement (BACKUP [INCREMENTAL], RESTORE) on the server and
   * returns the ids of the operations it started. Never retried: when the
   * answer is lost (UNAVAILABLE, TIMEOUT, UNDETERMINED...) the operations of
   * `kind` are looked up, and a new one means the statement did start — its id
   * is returned with `uncertain: true` instead of sending the statement again.
   */
  async executeBackupStatement(
    text: string,
    kind: 'incbackup' | 'restore',
    signal?: AbortSignal,
  ): Promise<{ operationIds: string[]; uncertain: boolean }> {
    const ids = async () => new Set((await this.operations.list(kind)).map((o) => o.id))
    const before = await ids()
    const started = async () => [...(await ids())].filter((id) => !before.has(id))
    try {
      await this.executeSchemeYql(text, signal)
    } catch (e) {
      const err = toYqlError(e)
      const code = err.diagnostics[0]?.code
      if (code !== YdbErrorCode.Unavailable && code !== BackendErrorCode.Busy && code !== BackendErrorCode.Internal) throw err
      const found = await started().catch(() => [])
      if (found.length) return { operationIds: found, uncertain: true }
      throw YqlError.of(code ?? BackendErrorCode.Internal, `${err.message} (not retried: no ${kind} operation was found; check \`operation list ${kind}\` before running it again)`)
    }
    return { operationIds: await started(), uncertain: false }
  }

  /**
   * Runs data YQL (DML, SELECT) in one serializable transaction that commits.
   * Not retried. Parameters are typed by `paramTypes` where given, otherwise
   * from the value (bigint → Int64, integer → Int32, string → Utf8, ...), and
   * declared unless the text declares them.
   */
  async executeDataYql(
    text: string,
    parameters?: ReadonlyMap<string, Value>,
    signal?: AbortSignal,
    paramTypes?: ReadonlyMap<string, ColumnType>,
  ): Promise<StatementOutcome> {
    const { declares, params } = encodeParameters(text, parameters, paramTypes)
    if (signal?.aborted) throw YqlError.of(BackendErrorCode.Cancelled, 'cancelled')
    try {
      const settings = new ExecuteQuerySettings().withCollectStats(Ydb.Table.QueryStatsCollection.Mode.STATS_COLLECTION_BASIC)
      const res = await this.withSession((s) => s.executeQuery(declares + text, params, AUTO_TX, settings))
      const n = affectedRows(res.queryStats)
      return { resultSets: decodeResultSets(res.resultSets), ...(n !== undefined && n > 0 ? { rowsAffected: n } : {}) }
    } catch (e) {
      throw toYqlError(e)
    }
  }

  // ── scheme ──

  async describePath(path: string): Promise<PathEntry | undefined> {
    try {
      const r = await retryIdempotent(() => this.driver.schemeClient.describePath(this.rel(path)))
      const type = entryType(r.self?.type)
      if (!type) return undefined
      const name = path.split('/').filter(Boolean).pop() ?? ''
      return { path, name, type, ...(r.self?.owner ? { owner: r.self.owner } : {}) }
    } catch (e) {
      const err = toYqlError(e, `describe ${path}`)
      if (err.diagnostics[0]?.code === BackendErrorCode.PathNotFound) return undefined
      throw err
    }
  }

  async listDirectory(path: string): Promise<readonly PathEntry[]> {
    try {
      const r = await retryIdempotent(() => this.driver.schemeClient.listDirectory(this.rel(path)))
      const out: PathEntry[] = []
      for (const c of r.children ?? []) {
        const type = entryType(c.type)
        if (!type || !c.name) continue
        out.push({ path: joinPath(path, c.name), name: c.name, type, ...(c.owner ? { owner: c.owner } : {}) })
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    } catch (e) {
      throw toYqlError(e, `list ${path}`)
    }
  }

  async describeTable(path: string): Promise<TableSchema | undefined> {
    try {
      const d = await retryIdempotent(() => this.withSession((s) => s.describeTable(this.rel(path))))
      const schema = describeResultToSchema(d)
      this.schemaCache.set(path, schema)
      return schema
    } catch (e) {
      const err = toYqlError(e, `describe ${path}`)
      if (err.diagnostics[0]?.code === BackendErrorCode.PathNotFound) return undefined
      throw err
    }
  }

  async makeDirectory(path: string): Promise<void> {
    try {
      await this.driver.schemeClient.makeDirectory(this.rel(path))
    } catch (e) {
      throw toYqlError(e, `mkdir ${path}`)
    }
  }

  async removeDirectory(path: string, opts: { recursive?: boolean } = {}): Promise<void> {
    if (opts.recursive) {
      for (const child of await this.listDirectory(path)) {
        if (child.type === 'table') await this.dropTable(child.path)
        else if (child.type === 'directory') await this.removeDirectory(child.path, opts)
        else throw YqlError.of(BackendErrorCode.WrongPathType, `Cannot remove ${child.path}: it is a ${child.type}`)
      }
    }
    try {
      await this.driver.schemeClient.removeDirectory(this.rel(path))
    } catch (e) {
      throw toYqlError(e, `rmdir ${path}`)
    }
  }

  async createTable(path: string, schema: TableSchema): Promise<void> {
    this.schemaCache.delete(path)
    try {
      // YDB's CreateTable creates missing parent directories itself.
      await this.withSession((s) => s.createTable(this.rel(path), schemaToCreateTable(schema) as never))
    } catch (e) {
      throw toYqlError(e, `create table ${path}`)
    }
  }

  async dropTable(path: string): Promise<void> {
    this.schemaCache.delete(path)
    try {
      await this.withSession((s) => s.dropTable(this.rel(path), new DropTableSettings({ muteNonExistingTableErrors: false })))
    } catch (e) {
      throw toYqlError(e, `drop table ${path}`)
    }
  }

  // ── backup collections: server-side on YDB ──

  private serverSide(what: string): YqlError {
    return YqlError.of(
      YdbErrorCode.ServerSideStatement,
      `${what} is carried out by the YDB server: send the statement's YQL with executeSchemeYql() (YDB 25.x backup collections)`,
    )
  }

  async createBackupCollection(_path: string, _d: CollectionDescription): Promise<void> {
    throw this.serverSide('CREATE BACKUP COLLECTION')
  }

  async describeBackupCollection(path: string): Promise<CollectionDescription | undefined> {
    const e = await this.describePath(path)
    if (e?.type !== 'backupCollection') return undefined
    // YDB's public Scheme API has no DescribeBackupCollection: inferred from the backups.
    return inferCollectionDescription(this, path)
  }

  async alterBackupCollection(_path: string, _d: CollectionDescription): Promise<void> {
    throw this.serverSide('ALTER BACKUP COLLECTION')
  }

  async dropBackupCollection(_path: string): Promise<void> {
    throw this.serverSide('DROP BACKUP COLLECTION')
  }

  /** CopyTables: one consistent snapshot of every `src`. Change capture is SchemeShard's (server-side BACKUP). */
  async consistentCopy(
    items: readonly CopyItem[],
    opts: LongOperationOptions & { readonly omitIndexes?: boolean; readonly changeCapture?: string },
  ): Promise<void> {
    if (opts.changeCapture) throw this.serverSide('A consistent copy with change capture (BACKUP of an incremental collection)')
    if (!items.length) return
    for (const it of items) this.schemaCache.delete(it.dst)
    try {
      await this.withRawSession(async (sessionId) => {
        const res = await (await this.rpc.table(opts.signal)).copyTables({
          sessionId,
          tables: items.map((it) => ({ sourcePath: it.src, destinationPath: it.dst, omitIndexes: Boolean(opts.omitIndexes) })),
        })
        await this.settle(res.operation, 'copy tables', opts.signal)
      })
      opts.progress?.({ tablesDone: items.length, tablesTotal: items.length })
    } catch (e) {
      throw toYqlError(e, 'copy tables')
    }
  }

  async takeIncrementalBackup(_items: readonly CopyItem[], _opts: LongOperationOptions & { readonly nextStream: string }): Promise<void> {
    throw this.serverSide('BACKUP ... INCREMENTAL')
  }

  async stopChangeCapture(_tables: readonly string[]): Promise<void> {
    throw this.serverSide('Stopping change capture')
  }

  async restore(_items: readonly RestoreItem[], _opts: LongOperationOptions): Promise<void> {
    throw this.serverSide('RESTORE')
  }

  // ── streaming ──

  /**
   * A consistent view of every table in the database, or (YDB extension of the
   * contract, to spare a big shared database) only of the tables under `under`.
   */
  async snapshot(opts: { readonly under?: readonly string[] } = {}): Promise<Snapshot> {
    const tempRoot = joinPath(this.database, this.opts.tempDir ?? '.tmp/yql-backup')
    return takeSnapshot(this, joinPath(tempRoot, `snapshot-${randomUUID()}`), tempRoot, opts.under ?? [this.database], (p) => {
      const tracked = p.finally(() => this.pendingReleases.delete(tracked))
      this.pendingReleases.add(tracked)
    })
  }

  async bulkUpsert(path: string, rows: readonly Row[], opts: { signal?: AbortSignal } = {}): Promise<void> {
    if (!rows.length) return
    const schema = this.schemaCache.get(path) ?? (await this.describeTable(path))
    if (!schema) throw YqlError.of(BackendErrorCode.PathNotFound, `Table ${path} does not exist`)
    const cts: ColumnType[] = schema.columns.map((c) => ({ type: c.type, nullable: !c.notNull }))
    const rowType: YdbNs.IType = {
      listType: { item: { structType: { members: schema.columns.map((c, i) => ({ name: c.name, type: columnTypeToProto(cts[i]!) })) } } },
    }
    const batch = this.opts.bulkUpsertBatchRows ?? 5000
    for (let off = 0; off < rows.length; off += batch) {
      if (opts.signal?.aborted) throw YqlError.of(BackendErrorCode.Cancelled, 'bulk upsert cancelled')
      const items = rows.slice(off, off + batch).map((r) => {
        if (r.length !== cts.length) {
          throw YqlError.of(BackendErrorCode.BadRequest, `Row of ${r.length} values for ${cts.length} columns of ${path}`)
        }
        return { items: r.map((v, i) => columnValueToProto(v, cts[i]!)) }
      })
      const typed = { type: rowType, value: { items } } as unknown as YdbNs.TypedValue
      try {
        // BulkUpsert has replace semantics, so repeating it is safe.
        await retryIdempotent(() => this.withSession((s) => s.bulkUpsert(this.rel(path), typed)), opts.signal ? { signal: opts.signal } : {})
      } catch (e) {
        throw toYqlError(e, `bulk upsert ${path}`)
      }
    }
  }

  /** `export s3` on the server (Export service); returns the `export/s3` operation id. Not retried. */
  exportToS3(opts: ExportToS3Options): Promise<string> {
    return startExportToS3(this.rpc, opts)
  }

  /** `import s3` on the server (Import service); returns the `import/s3` operation id. Not retried. */
  importFromS3(opts: ImportFromS3Options): Promise<string> {
    return startImportFromS3(this.rpc, opts)
  }

  /** Resolves when every released snapshot's temporary copies are dropped. */
  async whenReleased(): Promise<void> {
    await Promise.all([...this.pendingReleases])
  }

  async close(): Promise<void> {
    await this.whenReleased()
    this.rpc.close()
    await this.driver.destroy()
  }
}

/**
 * Connects to a YDB database and returns its ClusterBackend. Address, database
 * and credentials are checked with one Discovery.ListEndpoints call before the
 * ydb-sdk driver is built: the driver pre-creates table sessions in the
 * background and a failure there would surface as an unhandled rejection.
 */
export async function openYdbCluster(opts: YdbClusterOptions = {}): Promise<YdbCluster> {
  const conn = resolveYdbConnection(opts)
  const where = `${conn.secure ? 'grpcs' : 'grpc'}://${conn.hostPort}${conn.database}`
  const probe = new RawRpc(conn)
  try {
    const res = await probe.listEndpoints(conn.connectTimeoutMs)
    const op = res.operation
    if (op?.status !== SUCCESS) {
      const e = Object.assign(new Error('ListEndpoints failed'), { issues: op?.issues })
      Object.defineProperty(e, 'constructor', { value: { status: op?.status } })
      throw e
    }
  } catch (e) {
    throw toYqlError(e, `connect to ${where}`)
  } finally {
    probe.close()
  }
  const driver = new Driver({
    connectionString: where,
    authService: conn.authService,
    ...(conn.sslCredentials ? { sslCredentials: conn.sslCredentials } : {}),
    logger: silentLogger,
  })
  let ok = false
  try {
    ok = await driver.ready(conn.connectTimeoutMs)
  } catch (e) {
    await driver.destroy().catch(() => undefined)
    throw toYqlError(e, `connect to ${where}`)
  }
  if (!ok) {
    await driver.destroy().catch(() => undefined)
    throw YqlError.of(YdbErrorCode.Unavailable, `Cannot connect to YDB at ${where} within ${conn.connectTimeoutMs} ms`)
  }
  return new YdbCluster(conn, driver, opts)
}

// Re-exported for callers that type parameters themselves.
export { valueToProto, ydbTypeToProto }
