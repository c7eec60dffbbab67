// Schemas used by the scheme.pb golden tests.
import type { TableSchema } from '../../src/types/table-schema.js'
import { decimal, PRIMITIVE_TYPE_NAMES, primitive as p } from '../../src/types/ydb-type.js'

/** One nullable column of every primitive type, a NOT NULL key, Decimal, defaults, indexes, TTL, partitioning. */
export const EVERY_TYPE: TableSchema = {
  columns: [
    { name: 'key', type: p('Uint64'), notNull: true },
    { name: 'key2', type: p('Utf8'), notNull: true },
    ...PRIMITIVE_TYPE_NAMES.map((n) => ({ name: `c_${n.toLowerCase()}`, type: p(n), notNull: false })),
    { name: 'c_dec', type: decimal(22, 9), notNull: false },
    { name: 'c_dec35', type: decimal(35, 10), notNull: true },
    { name: 'with_default', type: p('Uint32'), notNull: false, default: 5 },
    { name: 'text_default', type: p('Utf8'), notNull: false, default: 'a "quoted"\nline\\ Ж' },
    { name: 'dec_default', type: decimal(22, 9), notNull: false, default: { kind: 'Decimal', unscaled: -1500000000n, scale: 9 } },
    { name: 'uuid_default', type: p('Uuid'), notNull: false, default: '65df1ec1-a97d-47b2-ae56-3c023da6ee8c' },
    { name: 'ts_default', type: p('Timestamp'), notNull: false, default: 1597235696123456n },
    { name: 'bytes_default', type: p('String'), notNull: false, default: Uint8Array.of(0, 0xff, 0x41) },
  ],
  primaryKey: ['key', 'key2'],
  indexes: [
    { name: 'by_utf8', columns: ['c_utf8'], cover: [], unique: false, mode: 'SYNC' },
    { name: 'by_two', columns: ['c_int32', 'c_date'], cover: ['c_string', 'c_json'], unique: false, mode: 'ASYNC' },
    { name: 'uniq', columns: ['c_uint32'], cover: ['c_double'], unique: true, mode: 'SYNC' },
  ],
  ttl: { column: 'c_timestamp', expireAfterSeconds: 86400, runIntervalSeconds: 3600 },
  partitioning: { autoPartitioningBySize: true, partitionSizeMb: 2000, autoPartitioningByLoad: false, minPartitionsCount: 1, maxPartitionsCount: 50 },
  attributes: { AUTO_PARTITIONING_MIN_PARTITIONS_COUNT: '1', KEY_BLOOM_FILTER: 'ENABLED' },
}

/** A numeric TTL column and uniform partitions. */
export const NUMERIC_TTL: TableSchema = {
  columns: [
    { name: 'id', type: p('Uint32'), notNull: false },
    { name: 'expire_at', type: p('Uint64'), notNull: false },
  ],
  primaryKey: ['id'],
  indexes: [],
  ttl: { column: 'expire_at', expireAfterSeconds: 0, unit: 'MILLISECONDS' },
  partitioning: { uniformPartitions: 4 },
}
