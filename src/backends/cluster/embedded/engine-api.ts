// The embedded engine's synchronous transaction API. The SQL layer
// (embedded/sql/) executes statements on top of it; the EmbeddedCluster uses it
// for scheme and backup operations. Every callback runs inside one LMDB
// transaction: a write callback is one ACID statement, a read callback sees one
// MVCC snapshot of every table and never blocks writers.
import type { TableSchema } from '../../../types/table-schema.js'
import type { Row, Value } from '../../../types/value.js'
import type { PathEntry } from '../cluster-backend.js'

/** A resolved table inside one transaction. Valid only within that transaction. */
export interface TableHandle {
  readonly id: number
  readonly path: string
  readonly schema: TableSchema
  /** Backup copies are read-only: writes to them are refused. */
  readonly readOnly: boolean
}

/** One end of a key range. `key` may be a prefix of the primary (or index) key. */
export interface KeyBound {
  readonly key: readonly Value[]
  readonly inclusive: boolean
}

/** A primary-key (or index-key) range; a missing end is unbounded. */
export interface KeyRange {
  readonly from?: KeyBound
  readonly to?: KeyBound
}

/** How a row write came about, for change capture (UPSERT vs REPLACE semantics). */
export interface RowChange {
  readonly kind: 'upsert' | 'replace'
  /** Indexes (in schema order) of the columns the statement set explicitly. */
  readonly columns: readonly number[]
}

/** A read-only view of the database at one consistent point in time. */
export interface ReadTxn {
  getPath(path: string): PathEntry | undefined
  /** Children of a directory (throws when the path is missing or not a directory). */
  listDirectory(path: string): PathEntry[]
  resolveTable(path: string): TableHandle | undefined
  get(t: TableHandle, key: readonly Value[]): Row | undefined
  /** Lazy, in primary-key order. Consume it inside the transaction. */
  scan(t: TableHandle, range?: KeyRange): Iterable<Row>
  /** The table's rows in index-key order (then primary-key order); `range` bounds the index key. */
  scanIndex(t: TableHandle, index: string, range?: KeyRange): Iterable<Row>
  /** Number of rows of a table. */
  countRows(t: TableHandle): number
  /** Whether a table has at least `n` rows (cheap for small n, unlike countRows). */
  hasRows(t: TableHandle, n: number): boolean
  /** The collection description stored at `path`, if it is a backup collection. */
  getCollection(path: string): import('../cluster-backend.js').CollectionDescription | undefined
}

/** Options of WriteTxn.createTable. */
export interface CreateTableFlags {
  /** Accept columns named `__ydb_…` (YDB's system prefix, used by incremental backup tables). */
  readonly allowSystemColumns?: boolean
}

/** A read-write transaction: one statement. Throwing from the callback rolls everything back. */
export interface WriteTxn extends ReadTxn {
  /**
   * Writes a full row (schema order). Maintains indexes, enforces UNIQUE and NOT
   * NULL, and records the change when the table is captured: the key's new image
   * plus which columns were set (a 'replace' also resets the unlisted ones).
   */
  writeRow(t: TableHandle, row: Row, change: RowChange): void
  /** Deletes a key; records a tombstone when captured, even if the key did not exist. Returns whether a row existed. */
  deleteRow(t: TableHandle, key: readonly Value[]): boolean
  /**
   * Creates the table and any missing parent directories, as YDB does. Column
   * names starting with `__ydb_` are refused unless `opts.allowSystemColumns`
   * (incremental backup tables being restored or imported).
   */
  createTable(path: string, schema: TableSchema, opts?: CreateTableFlags): TableHandle
  dropTable(path: string): void
  /** ADD/DROP COLUMN, ADD/DROP INDEX: existing rows are rewritten and index data rebuilt. */
  alterTable(path: string, schema: TableSchema): void
  makeDirectory(path: string): void
  removeDirectory(path: string, recursive: boolean): void
}

/** The embedded database: one LMDB environment in a data directory. */
export interface EmbeddedDatabase {
  /** Runs `fn` in a read snapshot. */
  read<T>(fn: (tx: ReadTxn) => T): T
  /** Runs `fn` as one write transaction (serialised across processes). */
  write<T>(fn: (tx: WriteTxn) => T): T
  close(): Promise<void>
}
