// TableSchema ↔ YDB's table description messages (Ydb.Table.DescribeTableResult
// and Ydb.Table.CreateTableRequest), the same shape scheme.pb carries.
import type { Ydb } from 'ydb-sdk'
import type { IndexSchema, PartitioningSchema, TableSchema, TtlSchema } from '../../../types/table-schema.js'
import { columnTypeToProto, columnValueToProto, longToBigInt, protoToColumnType, protoToValue } from './ydb-values.js'

// Ydb.FeatureFlag.Status
const ENABLED = 1
const DISABLED = 2

const UNITS = ['SECONDS', 'MILLISECONDS', 'MICROSECONDS', 'NANOSECONDS'] as const

const num = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(longToBigInt(v as never, false)))

/** A described table as our TableSchema. Columns of types outside our model are reported by name. */
export function describeResultToSchema(d: Ydb.Table.IDescribeTableResult): TableSchema {
  const columns = (d.columns ?? []).map((c) => {
    const ct = protoToColumnType(c.type)
    if (!ct) throw new Error(`column ${c.name}: unsupported type ${JSON.stringify(c.type)}`)
    const def = c.fromLiteral ? protoToValue(c.fromLiteral.value, c.fromLiteral.type) : undefined
    return {
      name: c.name ?? '',
      type: ct.type,
      // YDB reports key columns as Optional unless NOT NULL was given; `notNull` is the newer flag.
      notNull: c.notNull === true || !ct.nullable,
      ...(def !== undefined ? { default: def } : {}),
      ...(c.family ? { family: c.family } : {}),
    }
  })
  const indexes: IndexSchema[] = (d.indexes ?? []).map((i) => ({
    name: i.name ?? '',
    columns: [...(i.indexColumns ?? [])],
    cover: [...(i.dataColumns ?? [])],
    unique: Boolean(i.globalUniqueIndex),
    mode: i.globalAsyncIndex ? 'ASYNC' : 'SYNC',
  }))
  let ttl: TtlSchema | undefined
  const t = d.ttlSettings
  if (t?.dateTypeColumn) {
    ttl = { column: t.dateTypeColumn.columnName ?? '', expireAfterSeconds: t.dateTypeColumn.expireAfterSeconds ?? 0 }
  } else if (t?.valueSinceUnixEpoch) {
    const u = t.valueSinceUnixEpoch.columnUnit ?? 1
    ttl = {
      column: t.valueSinceUnixEpoch.columnName ?? '',
      expireAfterSeconds: t.valueSinceUnixEpoch.expireAfterSeconds ?? 0,
      unit: UNITS[Math.max(0, u - 1)] ?? 'SECONDS',
    }
  }
  if (ttl && t?.runIntervalSeconds) ttl = { ...ttl, runIntervalSeconds: t.runIntervalSeconds }
  const p = d.partitioningSettings
  let partitioning: PartitioningSchema | undefined
  if (p) {
    const ps: Record<string, unknown> = {}
    if (p.partitioningBySize) ps.autoPartitioningBySize = p.partitioningBySize === ENABLED
    if (p.partitioningByLoad) ps.autoPartitioningByLoad = p.partitioningByLoad === ENABLED
    if (num(p.partitionSizeMb)) ps.partitionSizeMb = num(p.partitionSizeMb)
    if (num(p.minPartitionsCount)) ps.minPartitionsCount = num(p.minPartitionsCount)
    if (num(p.maxPartitionsCount)) ps.maxPartitionsCount = num(p.maxPartitionsCount)
    if (Object.keys(ps).length) partitioning = ps as PartitioningSchema
  }
  return {
    columns,
    primaryKey: [...(d.primaryKey ?? [])],
    indexes,
    ...(ttl ? { ttl } : {}),
    ...(partitioning ? { partitioning } : {}),
  }
}

/** The CreateTable request body (without session and path) for a schema. */
export function schemaToCreateTable(s: TableSchema): Ydb.Table.ICreateTableRequest {
  const columns: Ydb.Table.IColumnMeta[] = s.columns.map((c) => {
    const ct = { type: c.type, nullable: !c.notNull }
    return {
      name: c.name,
      type: columnTypeToProto(ct),
      ...(c.notNull ? { notNull: true } : {}),
      ...(c.family ? { family: c.family } : {}),
      ...(c.default !== undefined ? { fromLiteral: { type: columnTypeToProto(ct), value: columnValueToProto(c.default, ct) } } : {}),
    }
  })
  const indexes: Ydb.Table.ITableIndex[] = s.indexes.map((i) => ({
    name: i.name,
    indexColumns: [...i.columns],
    dataColumns: [...i.cover],
    ...(i.unique ? { globalUniqueIndex: {} } : i.mode === 'ASYNC' ? { globalAsyncIndex: {} } : { globalIndex: {} }),
  }))
  const req: Ydb.Table.ICreateTableRequest = { columns, primaryKey: [...s.primaryKey], indexes }
  if (s.ttl) {
    const t = s.ttl
    req.ttlSettings = {
      ...(t.unit
        ? { valueSinceUnixEpoch: { columnName: t.column, expireAfterSeconds: t.expireAfterSeconds, columnUnit: UNITS.indexOf(t.unit) + 1 } }
        : { dateTypeColumn: { columnName: t.column, expireAfterSeconds: t.expireAfterSeconds } }),
      ...(t.runIntervalSeconds ? { runIntervalSeconds: t.runIntervalSeconds } : {}),
    }
  }
  const p = s.partitioning
  if (p) {
    const flag = (b: boolean | undefined) => (b === undefined ? undefined : b ? ENABLED : DISABLED)
    req.partitioningSettings = {
      ...(p.autoPartitioningBySize !== undefined ? { partitioningBySize: flag(p.autoPartitioningBySize) } : {}),
      ...(p.autoPartitioningByLoad !== undefined ? { partitioningByLoad: flag(p.autoPartitioningByLoad) } : {}),
      ...(p.partitionSizeMb ? { partitionSizeMb: p.partitionSizeMb } : {}),
      ...(p.minPartitionsCount ? { minPartitionsCount: p.minPartitionsCount } : {}),
      ...(p.maxPartitionsCount ? { maxPartitionsCount: p.maxPartitionsCount } : {}),
    }
    if (p.uniformPartitions) req.uniformPartitions = p.uniformPartitions
  }
  return req
}
