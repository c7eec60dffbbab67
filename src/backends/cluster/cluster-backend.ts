// The contract between the executor and a cluster: the embedded database
// (backends/cluster/embedded/) and a YDB cluster (backends/cluster/ydb/).
//
// Paths are absolute (`/local/dir/t`); the executor resolves relative names,
// USE and PRAGMA TablePathPrefix before calling. Methods that change data or
// scheme are atomic: they either happen completely or not at all. Errors are
// thrown as YqlError with a stable code (see BackendErrorCode) and YDB's words.
import type { TableStatement } from '../../ast/nodes.js'
import type { TableSchema } from '../../types/table-schema.js'
import type { ColumnType } from '../../types/ydb-type.js'
import type { Row, Value } from '../../types/value.js'

export type PathType = 'directory' | 'table' | 'backupCollection'

export interface PathEntry {
  readonly path: string
  readonly name: string
  readonly type: PathType
  readonly owner?: string
  /** Milliseconds since the epoch. */
  readonly createdAt?: number
}

/** A collection's description, as YDB's SchemeShard keeps it (spec §2.1), plus our extensions. */
export interface CollectionDescription {
  /** Absolute table paths. `database: true` collections cover every table (extension; YDB: Unimplemented). */
  readonly tables: readonly string[]
  readonly database?: boolean
  /** 'cluster' (YDB) or a `file://` / `s3://` URL (extension). */
  readonly storage: string
  readonly incrementalBackupEnabled: boolean
  readonly omitIndexes: boolean
  /** Other settings, lower-cased keys (extensions may add some). */
  readonly settings?: Readonly<Record<string, string>>
}

export interface ResultColumn {
  readonly name: string
  readonly type: ColumnType | null
}

export interface ResultSet {
  readonly columns: readonly ResultColumn[]
  readonly rows: readonly Row[]
}

export interface StatementOutcome {
  readonly resultSets: readonly ResultSet[]
  /** Rows written or deleted by a DML statement. */
  readonly rowsAffected?: number
}

export interface StatementContext {
  readonly parameters?: ReadonlyMap<string, Value>
  /** The DECLAREd types of parameters, by `$name` (a value's representation alone does not tell Date from Int32). */
  readonly parameterTypes?: ReadonlyMap<string, ColumnType>
  /** `PRAGMA TablePathPrefix` / USE-resolved directory for relative table names. */
  readonly pathPrefix: string
  readonly signal?: AbortSignal
}

export interface Progress {
  readonly tablesDone?: number
  readonly tablesTotal?: number
  readonly rows?: number
  readonly bytes?: number
}

export interface LongOperationOptions {
  readonly signal?: AbortSignal
  readonly progress?: (p: Progress) => void
}

/** A source → destination table pair of a consistent copy or an incremental backup. */
export interface CopyItem {
  readonly src: string
  readonly dst: string
}

/** One table's restore: the full backup's table, then the incrementals' tables in order. */
export interface RestoreItem {
  readonly target: string
  readonly full: string
  readonly incrementals: readonly string[]
}

/** A consistent read view of the whole database. Must be released. */
export interface Snapshot {
  /** Streams the table's rows in primary-key order, in batches. */
  readTable(path: string, opts?: { signal?: AbortSignal; batchRows?: number }): AsyncIterable<readonly Row[]>
  describeTable(path: string): TableSchema | undefined
  release(): void
}

export interface ClusterBackend {
  readonly kind: 'embedded' | 'ydb'
  /** The database root, e.g. `/local`. */
  readonly database: string
  readonly operations: OperationStore

  /** Runs one table statement (DDL, DML or SELECT). Atomic. */
  executeStatement(stmt: TableStatement, ctx: StatementContext): Promise<StatementOutcome>

  // ── scheme ──
  describePath(path: string): Promise<PathEntry | undefined>
  listDirectory(path: string): Promise<readonly PathEntry[]>
  describeTable(path: string): Promise<TableSchema | undefined>
  makeDirectory(path: string): Promise<void>
  /** Removes a directory; with `recursive`, everything below it too. */
  removeDirectory(path: string, opts?: { recursive?: boolean }): Promise<void>
  /**
   * Creates a table and any missing parent directories. Used by the restore and
   * import paths (not by CREATE TABLE statements, which go through
   * executeStatement).
   */
  createTable(path: string, schema: TableSchema, opts?: CreateTableOptions): Promise<void>
  dropTable(path: string): Promise<void>

  // ── backup collections (YDB SchemeShard operations) ──
  createBackupCollection(path: string, description: CollectionDescription): Promise<void>
  describeBackupCollection(path: string): Promise<CollectionDescription | undefined>
  alterBackupCollection(path: string, description: CollectionDescription): Promise<void>
  /** Removes the collection, every backup below it, and its change capture. Source tables stay. */
  dropBackupCollection(path: string): Promise<void>

  /**
   * One consistent snapshot of every `src`, copied to `dst` (missing parent
   * directories created; copies are read-only). When `changeCapture` is given,
   * change capture named so starts on every `src` at exactly the snapshot point,
   * replacing any earlier capture on those tables.
   */
  consistentCopy(
    items: readonly CopyItem[],
    opts: LongOperationOptions & { readonly omitIndexes?: boolean; readonly changeCapture?: string },
  ): Promise<void>

  /**
   * Atomically rotates change capture on every `src` to a new stream named
   * `nextStream` and writes what the old stream captured into `dst`, in YDB's
   * incremental table format (every column nullable, plus
   * `__ydb_incrBackupImpl_changeMetadata`). Fails with
   * `Last continuous backup stream is not found` when a table has no capture.
   */
  takeIncrementalBackup(items: readonly CopyItem[], opts: LongOperationOptions & { readonly nextStream: string }): Promise<void>

  /** Stops change capture on these tables (DROP BACKUP COLLECTION, ALTER). */
  stopChangeCapture(tables: readonly string[]): Promise<void>

  /**
   * Restores every item as one unit: copies the full backup's table to `target`
   * (which must not exist), applies each incremental in order, rebuilds indexes.
   * On any failure nothing is left behind.
   */
  restore(items: readonly RestoreItem[], opts: LongOperationOptions): Promise<void>

  // ── streaming access, for dump / export / restore / import ──
  snapshot(): Promise<Snapshot>
  /** Writes rows into an existing table with REPLACE semantics. */
  bulkUpsert(path: string, rows: readonly Row[], opts?: { signal?: AbortSignal }): Promise<void>

  close(): Promise<void>
}

/** Options of ClusterBackend.createTable. */
export interface CreateTableOptions {
  /**
   * Allow columns named `__ydb_…` (YDB's system prefix), as YDB does for
   * incremental backup tables (`__ydb_incrBackupImpl_changeMetadata`). Backends
   * also allow them for tables created inside `<database>/.backups/collections`.
   */
  readonly allowSystemColumns?: boolean
}

/** Stable error codes backends use in the diagnostics they throw. */
export const BackendErrorCode = {
  PathNotFound: 'scheme/path-not-found',
  PathExists: 'scheme/path-exists',
  WrongPathType: 'scheme/wrong-path-type',
  SchemeError: 'scheme/error',
  PreconditionFailed: 'exec/precondition-failed',
  BadRequest: 'exec/bad-request',
  ConstraintViolation: 'exec/constraint-violation',
  Busy: 'exec/busy',
  Cancelled: 'exec/cancelled',
  Internal: 'exec/internal',
  StorageFull: 'exec/storage-full',
} as const

/** A long operation's record, as YDB's Operation service shows it (spec §2.8). */
export interface OperationRecord {
  /** e.g. `ydb://incbackup/7?id=...&kind=incbackup`-like ids; unique per database. */
  readonly id: string
  /** `incbackup` (BACKUP), `restore`, `export/s3`, `import/s3`, `dump`, `tools-restore`. */
  readonly kind: string
  readonly status: 'PROGRESS' | 'SUCCESS' | 'ERROR' | 'CANCELLED'
  readonly ready: boolean
  readonly createdAt: number
  readonly endedAt?: number
  /** Collection path or export/import description. */
  readonly subject: string
  readonly progress?: Progress
  readonly issues?: readonly string[]
  /** Process id of the runner, so a killed runner's PROGRESS operation can be shown as ERROR. */
  readonly pid?: number
}

/**
 * Where operations are kept so that `operation list` in another process sees
 * them: the embedded database keeps them on disk; the YDB backend asks the server.
 */
export interface OperationStore {
  put(op: OperationRecord): Promise<void>
  get(id: string): Promise<OperationRecord | undefined>
  list(kind?: string): Promise<readonly OperationRecord[]>
  forget(id: string): Promise<boolean>
}
