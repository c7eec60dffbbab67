import type { YdbType } from './ydb-type.js'
import type { Value } from './value.js'

/**
 * A row table's description, as YDB's DescribeTable gives it and scheme.pb stores
 * it (Ydb.Table.CreateTableRequest). Shared by the engine, the dump formats and
 * the planner. Column order is the declaration order; rows are arrays in it.
 */
export interface TableSchema {
  readonly columns: readonly ColumnSchema[]
  /** Column names, in key order. */
  readonly primaryKey: readonly string[]
  readonly indexes: readonly IndexSchema[]
  readonly ttl?: TtlSchema
  readonly partitioning?: PartitioningSchema
  /** Other `WITH (...)` settings, kept as written (upper-cased key → printed value). */
  readonly attributes?: Readonly<Record<string, string>>
}

export interface ColumnSchema {
  readonly name: string
  readonly type: YdbType
  readonly notNull: boolean
  /** A literal default (`DEFAULT 5`), already converted to the column's type. */
  readonly default?: Value
  readonly family?: string
}

export interface IndexSchema {
  readonly name: string
  readonly columns: readonly string[]
  readonly cover: readonly string[]
  readonly unique: boolean
  readonly mode: 'SYNC' | 'ASYNC'
}

export interface TtlSchema {
  readonly column: string
  readonly expireAfterSeconds: number
  /** Present for numeric columns (value_since_unix_epoch). */
  readonly unit?: 'SECONDS' | 'MILLISECONDS' | 'MICROSECONDS' | 'NANOSECONDS'
  readonly runIntervalSeconds?: number
}

export interface PartitioningSchema {
  readonly autoPartitioningBySize?: boolean
  readonly autoPartitioningByLoad?: boolean
  readonly partitionSizeMb?: number
  readonly minPartitionsCount?: number
  readonly maxPartitionsCount?: number
  readonly uniformPartitions?: number
}

export const columnIndex = (schema: TableSchema, name: string): number =>
  schema.columns.findIndex((c) => c.name === name)

/** Names of the system columns of YDB's incremental backup tables (spec §2.5). */
export const INCR_CHANGE_METADATA_COLUMN = '__ydb_incrBackupImpl_changeMetadata'
export const INCR_DELETED_COLUMN = '__ydb_incrBackupImpl_deleted'
export const INCR_COLUMN_STATES_COLUMN = '__ydb_incrBackupImpl_columnStates'
